// Every transition of the connection state machine (src/composables/zim/connectionMachine.ts),
// run through its timer-owning runner under fake timers: no SDK, no network.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createConnectionMachine,
  reduce,
  initialContext,
  viewOf,
  type ConnectionMachine,
  type MachineEffect,
  type MachineInput,
} from '@/composables/zim/connectionMachine'
import { defaultRetryDelay } from '@/composables/zim/retry'

const S = { Disconnected: 0, Connecting: 1, Connected: 2, Reconnecting: 3 } as const
const E = { Success: 0, ActiveLogin: 1, LoginTimeout: 2, LoginInterrupted: 3, KickedOut: 4, TokenExpired: 5, Unregistered: 6 } as const

/** First retry 400 ms, then 1 s, 2 s, 4 s … capped at 8 s: easy to step through. */
const delay = (attempt: number) => (attempt === 0 ? 400 : Math.min(8000, 1000 * 2 ** (attempt - 1)))

interface Harness {
  m: ConnectionMachine
  effects: MachineEffect[]
  /** Effects of `type` seen so far. */
  seen: (type: MachineEffect['type']) => MachineEffect[]
  logins: () => number[]
  sdk: (state: number, event: number) => void
  send: (input: MachineInput) => void
}

function harness(options: { autoRetry?: boolean, onEffect?: (e: MachineEffect, m: ConnectionMachine) => void } = {}): Harness {
  const effects: MachineEffect[] = []
  const m = createConnectionMachine({
    delay,
    autoRetry: options.autoRetry,
    onEffect: (e, machine) => {
      effects.push(e)
      options.onEffect?.(e, machine)
    },
  })
  return {
    m,
    effects,
    seen: type => effects.filter(e => e.type === type),
    logins: () => effects.filter(e => e.type === 'startLogin').map(e => (e as { loginID: number }).loginID),
    sdk: (state, event) => m.send({ type: 'sdkState', state, event }),
    send: input => m.send(input),
  }
}

/** The machine signed in (first login succeeded). */
function connected(options?: Parameters<typeof harness>[0]): Harness {
  const h = harness(options)
  h.send({ type: 'login' })
  h.send({ type: 'loginSucceeded', loginID: h.logins()[0] })
  expect(h.m.state.phase).toBe('connected')
  h.effects.length = 0
  return h
}

const lastLogin = (h: Harness) => h.logins().at(-1)!

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('first sign-in', () => {
  it('starts idle and shows nothing', () => {
    const h = harness()
    expect(h.m.state).toEqual({ phase: 'idle' })
    expect(viewOf(h.m.context).phase).toBe('idle')
  })

  it('login → signingIn (connecting) with a startLogin effect; success → connected', () => {
    const h = harness()
    h.send({ type: 'login' })
    expect(h.m.state).toMatchObject({ phase: 'signingIn', attempt: 0, resume: false, cause: 'user' })
    expect(viewOf(h.m.context).phase).toBe('connecting')
    expect(h.seen('startLogin')).toEqual([{ type: 'startLogin', loginID: 1, cause: 'user' }])
    h.send({ type: 'loginSucceeded', loginID: 1 })
    expect(h.m.state.phase).toBe('connected')
    expect(viewOf(h.m.context).phase).toBe('connected')
    expect(h.seen('connected')).toHaveLength(1)
  })

  it('the SDK reporting Connected before the login promise resolves connects once', () => {
    const h = harness()
    h.send({ type: 'login' })
    h.sdk(S.Connected, E.Success)
    h.send({ type: 'loginSucceeded', loginID: 1 })
    expect(h.m.state.phase).toBe('connected')
    expect(h.seen('connected')).toHaveLength(1)
  })

  it('a transient failure of a first login goes back to idle without retrying', () => {
    const h = harness()
    h.send({ type: 'login' })
    h.send({ type: 'loginFailed', loginID: 1, fatal: false })
    expect(h.m.state.phase).toBe('idle')
    vi.advanceTimersByTime(120_000)
    expect(h.logins()).toEqual([1])
    expect(h.m.retryPending).toBe(false)
  })

  it('a fatal failure of a first login goes back to idle', () => {
    const h = harness()
    h.send({ type: 'login' })
    h.send({ type: 'loginFailed', loginID: 1, fatal: true })
    expect(h.m.state.phase).toBe('idle')
  })

  it('answers from another attempt change nothing', () => {
    const h = harness()
    h.send({ type: 'login' })
    h.send({ type: 'loginSucceeded', loginID: 99 })
    h.send({ type: 'loginFailed', loginID: 0, fatal: true })
    expect(h.m.state).toMatchObject({ phase: 'signingIn', loginID: 1 })
  })

  it('a second login while signing in, connected or reconnecting starts nothing new', () => {
    const h = harness()
    h.send({ type: 'login' })
    h.send({ type: 'login' })
    expect(h.logins()).toEqual([1])
    h.send({ type: 'loginSucceeded', loginID: 1 })
    h.send({ type: 'login' })
    h.sdk(S.Reconnecting, E.LoginInterrupted)
    h.send({ type: 'login' })
    expect(h.logins()).toEqual([1])
  })
})

