// The write side of the local cache: bounded, least recently used conversations evicted,
// written off the hot path (dirty keys flushed after a quiet period, one key per tick).
// It reads the stores only when a key is flushed; a new message costs a Set insert.
import type { KeyValueStorage } from '@/composables/zim/persistence'
import type { MessageEntry } from '@/stores/messages'
import type { ZIMConversation } from '@/zim/types'
import { emptyIndex, indexKey, listKey, messagesKey, readIndex, type CachedMessage, type CacheIndex } from './format'

export interface CacheBounds {
  /** Everything the cache writes, in UTF-8 bytes; the LRU conversations go first. */
  maxBytes: number
  /** One storage key at most (WeChat refuses a key over 1 MB); older messages are cut. */
  maxKeyBytes: number
  /** The most recent messages kept per conversation. */
  maxMessages: number
  /** A flush starts after this long without a change… */
  quietMs: number
  /** …or this long after the first unflushed change, whatever keeps happening. */
  maxDelayMs: number
}

export interface CacheSource {
  conversations: () => readonly ZIMConversation[]
  messages: (key: string) => readonly MessageEntry[]
}

export interface FlushStats {
  /** Keys written in this flush (the index not counted). */
  keys: number
  bytes: number
  /** Time spent serialising and writing, summed over its ticks. */
  ms: number
  evicted: number
}

export interface CacheWriterDeps {
  storage: KeyValueStorage
  bounds: CacheBounds
  source: CacheSource
  now?: () => number
  onFlush?: (stats: FlushStats) => void
}

// The conversation list's and the index's slots among the dirty keys (conversation keys hold a ':').
const LIST = 'list'
const INDEX = 'index'

/** UTF-8 length without an encoder (some mini-program runtimes have no TextEncoder). */
export function utf8Length(text: string): number {
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x80) bytes += c >= 0x800 && (c < 0xD800 || c > 0xDFFF) ? 2 : 1
  }
  return bytes
}

/** A message as the cache keeps it: no SDK snapshot, no upload progress. */
export function toCached(entry: MessageEntry): CachedMessage {
  const { raw: _raw, progress: _progress, ...kept } = entry
  return kept
}

/** Only what the server has: a send still going or failed is the outbox's to keep. */
function cacheable(entry: MessageEntry): boolean {
  return !!entry.messageID && entry.status === 'sent'
}

