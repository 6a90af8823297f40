// The connection state machine behind useZim. Pure: it decides, the engine acts.
//
// `reduce` maps (context, input) to (next context, effects) with no I/O and no clock;
// `createConnectionMachine` runs it: it owns the one retry timer and hands every other
// effect to the engine. Inputs come from three places:
// - the SDK: connectionStateChanged {state, event};
// - our own login attempts: loginSucceeded / loginFailed, tagged with the attempt's id so
//   a late answer from an abandoned attempt changes nothing;
// - the user and the platform: login, logout, network status, app shown or hidden.
//
// The rules (issue 4):
// - Disconnected with an event other than Success (0, our own logout) or KickedOut (4)
//   → automatic re-login with backoff and jitter (first try within 1 s, capped), for ever
//   while the app is in the foreground and the network is up;
// - KickedOut → stop everything until the user signs in again;
// - TokenExpired (5) → log in again at once (the login fetches a new token);
// - LoginTimeout (2) → the same as any other drop: retry;
// - the user's logout cancels every pending retry and every pending login.
// - rooms (issue 11): the machine knows which rooms the user is in (roomEntered / roomLeft);
//   a session that comes (back) up with rooms in it re-enters them (reenterRooms), since a
//   new login starts in no room. A logout forgets them.
import type { ConnectionPhase, ConnectionReason } from '@/stores/session'
import { ConnectionEvent, ConnectionState } from '@/zim/constants'
import type { RetryDelay } from './retry'

export type LoginCause = 'user' | 'restore' | 'retry' | 'tokenExpired'

/** Why a retry waits without a timer: no network, app in the background, or retries off. */
export type Parked = 'offline' | 'background' | 'manual'

export type MachineState =
  /** Nobody signed in: at start, after logout, or after a first login that failed. */
  | { phase: 'idle' }
  /** Our login attempt is in flight (token fetch + SDK login with a timeout). */
  | { phase: 'signingIn', loginID: number, attempt: number, resume: boolean, cause: LoginCause }
  | { phase: 'connected' }
  /** The SDK lost the link and is retrying by itself (it reports Reconnecting). */
  | { phase: 'sdkReconnecting' }
  /** Waiting before our next login attempt; `parked` when it waits for the network or the foreground. */
  | { phase: 'retryWait', attempt: number, parked: Parked | null }
  /** Another device signed in with this account: nothing happens until the user acts. */
  | { phase: 'kickedOut' }
  /** A session that cannot come back by retrying (token refused, account unregistered). */
  | { phase: 'stopped', cause: 'refused' | 'unregistered' }

export type Phase = MachineState['phase']

export interface MachineContext {
  state: MachineState
  online: boolean
  foreground: boolean
  /** False: a drop waits for the user (retry action) instead of retrying by itself. */
  autoRetry: boolean
  /** Ids handed to login attempts; the next one is this plus one. */
  lastLoginID: number
  /** The rooms the user is in, in the order entered. */
  rooms: readonly string[]
}

export type MachineInput =
  /** The user (or a restore after reload: resume) asks to be signed in. */
  | { type: 'login', resume?: boolean }
  | { type: 'loginSucceeded', loginID: number }
  /** `fatal`: retrying cannot help (token refused, bad user ID, service refused the user). */
  | { type: 'loginFailed', loginID: number, fatal: boolean }
  | { type: 'sdkState', state: number, event: number }
  | { type: 'retryDue' }
  | { type: 'logout' }
  | { type: 'network', online: boolean }
  | { type: 'appShow' }
  | { type: 'appHide' }
  | { type: 'roomEntered', roomID: string }
  | { type: 'roomLeft', roomID: string }