describe('restore after a reload (resume)', () => {
  it('a transient failure waits and retries with growing delays, for ever', () => {
    const h = harness()
    h.send({ type: 'login', resume: true })
    expect(h.m.state).toMatchObject({ phase: 'signingIn', resume: true, cause: 'restore' })
    expect(viewOf(h.m.context).phase).toBe('reconnecting')
    for (let attempt = 1; attempt <= 40; attempt++) {
      h.send({ type: 'loginFailed', loginID: lastLogin(h), fatal: false })
      expect(h.m.state).toEqual({ phase: 'retryWait', attempt, parked: null })
      expect(h.m.retryPending).toBe(true)
      vi.advanceTimersByTime(delay(attempt) - 1)
      expect(h.logins()).toHaveLength(attempt)
      vi.advanceTimersByTime(1)
      expect(h.logins()).toHaveLength(attempt + 1)
      expect(h.m.state).toMatchObject({ phase: 'signingIn', attempt, cause: 'retry' })
    }
    h.send({ type: 'loginSucceeded', loginID: lastLogin(h) })
    expect(h.m.state.phase).toBe('connected')
  })

  it('a fatal failure stops (the banner offers a retry) and a login from there resumes', () => {
    const h = harness()
    h.send({ type: 'login', resume: true })
    h.send({ type: 'loginFailed', loginID: 1, fatal: true })
    expect(h.m.state).toEqual({ phase: 'stopped', cause: 'refused' })
    expect(viewOf(h.m.context)).toEqual({ phase: 'disconnected', reason: 'connection.lost' })
    vi.advanceTimersByTime(600_000)
    expect(h.logins()).toEqual([1])
    h.send({ type: 'login' })
    expect(h.m.state).toMatchObject({ phase: 'signingIn', resume: true })
  })
})

