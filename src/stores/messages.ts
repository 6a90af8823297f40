import { computed, reactive, ref, toRaw } from 'vue'
import { defineStore } from 'pinia'
import type { ZIMConversationType, ZIMMessage } from '@/zim/types'
import { conversationKey } from './keys'
import {
  compareEntries, insertionIndex, isInPlace, mergeMedia, mergeSorted, toEntry,
  type EntryOverride, type MessageEntry, type ReceiptInfo, type SendError,
} from './messageList'
import type { MessageStatus } from './messageView'
import { typedGetters } from './typedGetters'

export type { MessageEntry, SendError } from './messageList'

/** One message's receipt as the SDK reports it (messageReceiptChanged). */
export interface ReceiptUpdate extends ReceiptInfo {
  conversationID: string
  conversationType: ZIMConversationType
  messageID: string
}

/** Which message: the server's ID, or our local ID for a send the server has not seen. */
export interface MessageRef {
  messageID?: string
  localMessageID?: string
}
export { conversationKey }

/** Where a history page sits (reconcilePage). */
export interface PageEdges {
  newest: boolean
  complete: boolean
  anchor?: ZIMMessage
}

interface ListIndex {
  byMessageID: Map<string, MessageEntry>
  /** Our own sends only: another sender's local IDs mean nothing on this device. */
  byLocalID: Map<string, MessageEntry>
}

const EMPTY: readonly MessageEntry[] = Object.freeze([])
const NO_GAPS: readonly string[] = Object.freeze([])

// Sent is final. Failed returns to sending only through markResending, so a stale
// "sending" copy cannot revive it; a copy proving delivery (sent) may still confirm it.
function nextStatus(current: MessageStatus, incoming: MessageStatus): MessageStatus {
  if (current === 'sent') return 'sent'
  if (current === 'failed') return incoming === 'sent' ? 'sent' : 'failed'
  return incoming
}

/** Folds a second copy of a message into its entry; true when its place may have moved. */
function mergeInto(entry: MessageEntry, incoming: MessageEntry): boolean {
  const before = `${entry.orderKey}|${entry.timestamp}|${entry.status}`
  // A copy without a messageID (the attached local copy) is older news than one with it.
  const authoritative = !!incoming.messageID || !entry.messageID
  if (!entry.messageID && incoming.messageID) entry.messageID = incoming.messageID
  if (!entry.localMessageID && incoming.localMessageID) entry.localMessageID = incoming.localMessageID
  entry.status = nextStatus(entry.status, incoming.status)
  if (entry.status !== 'failed') delete entry.error
  if (entry.status === 'sent') delete entry.progress
  if (authoritative) {
    entry.senderUserID = incoming.senderUserID || entry.senderUserID
    entry.type = incoming.type
    entry.text = incoming.text
    if (incoming.media) entry.media = mergeMedia(entry.media, incoming.media)
    if (incoming.custom) entry.custom = incoming.custom
    if (incoming.combine) entry.combine = incoming.combine
    if (incoming.revoked) entry.revoked = true
    if (incoming.timestamp) entry.timestamp = incoming.timestamp
    if (incoming.orderKey !== undefined) entry.orderKey = incoming.orderKey
    if (incoming.messageSeq !== undefined) entry.messageSeq = incoming.messageSeq
    // read receipts: a copy never takes a receipt back (Done stays Done), a recall drops it
    if (incoming.revoked) delete entry.receipt
    else if (incoming.receipt && (!entry.receipt || incoming.receipt.status > entry.receipt.status)) entry.receipt = incoming.receipt
    entry.raw = incoming.raw
  }
  return before !== `${entry.orderKey}|${entry.timestamp}|${entry.status}`
}

function find(index: ListIndex, incoming: MessageEntry): MessageEntry | undefined {
  const byID = incoming.messageID && index.byMessageID.get(incoming.messageID)
  if (byID) return byID
  if (incoming.direction !== 'out' || !incoming.localMessageID) return undefined
  const byLocal = index.byLocalID.get(incoming.localMessageID)
  // Two different server IDs are two messages, whatever their local IDs say.
  if (byLocal?.messageID && incoming.messageID && byLocal.messageID !== incoming.messageID) return undefined
  return byLocal
}

