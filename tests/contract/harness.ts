// Small tools the contract scenarios share: promise tracking, waiting, wording outcomes,
// and an engine (the code behind useZim) wired to a driver's SDK instance.
import { createPinia } from 'pinia'
import { vi } from 'vitest'
import { createZimEngine, type EngineOptions, type ZimActionError } from '@/composables/zim/engine'
import { memoryStorage } from '@/composables/zim/persistence'
import type { FetchToken } from '@/composables/zim/token'
import { useSessionStore } from '@/stores/session'
import { isZimError } from '@/zim/errors'
import type { ZIMLoginConfig } from 'zego-zim-miniprogram'
import type { ZimClient } from '@/zim/types'
import { sleep } from '../helpers/wait'
import type { Driver } from './drivers'

/** A recorded outcome: short, JSON-friendly values only (they end up in docs/contract.md). */
export type Outcome = Record<string, string | number | boolean | null>

export interface Ctx {
  appID: number
  /** Tokens from the real local token service (POST /api/token). */
  fetchToken: FetchToken
  token: (userID: string) => Promise<string>
  /** A well-formed Token04 signed with the service's secret, at any time and lifetime. */
  sign: (userID: string, options: { now?: number, ttl?: number }) => string
}

export { sleep, until, waitFor } from '../helpers/wait'

export interface Tracked<T> {
  state: 'pending' | 'resolved' | 'rejected'
  value?: T
  error?: unknown
  settled: Promise<void>
}

/** Follows a promise without awaiting it (the SDK's login may never settle). */
export function track<T>(promise: Promise<T>): Tracked<T> {
  const t: Tracked<T> = { state: 'pending', settled: Promise.resolve() }
  t.settled = promise.then(
    (value) => {
      t.state = 'resolved'
      t.value = value
    },
    (error) => {
      t.state = 'rejected'
      t.error = error
    },
  )
  return t
}

/** An error in a few words: ZIM errors as "code message", others as "Name: message". */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const rule = (error as ZimActionError).rule
    return rule ? `${rule}: ${error.message}` : `${error.name}: ${error.message}`
  }
  if (isZimError(error))
    return `${error.code} ${error.message}`
  return String(error)
}

export function stateText(t: Tracked<unknown>): string {
  if (t.state === 'rejected')
    return `rejected ${errorText(t.error)}`
  return t.state
}

/** Runs `fn`; a synchronous throw is reported as "throws Name", a promise by its state after `ms`. */
export async function outcomeOf(fn: () => unknown, ms = 20): Promise<string> {
  let result: unknown
  try {
    result = fn()
  }
  catch (error) {
    return `throws ${(error as Error)?.name ?? typeof error}`
  }
  if (!(result instanceof Promise))
    return `returns ${String(result)}`
  const t = track(result)
  await Promise.race([t.settled, sleep(ms)])
  return stateText(t)
}

export function loginConfig(token: string, userName = 'Alice'): ZIMLoginConfig {
  return { userName, token, isOfflineLogin: false, customStatus: '', customStatusDuration: 0 } as ZIMLoginConfig
}

/** Wraps `client[method]` to count calls (the instance keeps its identity); `restore` undoes it. */
export function countCalls(client: ZimClient, method: 'login' | 'logout' | 'sendMessage') {
  const target = client as unknown as Record<string, (...args: unknown[]) => unknown>
  const original = target[method]
  let count = 0
  target[method] = function (this: unknown, ...args: unknown[]) {
    count++
    return original.apply(this, args)
  }
  return {
    count: () => count,
    restore: () => {
      delete target[method]
      if (target[method] !== original)
        target[method] = original
    },
  }
}

export interface SeenEvent { type: string, data: Record<string, unknown> }

/**
 * Records the events reaching handlers registered through `client.on` from now on
 * (the engine's too), without adding a handler of our own: the SDK keeps one per event.
 */
export function recordEvents(client: ZimClient) {
  const seen: SeenEvent[] = []
  const target = client as unknown as { on: (type: string, fn: (...args: unknown[]) => void) => void }
  const original = target.on
  target.on = function (this: unknown, type: string, fn: (...args: unknown[]) => void) {
    return original.call(this, type, (...args: unknown[]) => {
      seen.push({ type, data: args[1] as Record<string, unknown> })
      return fn(...args)
    })
  }
  return {
    seen,
    /** "state,event" of each connectionStateChanged, in order. */
    states: () => seen.filter(e => e.type === 'connectionStateChanged').map(e => `${e.data.state},${e.data.event}`),
    restore: () => {
      delete (target as { on?: unknown }).on
      if (target.on !== original)
        target.on = original
    },
  }
}

/** Distinct values in first-seen order, joined: "3,3 → 0,0". */
export function distinct(list: string[]): string {
  return list.filter((v, i) => i === 0 || list[i - 1] !== v).join(' → ') || '(none)'
}

/** The engine behind useZim, with its own Pinia, on the driver's SDK instance. */
export function engineFor(d: Driver, ctx: Ctx, overrides: Partial<EngineOptions> = {}) {
  const pinia = createPinia()
  const fetchToken = vi.fn(overrides.fetchToken ?? ctx.fetchToken)
  const engine = createZimEngine({
    zim: d.ZIM,
    appID: ctx.appID,
    storage: memoryStorage(),
    loginTimeoutMs: 2000,
    // Our own re-login is not under test here: it would only blur the SDK's behaviour.
    retryDelay: () => 60_000,
    autoReconnect: false,
    messageEvents: 'current',
    historyPageSize: 30,
    sendGapMs: 110,
    pinia,
    ...overrides,
    fetchToken,
  })
  return { engine, pinia, session: useSessionStore(pinia), fetchToken }
}
