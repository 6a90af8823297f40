import { mkdtempSync, writeFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { DEV_APP_ID, DEV_SERVER_SECRET, loadAuthenticate, loadConfig } from '../../scripts/server/config'
import { LOCAL_DEFAULT_PORT, LOCAL_DEV_APP_ID } from '../../src/zim/config'

const realSecret = 'Q7w9e2r4t6y8u0i1o3p5a7s9d2f4g6h8'
const production = {
  NODE_ENV: 'production',
  ZIM_APP_ID: '987654321',
  ZIM_SERVER_SECRET: realSecret,
  ZIM_ALLOWED_ORIGINS: 'https://chat.example.com, https://admin.example.com',
  ZIM_AUTH_MODULE: 'scripts/server/auth.example.ts',
}

describe('loadConfig', () => {
  it('starts with no setup in development, and warns loudly about the dev defaults', () => {
    const warn = vi.fn()
    const config = loadConfig({}, warn)
    expect(config).toMatchObject({
      port: 9800,
      host: '127.0.0.1',
      appID: DEV_APP_ID,
      serverSecret: DEV_SERVER_SECRET,
      tokenTtl: 86_400,
      dataDir: './.data',
      allowedOrigins: '*',
      production: false,
      usingDevDefaults: true,
    })
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toMatch(/DEV-ONLY/)
  })

  it('uses the same dev AppID and port as the app', () => {
    expect(DEV_APP_ID).toBe(LOCAL_DEV_APP_ID)
    expect(loadConfig({}, () => {}).port).toBe(LOCAL_DEFAULT_PORT)
    expect(DEV_SERVER_SECRET).toHaveLength(32)
  })

  it('reads every variable', () => {
    const warn = vi.fn()
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      ZIM_APP_ID: '42',
      ZIM_SERVER_SECRET: realSecret,
      ZIM_TOKEN_TTL: '3600',
      ZIM_DATA_DIR: '/tmp/zim',
      ZIM_ALLOWED_ORIGINS: 'http://localhost:5173,https://a.example',
    }, warn)
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      appID: 42,
      serverSecret: realSecret,
      tokenTtl: 3600,
      dataDir: '/tmp/zim',
      allowedOrigins: ['http://localhost:5173', 'https://a.example'],
      usingDevDefaults: false,
    })
    expect(warn).not.toHaveBeenCalled()
  })

  it('accepts a complete production setup', () => {
    const warn = vi.fn()
    const config = loadConfig(production, warn)
    expect(config).toMatchObject({ production: true, appID: 987654321, usingDevDefaults: false, authModule: resolve('scripts/server/auth.example.ts') })
    expect(config.allowedOrigins).toEqual(['https://chat.example.com', 'https://admin.example.com'])
    expect(warn).not.toHaveBeenCalled()
  })

  it.each([
    ['ZIM_APP_ID', { ZIM_APP_ID: undefined }],
    ['ZIM_APP_ID', { ZIM_APP_ID: String(DEV_APP_ID) }],
    ['ZIM_SERVER_SECRET', { ZIM_SERVER_SECRET: undefined }],
    ['ZIM_SERVER_SECRET', { ZIM_SERVER_SECRET: '' }],
    ['ZIM_SERVER_SECRET', { ZIM_SERVER_SECRET: DEV_SERVER_SECRET }],
    ['ZIM_ALLOWED_ORIGINS', { ZIM_ALLOWED_ORIGINS: undefined }],
    ['ZIM_ALLOWED_ORIGINS', { ZIM_ALLOWED_ORIGINS: '*' }],
    ['ZIM_ALLOWED_ORIGINS', { ZIM_ALLOWED_ORIGINS: 'https://a.example,*' }],
    ['ZIM_AUTH_MODULE', { ZIM_AUTH_MODULE: undefined }],
    ['ZIM_AUTH_MODULE', { ZIM_AUTH_MODULE: ' ' }],
  ])('refuses production without %s (%o)', (name, change) => {
    expect(() => loadConfig({ ...production, ...change }, () => {})).toThrow(new RegExp(`production.*${name}`))
  })

  it('names everything missing at once in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, () => {}))
      .toThrow(/ZIM_APP_ID.*ZIM_SERVER_SECRET.*ZIM_ALLOWED_ORIGINS.*ZIM_AUTH_MODULE/)
  })

  it('refuses an auth module path that does not exist, in any mode', () => {
    expect(() => loadConfig({ ...production, ZIM_AUTH_MODULE: 'no/such/auth.ts' }, () => {})).toThrow(/ZIM_AUTH_MODULE: no file/)
    expect(() => loadConfig({ ZIM_AUTH_MODULE: 'no/such/auth.ts' }, () => {})).toThrow(/ZIM_AUTH_MODULE: no file/)
  })

  it('caps the token lifetime at 24 days', () => {
    expect(loadConfig({ ZIM_TOKEN_TTL: String(24 * 86_400) }, () => {}).tokenTtl).toBe(2_073_600)
    expect(() => loadConfig({ ZIM_TOKEN_TTL: String(24 * 86_400 + 1) }, () => {})).toThrow(/ZIM_TOKEN_TTL.*1 to 2073600/)
    expect(() => loadConfig({ ZIM_TOKEN_TTL: '0' }, () => {})).toThrow(/ZIM_TOKEN_TTL/)
    expect(() => loadConfig({ ZIM_TOKEN_TTL: '1.5' }, () => {})).toThrow(/ZIM_TOKEN_TTL/)
    expect(() => loadConfig({ ZIM_TOKEN_TTL: 'day' }, () => {})).toThrow(/ZIM_TOKEN_TTL/)
  })

  it('warns when tokens would be too short-lived to log in with', () => {
    const warn = vi.fn()
    loadConfig({ ZIM_APP_ID: '42', ZIM_SERVER_SECRET: realSecret, ZIM_TOKEN_TTL: '20' }, warn)
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/6000108/))
  })

  it.each([
    [{ PORT: '70000' }, /PORT/],
    [{ PORT: '-1' }, /PORT/],
    [{ ZIM_APP_ID: '0' }, /ZIM_APP_ID/],
    [{ ZIM_APP_ID: '4294967296' }, /ZIM_APP_ID/],
    [{ ZIM_APP_ID: 'abc' }, /ZIM_APP_ID/],
    [{ ZIM_SERVER_SECRET: 'too-short' }, /ZIM_SERVER_SECRET must be exactly 32/],
    [{ ZIM_ALLOWED_ORIGINS: 'https://a.example/' }, /ZIM_ALLOWED_ORIGINS/],
    [{ ZIM_ALLOWED_ORIGINS: 'a.example' }, /ZIM_ALLOWED_ORIGINS/],
  ])('refuses a malformed %o', (env, message) => {
    expect(() => loadConfig(env, () => {})).toThrow(message)
  })
})

