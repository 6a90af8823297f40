// The engine's connection handling against a scripted SDK under fake timers: what the
// machine decides must really happen (or really not happen) to the SDK, the token
// service and the session store.
import { createPinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createZimEngine, type EngineEvent, type EngineOptions, type ZimEngine } from '@/composables/zim/engine'
import { memoryStorage, saveSession, type KeyValueStorage } from '@/composables/zim/persistence'
import { manualPlatform } from '@/composables/zim/platform'
import { TokenServiceError } from '@/composables/zim/token'
import { useSessionStore } from '@/stores/session'
import { ScriptedZim, scriptedStatic, zimErr } from '../helpers/scriptedZim'

const TOKEN = (n: number) => `04${String(n).padStart(60, '0')}`

interface Rig {
  engine: ZimEngine
  sdk: () => ScriptedZim
  session: ReturnType<typeof useSessionStore>
  fetchToken: ReturnType<typeof vi.fn>
  platform: ReturnType<typeof manualPlatform>
  storage: KeyValueStorage
  events: EngineEvent[]
  connections: string[]
  pinia: Pinia
}

const engines: ZimEngine[] = []

function rig(overrides: Partial<EngineOptions> = {}, script?: (sdk: ScriptedZim) => void): Rig {
  const pinia = createPinia()
  const { zim, instances } = scriptedStatic(script)
  let issued = 0
  const fetchToken = vi.fn(async (_userID: string) => ({ token: TOKEN(++issued), expireAt: Math.floor(Date.now() / 1000) + 3600 }))
  const platform = manualPlatform()
  const storage = overrides.storage ?? memoryStorage()
  const engine = createZimEngine({
    zim,
    appID: 1,
    fetchToken,
    storage,
    loginTimeoutMs: 5000,
    retryDelay: attempt => (attempt === 0 ? 500 : Math.min(8000, 1000 * 2 ** (attempt - 1))),
    autoReconnect: true,
    messageEvents: 'current',
    historyPageSize: 20,
    sendGapMs: 110,
    pinia,
    platform: platform.signals,
    ...overrides,
  })
  engines.push(engine)
  const session = useSessionStore(pinia)
  const events: EngineEvent[] = []
  engine.subscribe(e => events.push(e))
  const connections: string[] = []
  session.$subscribe(() => {
    if (connections.at(-1) !== session.connection)
      connections.push(session.connection)
  }, { flush: 'sync' })
  return { engine, sdk: () => instances[instances.length - 1], session, fetchToken, platform, storage, events, connections, pinia }
}

async function loggedIn(overrides: Partial<EngineOptions> = {}): Promise<Rig> {
  const r = rig(overrides)
  await r.engine.login('me', 'Me')
  expect(r.session.connection).toBe('connected')
  return r
}

const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms)

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  for (const engine of engines.splice(0))
    engine.destroy()
  vi.useRealTimers()
})

describe('logout cancels every pending retry', () => {
  it('logout while the SDK login hangs: rejected with login.cancelled, no retry ever', async () => {
    const r = rig({}, sdk => (sdk.loginScript = ['hang']))
    const pending = r.engine.login('me', 'Me').catch(e => e)
    await tick()
    const sdk = r.sdk()
    expect(sdk.count('login')).toBe(1)
    expect(r.session.connection).toBe('connecting')
    r.engine.logout()
    expect(sdk.count('logout')).toBeGreaterThanOrEqual(1)
    expect(await pending).toMatchObject({ rule: 'login.cancelled' })
    await tick(10 * 60_000)
    expect(sdk.count('login')).toBe(1)
    expect(r.fetchToken).toHaveBeenCalledTimes(1)
    expect(r.engine.isRetryPending()).toBe(false)
    expect(r.session.connection).toBe('idle')
  })

  it('logout during a re-login the SDK never answers (after a drop)', async () => {
    const r = await loggedIn()
    const sdk = r.sdk()
    sdk.loginScript = ['hang']
    sdk.drop(3)
    await tick(500)
    expect(sdk.count('login')).toBe(2)
    expect(r.engine.connectionPhase()).toBe('signingIn')
    r.engine.logout()
    await tick(10 * 60_000)
    expect(sdk.count('login')).toBe(2)
    expect(r.engine.connectionPhase()).toBe('idle')
  })

  it('logout while the token is still being fetched: the SDK login never happens', async () => {
    let release!: (t: { token: string, expireAt: number }) => void
    const r = rig({ fetchToken: () => new Promise(resolve => (release = resolve)) })
    const pending = r.engine.login('me', 'Me').catch(e => e)
    await tick()
    r.engine.logout()
    release({ token: TOKEN(1), expireAt: 0 })
    await tick(60_000)
    expect(await pending).toMatchObject({ rule: 'login.cancelled' })
    expect(r.sdk().count('login')).toBe(0)
  })

  it('during a retry wait (restore after reload, service down): the timer is gone, nothing logs in again', async () => {
    const storage = memoryStorage()
    saveSession(storage, { userID: 'me', userName: 'Me' })
    const r = rig({ storage }, sdk => (sdk.loginScript = [zimErr(6000104), zimErr(6000104)]))
    expect(await r.engine.restoreSession()).toBe(true)
    const sdk = r.sdk()
    expect(sdk.count('login')).toBe(1)
    expect(r.engine.isRetryPending()).toBe(true)
    expect(r.session.connection).toBe('reconnecting')
    expect(r.session.user?.userID).toBe('me')
    await tick(1000) // the second try fails too: waiting again
    expect(sdk.count('login')).toBe(2)
    expect(r.engine.isRetryPending()).toBe(true)
    r.engine.logout()
    expect(r.engine.isRetryPending()).toBe(false)
    await tick(10 * 60_000)
    r.platform.setOnline(true)
    r.platform.show()
    await tick()
    expect(sdk.count('login')).toBe(2)
    expect(r.session.connection).toBe('idle')
  })

  it('during a retry wait after a drop', async () => {
    const r = await loggedIn()
    const sdk = r.sdk()
    sdk.drop(3)
    expect(r.engine.isRetryPending()).toBe(true)
    r.engine.logout()
    await tick(10 * 60_000)
    expect(sdk.count('login')).toBe(1)
  })
})

