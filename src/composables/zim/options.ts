// Every option of useZim (and of the engine behind it) and every default, in one place.
import type { Pinia } from 'pinia'
import type { CacheBounds } from '@/cache/writer'
import type { ZimStatic } from '@/zim/types'
import type { KeyValueStorage } from './persistence'
import type { PlatformSignals } from './platform'
import { defaultRetryDelay, type RetryDelay } from './retry'
import type { FetchToken } from './token'

/** What the outbox sends: text-like messages go in seconds, uploads may take minutes. */
export type SendKind = 'text' | 'upload'

/** How long one try of a send may take and how often it is tried while connected. */
export interface SendPolicy {
  /** A try the SDK has not settled by then counts as failed (and is tried again, same id). */
  timeoutMs: number
  /** Failed tries while connected before the message shows as failed. */
  maxAttempts: number
  /** Wait after such a failure, by attempt (1-based). */
  retryDelay: (attempt: number) => number
}

/** The tuning every deployment starts from. */
export interface ZimTuning {
  /**
   * The SDK's own login can stay pending forever with the network down.
   * @default 15_000
   */
  loginTimeoutMs: number
  /**
   * Wait before each automatic re-login attempt.
   * @default first try within 1 s, then backoff to 30 s with jitter (retry.ts)
   */
  retryDelay: RetryDelay
  /**
   * Log back in by itself after a drop the user did not ask for (never after a kick-out).
   * @default true
   */
  autoReconnect: boolean
  /**
   * Which SDK message events to listen to: never both sets, or messages arrive twice.
   * @default 'current' (peer/room/groupMessageReceived)
   */
  messageEvents: 'current' | 'deprecated'
  /** @default 30 */
  historyPageSize: number
  /**
   * The SDK rejects a second send to one conversation within 100 ms (6000004).
   * @default 110
   */
  sendGapMs: number
  /**
   * Waits between tries of a token renewal; after the last, the re-login on expiry takes over.
   * @default [1000, 2000, 4000, 8000]
   */
  renewRetryDelaysMs: readonly number[]
  /**
   * Pages of history a catch-up walks back to close a gap in the open chat.
   * @default 10
   */
  catchUpMaxPages: number
  /**
   * Per kind of send. The SDK itself gives up on a send after 30–50 s offline.
   * @default text: 60 s a try, 8 tries, 500 ms × attempt (at most 5 s) between them;
   *          upload: 10 min a try, 3 tries, 2 s × attempt (at most 30 s)
   */
  sendPolicy: Record<SendKind, SendPolicy>
  // ---- the local cache (issue 12, src/cache) ----
  /**
   * The conversation list and each conversation's recent messages in storage, per user.
   * WeChat allows 10 MB per mini-program and 1 MB per key; 8 MB leaves room for the
   * outbox, drafts and the session. H5's localStorage holds ~5 M UTF-16 characters in
   * Chromium: past that a write fails and the least recently used conversations go.
   * @default maxBytes 8 MB, maxKeyBytes 900 KB, maxMessages 500 a conversation,
   *          flushed after quietMs 1000 without a change (at most maxDelayMs 5000 after the first)
   */
  cache: CacheBounds
}

export const ENGINE_DEFAULTS: ZimTuning = {
  loginTimeoutMs: 15_000,
  retryDelay: defaultRetryDelay,
  autoReconnect: true,
  messageEvents: 'current',
  historyPageSize: 30,
  sendGapMs: 110,
  renewRetryDelaysMs: [1000, 2000, 4000, 8000],
  catchUpMaxPages: 10,
  sendPolicy: {
    text: { timeoutMs: 60_000, maxAttempts: 8, retryDelay: attempt => Math.min(5000, 500 * attempt) },
    upload: { timeoutMs: 600_000, maxAttempts: 3, retryDelay: attempt => Math.min(30_000, 2000 * attempt) },
  },
  cache: { maxBytes: 8 * 1024 * 1024, maxKeyBytes: 900 * 1024, maxMessages: 500, quietMs: 1000, maxDelayMs: 5000 },
}

/** Where the app gets its SDK, AppID, token, storage and platform signals. */
export interface ZimEnvironment {
  /**
   * @default the build's implementation (`@zim-sdk`: the local stand-in, or ZEGO's SDK)
   */
  zim: ZimStatic
  /** @default VITE_ZIM_APP_ID (src/zim/config.ts) */
  appID: number
  /** @default a POST to VITE_TOKEN_URL (token.ts) */
  fetchToken: FetchToken
  /**
   * Remembers who is signed in, and the outbox, across restarts.
   * @default uni storage (memory where there is none)
   */
  storage: KeyValueStorage
  /**
   * Network and foreground signals for the connection machine.
   * @default uni.onNetworkStatusChange / onAppShow / onAppHide (nothing in Node)
   */
  platform?: PlatformSignals
  /** @default the active Pinia */
  pinia?: Pinia
  /**
   * Moves a temporary media file somewhere that survives a restart (null: it cannot).
   * @default uni.saveFile on a mini-program; none on H5 (mediaFiles.ts)
   */
  saveFile?: (path: string) => Promise<string | null>
}

/** What createZimEngine takes: the environment, and any tuning to override. */
export type EngineOptions = ZimEnvironment & Partial<Omit<ZimTuning, 'sendPolicy' | 'cache'>> & {
  sendPolicy?: { [K in SendKind]?: Partial<SendPolicy> }
  cache?: Partial<CacheBounds>
}

export function resolveTuning(options: Partial<EngineOptions>): ZimTuning {
  const picked = {} as Record<string, unknown>
  for (const key of Object.keys(ENGINE_DEFAULTS) as (keyof ZimTuning)[])
    picked[key] = options[key] ?? ENGINE_DEFAULTS[key]
  const policy = options.sendPolicy ?? {}
  return {
    ...(picked as unknown as ZimTuning),
    catchUpMaxPages: Math.max(1, (picked.catchUpMaxPages as number)),
    sendPolicy: {
      text: { ...ENGINE_DEFAULTS.sendPolicy.text, ...policy.text },
      upload: { ...ENGINE_DEFAULTS.sendPolicy.upload, ...policy.upload },
    },
    cache: { ...ENGINE_DEFAULTS.cache, ...options.cache },
  }
}
