// Runs `uni build` into a given folder, for `npm run size` and tests/build. Builds can run
// side by side (each in its own output folder).
import { spawn } from 'node:child_process'
import { join } from 'node:path'

export type Platform = 'h5' | 'mp-weixin'
export type ZimMode = 'local' | 'zego'

/** Settings that make a zego-mode build (the AppID and URL do not change its size). */
export const PLACEHOLDER_ZEGO_ENV = {
  VITE_ZIM_APP_ID: '123',
  VITE_TOKEN_URL: 'https://example.invalid/api/token',
}

export interface BuildOptions {
  platform: Platform
  mode: ZimMode
  outDir: string
  /** Added to the environment (after process.env). */
  env?: Record<string, string>
  cwd?: string
}

export function uniBuild(o: BuildOptions): Promise<{ ms: number, output: string }> {
  const cwd = o.cwd ?? process.cwd()
  const args = ['build', ...(o.platform === 'mp-weixin' ? ['-p', 'mp-weixin'] : []), '--outDir', o.outDir]
  const env: NodeJS.ProcessEnv = { ...process.env, VITE_ZIM_MODE: o.mode }
  if (o.mode === 'zego') {
    for (const [k, v] of Object.entries(PLACEHOLDER_ZEGO_ENV))
      env[k] ||= v
  }
  Object.assign(env, o.env)
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(join(cwd, 'node_modules', '.bin', 'uni'), args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0)
        resolve({ ms: Date.now() - started, output })
      else
        reject(new Error(`uni ${args.join(' ')} (VITE_ZIM_MODE=${o.mode}) failed with exit code ${code}:\n${output.slice(-4000)}`))
    })
  })
}