export type MachineEffect =
  | { type: 'startLogin', loginID: number, cause: LoginCause }
  /** Stop the SDK's own endless retries of an attempt we abandoned (logout of the SDK). */
  | { type: 'abandonLogin', loginID: number }
  | { type: 'logoutSdk' }
  | { type: 'scheduleRetry', delayMs: number }
  | { type: 'cancelRetry' }
  /** A session is (again) up: catch up and send the outbox. */
  | { type: 'connected' }
  /** Still connected, but something may have been missed (foreground, network back). */
  | { type: 'catchUp' }
  /** A session is up again with these rooms to be in: enter them again. */
  | { type: 'reenterRooms', roomIDs: readonly string[] }

export function initialContext(autoRetry = true): MachineContext {
  return { state: { phase: 'idle' }, online: true, foreground: true, autoRetry, lastLoginID: 0, rooms: [] }
}

/** The effects of a session (again) up: catch up, and be in the user's rooms again. */
function upEffects(ctx: MachineContext): MachineEffect[] {
  return ctx.rooms.length ? [{ type: 'connected' }, { type: 'reenterRooms', roomIDs: ctx.rooms }] : [{ type: 'connected' }]
}

export interface Transition {
  context: MachineContext
  effects: MachineEffect[]
}

function signIn(ctx: MachineContext, attempt: number, resume: boolean, cause: LoginCause, effects: MachineEffect[]): Transition {
  const loginID = ctx.lastLoginID + 1
  effects.push({ type: 'startLogin', loginID, cause })
  return { context: { ...ctx, lastLoginID: loginID, state: { phase: 'signingIn', loginID, attempt, resume, cause } }, effects }
}

/** Waits before attempt `attempt`, or parks until the network or the foreground is back. */
function waitRetry(ctx: MachineContext, attempt: number, delay: RetryDelay, effects: MachineEffect[]): Transition {
  const parked: Parked | null = !ctx.autoRetry ? 'manual' : !ctx.online ? 'offline' : !ctx.foreground ? 'background' : null
  if (!parked)
    effects.push({ type: 'scheduleRetry', delayMs: Math.max(0, delay(attempt)) })
  return { context: { ...ctx, state: { phase: 'retryWait', attempt, parked } }, effects }
}

function stay(ctx: MachineContext, effects: MachineEffect[] = []): Transition {
  return { context: ctx, effects }
}

function go(ctx: MachineContext, state: MachineState, effects: MachineEffect[] = []): Transition {
  return { context: { ...ctx, state }, effects }
}

function onSdkState(ctx: MachineContext, state: number, event: number, delay: RetryDelay): Transition {
  const s = ctx.state
  switch (state) {
    case ConnectionState.Connected:
      if (s.phase === 'connected' || s.phase === 'idle' || s.phase === 'kickedOut' || s.phase === 'stopped')
        return stay(ctx)
      return go(ctx, { phase: 'connected' }, s.phase === 'retryWait' ? [{ type: 'cancelRetry' }, ...upEffects(ctx)] : upEffects(ctx))

    case ConnectionState.Connecting:
    case ConnectionState.Reconnecting:
      // The SDK retries by itself; during our own attempt the attempt's timeout covers it.
      return s.phase === 'connected' ? go(ctx, { phase: 'sdkReconnecting' }) : stay(ctx)

    case ConnectionState.Disconnected: {
      if (s.phase === 'idle' || s.phase === 'kickedOut' || s.phase === 'stopped')
        return stay(ctx)
      // Success: a logout. The user's own goes through the 'logout' input first, so one
      // arriving here is ours (an abandoned attempt): nothing to do.
      if (event === ConnectionEvent.Success)
        return stay(ctx)
      if (event === ConnectionEvent.KickedOut) {
        const effects: MachineEffect[] = [{ type: 'cancelRetry' }]
        if (s.phase === 'signingIn')
          effects.push({ type: 'abandonLogin', loginID: s.loginID })
        return go(ctx, { phase: 'kickedOut' }, effects)
      }
      // During our own attempt, its result (or its timeout) decides what comes next.
      if (s.phase === 'signingIn' || s.phase === 'retryWait')
        return stay(ctx)
      if (event === ConnectionEvent.Unregistered)
        return go(ctx, { phase: 'stopped', cause: 'unregistered' })
      if (event === ConnectionEvent.TokenExpired)
        return signIn(ctx, 0, true, 'tokenExpired', [])
      // LoginTimeout, LoginInterrupted, ActiveLogin or anything new: log back in.
      return waitRetry(ctx, 0, delay, [])
    }
    default:
      return stay(ctx)
  }
}