describe('drops, expiry and kick-out', () => {
  it('a drop the user did not ask for: re-login within 1 s with a fresh token, then catch-up', async () => {
    const r = await loggedIn()
    const sdk = r.sdk()
    const queries = sdk.count('queryConversationList')
    sdk.drop(3) // {0, LoginInterrupted}
    expect(r.session.connection).toBe('reconnecting')
    await tick(1000)
    expect(sdk.count('login')).toBe(2)
    expect(r.fetchToken).toHaveBeenCalledTimes(2)
    expect(r.session.connection).toBe('connected')
    expect(sdk.count('queryConversationList')).toBe(queries + 1)
  })

  it('LoginTimeout (2) after the SDK gave up: retried as well', async () => {
    const r = await loggedIn()
    r.sdk().drop(2)
    await tick(1000)
    expect(r.sdk().count('login')).toBe(2)
    expect(r.engine.connectionPhase()).toBe('connected')
  })

  it('keeps retrying with backoff while the service is down, then gets back in', async () => {
    const r = await loggedIn()
    const sdk = r.sdk()
    sdk.loginScript = Array.from({ length: 6 }, () => zimErr(6000104))
    sdk.drop(3)
    await tick(500 + 1000 + 2000 + 4000 + 8000 + 8000 + 8000)
    expect(sdk.count('login')).toBe(1 + 7)
    expect(r.engine.connectionPhase()).toBe('connected')
    expect(r.connections).not.toContain('kickedOut')
  })

  it('a login the SDK never answers times out, is abandoned (logout) and retried', async () => {
    const r = await loggedIn()
    const sdk = r.sdk()
    sdk.loginScript = ['hang']
    sdk.drop(3)
    await tick(500)
    expect(sdk.count('login')).toBe(2)
    const logouts = sdk.count('logout')
    await tick(5000)
    expect(sdk.count('logout')).toBe(logouts + 1)
    expect(r.engine.isRetryPending()).toBe(true)
    await tick(1000)
    expect(sdk.count('login')).toBe(3)
    expect(r.engine.connectionPhase()).toBe('connected')
  })

  it('TokenExpired (5): a new token is fetched and the login goes at once', async () => {
    const r = await loggedIn()
    const sdk = r.sdk()
    sdk.drop(5)
    await tick()
    expect(r.fetchToken).toHaveBeenCalledTimes(2)
    expect(sdk.count('login')).toBe(2)
    expect((sdk.calls.filter(c => c.method === 'login')[1].args[1] as { token: string }).token).toBe(TOKEN(2))
    expect(r.engine.connectionPhase()).toBe('connected')
  })

  it('KickedOut (4): the banner says so and nothing ever logs in again by itself', async () => {
    const r = await loggedIn()
    const sdk = r.sdk()
    sdk.drop(4)
    expect(r.session.connection).toBe('kickedOut')
    expect(r.session.reason).toBe('connection.kickedOut')
    await tick(60 * 60_000)
    r.platform.setOnline(false)
    r.platform.setOnline(true)
    r.platform.show()
    await tick(60_000)
    expect(sdk.count('login')).toBe(1)
    expect(r.engine.isRetryPending()).toBe(false)
    expect(r.session.connection).toBe('kickedOut')
    // "Sign in here": the user decides.
    await r.engine.login('me', 'Me')
    expect(sdk.count('login')).toBe(2)
    expect(r.session.connection).toBe('connected')
  })

  it('a first login that fails is reported and not retried', async () => {
    const r = rig({ fetchToken: vi.fn(async () => { throw new TokenServiceError('Cannot reach the token service.') }) })
    await expect(r.engine.login('me', 'Me')).rejects.toMatchObject({ message: 'Cannot reach the token service.' })
    expect(r.session.connection).toBe('disconnected')
    expect(r.session.reason).toBe('connection.lost')
    expect(r.session.connectionError).toMatchObject({ rule: 'token.service', message: 'Cannot reach the token service.' })
    await tick(10 * 60_000)
    expect(r.engine.isRetryPending()).toBe(false)
  })

  it('events from a replaced or destroyed instance are ignored', async () => {
    const r = await loggedIn()
    const sdk = r.sdk()
    const stranger = new ScriptedZim()
    // An event whose source is not the engine's instance.
    sdk.emit('connectionStateChanged', { state: 0, event: 4, extendedData: '' }, stranger)
    expect(r.session.connection).toBe('connected')
    const handler = sdk.handlers.get('connectionStateChanged')!
    r.engine.destroy()
    expect(sdk.handlers.size).toBe(0)
    handler(sdk, { state: 0, event: 3, extendedData: '' })
    await tick(60_000)
    expect(sdk.count('login')).toBe(1)
    expect(r.session.connection).toBe('idle')
  })
})

