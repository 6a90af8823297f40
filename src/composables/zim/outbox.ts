// The outbox: every message the user sends goes through it. It is shown at once as
// "sending", kept in storage (a reload does not lose it), and sent when the connection
// allows: one at a time per conversation, in the order written, at least `gapMs` apart
// (the SDK refuses a second send to one conversation within 100 ms: 6000004).
//
// An item's id is also the message's localMessageID, and the local service treats it as
// the send's idempotency key: trying again after a lost reply, or a resend of a failed
// message, never stores a second copy.
//
// Transient failures (network, timeout, not logged in while reconnecting, pacing) keep
// the item at the head of its conversation and try again; only failures while the
// connection was up count towards its kind's `maxAttempts`. A non-transient failure (the
// message itself is refused) marks the item failed with the reason; `retry` puts it back.
//
// Media (kind 'upload') has its own policy: each upload is its own lane (a 100 MB file
// does not hold up the texts written after it), is not paced (the SDK paces text and
// commands, not media), and may be cancelled while it goes. A kept upload whose file
// cannot outlive a restart is marked failed with the reason when it is loaded again
// (`revive`), never silently dropped.
import type { ZIMConversationType, ZIMMessage } from '@/zim/types'
import type { SendKind, SendPolicy } from './options'
import type { KeyValueStorage } from './persistence'

export type SendFailureKind = 'pacing' | 'transient' | 'fatal'

export interface OutboxError {
  code?: number
  message: string
}

export interface OutboxItem {
  /** Also the message's localMessageID and the service's idempotency key. */
  id: string
  conversationID: string
  conversationType: ZIMConversationType
  /** What to send: the content fields only (type, message, extendedData, …). */
  message: ZIMMessage
  /** Its retry and timeout policy: a text goes in seconds, an upload may take minutes. */
  kind: SendKind
  priority: number
  /** Client time the user sent it (ms). */
  createdAt: number
  state: 'pending' | 'failed'
  /** Failed tries while the connection was up. */
  attempts: number
  error?: OutboxError
  /** False for content JSON cannot keep (a command's bytes): memory only. */
  persist: boolean
  /**
   * Media: the file being sent, as the app keeps it (the SDK clears fileLocalPath on
   * success). `temporary`: a path that does not survive a restart (an H5 blob: URL, a
   * WeChat temp file that could not be saved).
   */
  localFile?: { path: string, temporary: boolean }
}

export interface OutboxOptions {
  storage: KeyValueStorage
  /** One try; resolves with the server's copy, rejects with the SDK's error. */
  send: (item: OutboxItem) => Promise<ZIMMessage>
  /** Whether a send may go now (the session is connected). */
  canSend: () => boolean
  classify: (error: unknown) => SendFailureKind
  describe: (error: unknown) => OutboxError
  /** Minimum time between two tries to one conversation. */
  gapMs: number
  /** Tries and pauses after a transient failure while still connected, per kind. */
  policy: (kind: SendKind) => Pick<SendPolicy, 'maxAttempts' | 'retryDelay'>
  onSent?: (item: OutboxItem, sent: ZIMMessage) => void
  onFailed?: (item: OutboxItem, error: OutboxError) => void
  /** A transient failure, before the next try (for diagnostics and tests). */
  onRetry?: (item: OutboxItem, error: unknown) => void
  /** A kept item loaded after a restart: an error marks it failed (its file is gone). */
  revive?: (item: OutboxItem) => OutboxError | null
  /** Stops a try in flight (the SDK's cancelSendingMessage); the try then rejects. */
  abort?: (item: OutboxItem) => void
}

interface Waiter {
  resolve: (message: ZIMMessage) => void
  reject: (error: unknown) => void
}

/** The user cancelled an upload (the SDK's code for an aborted send). */
const SEND_CANCELLED_CODE = 6000206
const CANCELLED: OutboxError = { code: SEND_CANCELLED_CODE, message: 'media.cancelled' }

export class OutboxCancelled extends Error {
  readonly rule = 'send.cancelled'
  constructor(message = 'send.cancelled') {
    super(message)
    this.name = 'OutboxCancelled'
  }
}

const KEY_PREFIX = 'zim-chat.outbox.'

export const outboxKey = (userID: string) => `${KEY_PREFIX}${userID}`

let idCounter = 0

/** A fresh id: unique on this device and, with the sender's userID, on the service. */
export function newOutboxID(now: number = Date.now()): string {
  idCounter = (idCounter + 1) % 1_679_616
  const random = Math.floor(Math.random() * 2_176_782_336).toString(36).padStart(6, '0')
  return `o${now.toString(36)}${random}${idCounter.toString(36).padStart(4, '0')}`
}