function addToIndex(index: ListIndex, entry: MessageEntry): void {
  if (entry.messageID) index.byMessageID.set(entry.messageID, entry)
  if (entry.direction === 'out' && entry.localMessageID) index.byLocalID.set(entry.localMessageID, entry)
}

export const useMessagesStore = typedGetters(defineStore('messages', () => {
  /** Ordered entries per conversationKey(); change them only through the actions. */
  const byConversation = ref<Record<string, MessageEntry[]>>({})
  // Lookups, not state: rebuilt from the list whenever missing (e.g. after hydration).
  const indexes = new Map<string, ListIndex>()

  const listFor = computed(() => (conversationID: string, type: ZIMConversationType): readonly MessageEntry[] =>
    byConversation.value[conversationKey(conversationID, type)] ?? EMPTY)

  function indexFor(key: string): ListIndex {
    let index = indexes.get(key)
    if (!index) {
      index = { byMessageID: new Map(), byLocalID: new Map() }
      for (const entry of byConversation.value[key] ?? []) addToIndex(index, entry)
      indexes.set(key, index)
    }
    return index
  }

  function findOwn(localMessageID: string, key?: string): MessageEntry | undefined {
    const keys = key !== undefined ? [key] : Object.keys(byConversation.value)
    for (const k of keys) {
      const hit = byConversation.value[k] && indexFor(k).byLocalID.get(localMessageID)
      if (hit) return hit
    }
    return undefined
  }

  function ownEntryOf(message: ZIMMessage): MessageEntry | undefined {
    const { localMessageID, conversationID, conversationType } = message
    if (!localMessageID || !conversationID || conversationType === undefined) return undefined
    return findOwn(localMessageID, conversationKey(conversationID, conversationType))
  }

  // Appending (the live case) pushes; anything landing earlier merges in one pass.
  function insert(key: string, entries: MessageEntry[]): void {
    const added = entries.map(e => toRaw(e)).sort(compareEntries)
    const list = byConversation.value[key]
    if (!list?.length) {
      byConversation.value[key] = added
      return
    }
    const held = toRaw(list)
    if (compareEntries(held[held.length - 1], added[0]) <= 0) list.push(...added)
    else byConversation.value[key] = mergeSorted(held, added)
  }

  function reposition(key: string, entry: MessageEntry): void {
    const list = byConversation.value[key]
    if (!list) return
    const held = toRaw(list)
    const target = toRaw(entry)
    const i = held.lastIndexOf(target) // recent messages are the ones that move
    if (i < 0 || isInPlace(held, i)) return
    const next = held.slice()
    next.splice(i, 1)
    next.splice(insertionIndex(next, target), 0, target)
    byConversation.value[key] = next
  }

  function ingest(messages: readonly ZIMMessage[], override?: EntryOverride): void {
    const added = new Map<string, MessageEntry[]>()
    for (const message of messages) {
      const incoming = toEntry(message, override)
      if (!incoming) continue
      const key = conversationKey(incoming.conversationID, incoming.conversationType)
      const index = indexFor(key)
      const held = find(index, incoming)
      if (held) {
        if (mergeInto(held, incoming)) reposition(key, held)
        addToIndex(index, held)
        continue
      }
      const entry = reactive(incoming) as MessageEntry
      addToIndex(index, entry) // so a duplicate later in the same batch merges into it
      const batch = added.get(key)
      if (batch) batch.push(entry)
      else added.set(key, [entry])
    }
    for (const [key, entries] of added) insert(key, entries)
  }

  /** onMessageAttached: our local copy, before the server has seen it. */
  function attach(message: ZIMMessage): void {
    ingest([message], { direction: 'out' })
  }

  /** sendMessage resolved: the server accepted it. */
  function confirmSent(message: ZIMMessage): void {
    ingest([message], { direction: 'out', status: 'sent' })
  }

  /** Live messages (either event, duplicates welcome) and history pages alike. */
  function receive(messages: readonly ZIMMessage[]): void {
    ingest(messages)
  }

  /** False when there is no such send or it was already delivered. */
  function markFailed(message: ZIMMessage, error: SendError): boolean
  function markFailed(localMessageID: string, key: string, error: SendError): boolean
  function markFailed(target: ZIMMessage | string, keyOrError: string | SendError, maybeError?: SendError): boolean {
    const entry = typeof target === 'string'
      ? findOwn(target, keyOrError as string)
      : ownEntryOf(target)
    const error = (typeof target === 'string' ? maybeError : keyOrError) as SendError
    if (!entry || entry.status === 'sent') return false
    entry.status = 'failed'
    delete entry.progress
    entry.error = error.code === undefined ? { message: error.message } : { code: error.code, message: error.message }
    return true
  }

  /** messageSentStatusChanged: the SDK's own verdict on one of our sends. */
  function applySentStatus(message: ZIMMessage, reason?: string): void {
    ingest([message], { direction: 'out' })
    const entry = ownEntryOf(message)
    if (entry?.status === 'failed' && !entry.error && reason) entry.error = { message: reason }
  }

  /** The anchor for the next history page: the oldest message the server knows. */
  function oldestConfirmed(conversationID: string, type: ZIMConversationType): ZIMMessage | undefined {
    return byConversation.value[conversationKey(conversationID, type)]?.find(e => e.messageID)?.raw
  }

  /** Whether the list holds this server message: one lookup, not a walk of the list. */
  function hasMessage(conversationID: string, type: ZIMConversationType, messageID: string): boolean {
    const key = conversationKey(conversationID, type)
    return !!byConversation.value[key] && indexFor(key).byMessageID.has(messageID)
  }

  /** Removes a failed send so it can be sent again as a new message; only a failed one. */
  function take(conversationID: string, type: ZIMConversationType, localMessageID: string): MessageEntry | undefined {
    const key = conversationKey(conversationID, type)
    const entry = findOwn(localMessageID, key)
    const list = byConversation.value[key]
    if (!entry || !list || entry.status !== 'failed') return undefined
    byConversation.value[key] = toRaw(list).filter(e => e !== toRaw(entry))
    indexFor(key).byLocalID.delete(localMessageID)
    if (entry.messageID) indexFor(key).byMessageID.delete(entry.messageID)
    return entry
  }

  /** True only on the failed → sending step, so a double tap cannot send twice. */
  function markResending(localMessageID: string, key?: string): boolean {
    const entry = findOwn(localMessageID, key)
    if (entry?.status !== 'failed') return false
    entry.status = 'sending'
    delete entry.error
    delete entry.progress
    return true
  }

  /** An upload's progress; ignored once the send is through. */
  function setProgress(localMessageID: string, key: string, current: number, total: number): void {
    const entry = findOwn(localMessageID, key)
    if (entry && entry.status !== 'sent') entry.progress = { current, total }
  }

  function applyReceipts(updates: readonly ReceiptUpdate[]): void {
    for (const u of updates) {
      const key = conversationKey(u.conversationID, u.conversationType)
      const entry = byConversation.value[key] && indexFor(key).byMessageID.get(u.messageID)
      if (!entry) continue
      entry.receipt = {
        status: u.status,
        ...(u.readMemberCount !== undefined && { readMemberCount: u.readMemberCount }),
        ...(u.unreadMemberCount !== undefined && { unreadMemberCount: u.unreadMemberCount }),
      }
    }
  }

  // ---- read receipts: a peer read the whole conversation ("all mine up to t are read") ----
  function markOwnReadUpTo(conversationID: string, type: ZIMConversationType, upTo: number): void {
    for (const entry of byConversation.value[conversationKey(conversationID, type)] ?? []) {
      if (entry.direction === 'out' && entry.receipt && entry.receipt.status < 2 && entry.timestamp <= upTo)
        entry.receipt = { status: 2, readMemberCount: 1, unreadMemberCount: 0 }
    }
  }

  /** Deleted messages leave the list (and its lookups). */
  function removeMessages(conversationID: string, type: ZIMConversationType, refs: readonly MessageRef[]): void {
    const key = conversationKey(conversationID, type)
    const list = byConversation.value[key]
    if (!list) return
    const index = indexFor(key)
    const doomed = new Set<MessageEntry>()
    for (const ref of refs) {
      const hit = (ref.messageID && index.byMessageID.get(ref.messageID)) || (ref.localMessageID && index.byLocalID.get(ref.localMessageID))
      if (hit) doomed.add(toRaw(hit))
    }
    if (!doomed.size) return
    for (const entry of doomed) {
      if (entry.messageID) index.byMessageID.delete(entry.messageID)
      if (entry.localMessageID && index.byLocalID.get(entry.localMessageID) && toRaw(index.byLocalID.get(entry.localMessageID)!) === entry)
        index.byLocalID.delete(entry.localMessageID)
    }
    byConversation.value[key] = toRaw(list).filter(e => !doomed.has(toRaw(e)))
  }

  // ---- gaps around an anchor (a chat opened at a message from search; utils/historyGaps) ----

  /** Per conversationKey(): server messageIDs after which the server may hold messages the list lacks. */
  const gaps = ref<Record<string, string[]>>({})
  const gapsFor = computed(() => (conversationID: string, type: ZIMConversationType): readonly string[] =>
    gaps.value[conversationKey(conversationID, type)] ?? NO_GAPS)

  function setGaps(conversationID: string, type: ZIMConversationType, edges: readonly string[]): void {
    const key = conversationKey(conversationID, type)
    if (edges.length) gaps.value[key] = [...edges]
    else delete gaps.value[key]
  }
  // ---- end of gaps ----

  function removeConversation(key: string): void {
    delete byConversation.value[key]
    delete gaps.value[key]
    indexes.delete(key)
    cachedOnly.delete(key)
  }

  // ---- the local cache (h12cache): hydrate, range reconcile ----
  // Server messages only the cache vouches for, per conversation: a fresh page decides.
  const cachedOnly = new Map<string, Set<string>>()

  /** Entries read from the cache; what the store already holds wins (nothing doubled). */
  function hydrate(key: string, entries: readonly MessageEntry[]): void {
    const index = indexFor(key)
    const vouched = cachedOnly.get(key) ?? new Set<string>()
    const fresh: MessageEntry[] = []
    for (const incoming of entries) {
      if (!incoming.messageID || index.byMessageID.has(incoming.messageID)) continue
      const entry = reactive({ ...incoming }) as MessageEntry
      addToIndex(index, entry)
      vouched.add(incoming.messageID)
      fresh.push(entry)
    }
    cachedOnly.set(key, vouched)
    if (fresh.length) insert(key, fresh)
  }

  /**
   * A fresh history page: cached messages inside its range that it lacks were deleted or
   * recalled elsewhere, and go. `newest`: nothing is newer than the page (the open end
   * reaches now); `anchor`: the page was asked for before it, so it reaches up to it;
   * `complete`: nothing is older (a short page).
   */
  function reconcilePage(conversationID: string, type: ZIMConversationType, page: readonly ZIMMessage[], edges: PageEdges): void {
    const key = conversationKey(conversationID, type)
    const vouched = cachedOnly.get(key)
    if (!vouched?.size) return
    const inPage = new Set<string>()
    const placed = page.map(m => toEntry(m)).filter((e): e is MessageEntry => !!e?.messageID).sort(compareEntries)
    for (const e of placed) inPage.add(e.messageID!)
    const first = placed[0]
    const last = placed[placed.length - 1]
    if (!first && !(edges.newest && edges.complete)) return
    const anchor = edges.anchor && toEntry(edges.anchor)
    const inRange = (e: MessageEntry) => (edges.complete || compareEntries(first, e) <= 0)
      && (edges.newest || (anchor ? compareEntries(e, anchor) < 0 && e.messageID !== anchor.messageID : compareEntries(e, last) <= 0))
    const stale: MessageRef[] = []
    for (const e of byConversation.value[key] ?? []) {
      if (e.messageID && vouched.has(e.messageID) && !inPage.has(e.messageID) && inRange(e)) stale.push({ messageID: e.messageID })
    }
    for (const id of inPage) vouched.delete(id)
    for (const ref of stale) vouched.delete(ref.messageID!)
    if (stale.length) removeMessages(conversationID, type, stale)
  }

  function $reset(): void {
    byConversation.value = {}
    gaps.value = {}
    indexes.clear()
    cachedOnly.clear()
  }

  return {
    byConversation,
    listFor,
    attach, confirmSent, receive, applySentStatus, markFailed, markResending, take,
    setProgress, applyReceipts, removeMessages, markOwnReadUpTo,
    oldestConfirmed, hasMessage, removeConversation, $reset,
    gaps, gapsFor, setGaps,
    hydrate, reconcilePage,
  }
}))
