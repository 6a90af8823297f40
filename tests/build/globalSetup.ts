// Makes the builds the build tier checks, side by side, each in its own folder:
//   mp-zego   WeChat mini-program with ZEGO's SDK (placeholder AppID and token URL)
//   mp-local  WeChat mini-program with the local stand-in (the default build)
//   h5-zego   H5 with zego-zim-web
// Every build runs with a random ZIM_SERVER_SECRET in its environment (the "canary"): the
// secret scan proves that none of it reaches a bundle. TEST_BUILD_DIR=<dir> keeps the
// builds there and reuses them on the next run (for working on the tests themselves).
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { GlobalSetupContext } from 'vitest/node'
import { uniBuild, type Platform, type ZimMode } from '../../scripts/size/build'

export interface Builds {
  mpZego: string
  mpLocal: string
  h5Zego: string
  /** The ZIM_SERVER_SECRET the builds ran with. */
  canary: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    builds: Builds
  }
}

const PLAN: Array<{ key: keyof Omit<Builds, 'canary'>, dir: string, platform: Platform, mode: ZimMode }> = [
  { key: 'mpZego', dir: 'mp-zego', platform: 'mp-weixin', mode: 'zego' },
  { key: 'mpLocal', dir: 'mp-local', platform: 'mp-weixin', mode: 'local' },
  { key: 'h5Zego', dir: 'h5-zego', platform: 'h5', mode: 'zego' },
]

export default async function setup({ provide }: GlobalSetupContext) {
  const keep = process.env.TEST_BUILD_DIR ? resolve(process.env.TEST_BUILD_DIR) : undefined
  const root = keep ?? mkdtempSync(join(tmpdir(), 'zim-build-'))
  mkdirSync(root, { recursive: true })
  // 32 characters, like a real ServerSecret; fixed when reusing builds so the scan stays valid.
  const canary = keep ? 'canary-secret-for-the-build-scan' : randomBytes(16).toString('hex')
  const started = Date.now()
  const builds = { canary } as Builds
  await Promise.all(PLAN.map(async (b) => {
    const outDir = join(root, b.dir)
    builds[b.key] = outDir
    const done = existsSync(join(outDir, b.platform === 'h5' ? 'index.html' : 'app.json'))
    if (keep && done)
      return
    await uniBuild({
      platform: b.platform,
      mode: b.mode,
      outDir,
      env: { ZIM_SERVER_SECRET: canary, NODE_ENV: 'production' },
    })
  }))
  console.info(`build tier: ${PLAN.length} builds in ${((Date.now() - started) / 1000).toFixed(1)} s (${root})`)
  provide('builds', builds)
  return () => {
    if (!keep)
      rmSync(root, { recursive: true, force: true })
  }
}
