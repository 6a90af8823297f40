// Module-level settings of the stand-in: where the local ZIM service is and how to reach it.
// The app sets them once at start-up (or relies on the defaults); tests call configure().
import { PROTOCOL_PATH } from './protocol'
import type { FileIO } from './media'
import { type SocketFactory, uniSocketFactory } from './transport'

export interface LocalZimConfig {
  /** WebSocket URL of the local ZIM service; default VITE_ZIM_LOCAL_URL or ws://127.0.0.1:9800/zim. */
  url: string
  socketFactory: SocketFactory
  /** One connect-and-login attempt that takes longer than this is abandoned and retried. */
  loginTimeoutMs: number
  /**
   * Wait before each reconnect attempt, by attempt number; past the end the last entry
   * repeats. `null` = the SDK's schedule: random 0.5–2 s, then 2, 2, 4, 4, 8, 8, 16, 16,
   * 32, 32 s, then every 32 s.
   */
  retryDelaysMs: readonly number[] | null
  /** A send (or other request) without an answer by then fails with 6000104. */
  sendTimeoutMs: number
  /**
   * TEST ONLY knobs for time-compressed runs; the defaults are the SDK's behaviour.
   * sendMinGapMs: a second text send to one conversation within this rejects 6000004 (100).
   * tokenWarningMs: tokenWillExpire comes this long before the token expires (30 000).
   * tokenDropBeforeMs: the connection drops with TokenExpired this long before expiry (2 000).
   */
  sendMinGapMs: number
  tokenWarningMs: number
  tokenDropBeforeMs: number
  /**
   * After the service refuses a login, every login within this long is rejected at once
   * with the same error, without asking the service (the real SDK's 10 s; 0 turns it off).
   */
  loginLockoutMs: number
  /**
   * Where an exception thrown by an app's event handler goes. The default rethrows it
   * from a fresh task so it surfaces as uncaught, as it does with the SDK.
   */
  reportHandlerError: (error: unknown) => void
  /** reading and uploading local files (media.ts); default uni.uploadFile and uni's file system. */
  fileIO?: FileIO
}

const SDK_RETRY_DELAYS_S = [2, 2, 4, 4, 8, 8, 16, 16, 32, 32] as const

function rethrowLater(error: unknown): void {
  setTimeout(() => {
    throw error
  }, 0)
}

function defaultUrl(): string {
  return import.meta.env?.VITE_ZIM_LOCAL_URL || `ws://127.0.0.1:9800${PROTOCOL_PATH}`
}

function defaults(): LocalZimConfig {
  return {
    url: defaultUrl(),
    socketFactory: uniSocketFactory,
    loginTimeoutMs: 10_000,
    retryDelaysMs: null,
    sendTimeoutMs: 30_000,
    sendMinGapMs: 100,
    tokenWarningMs: 30_000,
    tokenDropBeforeMs: 2_000,
    loginLockoutMs: 10_000,
    reportHandlerError: rethrowLater,
  }
}

let current: LocalZimConfig = defaults()

/** Changes some settings; takes effect for connections and requests started afterwards. */
export function configure(options: Partial<LocalZimConfig>): void {
  const next = { ...current }
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined)
      (next as Record<string, unknown>)[key] = value
  }
  current = next
}

/** Back to the defaults (tests). */
export function resetConfig(): void {
  current = defaults()
}

export function getConfig(): Readonly<LocalZimConfig> {
  return current
}

/** Milliseconds to wait before reconnect attempt number `attempt` (0-based). */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const list = current.retryDelaysMs
  if (list && list.length > 0)
    return list[Math.min(attempt, list.length - 1)]
  if (attempt === 0)
    return Math.round(500 + random() * 1500)
  return 1000 * SDK_RETRY_DELAYS_S[Math.min(attempt - 1, SDK_RETRY_DELAYS_S.length - 1)]
}
