// The cache between storage and the stores: the cached list painted when a user is adopted
// (before the login finishes), a chat's cached messages when it opens (through
// messageSync, the one writer of messages), changes marked for the writer, and what the
// service sends reconciled with what the cache showed.
import { toRaw } from 'vue'
import type { KeyValueStorage } from '@/composables/zim/persistence'
import type { MessageSync } from '@/composables/zim/messageSync'
import type { useConversationsStore } from '@/stores/conversations'
import { conversationKey, type MessageEntry, type useMessagesStore } from '@/stores/messages'
import { ConversationType } from '@/zim/constants'
import type { ZIMConversation, ZIMConversationType } from '@/zim/types'
import { listKey, readJSON } from './format'
import { cacheReader } from './reader'
import { standInMessage } from './standIn'
import { createCacheWriter, type CacheBounds, type FlushStats } from './writer'

export interface CacheSyncDeps {
  storage: KeyValueStorage
  bounds: CacheBounds
  conversations: ReturnType<typeof useConversationsStore>
  messages: ReturnType<typeof useMessagesStore>
  sync: () => MessageSync
  onFlush?: (stats: FlushStats) => void
}

export function createCacheSync(deps: CacheSyncDeps) {
  const { storage, conversations, messages } = deps
  let userID: string | null = null
  const hydrated = new Set<string>()
  const writer = createCacheWriter({
    storage,
    bounds: deps.bounds,
    onFlush: deps.onFlush,
    source: {
      conversations: () => conversations.ordered.map(c => toRaw(c)),
      messages: key => toRaw(messages.byConversation[key] ?? []).map(e => toRaw(e)),
    },
  })
  let off: (() => void) | null = null

  function stopWatching(): void {
    off?.()
    off = null
  }

  return {
    /** A user is signed in (or being signed back in): paint their cached list, write their cache. */
    adopt(next: string): void {
      if (userID === next) return
      stopWatching()
      userID = next
      hydrated.clear()
      writer.setUser(next)
      const list = readJSON<ZIMConversation[]>(storage, listKey(next))
      if (Array.isArray(list)) conversations.hydrate(list.filter(c => c.type !== ConversationType.Room))
      // After the hydration: the list it painted needs no write.
      off = conversations.$subscribe(() => writer.markList(), { detached: true })
    },
    /** A chat opens: its cached messages first (once a session), and it counts as used. */
    opened(conversationID: string, type: ZIMConversationType): void {
      if (!userID || type === ConversationType.Room) return
      const key = conversationKey(conversationID, type)
      writer.touch(key)
      // Changed since the last flush (deleted, say): the store is ahead of storage.
      if (hydrated.has(key) || writer.isDirty(key)) return
      hydrated.add(key)
      const cached = cacheReader(storage, userID).messages(key)
      if (!cached.length) return
      const entries = cached.map(m => ({ ...m, raw: standInMessage(m) }) as MessageEntry)
      deps.sync().report({ type: 'cached', key, entries })
    },
    /** messageSync changed a conversation's messages. */
    changed(key: string): void {
      writer.markMessages(key)
    },
    /** The service's list: cached conversations it lacks go, unless they hold local state. */
    reconcileList(list: readonly ZIMConversation[], complete: boolean): void {
      if (!complete) return
      const unsent = (key: string) => (messages.byConversation[key] ?? []).some(e => e.status !== 'sent')
      for (const key of conversations.reconcileList(list, unsent)) {
        const colon = key.indexOf(':')
        // Its messages go too (and with them its cache key, rewritten as empty).
        deps.sync().report({ type: 'deleted', conversationID: key.slice(colon + 1), conversationType: Number(key.slice(0, colon)) as ZIMConversationType, refs: [], all: true })
      }
    },
    flushNow: () => writer.flushNow(),
    size: () => writer.size(),
    /** Logout: this user's cache is forgotten. */
    clear(): void {
      stopWatching()
      if (userID) writer.clear(userID)
      userID = null
      hydrated.clear()
    },
    dispose(): void {
      stopWatching()
      writer.dispose()
    },
  }
}

