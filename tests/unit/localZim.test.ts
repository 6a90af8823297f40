// The stand-in ZIM client against an in-memory service: each test checks one behaviour
// the real SDK has (see /work/shared/notes/zim-sdk.md) and the app relies on.
// Many calls pass deliberately ill-typed arguments, as app bugs would: hence `any` here.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ZIMError, ZIMMessage } from '@/zim/types'
import type { ZimEventName } from '@/zim/types'
import type { Request } from '@/zim/local/protocol'
import { FakeZimService } from '../helpers/fakeZimService'

type LocalModule = typeof import('@/zim/local/index')
type Zim = import('@/zim/local/LocalZim').LocalZim

const APP_ID = 1234567
// Not all 'A': the SDK reads an all-zero expiry from that and refuses it locally (6000106).
const TOKEN = `04${'C'.repeat(60)}`
const TOKEN2 = `04${'B'.repeat(60)}`

let mod: LocalModule
let service: FakeZimService

const ALL_EVENTS: ZimEventName[] = [
  'connectionStateChanged',
  'tokenWillExpire',
  'conversationChanged',
  'messageSentStatusChanged',
  'peerMessageReceived',
  'receivePeerMessage',
  'roomMessageReceived',
  'receiveRoomMessage',
  'groupMessageReceived',
  'receiveGroupMessage',
]

interface Recorded { name: ZimEventName, data: any, at: number }

function record(zim: Zim): Recorded[] {
  const log: Recorded[] = []
  for (const name of ALL_EVENTS)
    zim.on(name, ((_z: unknown, data: unknown) => log.push({ name, data, at: Date.now() })) as never)
  return log
}

function states(log: Recorded[]): [number, number][] {
  return log.filter(e => e.name === 'connectionStateChanged').map(e => [e.data.state, e.data.event])
}

function named(log: Recorded[], name: ZimEventName): any[] {
  return log.filter(e => e.name === name).map(e => e.data)
}