/** The whole rule book: (context, input) → (context, effects). */
export function reduce(ctx: MachineContext, input: MachineInput, delay: RetryDelay): Transition {
  const s = ctx.state
  switch (input.type) {
    case 'login': {
      if (s.phase === 'connected' || s.phase === 'signingIn' || s.phase === 'sdkReconnecting')
        return stay(ctx)
      const effects: MachineEffect[] = s.phase === 'retryWait' ? [{ type: 'cancelRetry' }] : []
      // After a kick-out the user decides again: a fresh first login (it kicks the other device).
      const resume = s.phase === 'retryWait' || s.phase === 'stopped' || !!input.resume
      const attempt = s.phase === 'retryWait' ? s.attempt : 0
      return signIn(ctx, attempt, resume, input.resume ? 'restore' : 'user', effects)
    }

    case 'loginSucceeded':
      if (s.phase !== 'signingIn' || s.loginID !== input.loginID)
        return stay(ctx)
      return go(ctx, { phase: 'connected' }, upEffects(ctx))

    case 'loginFailed': {
      if (s.phase !== 'signingIn' || s.loginID !== input.loginID)
        return stay(ctx)
      if (!s.resume)
        return go(ctx, { phase: 'idle' })
      if (input.fatal)
        return go(ctx, { phase: 'stopped', cause: 'refused' })
      return waitRetry(ctx, s.attempt + 1, delay, [])
    }

    case 'sdkState':
      return onSdkState(ctx, input.state, input.event, delay)

    case 'retryDue':
      if (s.phase !== 'retryWait' || s.parked)
        return stay(ctx)
      if (!ctx.online || !ctx.foreground)
        return go(ctx, { phase: 'retryWait', attempt: s.attempt, parked: !ctx.online ? 'offline' : 'background' })
      return signIn(ctx, s.attempt, true, 'retry', [])

    case 'logout': {
      const effects: MachineEffect[] = [{ type: 'cancelRetry' }]
      if (s.phase === 'signingIn')
        effects.push({ type: 'abandonLogin', loginID: s.loginID })
      effects.push({ type: 'logoutSdk' })
      return go({ ...ctx, rooms: [] }, { phase: 'idle' }, effects)
    }

    case 'roomEntered':
      return ctx.rooms.includes(input.roomID) ? stay(ctx) : stay({ ...ctx, rooms: [...ctx.rooms, input.roomID] })

    case 'roomLeft':
      return ctx.rooms.includes(input.roomID) ? stay({ ...ctx, rooms: ctx.rooms.filter(id => id !== input.roomID) }) : stay(ctx)

    case 'network': {
      const next = { ...ctx, online: input.online }
      if (!input.online) {
        if (s.phase === 'retryWait' && (!s.parked || s.parked === 'background'))
          return go(next, { phase: 'retryWait', attempt: s.attempt, parked: 'offline' }, [{ type: 'cancelRetry' }])
        return stay(next)
      }
      return wake(next)
    }

    case 'appShow':
      return wake({ ...ctx, foreground: true })

    case 'appHide':
      return stay({ ...ctx, foreground: false })
  }
}

/** Network back or app in front: a waiting retry goes now; a live session checks for news. */
function wake(ctx: MachineContext): Transition {
  const s = ctx.state
  if (s.phase === 'connected')
    return stay(ctx, [{ type: 'catchUp' }])
  if (s.phase === 'retryWait') {
    if (!ctx.online || !ctx.foreground || s.parked === 'manual')
      return stay(ctx)
    return signIn(ctx, s.attempt, true, 'retry', s.parked ? [] : [{ type: 'cancelRetry' }])
  }
  return stay(ctx)
}

// ---- what the user sees ----