describe('loadAuthenticate', () => {
  const request = (authorization?: string) => ({ headers: authorization ? { authorization } : {} }) as IncomingMessage

  it('loads the example hook, which allows only the key of that user', async () => {
    const authenticate = await loadAuthenticate('scripts/server/auth.example.ts')
    vi.stubEnv('ZIM_AUTH_KEYS', 'alice:key-of-alice,bob:key-of-bob')
    try {
      expect(await authenticate(request('Bearer key-of-alice'), 'alice')).toBe(true)
      expect(await authenticate(request('Bearer key-of-alice'), 'bob')).toBe(false)
      expect(await authenticate(request(), 'alice')).toBe(false)
      expect(await authenticate(request('Bearer key-of-alice'), 'carol')).toBe(false)
    }
    finally {
      vi.unstubAllEnvs()
    }
  })

  it('accepts a default export, and refuses a module without the function', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zim-auth-'))
    writeFileSync(join(dir, 'default.mjs'), 'export default (req, userID) => userID === "alice"\n')
    writeFileSync(join(dir, 'none.mjs'), 'export const check = () => true\n')
    const byDefault = await loadAuthenticate(join(dir, 'default.mjs'))
    expect(await byDefault(request(), 'alice')).toBe(true)
    await expect(loadAuthenticate(join(dir, 'none.mjs'))).rejects.toThrow(/must export a function authenticate/)
  })
})