describe('drops of an established session', () => {
  it('Reconnecting from the SDK: it retries by itself; Connected again → catch-up', () => {
    const h = connected()
    h.sdk(S.Reconnecting, E.LoginInterrupted)
    expect(h.m.state.phase).toBe('sdkReconnecting')
    expect(viewOf(h.m.context).phase).toBe('reconnecting')
    h.sdk(S.Reconnecting, E.LoginInterrupted)
    vi.advanceTimersByTime(60_000)
    expect(h.logins()).toEqual([])
    h.sdk(S.Connected, E.Success)
    expect(h.m.state.phase).toBe('connected')
    expect(h.seen('connected')).toHaveLength(1)
  })

  it('Connecting from the SDK counts as reconnecting', () => {
    const h = connected()
    h.sdk(S.Connecting, E.ActiveLogin)
    expect(h.m.state.phase).toBe('sdkReconnecting')
  })

  it.each([
    ['LoginInterrupted', E.LoginInterrupted],
    ['LoginTimeout', E.LoginTimeout],
    ['ActiveLogin', E.ActiveLogin],
    ['an unknown event', 42],
  ])('Disconnected with %s → re-login, first try within 1 s', (_name, event) => {
    const h = connected()
    h.sdk(S.Disconnected, event)
    expect(h.m.state).toEqual({ phase: 'retryWait', attempt: 0, parked: null })
    expect(viewOf(h.m.context).phase).toBe('reconnecting')
    vi.advanceTimersByTime(1000)
    expect(h.seen('startLogin')).toEqual([{ type: 'startLogin', loginID: 2, cause: 'retry' }])
    expect(h.m.state).toMatchObject({ phase: 'signingIn', resume: true })
  })

  it('the default backoff: first try within 1 s, then growing with jitter, capped at 30 s', () => {
    for (let i = 0; i < 200; i++) {
      expect(defaultRetryDelay(0)).toBeLessThanOrEqual(1000)
      expect(defaultRetryDelay(20)).toBeLessThanOrEqual(30_000)
      expect(defaultRetryDelay(20)).toBeGreaterThanOrEqual(15_000)
    }
    const spread = new Set(Array.from({ length: 20 }, () => Math.round(defaultRetryDelay(3))))
    expect(spread.size).toBeGreaterThan(1)
  })

  it('Disconnected from reconnecting → re-login too', () => {
    const h = connected()
    h.sdk(S.Reconnecting, E.LoginInterrupted)
    h.sdk(S.Disconnected, E.LoginTimeout)
    expect(h.m.state.phase).toBe('retryWait')
  })

  it('TokenExpired → logs in again at once (the login fetches a new token)', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.TokenExpired)
    expect(h.m.state).toMatchObject({ phase: 'signingIn', cause: 'tokenExpired', resume: true })
    expect(h.logins()).toEqual([2])
    expect(h.m.retryPending).toBe(false)
    expect(viewOf(h.m.context).reason).toBe('connection.sessionExpired')
  })

  it('Unregistered → stopped, no retry', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.Unregistered)
    expect(h.m.state.phase).toBe('stopped')
    expect(viewOf(h.m.context)).toEqual({ phase: 'disconnected', reason: 'connection.unregistered' })
    vi.advanceTimersByTime(600_000)
    expect(h.logins()).toEqual([])
  })

  it('Success while a session is up is our own abandon of an attempt: ignored', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.Success)
    expect(h.m.state.phase).toBe('connected')
    h.sdk(S.Disconnected, E.LoginInterrupted)
    h.sdk(S.Disconnected, E.Success)
    expect(h.m.state.phase).toBe('retryWait')
  })

  it('while our own attempt runs, Disconnected events wait for its result', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.LoginInterrupted)
    vi.advanceTimersByTime(1000)
    const id = lastLogin(h)
    h.sdk(S.Disconnected, E.LoginInterrupted)
    h.sdk(S.Disconnected, E.TokenExpired)
    h.sdk(S.Reconnecting, E.LoginInterrupted)
    expect(h.m.state).toMatchObject({ phase: 'signingIn', loginID: id })
    h.send({ type: 'loginFailed', loginID: id, fatal: false })
    expect(h.m.state).toEqual({ phase: 'retryWait', attempt: 1, parked: null })
  })

  it('Disconnected events during a retry wait change nothing; Connected ends the wait', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.LoginInterrupted)
    h.sdk(S.Disconnected, E.LoginTimeout)
    expect(h.m.state).toEqual({ phase: 'retryWait', attempt: 0, parked: null })
    h.sdk(S.Connected, E.Success)
    expect(h.m.state.phase).toBe('connected')
    expect(h.m.retryPending).toBe(false)
    vi.advanceTimersByTime(10_000)
    expect(h.logins()).toEqual([])
  })

  it('a retry that succeeds resets the backoff', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.LoginInterrupted)
    vi.advanceTimersByTime(400)
    h.send({ type: 'loginFailed', loginID: lastLogin(h), fatal: false })
    vi.advanceTimersByTime(1000)
    h.send({ type: 'loginSucceeded', loginID: lastLogin(h) })
    h.sdk(S.Disconnected, E.LoginInterrupted)
    expect(h.m.state).toEqual({ phase: 'retryWait', attempt: 0, parked: null })
  })

  it('a fatal failure of a re-login stops', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.TokenExpired)
    h.send({ type: 'loginFailed', loginID: lastLogin(h), fatal: true })
    expect(h.m.state).toEqual({ phase: 'stopped', cause: 'refused' })
    expect(h.m.retryPending).toBe(false)
  })
})