const laneOf = (item: Pick<OutboxItem, 'id' | 'conversationID' | 'conversationType' | 'kind'>) =>
  `${item.conversationType}:${item.conversationID}${item.kind === 'upload' ? `#${item.id}` : ''}`

function isItem(value: unknown): value is OutboxItem {
  const v = value as OutboxItem
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.conversationID === 'string'
    && typeof v.conversationType === 'number' && typeof v.message === 'object' && v.message !== null
    && (v.state === 'pending' || v.state === 'failed')
}

export function createOutbox(options: OutboxOptions) {
  let userID: string | null = null
  /** Insertion order is send order. */
  let items = new Map<string, OutboxItem>()
  const waiters = new Map<string, Waiter[]>()
  // A generation ends at clear(): its lanes stop at their next step.
  let generation = 0
  let running = new Set<string>()
  const lastTry = new Map<string, number>()
  let resumeWaiters: (() => void)[] = []
  const timers = new Set<ReturnType<typeof setTimeout>>()
  /** Items whose try is with the SDK now, and those the user cancelled meanwhile. */
  const inFlight = new Set<string>()
  const cancelled = new Set<string>()

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })
  }

  function nextResume(): Promise<void> {
    return new Promise(resolve => resumeWaiters.push(resolve))
  }

  function persist(): void {
    if (!userID)
      return
    const kept = [...items.values()].filter(i => i.persist)
    try {
      if (kept.length)
        options.storage.set(outboxKey(userID), JSON.stringify(kept))
      else
        options.storage.remove(outboxKey(userID))
    }
    catch {
      // Storage full or unavailable: the items still go from memory.
    }
  }

  function settle(id: string, outcome: { sent: ZIMMessage } | { error: unknown }): void {
    const list = waiters.get(id)
    waiters.delete(id)
    for (const w of list ?? []) {
      if ('sent' in outcome)
        w.resolve(outcome.sent)
      else
        w.reject(outcome.error)
    }
  }

  function waitFor(id: string): Promise<ZIMMessage> {
    return new Promise((resolve, reject) => {
      const list = waiters.get(id) ?? []
      list.push({ resolve, reject })
      waiters.set(id, list)
    })
  }

  function firstPending(lane: string): OutboxItem | undefined {
    for (const item of items.values()) {
      if (item.state === 'pending' && laneOf(item) === lane)
        return item
    }
    return undefined
  }

  function fail(item: OutboxItem, error: unknown, reason?: OutboxError): void {
    const described = reason ?? options.describe(error)
    item.state = 'failed'
    item.error = described
    persist()
    options.onFailed?.(item, described)
    settle(item.id, { error })
  }

  function kick(lane: string): void {
    if (running.has(lane))
      return
    running.add(lane)
    void runLane(lane, generation, running)
  }

  async function runLane(lane: string, gen: number, lanes: Set<string>): Promise<void> {
    const live = () => gen === generation
    try {
      while (live()) {
        const item = firstPending(lane)
        if (!item) {
          lanes.delete(lane)
          if (lane.includes('#'))
            lastTry.delete(lane)
          return
        }
        if (!options.canSend()) {
          await nextResume()
          continue
        }
        const wait = item.kind === 'upload' ? 0 : (lastTry.get(lane) ?? Number.NEGATIVE_INFINITY) + options.gapMs - Date.now()
        if (wait > 0) {
          await sleep(wait)
          continue
        }
        lastTry.set(lane, Date.now())
        let sent: ZIMMessage
        inFlight.add(item.id)
        try {
          sent = await options.send(item)
        }
        catch (error) {
          inFlight.delete(item.id)
          if (!live() || items.get(item.id) !== item || item.state !== 'pending')
            continue
          if (cancelled.delete(item.id)) {
            fail(item, error, CANCELLED)
            continue
          }
          const kind = options.classify(error)
          if (kind === 'fatal') {
            fail(item, error)
            continue
          }
          const connected = options.canSend()
          if (connected && kind === 'transient')
            item.attempts++
          const policy = options.policy(item.kind)
          if (item.attempts >= Math.max(1, policy.maxAttempts)) {
            fail(item, error)
            continue
          }
          item.error = options.describe(error)
          persist()
          options.onRetry?.(item, error)
          if (connected && kind === 'transient')
            await sleep(policy.retryDelay(item.attempts))
          continue
        }
        inFlight.delete(item.id)
        cancelled.delete(item.id)
        if (!live())
          return
        if (items.get(item.id) === item) {
          items.delete(item.id)
          persist()
        }
        options.onSent?.(item, sent)
        settle(item.id, { sent })
      }
    }
    catch (error) {
      // A bug in a callback must not leave the lane marked as running for ever.
      lanes.delete(lane)
      throw error
    }
  }

  /**
   * Forgets everything in memory (lanes stop, waiting callers get OutboxCancelled);
   * `forget` also deletes what storage keeps for this user (logout).
   */
  function clear(forget = true): void {
    generation++
    running = new Set()
    if (forget && userID) {
      try {
        options.storage.remove(outboxKey(userID))
      }
      catch {
        // nothing kept
      }
    }
    const ids = [...waiters.keys()]
    items = new Map()
    lastTry.clear()
    inFlight.clear()
    cancelled.clear()
    for (const timer of timers)
      clearTimeout(timer)
    timers.clear()
    const list = resumeWaiters
    resumeWaiters = []
    for (const wake of list)
      wake()
    for (const id of ids)
      settle(id, { error: new OutboxCancelled() })
    if (forget)
      userID = null
  }

  return {
    clear,

    /**
     * Switches to `next`'s outbox (null: nobody) and returns its kept items, oldest
     * first, for the caller to show. Pending ones are sent once `resume` is called.
     */
    setUser(next: string | null): OutboxItem[] {
      if (next === userID)
        return [...items.values()]
      clear(false)
      userID = next
      if (!next)
        return []
      let loaded: unknown
      try {
        loaded = JSON.parse(options.storage.get(outboxKey(next)) ?? '[]')
      }
      catch {
        loaded = []
      }
      for (const raw of Array.isArray(loaded) ? loaded : []) {
        if (!isItem(raw) || items.has(raw.id))
          continue
        items.set(raw.id, { ...raw, kind: raw.kind ?? 'text', attempts: raw.attempts ?? 0, persist: true })
      }
      let changed = false
      for (const item of items.values()) {
        const lost = item.state === 'pending' ? options.revive?.(item) : null
        if (lost) {
          item.state = 'failed'
          item.error = lost
          changed = true
        }
      }
      if (changed)
        persist()
      for (const item of items.values()) {
        if (item.state === 'pending')
          kick(laneOf(item))
      }
      return [...items.values()]
    },

    /** Adds an item; resolves once it is sent, rejects if it finally fails (or on clear). */
    enqueue(item: OutboxItem): Promise<ZIMMessage> {
      items.set(item.id, item)
      persist()
      const done = waitFor(item.id)
      kick(laneOf(item))
      return done
    },

    /** A failed item goes back to the queue (same id: the service will not store it twice). */
    retry(id: string): Promise<ZIMMessage> | null {
      const item = items.get(id)
      if (!item || item.state !== 'failed')
        return null
      // Back at the end of its conversation's queue, as a message sent now would be.
      items.delete(id)
      items.set(id, { ...item, state: 'pending', attempts: 0, error: undefined })
      persist()
      const done = waitFor(id)
      kick(laneOf(item))
      return done
    },

    /**
     * The user cancelled a send (an upload): one in flight is aborted and fails with
     * 'media.cancelled' when the SDK gives up; one still waiting fails at once. It stays
     * as a failed item (its file kept) that can be sent again. False unless pending.
     */
    cancel(id: string): boolean {
      const item = items.get(id)
      if (!item || item.state !== 'pending')
        return false
      if (inFlight.has(id)) {
        cancelled.add(id)
        options.abort?.(item)
        return true
      }
      fail(item, new OutboxCancelled(), CANCELLED)
      return true
    },

    /** The user deleted a failed item: it is not kept for another try. False unless it was failed. */
    discard(id: string): boolean {
      if (items.get(id)?.state !== 'failed')
        return false
      items.delete(id)
      persist()
      return true
    },

    /** The connection is up: every waiting conversation goes on. */
    resume(): void {
      const list = resumeWaiters
      resumeWaiters = []
      for (const wake of list)
        wake()
      for (const item of items.values()) {
        if (item.state === 'pending')
          kick(laneOf(item))
      }
    },

    get(id: string): OutboxItem | undefined {
      return items.get(id)
    },

    isPending(id: string): boolean {
      return items.get(id)?.state === 'pending'
    },

    list(): OutboxItem[] {
      return [...items.values()]
    },

    get size(): number {
      return items.size
    },
  }
}

