// The cache's layout in storage, shared by the reader and the writer. Per user:
//   <prefix><user>.index          {v, used: {key: lastUse}, bytes: {key: size}} (sizes in UTF-16 units)
//   <prefix><user>.list           the conversation list (ZIMConversation[] snapshots)
//   <prefix><user>.m.<convKey>    one conversation's most recent messages, oldest first
import type { KeyValueStorage } from '@/composables/zim/persistence'
import type { MessageEntry } from '@/stores/messages'

export type CachedMessage = Omit<MessageEntry, 'raw' | 'progress'>

const CACHE_VERSION = 1
const PREFIX = 'zim-chat.cache.'

export interface CacheIndex {
  v: number
  /** conversationKey → last use (ms); the list itself is not in here. */
  used: Record<string, number>
  /** storage key → characters written there (the list and each conversation). */
  bytes: Record<string, number>
}

const userPrefix = (userID: string) => `${PREFIX}${encodeURIComponent(userID)}.`
export const indexKey = (userID: string) => `${userPrefix(userID)}index`
export const listKey = (userID: string) => `${userPrefix(userID)}list`
export const messagesKey = (userID: string, key: string) => `${userPrefix(userID)}m.${encodeURIComponent(key)}`

export function emptyIndex(): CacheIndex {
  return { v: CACHE_VERSION, used: {}, bytes: {} }
}

export function readJSON<T>(storage: KeyValueStorage, key: string): T | null {
  try {
    const text = storage.get(key)
    return text ? JSON.parse(text) as T : null
  }
  catch {
    return null // a torn or foreign value is no cache
  }
}

export function readIndex(storage: KeyValueStorage, userID: string): CacheIndex {
  const index = readJSON<CacheIndex>(storage, indexKey(userID))
  return index && index.v === CACHE_VERSION && index.used && index.bytes ? index : emptyIndex()
}
