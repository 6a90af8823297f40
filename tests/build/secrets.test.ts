// No ServerSecret in any file of the H5 and mp-weixin build outputs: neither the dev
// default, nor the ZIM_SERVER_SECRET the builds ran with (a random canary, see
// globalSetup.ts), nor one from this environment or the .env files.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { scanForSecrets, secretsToLookFor } from '../../scripts/check-secrets'
import { DEV_SERVER_SECRET } from '../../scripts/server/config'

const builds = inject('builds')

describe('the ServerSecret', () => {
  it('is in no file of the H5 or mp-weixin build output', () => {
    const secrets = [
      ...secretsToLookFor(),
      { label: 'ZIM_SERVER_SECRET the builds ran with', value: builds.canary },
    ]
    expect(secrets.map(s => s.value)).toContain(DEV_SERVER_SECRET)
    const { findings, filesScanned } = scanForSecrets([builds.h5Zego, builds.mpZego, builds.mpLocal], secrets)
    expect(findings).toEqual([])
    expect(filesScanned).toBeGreaterThan(50)
  })

  it('would be found if it were there, as is or encoded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zim-secret-'))
    writeFileSync(join(dir, 'plain.js'), `const k="${DEV_SERVER_SECRET}"`)
    writeFileSync(join(dir, 'b64.js'), `const k="${Buffer.from(builds.canary).toString('base64')}"`)
    writeFileSync(join(dir, 'clean.js'), 'const k=1')
    const { findings } = scanForSecrets([dir], [
      { label: 'dev', value: DEV_SERVER_SECRET },
      { label: 'canary', value: builds.canary },
    ])
    expect(findings.map(f => [f.file.slice(dir.length + 1), f.label, f.encoding]).sort()).toEqual([
      ['b64.js', 'canary', 'base64'],
      ['plain.js', 'dev', 'as is'],
    ])
  })

  it('picks up ZIM_SERVER_SECRET from the environment and the .env files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zim-env-'))
    writeFileSync(join(dir, '.env.production.local'), 'ZIM_SERVER_SECRET="abcdefghijabcdefghijabcdefghij12"\n')
    writeFileSync(join(dir, '.env.example'), 'ZIM_SERVER_SECRET=placeholder-not-a-secret-000000000\n')
    const labels = secretsToLookFor({ ZIM_SERVER_SECRET: 'from-the-environment-0123456789ab' }, dir).map(s => s.label)
    expect(labels).toEqual([
      'the dev default ServerSecret (scripts/server/config.ts)',
      'ZIM_SERVER_SECRET from the environment',
      'ZIM_SERVER_SECRET from .env.production.local',
    ])
  })
})
