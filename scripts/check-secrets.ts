// Proves that no ServerSecret reached a client bundle: scans every file of the given build
// outputs (H5, mp-weixin) for the dev default secret, the ZIM_SERVER_SECRET of this
// environment and of the .env files, each as is, in base64 and in hex. The secret belongs
// to the token service only (scripts/server); a client holding it could mint tokens for
// anyone.
//
//   npm run check-secrets                       dist/build/h5 and dist/build/mp-weixin
//   npm run check-secrets -- <dir> [<dir> …]
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DEV_SERVER_SECRET } from './server/config'

export interface Secret { label: string, value: string }
export interface Finding { file: string, label: string, encoding: string }

/** Too short a value would match by chance; a real ServerSecret is 32 characters. */
const MIN_LENGTH = 8

/**
 * The secrets to look for: the dev default, ZIM_SERVER_SECRET from `env`, and any
 * ZIM_SERVER_SECRET in the project's .env files (every mode's).
 */
export function secretsToLookFor(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): Secret[] {
  const found: Secret[] = [{ label: 'the dev default ServerSecret (scripts/server/config.ts)', value: DEV_SERVER_SECRET }]
  if (env.ZIM_SERVER_SECRET)
    found.push({ label: 'ZIM_SERVER_SECRET from the environment', value: env.ZIM_SERVER_SECRET })
  for (const name of readdirSync(root).filter(n => /^\.env(\..+)?$/.test(n) && n !== '.env.example')) {
    for (const line of readFileSync(join(root, name), 'utf8').split(/\r?\n/)) {
      const m = /^\s*(?:export\s+)?ZIM_SERVER_SECRET\s*=\s*(.*?)\s*$/.exec(line)
      const value = m?.[1].replace(/^(['"])(.*)\1$/, '$2')
      if (value)
        found.push({ label: `ZIM_SERVER_SECRET from ${name}`, value })
    }
  }
  const seen = new Set<string>()
  return found.filter(s => s.value.length >= MIN_LENGTH && !seen.has(s.value) && seen.add(s.value))
}

function encodings(value: string): Array<[string, Buffer]> {
  const raw = Buffer.from(value, 'utf8')
  return [
    ['as is', raw],
    ['base64', Buffer.from(raw.toString('base64').replace(/=+$/, ''))],
    ['hex', Buffer.from(raw.toString('hex'))],
    ['HEX', Buffer.from(raw.toString('hex').toUpperCase())],
  ]
}

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory())
      yield* files(full)
    else if (entry.isFile())
      yield full
  }
}

/** Every occurrence of a secret in every file under `dirs`; also returns how many files were read. */
export function scanForSecrets(dirs: string[], secrets: Secret[]): { findings: Finding[], filesScanned: number } {
  const needles = secrets.flatMap(s => encodings(s.value).map(([encoding, bytes]) => ({ label: s.label, encoding, bytes })))
  const findings: Finding[] = []
  let filesScanned = 0
  for (const dir of dirs) {
    if (!existsSync(dir))
      throw new Error(`${dir} does not exist: build it first`)
    for (const file of files(dir)) {
      filesScanned++
      const data = readFileSync(file)
      for (const n of needles) {
        if (data.includes(n.bytes))
          findings.push({ file, label: n.label, encoding: n.encoding })
      }
    }
  }
  return { findings, filesScanned }
}

function main(): number {
  const args = process.argv.slice(2)
  const dirs = (args.length ? args : ['dist/build/h5', 'dist/build/mp-weixin']).map(d => resolve(d))
  const secrets = secretsToLookFor()
  const { findings, filesScanned } = scanForSecrets(dirs, secrets)
  if (findings.length) {
    console.error('✖ A ServerSecret is in the client build output:')
    for (const f of findings)
      console.error(`  ${relative(process.cwd(), f.file)}: ${f.label} (${f.encoding})`)
    console.error('The secret belongs to the token service only (ZIM_SERVER_SECRET); never put it in a VITE_* variable or in src/.')
    return 1
  }
  console.info(`✔ no ServerSecret (${secrets.length} value(s), 4 encodings each) in ${filesScanned} files under ${dirs.map(d => relative(process.cwd(), d) || '.').join(', ')}`)
  return 0
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exit(main())
