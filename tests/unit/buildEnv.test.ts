// The build-time checks of the app's IM settings (vite.config.ts runs them on every build).
import { describe, expect, it } from 'vitest'
import { checkBuildEnv, LOCAL_DEV_APP_ID, resolveZimConfig } from '@/zim/resolveConfig'

const zego = { VITE_ZIM_MODE: 'zego', VITE_ZIM_APP_ID: '987654321', VITE_TOKEN_URL: 'https://api.example.com/api/token' }

describe('checkBuildEnv', () => {
  it('needs nothing for the local stand-in', () => {
    expect(checkBuildEnv({})).toEqual({ mode: 'local', warnings: [] })
    expect(checkBuildEnv({ VITE_ZIM_MODE: 'local' }).mode).toBe('local')
  })

  it('accepts a complete zego build', () => {
    expect(checkBuildEnv(zego)).toEqual({ mode: 'zego', warnings: [] })
  })

  it('refuses a mode it does not know instead of silently building the stand-in', () => {
    expect(() => checkBuildEnv({ VITE_ZIM_MODE: 'ZEGO' })).toThrow(/VITE_ZIM_MODE must be "local" or "zego"/)
  })

  it.each([
    [{ VITE_ZIM_APP_ID: undefined }, /VITE_ZIM_APP_ID must be your ZEGO AppID/],
    [{ VITE_ZIM_APP_ID: 'abc' }, /VITE_ZIM_APP_ID/],
    [{ VITE_ZIM_APP_ID: '0' }, /VITE_ZIM_APP_ID/],
    [{ VITE_ZIM_APP_ID: '4294967296' }, /VITE_ZIM_APP_ID/],
    [{ VITE_ZIM_APP_ID: String(LOCAL_DEV_APP_ID) }, /dev AppID/],
    [{ VITE_TOKEN_URL: undefined }, /VITE_TOKEN_URL must be the absolute URL/],
    [{ VITE_TOKEN_URL: '/api/token' }, /VITE_TOKEN_URL must be the absolute URL/],
    [{ VITE_TOKEN_URL: 'ftp://example.com/token' }, /http\(s\)/],
  ])('refuses a zego build with %o', (change, message) => {
    expect(() => checkBuildEnv({ ...zego, ...change })).toThrow(message)
  })

  it('names every problem at once', () => {
    expect(() => checkBuildEnv({ VITE_ZIM_MODE: 'zego' })).toThrow(/VITE_ZIM_APP_ID[\s\S]*VITE_TOKEN_URL/)
  })

  it('refuses a secret in any VITE_ variable, in every mode', () => {
    expect(() => checkBuildEnv({ VITE_ZIM_SERVER_SECRET: 'x'.repeat(32) })).toThrow(/VITE_ZIM_SERVER_SECRET.*ServerSecret belongs to the token service/)
    expect(() => checkBuildEnv({ ...zego, VITE_SECRET: 'y' })).toThrow(/VITE_SECRET/)
  })

  it('warns about a token URL a released mini-program cannot use', () => {
    expect(checkBuildEnv({ ...zego, VITE_TOKEN_URL: 'http://api.example.com/api/token' }).warnings.join()).toMatch(/https/)
    expect(checkBuildEnv({ ...zego, VITE_TOKEN_URL: 'https://127.0.0.1:9800/api/token' }).warnings.join()).toMatch(/this machine/)
  })

  it('agrees with the run-time config', () => {
    expect(resolveZimConfig(zego)).toMatchObject({ mode: 'zego', appID: 987654321, tokenUrl: zego.VITE_TOKEN_URL })
  })
})