/** Settles a promise's state without awaiting it forever. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean, value?: T, error?: any } = { settled: false }
  promise.then(
    (value) => { state.settled = true; state.value = value },
    (error) => { state.settled = true; state.error = error },
  )
  return state
}

const flush = () => vi.advanceTimersByTimeAsync(0)

async function expectCode(promise: Promise<unknown>, code: number): Promise<ZIMError> {
  const error = await promise.then(() => null, (e: ZIMError) => e)
  expect(error, `expected rejection ${code}`).not.toBeNull()
  expect(error!.code).toBe(code)
  return error!
}

function text(message: string): ZIMMessage {
  return { type: 1, message } as ZIMMessage
}

const CONFIG = { priority: 1 } as any

async function loggedIn(userID = 'alice') {
  const zim = mod.ZIM.create(APP_ID)!
  const log = record(zim)
  const login = zim.login(userID, { userName: userID, token: TOKEN } as any)
  await flush()
  await login
  return { zim, log }
}

beforeEach(async () => {
  vi.useFakeTimers()
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'))
  vi.resetModules()
  mod = await import('@/zim/local/index')
  service = new FakeZimService()
  mod.configure({ url: 'ws://fake/zim', socketFactory: service.factory, reportHandlerError: () => {} })
})

afterEach(() => {
  mod.ZIM.getInstance()?.destroy()
  vi.useRealTimers()
})

describe('instance lifecycle', () => {
  it('getInstance is undefined before create; create gives the instance once, then null', () => {
    expect(mod.ZIM.getInstance()).toBeUndefined()
    const zim = mod.ZIM.create({ appID: APP_ID })
    expect(zim).toBeInstanceOf(mod.LocalZim)
    expect(mod.ZIM.create(APP_ID)).toBeNull()
    expect(mod.ZIM.create(999)).toBeNull()
    expect(mod.ZIM.getInstance()).toBe(zim)
    expect(mod.ZIM.getVersion()).toMatch(/^2\.29\.0/)
  })

  it.each([0, NaN, '123', undefined, { appID: 0 }, { appID: '1' }])('create(%j) throws an Error with JSON code 6000003', (bad) => {
    let thrown: unknown
    try {
      mod.ZIM.create(bad as any)
    }
    catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(Error)
    const body = JSON.parse((thrown as Error).message)
    expect(body.code).toBe(6000003)
    expect(mod.ZIM.getInstance()).toBeUndefined()
  })

  it('after destroy, getInstance returns the destroyed instance, whose calls reject 6000002; create gives a new one', async () => {
    const zim = mod.ZIM.create(APP_ID)!
    zim.destroy()
    expect(mod.ZIM.getInstance()).toBe(zim)
    await expectCode(zim.login('alice', { userName: 'a', token: TOKEN } as any), 6000002)
    await expectCode(zim.sendMessage(text('hi'), 'bob', 0, CONFIG), 6000002)
    await expectCode(zim.queryConversationList({ count: 10 }), 6000002)
    await expectCode(zim.renewToken(TOKEN), 6000002)
    expect(service.sockets).toHaveLength(0)
    zim.logout() // silent, no throw
    zim.destroy()
    const next = mod.ZIM.create(APP_ID)
    expect(next).not.toBeNull()
    expect(next).not.toBe(zim)
    expect(mod.ZIM.getInstance()).toBe(next)
  })

  it('createDetached makes extra instances without touching the singleton', () => {
    const a = mod.LocalZim.createDetached(APP_ID)
    const b = mod.LocalZim.createDetached(APP_ID)
    expect(a).not.toBe(b)
    expect(mod.ZIM.getInstance()).toBeUndefined()
    expect(() => mod.LocalZim.createDetached(0)).toThrow(/6000003/)
  })
})

describe('events', () => {
  it('on replaces the previous handler; callbacks get (zim, data); off removes it', async () => {
    const zim = mod.ZIM.create(APP_ID)!
    const first = vi.fn()
    const second = vi.fn()
    zim.on('connectionStateChanged', first)
    zim.on('connectionStateChanged', second)
    const login = zim.login('alice', { userName: 'A', token: TOKEN } as any)
    await flush()
    await login
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledTimes(1)
    expect(second.mock.calls[0][0]).toBe(zim)
    expect(second.mock.calls[0][1]).toEqual({ state: 2, event: 0, extendedData: '' })
    zim.off('connectionStateChanged')
    zim.logout()
    expect(second).toHaveBeenCalledTimes(1)
  })

  it('a throwing handler neither breaks login nor is swallowed: it is reported', async () => {
    const reported: unknown[] = []
    mod.configure({ reportHandlerError: e => reported.push(e) })
    const zim = mod.ZIM.create(APP_ID)!
    zim.on('connectionStateChanged', () => {
      throw new Error('handler bug')
    })
    const login = zim.login('alice', { userName: 'A', token: TOKEN } as any)
    await flush()
    await expect(login).resolves.toBeUndefined()
    expect(reported).toHaveLength(1)
    expect((reported[0] as Error).message).toBe('handler bug')
    await expect(zim.queryConversationList({ count: 5 })).resolves.toEqual({ conversationList: [] })
  })

  it('by default a handler error surfaces as an uncaught error from a later task', async () => {
    mod.resetConfig()
    mod.configure({ socketFactory: service.factory })
    const zim = mod.ZIM.create(APP_ID)!
    const login = zim.login('alice', { userName: 'A', token: TOKEN } as any)
    await flush()
    await login
    zim.on('connectionStateChanged', () => {
      throw new Error('surface me')
    })
    expect(() => zim.logout()).not.toThrow()
    expect(() => vi.advanceTimersByTime(1)).toThrow('surface me')
  })
})

describe('before login', () => {
  it('every API rejects 6000121 "API.<name>: Not logged with call." and nothing is sent', async () => {
    const zim = mod.ZIM.create(APP_ID)!
    const calls: [string, () => Promise<unknown>][] = [
      ['sendMessage', () => zim.sendMessage(text('hi'), 'bob', 0, CONFIG)],
      ['renewToken', () => zim.renewToken(TOKEN)],
      ['queryConversationList', () => zim.queryConversationList({ count: 10 })],
      ['queryHistoryMessage', () => zim.queryHistoryMessage('bob', 0, { count: 10, reverse: true } as any)],
      ['clearConversationUnreadMessageCount', () => zim.clearConversationUnreadMessageCount('bob', 0)],
      ['deleteConversation', () => zim.deleteConversation('bob', 0, { isAlsoDeleteServerConversation: true })],
    ]
    for (const [name, call] of calls) {
      const error = await expectCode(call(), 6000121)
      expect(error.message).toBe(`API.${name}: Not logged with call.`)
    }
    expect(service.sockets).toHaveLength(0)
  })

  it('still 6000121 while the first login is pending', async () => {
    service.mode = 'hang'
    const zim = mod.ZIM.create(APP_ID)!
    void zim.login('alice', { userName: 'A', token: TOKEN } as any)
    await flush()
    await expectCode(zim.sendMessage(text('hi'), 'bob', 0, CONFIG), 6000121)
  })

  it('logout and destroy when not logged in emit nothing', () => {
    const zim = mod.ZIM.create(APP_ID)!
    const log = record(zim)
    zim.logout()
    zim.destroy()
    expect(log).toEqual([])
  })
})

describe('login', () => {
  it.each([
    ['', 6000103],
    ['04short', 6000103],
    [`04${'x'.repeat(28)}`, 6000103], // 30 chars
    [`03${'x'.repeat(40)}`, 6000107],
    [`x4${'x'.repeat(40)}`, 6000107],
    [`04${'A'.repeat(40)}`, 6000106], // the expiry the SDK reads from it is 0
  ])('token %j is refused locally with %i, without connecting', async (token, code) => {
    const zim = mod.ZIM.create(APP_ID)!
    const log = record(zim)
    await expectCode(zim.login('alice', { userName: 'A', token } as any), code)
    expect(service.sockets).toHaveLength(0)
    expect(log).toEqual([])
  })

  it('accepts a 31-character token starting with 04 (goes to the service)', async () => {
    const zim = mod.ZIM.create(APP_ID)!
    const token = `04${'x'.repeat(29)}`
    const login = zim.login('alice', { userName: 'A', token } as any)
    await flush()
    await login
    expect(service.current.last('login')).toMatchObject({ token, userID: 'alice', userName: 'A', appID: APP_ID })
  })

  it('login(null, …) and login(id, null) throw a TypeError synchronously', () => {
    const zim = mod.ZIM.create(APP_ID)!
    expect(() => zim.login(null as any, TOKEN)).toThrow(TypeError)
    expect(() => zim.login('alice', null as any)).toThrow(TypeError)
    expect(service.sockets).toHaveLength(0)
  })

  it('the deprecated login(userInfo, token) form sends userID and userName', async () => {
    const zim = mod.ZIM.create(APP_ID)!
    const login = zim.login({ userID: 'carol', userName: 'Carol' } as any, TOKEN)
    await flush()
    await login
    expect(service.current.last('login')).toMatchObject({ userID: 'carol', userName: 'Carol', token: TOKEN })
  })

  it('does not validate userID locally: the service decides', async () => {
    service.answer = req => req.op === 'login' ? { ok: false, code: 6000103, message: 'bad user' } : { ok: true, data: {} }
    const zim = mod.ZIM.create(APP_ID)!
    const login = expectCode(zim.login('has space*中', { userName: '', token: TOKEN } as any), 6000103)
    await flush()
    await login
    expect(service.current.last('login')).toMatchObject({ userID: 'has space*中' })
  })

  it('first login emits only {2,0}; never Connecting', async () => {
    const { log } = await loggedIn()
    expect(states(log)).toEqual([[2, 0]])
  })

  it('another userID while a login is pending rejects 6000111; the same userID joins it', async () => {
    service.answer = () => 'silent'
    const zim = mod.ZIM.create(APP_ID)!
    const first = track(zim.login('alice', { userName: 'A', token: TOKEN } as any))
    await flush()
    await expectCode(zim.login('bob', { userName: 'B', token: TOKEN } as any), 6000111)
    const joined = track(zim.login('alice', { userName: 'A', token: TOKEN } as any))
    await flush()
    expect(service.sockets).toHaveLength(1)
    const request = service.current.last('login')!
    service.current.reply(request.id, { ok: true, data: { expireAt: Date.now() / 1000 + 3600 } })
    await flush()
    expect(first.settled && !first.error).toBe(true)
    expect(joined.settled && !joined.error).toBe(true)
    expect(service.current.ops().filter(op => op === 'login')).toHaveLength(1)
    // Logged in: another user is still refused, the same one resolves at once.
    await expectCode(zim.login('bob', { userName: 'B', token: TOKEN } as any), 6000111)
    await expect(zim.login('alice', { userName: 'A', token: TOKEN } as any)).resolves.toBeUndefined()
  })

  it.each([
    [6000103, 3],
    [6000107, 3],
    [6000108, 3],
    [6000106, 5],
  ])('a login refused by the service with %i rejects and emits {0,%i}; no retry', async (code, event) => {
    service.answer = req => req.op === 'login' ? { ok: false, code, message: `refused ${code}` } : { ok: true, data: {} }
    const zim = mod.ZIM.create(APP_ID)!
    const log = record(zim)
    const login = expectCode(zim.login('alice', { userName: 'A', token: TOKEN } as any), code)
    await flush()
    const error = await login
    expect(error.message).toBe(`refused ${code}`)
    expect(states(log)).toEqual([[0, event]])
    expect(service.current.closedByClient).toBe(true)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(service.sockets).toHaveLength(1)
    await expectCode(zim.sendMessage(text('hi'), 'bob', 0, CONFIG), 6000121)
  })

  it('logout during a pending login emits {0,0} and leaves that promise pending forever', async () => {
    service.mode = 'refuse'
    const zim = mod.ZIM.create(APP_ID)!
    const log = record(zim)
    const login = track(zim.login('alice', { userName: 'A', token: TOKEN } as any))
    await vi.advanceTimersByTimeAsync(5_000)
    const socketsAtLogout = service.sockets.length
    zim.logout()
    expect(states(log).at(-1)).toEqual([0, 0])
    await vi.advanceTimersByTimeAsync(600_000)
    expect(login.settled).toBe(false)
    expect(service.sockets).toHaveLength(socketsAtLogout) // retries stopped
  })

  it('logout when logged in emits {0,0}, tells the service and closes the socket', async () => {
    const { zim, log } = await loggedIn()
    zim.logout()
    expect(states(log)).toEqual([[2, 0], [0, 0]])
    expect(service.current.ops()).toContain('logout')
    expect(service.current.closedByClient).toBe(true)
    await expectCode(zim.sendMessage(text('hi'), 'bob', 0, CONFIG), 6000121)
    // A new login afterwards works on a new socket.
    const again = zim.login('alice', { userName: 'A', token: TOKEN } as any)
    await flush()
    await again
    expect(service.sockets).toHaveLength(2)
    expect(states(log).at(-1)).toEqual([2, 0])
  })

  it('destroy while logged in emits nothing and closes the socket', async () => {
    const { zim, log } = await loggedIn()
    const before = log.length
    zim.destroy()
    expect(log.length).toBe(before)
    expect(service.current.closedByClient).toBe(true)
  })
})

describe('reconnecting', () => {
  it('the default retry schedule: random 0.5–2 s, then 2,2,4,4,8,8,16,16,32,32 s, then 32 s', async () => {
    const { retryDelay } = await import('@/zim/local/config')
    expect(retryDelay(0, () => 0)).toBe(500)
    expect(retryDelay(0, () => 1)).toBe(2000)
    const rest = Array.from({ length: 12 }, (_, i) => retryDelay(i + 1) / 1000)
    expect(rest).toEqual([2, 2, 4, 4, 8, 8, 16, 16, 32, 32, 32, 32])
  })

  it('with the network down, login never settles: each failed try emits {3,3} and retries on schedule', async () => {
    service.mode = 'refuse'
    mod.configure({ retryDelaysMs: [1000, 2000, 4000] })
    const zim = mod.ZIM.create(APP_ID)!
    const log = record(zim)
    const login = track(zim.login('alice', { userName: 'A', token: TOKEN } as any))
    await flush()
    expect(service.sockets).toHaveLength(1)
    expect(states(log)).toEqual([[3, 3]])
    await vi.advanceTimersByTimeAsync(999)
    expect(service.sockets).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(service.sockets).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(2000)
    expect(service.sockets).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(4000)
    expect(service.sockets).toHaveLength(4)
    await vi.advanceTimersByTimeAsync(4000) // the last delay repeats
    expect(service.sockets).toHaveLength(5)
    expect(states(log).every(([s, e]) => s === 3 && e === 3)).toBe(true)
    expect(states(log)).toHaveLength(5)
    await vi.advanceTimersByTimeAsync(400_000)
    expect(login.settled).toBe(false)
    // The network comes back: the pending login completes.
    service.mode = 'open'
    await vi.advanceTimersByTimeAsync(4000)
    expect(login.settled && !login.error).toBe(true)
    expect(states(log).at(-1)).toEqual([2, 0])
  })

  it('app show, or the network coming back, triggers the waiting reconnect at once (uni hooks)', async () => {
    const hooks: Record<string, ((res?: any) => void) | undefined> = {}
    const fakeUni = {
      onAppShow: (cb: () => void) => { hooks.show = cb },
      offAppShow: () => { hooks.show = undefined },
      onNetworkStatusChange: (cb: (res: any) => void) => { hooks.network = cb },
      offNetworkStatusChange: () => { hooks.network = undefined },
    }
    vi.stubGlobal('uni', fakeUni)
    try {
      service.mode = 'refuse'
      mod.configure({ retryDelaysMs: [60_000] })
      const zim = mod.ZIM.create(APP_ID)!
      const log = record(zim)
      void zim.login('alice', { userName: 'A', token: TOKEN } as any)
      await flush()
      expect(service.sockets).toHaveLength(1)
      hooks.network!({ isConnected: false })
      expect(service.sockets).toHaveLength(1)
      hooks.network!({ isConnected: true })
      expect(service.sockets).toHaveLength(2)
      await flush()
      service.mode = 'open'
      hooks.show!()
      expect(service.sockets).toHaveLength(3)
      await flush()
      expect(states(log).at(-1)).toEqual([2, 0])
      hooks.show!() // connected: nothing to do
      expect(service.sockets).toHaveLength(3)
      zim.destroy()
      expect(hooks.show).toBeUndefined()
      expect(hooks.network).toBeUndefined()
    }
    finally {
      vi.unstubAllGlobals()
    }
  })

  it('an attempt whose login gets no answer is abandoned after loginTimeoutMs and retried', async () => {
    mod.configure({ loginTimeoutMs: 5000, retryDelaysMs: [1000] })
    service.answer = () => 'silent'
    const zim = mod.ZIM.create(APP_ID)!
    const log = record(zim)
    void zim.login('alice', { userName: 'A', token: TOKEN } as any)
    await vi.advanceTimersByTimeAsync(4999)
    expect(states(log)).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(states(log)).toEqual([[3, 3]])
    expect(service.sockets[0].closedByClient).toBe(true)
    await vi.advanceTimersByTimeAsync(1000)
    expect(service.sockets).toHaveLength(2)
  })

  it('a connection lost after login emits {3,3}, reconnects, re-logs in with the same token and emits {2,0}', async () => {
    mod.configure({ retryDelaysMs: [1000] })
    const { zim, log } = await loggedIn()
    const renewed = zim.renewToken(TOKEN2)
    await flush()
    await renewed
    service.current.drop()
    expect(states(log)).toEqual([[2, 0], [3, 3]])
    // Requests made while down wait for the new connection.
    const query = zim.queryConversationList({ count: 20 })
    await vi.advanceTimersByTimeAsync(1000)
    expect(service.sockets).toHaveLength(2)
    expect(service.current.requests[0]).toMatchObject({ op: 'login', userID: 'alice', token: TOKEN2 })
    expect(states(log)).toEqual([[2, 0], [3, 3], [2, 0]])
    await expect(query).resolves.toEqual({ conversationList: [] })
    expect(service.current.ops()).toContain('queryConversations')
  })

  it('a send in flight when the connection drops fails with 6000104 at once', async () => {
    mod.configure({ retryDelaysMs: [1000] })
    const { zim, log } = await loggedIn()
    service.answer = req => req.op === 'send' ? 'silent' : { ok: true, data: { expireAt: Date.now() / 1000 + 3600 } }
    const message = text('hello')
    const sent = zim.sendMessage(message, 'bob', 0, CONFIG)
    await flush()
    service.current.drop()
    const error = await expectCode(sent, 6000104)
    expect(error.message).toBe('API.sendMessage: Network error.')
    expect(message.sentStatus).toBe(2)
    expect(named(log, 'messageSentStatusChanged').at(-1).infos[0].status).toBe(2)
  })

  it('kicked out (sessionEnded 4): emits {0,4} with the reason, stays logged out, never retries', async () => {
    const { zim, log } = await loggedIn()
    service.current.push({ push: 'sessionEnded', event: 4, reason: 'logged in elsewhere' })
    service.current.drop()
    expect(log.filter(e => e.name === 'connectionStateChanged').at(-1)!.data).toEqual({ state: 0, event: 4, extendedData: 'logged in elsewhere' })
    expect(states(log)).toEqual([[2, 0], [0, 4]])
    await vi.advanceTimersByTimeAsync(600_000)
    expect(service.sockets).toHaveLength(1)
    await expectCode(zim.sendMessage(text('hi'), 'bob', 0, CONFIG), 6000121)
  })

  it('sessionEnded 5 (token expired on the service) emits {0,5}', async () => {
    const { log } = await loggedIn()
    service.current.push({ push: 'sessionEnded', event: 5, reason: 'expired' })
    expect(states(log)).toEqual([[2, 0], [0, 5]])
    await vi.advanceTimersByTimeAsync(600_000)
    expect(service.sockets).toHaveLength(1)
  })

  it('a re-login refused as expired ends with {0,5} instead of retrying', async () => {
    mod.configure({ retryDelaysMs: [1000] })
    const { log } = await loggedIn()
    service.answer = req => req.op === 'login' ? { ok: false, code: 6000106, message: 'Token expired.' } : { ok: true, data: {} }
    service.current.drop()
    await vi.advanceTimersByTimeAsync(1000)
    expect(states(log)).toEqual([[2, 0], [3, 3], [0, 5]])
    await vi.advanceTimersByTimeAsync(600_000)
    expect(service.sockets).toHaveLength(2)
  })
})

describe('a refused login', () => {
  it('locks login out for 10 s with the same error, without asking the service; logout() lifts it', async () => {
    const zim = mod.ZIM.create(APP_ID)!
    const log = record(zim)
    service.answer = req => req.op === 'login' ? { ok: false, code: 6000103, message: 'Token is invalid.' } : { ok: true, data: {} }
    const first = track(zim.login('alice', { userName: 'A', token: TOKEN } as any))
    await flush()
    expect(first.error).toMatchObject({ code: 6000103, message: 'Token is invalid.' })
    expect(states(log)).toEqual([[0, 3]])
    service.answer = () => ({ ok: true, data: { expireAt: 0 } })

    // Even a good token, even a bad-format one: the refusal comes back at once.
    await vi.advanceTimersByTimeAsync(9_000)
    await expectCode(zim.login('alice', { userName: 'A', token: TOKEN2 } as any), 6000103)
    await expectCode(zim.login('bob', { userName: 'B', token: '' } as any), 6000103)
    expect(service.sockets).toHaveLength(1)

    await vi.advanceTimersByTimeAsync(1_000)
    const later = zim.login('alice', { userName: 'A', token: TOKEN2 } as any)
    await flush()
    await later
    expect(service.sockets).toHaveLength(2)

    zim.logout()
    service.answer = req => req.op === 'login' ? { ok: false, code: 6000103, message: 'Token is invalid.' } : { ok: true, data: {} }
    const refused = track(zim.login('alice', { userName: 'A', token: TOKEN } as any))
    await flush()
    expect(refused.error).toMatchObject({ code: 6000103 })
    zim.logout()
    service.answer = () => ({ ok: true, data: { expireAt: 0 } })
    const afterLogout = zim.login('alice', { userName: 'A', token: TOKEN } as any)
    await flush()
    await afterLogout
  })

  it('a refusal as expired (6000106) does not lock login out', async () => {
    const zim = mod.ZIM.create(APP_ID)!
    service.answer = req => req.op === 'login' ? { ok: false, code: 6000106, message: 'Token expired.' } : { ok: true, data: {} }
    await expectCode(zim.login('alice', { userName: 'A', token: TOKEN } as any), 6000106)
    service.answer = () => ({ ok: true, data: { expireAt: 0 } })
    const again = zim.login('alice', { userName: 'A', token: TOKEN2 } as any)
    await flush()
    await again
  })
})

describe('token expiry', () => {
  function expiresIn(seconds: number) {
    const expireAt = Math.floor(Date.now() / 1000) + seconds
    service.answer = req => req.op === 'login' ? { ok: true, data: { expireAt } } : { ok: true, data: { expireAt: Math.floor(Date.now() / 1000) + 3600 } }
  }

  it('tokenWillExpire {second:30} fires 30 s before expiry; at expiry − 2 s the connection drops with {0,5}', async () => {
    expiresIn(120)
    const { zim, log } = await loggedIn()
    await vi.advanceTimersByTimeAsync(89_999)
    expect(named(log, 'tokenWillExpire')).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(named(log, 'tokenWillExpire')).toEqual([{ second: 30 }])
    await vi.advanceTimersByTimeAsync(27_999)
    expect(states(log)).toEqual([[2, 0]])
    await vi.advanceTimersByTimeAsync(1)
    expect(states(log)).toEqual([[2, 0], [0, 5]])
    expect(service.current.closedByClient).toBe(true)
    await expectCode(zim.sendMessage(text('hi'), 'bob', 0, CONFIG), 6000121)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(service.sockets).toHaveLength(1)
  })

  it('with less than 30 s left, tokenWillExpire fires at once with the seconds left (expireAt in ms works too)', async () => {
    const expireAtMs = Date.now() + 20_000
    service.answer = req => req.op === 'login' ? { ok: true, data: { expireAt: expireAtMs } } : { ok: true, data: {} }
    const { log } = await loggedIn()
    expect(named(log, 'tokenWillExpire')).toEqual([{ second: 20 }])
    expect(log.findIndex(e => e.name === 'tokenWillExpire')).toBeGreaterThan(log.findIndex(e => e.name === 'connectionStateChanged'))
    await vi.advanceTimersByTimeAsync(18_000)
    expect(states(log).at(-1)).toEqual([0, 5])
  })

  it('renewToken resolves {token}, re-arms the timers from the new expiry, and is rate-limited to one per 500 ms', async () => {
    expiresIn(120)
    const { zim, log } = await loggedIn()
    await vi.advanceTimersByTimeAsync(90_000)
    expect(named(log, 'tokenWillExpire')).toHaveLength(1)
    const renewed = zim.renewToken(TOKEN2)
    await expectCode(zim.renewToken(TOKEN2), 6000004)
    await flush()
    await expect(renewed).resolves.toEqual({ token: TOKEN2 })
    expect(service.current.last('renewToken')).toMatchObject({ token: TOKEN2 })
    await vi.advanceTimersByTimeAsync(60_000) // past the old expiry
    expect(states(log)).toEqual([[2, 0]])
    await vi.advanceTimersByTimeAsync(440_000)
    await expect(zim.renewToken(TOKEN)).resolves.toEqual({ token: TOKEN })
  })

  it('renewToken checks the token format locally and passes service errors through', async () => {
    const { zim } = await loggedIn()
    await expectCode(zim.renewToken('short'), 6000103)
    await expectCode(zim.renewToken(`05${'x'.repeat(40)}`), 6000107)
    service.answer = () => ({ ok: false, code: 6000106, message: 'Token expired.' })
    await expectCode(zim.renewToken(TOKEN2), 6000106)
  })
})

describe('sendMessage validation', () => {
  const big = 'a'.repeat(49_153)
  const cases: [string, (zim: Zim) => Promise<unknown>, string][] = [
    ['absent message', z => z.sendMessage(undefined as any, 'bob', 0, CONFIG), 'message is invalid.'],
    ['null message', z => z.sendMessage(null as any, 'bob', 0, CONFIG), 'message is invalid.'],
    ['empty message object', z => z.sendMessage({} as any, 'bob', 0, CONFIG), 'message type is invalid.'],
    ['missing config', z => z.sendMessage(text('hi'), 'bob', 0, undefined as any), 'config is invalid.'],
    ['priority 0', z => z.sendMessage(text('hi'), 'bob', 0, { priority: 0 } as any), 'config priority is invalid.'],
    ['priority 4', z => z.sendMessage(text('hi'), 'bob', 0, { priority: 4 } as any), 'config priority is invalid.'],
    ['empty toConversationID', z => z.sendMessage(text('hi'), '', 0, CONFIG), 'toConversationID is invalid.'],
    ['toConversationID of 1025 chars', z => z.sendMessage(text('hi'), 'c'.repeat(1025), 0, CONFIG), 'toConversationID is invalid.'],
    ['conversationType 3', z => z.sendMessage(text('hi'), 'bob', 3 as any, CONFIG), 'conversationType is invalid.'],
    ['conversationType -1', z => z.sendMessage(text('hi'), 'bob', -1 as any, CONFIG), 'conversationType is invalid.'],
    ['unknown type 99', z => z.sendMessage({ type: 99, message: 'x' } as any, 'bob', 0, CONFIG), 'message type is invalid.'],
    ['barrage to a peer', z => z.sendMessage({ type: 20, message: 'x' } as any, 'bob', 0, CONFIG), 'message type is invalid.'],
    ['barrage to a group', z => z.sendMessage({ type: 20, message: 'x' } as any, 'g1', 2, CONFIG), 'message type is invalid.'],
    ['empty text', z => z.sendMessage(text(''), 'bob', 0, CONFIG), 'The message body is empty or its byte size exceeds.'],
    ['whitespace text', z => z.sendMessage(text(' \n\t '), 'bob', 0, CONFIG), 'The message body is empty or its byte size exceeds.'],
    ['non-string text', z => z.sendMessage({ type: 1, message: 42 } as any, 'bob', 0, CONFIG), 'The message body is empty or its byte size exceeds.'],
    ['text of 49,153 bytes', z => z.sendMessage(text(big), 'bob', 0, CONFIG), 'The message body is empty or its byte size exceeds.'],
    ['text of 16,385 CJK chars (49,155 bytes)', z => z.sendMessage(text('中'.repeat(16_385)), 'bob', 0, CONFIG), 'The message body is empty or its byte size exceeds.'],
    ['command of 49,153 bytes', z => z.sendMessage({ type: 2, message: new Uint8Array(49_153) } as any, 'bob', 0, CONFIG), 'The message body is empty or its byte size exceeds.'],
    ['empty command', z => z.sendMessage({ type: 2, message: new Uint8Array(0) } as any, 'bob', 0, CONFIG), 'The message body is empty or its byte size exceeds.'],
    ['image without path or URL', z => z.sendMessage({ type: 11 } as any, 'bob', 0, CONFIG), 'The message of fileLocalPath and fileDownloadUrl is empty.'],
    ['receipt on a command', z => z.sendMessage({ type: 2, message: new Uint8Array(1) } as any, 'bob', 0, { priority: 1, hasReceipt: true } as any), 'The message type is not support setting receipt.'],
  ]

  it.each(cases)('%s → 6000001 "API.sendMessage: …", no attach, no event, nothing sent', async (_name, call, reason) => {
    const { zim, log } = await loggedIn()
    const before = log.length
    const sentBefore = service.current.requests.length
    const error = await expectCode(call(zim), 6000001)
    expect(error.message).toBe(`API.sendMessage: ${reason}`)
    expect(log.length).toBe(before)
    expect(service.current.requests.length).toBe(sentBefore)
    // A refused call does not start the pacing clock.
    await expect(zim.sendMessage(text('ok'), 'bob', 0, CONFIG)).resolves.toBeDefined()
  })

  it('passes the SDK limits at the boundary: 49,152-byte text, image with a URL (the 32 KB product limit is the service\'s)', async () => {
    const { zim } = await loggedIn()
    const sends = [
      zim.sendMessage(text('a'.repeat(49_152)), 'bob', 0, CONFIG),
      zim.sendMessage({ type: 11, fileDownloadUrl: 'https://x/y.png' } as any, 'carol', 0, CONFIG),
    ]
    await flush()
    await Promise.all(sends)
    expect(service.current.ops().filter(op => op === 'send')).toHaveLength(2)
  })

  it('a valid barrage to a room passes validation but is refused 6000203 (no room joined) before attaching', async () => {
    const { zim, log } = await loggedIn()
    const attached = vi.fn()
    const before = log.length
    const error = await expectCode(zim.sendMessage({ type: 20, message: 'wow' } as any, 'room1', 1, CONFIG, { onMessageAttached: attached }), 6000203)
    expect(error.message).toBe('Room is not exist or not in the room.')
    expect(attached).not.toHaveBeenCalled()
    expect(log.length).toBe(before)
    expect(service.current.ops()).not.toContain('send')
  })
})

describe('sendMessage', () => {
  it('calls onMessageAttached synchronously with the caller\'s own object, mutated in place', async () => {
    const { zim, log } = await loggedIn()
    const message = text('hello') as any
    let returned = false
    let attached: any
    let snapshot: any
    const promise = zim.sendMessage(message, 'bob', 0, CONFIG, {
      onMessageAttached: (m) => {
        attached = m
        snapshot = { ...m, returnedYet: returned }
      },
    })
    returned = true
    expect(attached).toBe(message)
    expect(snapshot.returnedYet).toBe(false)
    expect(typeof snapshot.localMessageID).toBe('string')
    expect(snapshot.localMessageID.length).toBeGreaterThan(0)
    expect(snapshot).toMatchObject({
      messageID: '',
      sentStatus: 0,
      timestamp: Date.now(),
      senderUserID: 'alice',
      conversationID: 'bob',
      conversationType: 0,
      direction: 0,
      message: 'hello',
    })
    // The local conversation view follows the attach, before any network answer.
    const changed = named(log, 'conversationChanged')
    expect(changed).toHaveLength(1)
    expect(changed[0].infoList[0].event).toBe(0)
    expect(changed[0].infoList[0].conversation).toMatchObject({ conversationID: 'bob', type: 0 })
    expect(changed[0].infoList[0].conversation.lastMessage).toMatchObject({ localMessageID: snapshot.localMessageID, sentStatus: 0 })

    await flush()
    const result = await promise
    expect(result.message).toBe(message)
    expect(message.sentStatus).toBe(1)
    expect(message.messageID).toMatch(/^srv-/)
    expect(message.localMessageID).toBe(snapshot.localMessageID)
    expect(named(log, 'messageSentStatusChanged')).toEqual([{ infos: [{ status: 1, message, reason: '' }] }])
    const after = named(log, 'conversationChanged')
    expect(after).toHaveLength(2)
    expect(after[1].infoList[0].event).toBe(1)
    expect(after[1].infoList[0].conversation.lastMessage.sentStatus).toBe(1)
    // What went on the wire.
    const wire = service.current.last('send') as Extract<Request, { op: 'send' }>
    expect(wire).toMatchObject({ toConversationID: 'bob', conversationType: 0, priority: 1 })
    expect(wire.message).toMatchObject({ type: 1, message: 'hello', localMessageID: snapshot.localMessageID })
  })

  it('gives each send its own localMessageID', async () => {
    const { zim } = await loggedIn()
    const ids = new Set<string>()
    for (let i = 0; i < 5; i++) {
      const m = text(`m${i}`)
      void zim.sendMessage(m, `peer${i}`, 0, CONFIG)
      ids.add(m.localMessageID!)
    }
    expect(ids.size).toBe(5)
    await flush()
  })

  it('a service refusal: messageSentStatusChanged status 2, lastMessage.sentStatus 2, rejection with the service error', async () => {
    const { zim, log } = await loggedIn()
    service.answer = () => ({ ok: false, code: 6000001, message: 'API.sendMessage: text too long' })
    const message = text('x'.repeat(32 * 1024 + 1))
    const sent = expectCode(zim.sendMessage(message, 'bob', 0, CONFIG), 6000001)
    await flush()
    const error = await sent
    expect(error.message).toBe('API.sendMessage: text too long')
    expect(message.sentStatus).toBe(2)
    const status = named(log, 'messageSentStatusChanged')
    expect(status).toHaveLength(1)
    expect(status[0].infos[0]).toMatchObject({ status: 2, message })
    expect(status[0].infos[0].message).toBe(message)
    const last = named(log, 'conversationChanged').at(-1)
    expect(last.infoList[0].conversation.lastMessage.sentStatus).toBe(2)
  })

  it('with no answer the send rejects 6000104 after 30 s (sendTimeoutMs)', async () => {
    const { zim, log } = await loggedIn()
    service.answer = () => 'silent'
    const message = text('hello')
    const sent = track(zim.sendMessage(message, 'bob', 0, CONFIG))
    await vi.advanceTimersByTimeAsync(29_999)
    expect(sent.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(sent.error?.code).toBe(6000104)
    expect(message.sentStatus).toBe(2)
    expect(named(log, 'messageSentStatusChanged').at(-1).infos[0].status).toBe(2)
  })

  it('command bodies travel as byte arrays and stay out of the conversation list', async () => {
    const { zim, log } = await loggedIn()
    const message = { type: 2, message: new Uint8Array([1, 2, 255]) } as any
    const sent = zim.sendMessage(message, 'bob', 0, CONFIG)
    await flush()
    const result = await sent
    const wire = service.current.last('send') as Extract<Request, { op: 'send' }>
    expect((wire.message as any).message).toEqual([1, 2, 255])
    expect(result.message.type).toBe(2)
    expect((result.message as any).message).toEqual(new Uint8Array([1, 2, 255]))
    expect(named(log, 'conversationChanged')).toEqual([])
  })
})

describe('send pacing', () => {
  it('a second send to the same conversation within 100 ms rejects 6000004 with no events; at 100 ms it passes', async () => {
    const { zim, log } = await loggedIn()
    await zim.sendMessage(text('1'), 'bob', 0, CONFIG).then(null, () => {})
    await flush()
    const before = log.length
    const requests = service.current.requests.length
    await vi.advanceTimersByTimeAsync(99)
    const attached = vi.fn()
    const error = await expectCode(zim.sendMessage(text('2'), 'bob', 0, CONFIG, { onMessageAttached: attached }), 6000004)
    expect(error.message).toBe('Trigger SDK internal frequency limit.')
    expect(attached).not.toHaveBeenCalled()
    expect(log.length).toBe(before)
    expect(service.current.requests.length).toBe(requests)
    await vi.advanceTimersByTimeAsync(1)
    const third = zim.sendMessage(text('3'), 'bob', 0, CONFIG)
    await flush()
    await expect(third).resolves.toBeDefined()
  })

  it('sends to different conversations are not limited', async () => {
    const { zim } = await loggedIn()
    const sends = [
      zim.sendMessage(text('a'), 'bob', 0, CONFIG),
      zim.sendMessage(text('b'), 'carol', 0, CONFIG),
      zim.sendMessage(text('c'), 'bob', 2, CONFIG), // same ID, other type
    ]
    await flush()
    await expect(Promise.all(sends)).resolves.toHaveLength(3)
  })

  it('commands wait 34 ms, sharing the clock with text', async () => {
    const { zim } = await loggedIn()
    const cmd = () => ({ type: 2, message: new Uint8Array([1]) } as any)
    void zim.sendMessage(text('t'), 'bob', 0, CONFIG)
    await vi.advanceTimersByTimeAsync(33)
    await expectCode(zim.sendMessage(cmd(), 'bob', 0, CONFIG), 6000004)
    await vi.advanceTimersByTimeAsync(1)
    const c1 = zim.sendMessage(cmd(), 'bob', 0, CONFIG) // 34 ms after the text: ok
    await flush()
    await expect(c1).resolves.toBeDefined()
    // The command restarted the shared clock: text 50 ms later is still too soon.
    await vi.advanceTimersByTimeAsync(50)
    await expectCode(zim.sendMessage(text('t2'), 'bob', 0, CONFIG), 6000004)
    const c2 = zim.sendMessage(cmd(), 'bob', 0, CONFIG) // 50 ms ≥ 34: ok
    await flush()
    await expect(c2).resolves.toBeDefined()
  })
})

describe('incoming pushes', () => {
  it.each([
    [0, 'peerMessageReceived', 'receivePeerMessage'],
    [1, 'roomMessageReceived', 'receiveRoomMessage'],
    [2, 'groupMessageReceived', 'receiveGroupMessage'],
  ] as const)('messages of conversation type %i emit %s and the deprecated %s', async (type, fresh, old) => {
    const { log } = await loggedIn()
    const messageList = [{ type: 1, message: 'yo', messageID: 'm1', senderUserID: 'bob', conversationID: 'bob', conversationType: type, direction: 1 }] as unknown as ZIMMessage[]
    service.current.push({ push: 'messages', conversationType: type, fromConversationID: 'bob', messageList, isOfflineMessage: true })
    const received = log.filter(e => e.name.toLowerCase().includes('message') && e.name !== 'messageSentStatusChanged')
    expect(received.map(e => e.name)).toEqual([fresh, old])
    expect(received[0].data).toEqual({ messageList, fromConversationID: 'bob', info: { isOfflineMessage: true } })
    expect(received[1].data).toEqual({ messageList, fromConversationID: 'bob' })
  })

  it('received command bodies become Uint8Array', async () => {
    const { log } = await loggedIn()
    service.current.push({ push: 'messages', conversationType: 0, fromConversationID: 'bob', messageList: [{ type: 2, message: [7, 8] } as any], isOfflineMessage: false })
    expect(named(log, 'peerMessageReceived')[0].messageList[0].message).toEqual(new Uint8Array([7, 8]))
  })

  it('an offline page emits one received event per conversation, offline, then acks its cursor', async () => {
    const { log } = await loggedIn()
    const m = (id: string, from: string) => ({ type: 1, message: id, messageID: id, senderUserID: from, conversationID: from, conversationType: 0, direction: 1 }) as unknown as ZIMMessage
    service.current.push({ push: 'offlineMessages', cursor: 41, batches: [
      { conversationType: 0, fromConversationID: 'bob', messageList: [m('1', 'bob'), m('2', 'bob')] },
      { conversationType: 0, fromConversationID: 'carol', messageList: [m('3', 'carol')] },
    ] })
    expect(named(log, 'peerMessageReceived').map(d => [d.fromConversationID, d.messageList.length, d.info.isOfflineMessage])).toEqual([['bob', 2, true], ['carol', 1, true]])
    expect(service.current.last('ackOffline')).toMatchObject({ op: 'ackOffline', cursor: 41 })
  })

  it('frames coalesced into one WebSocket message (a JSON array) are handled in order', async () => {
    const { zim, log } = await loggedIn()
    const send = zim.sendMessage(text('hi'), 'bob', 0, CONFIG)
    const id = service.current.last('send')!.id
    const message = { type: 1, message: 'hi', messageID: '9', messageSeq: 1, orderKey: 9, conversationID: 'bob', conversationType: 0, direction: 0, senderUserID: 'alice' }
    const frames = [
      { push: 'conversationChanged', infoList: [{ event: 0, conversation: { conversationID: 'bob', type: 0, unreadMessageCount: 0, orderKey: 9 } }] },
      { id, ok: true, data: { message } },
    ]
    service.current.pushText(JSON.stringify(frames))
    await expect(send).resolves.toMatchObject({ message: { messageID: '9' } })
    expect(named(log, 'conversationChanged').some(d => d.infoList[0].conversation.orderKey === 9)).toBe(true)
  })

  it('conversationChanged pushes are relayed as {infoList}', async () => {
    const { log } = await loggedIn()
    const infoList = [{ event: 1, conversation: { conversationID: 'bob', type: 0, unreadMessageCount: 2, orderKey: 5 } as any }]
    service.current.push({ push: 'conversationChanged', infoList })
    expect(named(log, 'conversationChanged')).toEqual([{ infoList }])
  })
})

describe('queries', () => {
  it('queryConversationList pages with the given conversation\'s orderKey', async () => {
    const { zim } = await loggedIn()
    const list = [{ conversationID: 'bob', type: 0, orderKey: 42 }] as any[]
    service.answer = req => req.op === 'queryConversations' ? { ok: true, data: { conversationList: list } } : { ok: true, data: {} }
    const first = zim.queryConversationList({ count: 20 })
    await flush()
    await expect(first).resolves.toEqual({ conversationList: list })
    const q1 = service.current.last('queryConversations')!
    expect(q1).toMatchObject({ count: 20 })
    expect('nextOrderKey' in q1).toBe(false)
    const second = zim.queryConversationList({ count: 20, nextConversation: list[0] })
    await flush()
    await second
    expect(service.current.last('queryConversations')).toMatchObject({ nextOrderKey: 42, count: 20 })
    await expectCode(zim.queryConversationList(undefined as any), 6000001)
  })

  it('queryHistoryMessage maps nextMessage.orderKey, count and reverse and answers the SDK shape', async () => {
    const { zim } = await loggedIn()
    const messages = [{ type: 1, message: 'a', orderKey: 3 }] as any[]
    service.answer = req => req.op === 'queryHistory' ? { ok: true, data: { messageList: messages } } : { ok: true, data: {} }
    const result = zim.queryHistoryMessage('bob', 0, { count: 30, reverse: true, nextMessage: { orderKey: 9 } } as any)
    await flush()
    await expect(result).resolves.toEqual({ conversationID: 'bob', conversationType: 0, messageList: messages })
    expect(service.current.last('queryHistory')).toMatchObject({ conversationID: 'bob', conversationType: 0, nextOrderKey: 9, count: 30, reverse: true })
    await expect(zim.queryHistoryMessage('bob', 0, { count: 0, reverse: false } as any)).resolves.toEqual({ conversationID: 'bob', conversationType: 0, messageList: [] })
    await expectCode(zim.queryHistoryMessage('', 0, { count: 1 } as any), 6000001)
    await expectCode(zim.queryHistoryMessage('bob', 0, {} as any), 6000001)
  })

  it('clearConversationUnreadMessageCount and deleteConversation answer {conversationID, conversationType}', async () => {
    const { zim } = await loggedIn()
    const cleared = zim.clearConversationUnreadMessageCount('bob', 0)
    const deleted = zim.deleteConversation('g1', 2, { isAlsoDeleteServerConversation: true })
    await flush()
    await expect(cleared).resolves.toEqual({ conversationID: 'bob', conversationType: 0 })
    await expect(deleted).resolves.toEqual({ conversationID: 'g1', conversationType: 2 })
    expect(service.current.last('clearUnread')).toMatchObject({ conversationID: 'bob', conversationType: 0 })
    expect(service.current.last('deleteConversation')).toMatchObject({ conversationID: 'g1', conversationType: 2 })
    // Rooms are not conversations for these APIs.
    await expectCode(zim.deleteConversation('r1', 1, { isAlsoDeleteServerConversation: true }), 6000001)
    service.answer = () => ({ ok: false, code: 6000603, message: 'Conversation does not exist.' })
    await expectCode(zim.clearConversationUnreadMessageCount('nobody', 0), 6000603)
  })
})