describe('kick-out', () => {
  it('stops everything and never logs in again by itself', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.KickedOut)
    expect(h.m.state.phase).toBe('kickedOut')
    expect(viewOf(h.m.context).phase).toBe('kickedOut')
    expect(viewOf(h.m.context).reason).toBe('connection.kickedOut')
    // Nothing revives it: time, platform signals, late SDK events.
    vi.advanceTimersByTime(3_600_000)
    h.send({ type: 'network', online: false })
    h.send({ type: 'network', online: true })
    h.send({ type: 'appShow' })
    h.sdk(S.Disconnected, E.LoginInterrupted)
    h.sdk(S.Reconnecting, E.LoginInterrupted)
    h.sdk(S.Connected, E.Success)
    h.send({ type: 'retryDue' })
    expect(h.m.state.phase).toBe('kickedOut')
    expect(h.logins()).toEqual([])
    expect(h.m.retryPending).toBe(false)
  })

  it('during our own login attempt: the attempt is abandoned and its late success ignored', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.TokenExpired)
    const id = lastLogin(h)
    h.sdk(S.Disconnected, E.KickedOut)
    expect(h.m.state.phase).toBe('kickedOut')
    expect(h.seen('abandonLogin')).toEqual([{ type: 'abandonLogin', loginID: id }])
    h.send({ type: 'loginSucceeded', loginID: id })
    expect(h.m.state.phase).toBe('kickedOut')
    expect(h.m.isCurrentLogin(id)).toBe(false)
  })

  it('during a retry wait: the timer is cancelled', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.LoginInterrupted)
    expect(h.m.retryPending).toBe(true)
    h.sdk(S.Disconnected, E.KickedOut)
    expect(h.m.retryPending).toBe(false)
    vi.advanceTimersByTime(60_000)
    expect(h.logins()).toEqual([])
  })

  it('"sign in here" (a login by the user) starts a fresh first login', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.KickedOut)
    h.send({ type: 'login' })
    expect(h.m.state).toMatchObject({ phase: 'signingIn', resume: false, cause: 'user' })
    expect(viewOf(h.m.context).phase).toBe('connecting')
  })
})

describe('logout by the user', () => {
  it('during a pending login: abandons it, logs the SDK out, ignores its late answer', () => {
    const h = harness()
    h.send({ type: 'login' })
    h.send({ type: 'logout' })
    expect(h.m.state.phase).toBe('idle')
    expect(h.effects.map(e => e.type)).toEqual(['startLogin', 'abandonLogin', 'logoutSdk'])
    expect(h.m.isCurrentLogin(1)).toBe(false)
    h.send({ type: 'loginSucceeded', loginID: 1 })
    h.send({ type: 'loginFailed', loginID: 1, fatal: false })
    h.sdk(S.Connected, E.Success)
    h.sdk(S.Disconnected, E.Success)
    vi.advanceTimersByTime(600_000)
    expect(h.m.state.phase).toBe('idle')
    expect(h.logins()).toEqual([1])
  })

  it('during a pending re-login (after a drop)', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.LoginInterrupted)
    vi.advanceTimersByTime(400)
    const id = lastLogin(h)
    h.send({ type: 'logout' })
    h.send({ type: 'loginFailed', loginID: id, fatal: false })
    vi.advanceTimersByTime(600_000)
    expect(h.m.state.phase).toBe('idle')
    expect(h.m.retryPending).toBe(false)
    expect(h.logins()).toEqual([id])
  })

  it('during a retry wait: the timer is cancelled and nothing logs in again', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.LoginInterrupted)
    expect(h.m.retryPending).toBe(true)
    h.send({ type: 'logout' })
    expect(h.m.retryPending).toBe(false)
    expect(h.m.state.phase).toBe('idle')
    vi.advanceTimersByTime(600_000)
    h.send({ type: 'network', online: true })
    h.send({ type: 'appShow' })
    h.sdk(S.Disconnected, E.LoginInterrupted)
    expect(h.logins()).toEqual([])
    expect(h.m.state.phase).toBe('idle')
  })

  it('while connected: logs the SDK out; its {0, 0} event changes nothing', () => {
    const h = connected()
    h.send({ type: 'logout' })
    h.sdk(S.Disconnected, E.Success)
    expect(h.m.state.phase).toBe('idle')
    expect(h.seen('logoutSdk')).toHaveLength(1)
    expect(viewOf(h.m.context).phase).toBe('idle')
  })

  it('from kicked out or stopped as well', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.KickedOut)
    h.send({ type: 'logout' })
    expect(h.m.state.phase).toBe('idle')
  })
})