export function createCacheWriter(deps: CacheWriterDeps) {
  const { storage, bounds, source } = deps
  const now = deps.now ?? Date.now
  let userID: string | null = null
  let index: CacheIndex = emptyIndex()
  const dirty = new Set<string>()
  let quietTimer: ReturnType<typeof setTimeout> | undefined
  let firstDirtyAt = 0
  let ticking = false
  let stats: FlushStats = { keys: 0, bytes: 0, ms: 0, evicted: 0 }

  function total(): number {
    let sum = 0
    for (const size of Object.values(index.bytes)) sum += size
    return sum
  }

  function schedule(): void {
    if (ticking || !userID) return
    if (!firstDirtyAt) firstDirtyAt = now()
    clearTimeout(quietTimer)
    const wait = Math.max(0, Math.min(bounds.quietMs, firstDirtyAt + bounds.maxDelayMs - now()))
    quietTimer = setTimeout(startFlush, wait)
  }

  function mark(slot: string): void {
    if (!userID) return
    dirty.add(slot)
    schedule()
  }

  function startFlush(): void {
    quietTimer = undefined
    ticking = true
    stats = { keys: 0, bytes: 0, ms: 0, evicted: 0 }
    tick()
  }

  function tick(): void {
    const started = now()
    const slot = dirty.values().next()
    if (slot.done || !userID) {
      ticking = false
      firstDirtyAt = 0
      if (stats.keys) deps.onFlush?.(stats)
      return
    }
    dirty.delete(slot.value)
    writeSlot(slot.value)
    stats.ms += now() - started
    setTimeout(tick, 0)
  }

  function writeSlot(slot: string): void {
    if (slot === LIST) writeList()
    else if (slot === INDEX) saveIndex()
    else writeMessages(slot)
  }

  function serialise(items: readonly unknown[], keep: number, head: boolean): string {
    if (keep >= items.length) return JSON.stringify(items)
    return JSON.stringify(head ? items.slice(0, keep) : items.slice(items.length - keep))
  }

  /** As many items as fit in one key, as JSON, from the end (or the head); '' when not even one does. */
  function fit(items: readonly unknown[], head = false): string {
    let keep = items.length
    let text = serialise(items, keep, head)
    let size = utf8Length(text)
    while (size > bounds.maxKeyBytes && keep > 0) {
      keep = Math.min(keep - 1, Math.floor(keep * bounds.maxKeyBytes / size * 0.95))
      text = serialise(items, keep, head)
      size = utf8Length(text)
    }
    return keep > 0 ? text : ''
  }

  function writeList(): void {
    // Newest first: what does not fit in one key is the oldest end of the list.
    put(listKey(userID!), fit(source.conversations(), true), null)
  }

  function writeMessages(key: string): void {
    const entries = source.messages(key).filter(cacheable)
    const kept = entries.slice(Math.max(0, entries.length - bounds.maxMessages)).map(toCached)
    put(messagesKey(userID!, key), kept.length ? fit(kept) : '', key)
  }

  /** Least recently used first; never `except` (the key being written). */
  function evictOne(except: string | null): boolean {
    let victim: string | null = null
    for (const key of Object.keys(index.used)) {
      if (key !== except && (victim === null || index.used[key] < index.used[victim])) victim = key
    }
    if (victim === null) return false
    drop(victim)
    stats.evicted++
    return true
  }

  function drop(key: string): void {
    const storageKey = messagesKey(userID!, key)
    storage.remove(storageKey)
    delete index.used[key]
    delete index.bytes[storageKey]
  }

  /** Writes one key within the bounds, evicting for room (and on a quota error), then the index. */
  function put(storageKey: string, text: string, key: string | null): void {
    if (!text) {
      forget(storageKey, key)
      return
    }
    const size = utf8Length(text)
    while (total() - (index.bytes[storageKey] ?? 0) + size > bounds.maxBytes && evictOne(key)) { /* evicting */ }
    if (total() - (index.bytes[storageKey] ?? 0) + size > bounds.maxBytes) {
      forget(storageKey, key)
      return
    }
    for (;;) {
      try {
        storage.set(storageKey, text)
        break
      }
      catch {
        // Storage is full (H5's quota is smaller than WeChat's 10 MB): make room, or give up this key.
        if (!evictOne(key)) {
          forget(storageKey, key)
          return
        }
        saveIndex()
      }
    }
    index.bytes[storageKey] = size
    if (key !== null) index.used[key] = index.used[key] ?? now()
    stats.keys++
    stats.bytes += size
    saveIndex()
  }

  /** A key that cannot be kept within the bounds is not kept at all (never a stale copy). */
  function forget(storageKey: string, key: string | null): void {
    if (key !== null) drop(key)
    else {
      storage.remove(storageKey)
      delete index.bytes[storageKey]
    }
    saveIndex()
  }

  function saveIndex(): void {
    if (!userID) return
    const text = JSON.stringify(index)
    for (;;) {
      try {
        storage.set(indexKey(userID), text)
        return
      }
      catch {
        if (!evictOne(null)) return
      }
    }
  }

  return {
    /** Whose cache is written; null stops writing (nothing is flushed for nobody). */
    setUser(next: string | null): void {
      if (next === userID) return
      clearTimeout(quietTimer)
      dirty.clear()
      firstDirtyAt = 0
      userID = next
      index = next ? readIndex(storage, next) : emptyIndex()
    },
    /** The conversation list changed. */
    markList: () => mark(LIST),
    /** A conversation's messages changed: it is written at the next flush and counts as used. */
    markMessages(key: string): void {
      if (!userID) return
      index.used[key] = now()
      mark(key)
    },
    /** Opened: the last to be evicted (the index is saved with the next flush). */
    touch(key: string): void {
      if (!userID || index.used[key] === undefined) return
      index.used[key] = now()
      mark(INDEX)
    },
    /** Writes everything dirty now (the app going to the background, tests). */
    flushNow(): void {
      clearTimeout(quietTimer)
      quietTimer = undefined
      if (!ticking) stats = { keys: 0, bytes: 0, ms: 0, evicted: 0 }
      const started = now()
      for (const slot of [...dirty]) {
        dirty.delete(slot)
        if (userID) writeSlot(slot)
      }
      stats.ms += now() - started
      firstDirtyAt = 0
    },
    /** Forgets one user's cache entirely (logout). */
    clear(user: string): void {
      const held = readIndex(storage, user)
      for (const key of Object.keys(held.bytes)) storage.remove(key)
      storage.remove(listKey(user))
      storage.remove(indexKey(user))
      if (user === userID) {
        clearTimeout(quietTimer)
        dirty.clear()
        index = emptyIndex()
        userID = null
      }
    },
    /** What the index says is held: bytes and keys (the index itself included). */
    size(): { bytes: number, keys: number } {
      const indexBytes = userID ? utf8Length(JSON.stringify(index)) : 0
      return { bytes: total() + indexBytes, keys: Object.keys(index.bytes).length + (userID ? 1 : 0) }
    },
    pending: (): number => dirty.size,
    /** The conversation's messages changed since the last flush: storage is behind the store. */
    isDirty: (key: string): boolean => dirty.has(key),
    dispose(): void {
      clearTimeout(quietTimer)
      dirty.clear()
    },
  }
}

