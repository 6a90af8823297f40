// The read side of the local cache (search and the cold start read through it).
import { loadSavedSession, uniStorage, type KeyValueStorage } from '@/composables/zim/persistence'
import { messagesKey, readIndex, readJSON, type CachedMessage } from './format'

export type { CachedMessage } from './format'

export interface CacheReader {
  /** Conversation keys (stores/keys.ts conversationKey) held, most recently used first. */
  keys: () => string[]
  /** One conversation's cached messages, oldest first; [] when none. */
  messages: (key: string) => CachedMessage[]
}

const EMPTY_READER: CacheReader = { keys: () => [], messages: () => [] }

/**
 * The reader for the signed-in user's cache (empty when nobody is signed in): the
 * remembered user, whom only a logout forgets. Reads storage on each call, so it always
 * sees the last flush.
 */
export function cacheReader(storage: KeyValueStorage = uniStorage(), userID = loadSavedSession(storage)?.userID): CacheReader {
  if (!userID) return EMPTY_READER
  return {
    keys: () => {
      const { used } = readIndex(storage, userID)
      return Object.keys(used).sort((a, b) => used[b] - used[a])
    },
    messages: (key) => {
      const list = readJSON<CachedMessage[]>(storage, messagesKey(userID, key))
      return Array.isArray(list) ? list : []
    },
  }
}