describe('platform signals', () => {
  it('going offline parks a waiting retry; coming back tries at once', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.LoginInterrupted)
    h.send({ type: 'network', online: false })
    expect(h.m.state).toEqual({ phase: 'retryWait', attempt: 0, parked: 'offline' })
    expect(h.m.retryPending).toBe(false)
    expect(viewOf(h.m.context).phase).toBe('disconnected')
    expect(viewOf(h.m.context).reason).toBe('connection.offline')
    vi.advanceTimersByTime(600_000)
    expect(h.logins()).toEqual([])
    h.send({ type: 'network', online: true })
    expect(h.m.state).toMatchObject({ phase: 'signingIn', cause: 'retry' })
    expect(h.logins()).toHaveLength(1)
  })

  it('a drop while offline waits for the network without a timer', () => {
    const h = connected()
    h.send({ type: 'network', online: false })
    expect(h.m.state.phase).toBe('connected')
    h.sdk(S.Disconnected, E.LoginInterrupted)
    expect(h.m.state).toEqual({ phase: 'retryWait', attempt: 0, parked: 'offline' })
    expect(h.m.retryPending).toBe(false)
    h.send({ type: 'network', online: true })
    expect(h.m.state.phase).toBe('signingIn')
  })

  it('the network coming back cuts a long backoff short', () => {
    const h = harness()
    h.send({ type: 'login', resume: true })
    for (let i = 0; i < 5; i++) {
      h.send({ type: 'loginFailed', loginID: lastLogin(h), fatal: false })
      vi.advanceTimersByTime(delay(i + 1))
    }
    h.send({ type: 'loginFailed', loginID: lastLogin(h), fatal: false })
    expect(h.m.state).toMatchObject({ phase: 'retryWait', attempt: 6 })
    h.send({ type: 'network', online: true })
    expect(h.m.state.phase).toBe('signingIn')
    expect(h.m.retryPending).toBe(false)
  })

  it('in the background a due retry parks; back in the foreground it goes at once', () => {
    const h = connected()
    h.send({ type: 'appHide' })
    h.sdk(S.Disconnected, E.LoginInterrupted)
    expect(h.m.state).toEqual({ phase: 'retryWait', attempt: 0, parked: 'background' })
    expect(h.m.retryPending).toBe(false)
    vi.advanceTimersByTime(600_000)
    expect(h.logins()).toEqual([])
    h.send({ type: 'appShow' })
    expect(h.m.state.phase).toBe('signingIn')
  })

  it('hidden while a timer runs: the timer fires into a parked wait', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.LoginInterrupted)
    h.send({ type: 'appHide' })
    vi.advanceTimersByTime(1000)
    expect(h.m.state).toEqual({ phase: 'retryWait', attempt: 0, parked: 'background' })
    expect(h.logins()).toEqual([])
    h.send({ type: 'appShow' })
    expect(h.logins()).toHaveLength(1)
  })

  it('foreground or network back while connected asks for a catch-up', () => {
    const h = connected()
    h.send({ type: 'appShow' })
    h.send({ type: 'network', online: true })
    expect(h.seen('catchUp')).toHaveLength(2)
    h.send({ type: 'appHide' })
    expect(h.m.context.foreground).toBe(false)
    expect(h.m.state.phase).toBe('connected')
  })

  it('signals while idle, signing in or reconnecting start nothing', () => {
    const h = harness()
    h.send({ type: 'appShow' })
    h.send({ type: 'network', online: true })
    expect(h.effects).toEqual([])
    h.send({ type: 'login' })
    h.send({ type: 'appShow' })
    expect(h.logins()).toEqual([1])
    h.send({ type: 'loginSucceeded', loginID: 1 })
    h.sdk(S.Reconnecting, E.LoginInterrupted)
    h.send({ type: 'appShow' })
    expect(h.m.state.phase).toBe('sdkReconnecting')
  })
})