export interface ConnectionView {
  phase: ConnectionPhase
  /** '' while idle. */
  reason: ConnectionReason | ''
}

export function viewOf(ctx: MachineContext): ConnectionView {
  const s = ctx.state
  switch (s.phase) {
    case 'idle':
      return { phase: 'idle', reason: '' }
    case 'signingIn':
      return s.resume
        ? { phase: 'reconnecting', reason: s.cause === 'tokenExpired' ? 'connection.sessionExpired' : 'connection.reconnecting' }
        : { phase: 'connecting', reason: 'connection.signingIn' }
    case 'connected':
      return { phase: 'connected', reason: 'connection.connected' }
    case 'sdkReconnecting':
      return { phase: 'reconnecting', reason: 'connection.lostReconnecting' }
    case 'retryWait':
      if (s.parked === 'offline' || !ctx.online)
        return { phase: 'disconnected', reason: 'connection.offline' }
      if (s.parked === 'manual')
        return { phase: 'disconnected', reason: 'connection.lost' }
      return { phase: 'reconnecting', reason: 'connection.lostRetrying' }
    case 'kickedOut':
      return { phase: 'kickedOut', reason: 'connection.kickedOut' }
    case 'stopped':
      // A refused sign-in: the engine attaches the error that says why.
      return { phase: 'disconnected', reason: s.cause === 'unregistered' ? 'connection.unregistered' : 'connection.lost' }
  }
}

// ---- the runner ----

export interface ConnectionMachine {
  send: (input: MachineInput) => void
  readonly context: MachineContext
  readonly state: MachineState
  /** True while a retry timer is waiting. */
  readonly retryPending: boolean
  /** Whether `loginID` is the attempt in flight (an engine checks before each step of it). */
  isCurrentLogin: (loginID: number) => boolean
  /** Stops the timer; every later input is ignored. */
  dispose: () => void
}

export interface MachineOptions {
  delay: RetryDelay
  /** Default true. */
  autoRetry?: boolean
  /** Every effect but the timer ones, in order, after the state has changed. */
  onEffect: (effect: MachineEffect, machine: ConnectionMachine) => void
  /** After every input that changed the context. */
  onChange?: (ctx: MachineContext, previous: MachineContext, input: MachineInput) => void
}

export function createConnectionMachine(options: MachineOptions): ConnectionMachine {
  let ctx = initialContext(options.autoRetry ?? true)
  let timer: ReturnType<typeof setTimeout> | undefined
  let disposed = false
  // Effects may feed inputs back (a synchronous SDK event); they queue behind the current one.
  const queue: MachineInput[] = []
  let running = false

  function cancelTimer(): void {
    if (timer !== undefined)
      clearTimeout(timer)
    timer = undefined
  }

  function step(input: MachineInput): void {
    const previous = ctx
    const { context, effects } = reduce(ctx, input, options.delay)
    ctx = context
    if (ctx !== previous)
      options.onChange?.(ctx, previous, input)
    for (const effect of effects) {
      if (disposed)
        return
      if (effect.type === 'scheduleRetry') {
        cancelTimer()
        timer = setTimeout(() => {
          timer = undefined
          machine.send({ type: 'retryDue' })
        }, effect.delayMs)
      }
      else if (effect.type === 'cancelRetry') {
        cancelTimer()
      }
      else {
        options.onEffect(effect, machine)
      }
    }
  }

  const machine: ConnectionMachine = {
    send(input) {
      if (disposed)
        return
      queue.push(input)
      if (running)
        return
      running = true
      try {
        while (queue.length && !disposed)
          step(queue.shift()!)
      }
      finally {
        running = false
        queue.length = 0
      }
    },
    get context() {
      return ctx
    },
    get state() {
      return ctx.state
    },
    get retryPending() {
      return timer !== undefined
    },
    isCurrentLogin(loginID) {
      return !disposed && ctx.state.phase === 'signingIn' && ctx.state.loginID === loginID
    },
    dispose() {
      disposed = true
      cancelTimer()
    },
  }
  return machine
}