describe('platform signals', () => {
  it('offline: a drop waits without a timer and says offline; online: it goes at once', async () => {
    const r = await loggedIn()
    const sdk = r.sdk()
    r.platform.setOnline(false)
    sdk.drop(3)
    expect(r.session.connection).toBe('disconnected')
    expect(r.session.reason).toBe('connection.offline')
    expect(r.engine.isRetryPending()).toBe(false)
    await tick(10 * 60_000)
    expect(sdk.count('login')).toBe(1)
    r.platform.setOnline(true)
    await tick()
    expect(sdk.count('login')).toBe(2)
    expect(r.session.connection).toBe('connected')
  })

  it('back in the foreground while connected: conversations and the open chat are re-queried', async () => {
    const r = await loggedIn()
    const sdk = r.sdk()
    await r.engine.openConversation('peer')
    const conversations = sdk.count('queryConversationList')
    const history = sdk.count('queryHistoryMessage')
    r.platform.hide()
    r.platform.show()
    await tick()
    expect(sdk.count('queryConversationList')).toBe(conversations + 1)
    expect(sdk.count('queryHistoryMessage')).toBe(history + 1)
  })

  it('listeners are removed on destroy', async () => {
    const r = rig()
    expect(r.platform.listenerCount()).toBe(3)
    r.engine.destroy()
    expect(r.platform.listenerCount()).toBe(0)
  })
})

describe('token renewal', () => {
  it('tokenWillExpire → a new token → renewToken; no visible change', async () => {
    const r = await loggedIn()
    const sdk = r.sdk()
    const seen = r.connections.length
    sdk.emit('tokenWillExpire', { second: 30 })
    await tick()
    expect(sdk.calls.filter(c => c.method === 'renewToken').map(c => c.args[0])).toEqual([TOKEN(2)])
    expect(r.events).toContainEqual({ type: 'tokenRenewed' })
    expect(r.connections.slice(seen)).toEqual([])
    expect(r.session.connection).toBe('connected')
  })

  it('the token service briefly down: tried again after 1 s and 2 s', async () => {
    let calls = 0
    const fetchToken = vi.fn(async () => {
      calls++
      if (calls === 2 || calls === 3)
        throw new TokenServiceError('The token service answered HTTP 503.', 503)
      return { token: TOKEN(calls), expireAt: 0 }
    })
    const r = await loggedIn({ fetchToken })
    const sdk = r.sdk()
    sdk.emit('tokenWillExpire', { second: 30 })
    await tick()
    expect(sdk.count('renewToken')).toBe(0)
    await tick(1000)
    expect(sdk.count('renewToken')).toBe(0)
    await tick(2000)
    expect(sdk.count('renewToken')).toBe(1)
    expect(r.events).toContainEqual({ type: 'tokenRenewed' })
    expect(r.session.connection).toBe('connected')
  })

  it('renewal failing for good: falls back to logging in again when the SDK drops (TokenExpired)', async () => {
    const r = await loggedIn({ renewRetryDelaysMs: [100, 100] })
    const sdk = r.sdk()
    sdk.renewScript = [zimErr(6000103), zimErr(6000103), zimErr(6000103)]
    sdk.emit('tokenWillExpire', { second: 30 })
    await tick(500)
    expect(sdk.count('renewToken')).toBe(3)
    expect(r.events.some(e => e.type === 'tokenRenewalFailed')).toBe(true)
    sdk.drop(5)
    await tick()
    expect(sdk.count('login')).toBe(2)
    expect(r.engine.connectionPhase()).toBe('connected')
  })

  it('one renewal at a time', async () => {
    const r = await loggedIn()
    const sdk = r.sdk()
    sdk.emit('tokenWillExpire', { second: 30 })
    sdk.emit('tokenWillExpire', { second: 29 })
    await tick()
    expect(sdk.count('renewToken')).toBe(1)
  })
})