describe('automatic retry switched off', () => {
  it('a drop waits for the user', () => {
    const h = connected({ autoRetry: false })
    h.sdk(S.Disconnected, E.LoginInterrupted)
    expect(h.m.state).toEqual({ phase: 'retryWait', attempt: 0, parked: 'manual' })
    expect(viewOf(h.m.context).phase).toBe('disconnected')
    vi.advanceTimersByTime(600_000)
    h.send({ type: 'appShow' })
    h.send({ type: 'network', online: true })
    expect(h.logins()).toEqual([])
    h.send({ type: 'login' })
    expect(h.m.state.phase).toBe('signingIn')
  })
})

describe('the runner', () => {
  it('inputs sent from inside an effect run after the current one', () => {
    const order: string[] = []
    const h = harness({
      onEffect: (e, m) => {
        order.push(e.type)
        // The stand-in emits {0, 0} synchronously inside logout().
        if (e.type === 'logoutSdk')
          m.send({ type: 'sdkState', state: S.Disconnected, event: E.Success })
      },
    })
    h.send({ type: 'login' })
    h.send({ type: 'logout' })
    expect(order).toEqual(['startLogin', 'abandonLogin', 'logoutSdk'])
    expect(h.m.state.phase).toBe('idle')
  })

  it('dispose stops the timer and ignores everything after', () => {
    const h = connected()
    h.sdk(S.Disconnected, E.LoginInterrupted)
    h.m.dispose()
    vi.advanceTimersByTime(60_000)
    h.send({ type: 'login' })
    expect(h.logins()).toEqual([])
    expect(h.m.retryPending).toBe(false)
  })

  it('reduce is pure: the same context and input give the same result', () => {
    const ctx = initialContext()
    const a = reduce(ctx, { type: 'login' }, delay)
    const b = reduce(ctx, { type: 'login' }, delay)
    expect(a).toEqual(b)
    expect(ctx.state.phase).toBe('idle')
  })
})

describe('rooms (issue 11)', () => {
  it('knows the rooms entered and left, and re-enters them when a re-login brings the session back', () => {
    const h = connected()
    h.send({ type: 'roomEntered', roomID: 'r1' })
    h.send({ type: 'roomEntered', roomID: 'r2' })
    h.send({ type: 'roomEntered', roomID: 'r1' })
    h.send({ type: 'roomLeft', roomID: 'r2' })
    expect(h.m.context.rooms).toEqual(['r1'])
    h.sdk(S.Disconnected, E.LoginInterrupted)
    vi.advanceTimersByTime(400)
    h.send({ type: 'loginSucceeded', loginID: lastLogin(h) })
    expect(h.m.state.phase).toBe('connected')
    expect(h.seen('reenterRooms')).toEqual([{ type: 'reenterRooms', roomIDs: ['r1'] }])
    // After "connected": the catch-up and the outbox first, then the rooms.
    expect(h.effects.map(e => e.type).slice(-2)).toEqual(['connected', 'reenterRooms'])
  })

  it('the SDK\'s own reconnect re-enters them too; without rooms there is nothing to re-enter', () => {
    const h = connected()
    h.sdk(S.Reconnecting, E.LoginInterrupted)
    h.sdk(S.Connected, E.Success)
    expect(h.seen('reenterRooms')).toEqual([])
    h.send({ type: 'roomEntered', roomID: 'lobby' })
    h.sdk(S.Reconnecting, E.LoginInterrupted)
    h.sdk(S.Connected, E.Success)
    expect(h.seen('reenterRooms')).toEqual([{ type: 'reenterRooms', roomIDs: ['lobby'] }])
  })

  it('a logout forgets the rooms: the next user starts in none', () => {
    const h = connected()
    h.send({ type: 'roomEntered', roomID: 'r1' })
    h.send({ type: 'logout' })
    expect(h.m.context.rooms).toEqual([])
    h.send({ type: 'login' })
    h.send({ type: 'loginSucceeded', loginID: lastLogin(h) })
    expect(h.seen('reenterRooms')).toEqual([])
  })
})
