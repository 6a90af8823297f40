// What search looks through and how results are ordered: messages from several sources
// (the messages store first, then the local cache, then the SDK's own search on H5),
// deduplicated by message, and conversations by name or ID. Pure: no stores, no SDK.
import type { CacheReader, CachedMessage } from '@/cache/reader'
import { conversationKey } from '@/stores/keys'
import type { ZIMConversationType } from '@/zim/types'
import { excerpt, fold, matchRanges, matchTier, parseQuery, type Excerpt, type Query, type Range } from './match'

/** What a message is found by (and shows in a result): its text, else its file's name. */
function searchableText(m: Pick<CachedMessage, 'text' | 'revoked' | 'media' | 'custom' | 'combine'>): string {
  if (m.revoked)
    return ''
  return m.text || m.media?.fileName || m.custom?.searchedContent || m.combine?.title || ''
}

export interface MessageHit {
  /** conversationKey() of its conversation. */
  key: string
  message: CachedMessage
  ranges: Range[]
  tier: number
  excerpt: Excerpt
}

interface Prepared {
  message: CachedMessage
  text: string
  folded: string
}

/**
 * Searches messages from several sources, one hit per message whatever the number of
 * sources holding it: the first source wins (the store's copy is the freshest: a recall,
 * a send). Each message's text is folded once and kept for the next search (refolded only
 * when its text changed), so a repeated search is a scan of prepared strings.
 */
export function createMessageSearch() {
  // Per source list, its prepared texts at the same positions (checked by identity and text,
  // so a list changed in place, or an entry whose text changed, is prepared again).
  const prepared = new WeakMap<object, Prepared[]>()

  function preparedOf(source: Iterable<CachedMessage>): Prepared[] {
    const list = Array.isArray(source) ? source as CachedMessage[] : [...source]
    let held = prepared.get(list)
    if (!held)
      prepared.set(list, held = [])
    for (let i = 0; i < list.length; i++) {
      const message = list[i]
      const text = searchableText(message)
      const p = held[i]
      if (p?.message !== message || p.text !== text)
        held[i] = { message, text, folded: fold(text) }
    }
    held.length = list.length
    return held
  }

  /** Hits for `query`, best first (tier, then newest); only conversation `within` (a key) when given. */
  function search(sources: ReadonlyArray<Iterable<CachedMessage>>, query: Query, within?: string, limit = 200): MessageHit[] {
    if (!query.terms.length)
      return []
    // Per conversation, the messages already seen (a source is mostly one conversation's list).
    const seen = new Map<string, Set<string>>()
    const found: Array<{ key: string, message: CachedMessage, text: string, ranges: Range[], tier: number }> = []
    for (const source of sources) {
      let id = ''
      let type = -1
      let key = ''
      let ids: Set<string> | undefined
      for (const { message, text, folded } of preparedOf(source)) {
        if (message.conversationID !== id || message.conversationType !== type) {
          id = message.conversationID
          type = message.conversationType
          key = conversationKey(id, type)
          ids = seen.get(key)
          if (!ids)
            seen.set(key, ids = new Set())
        }
        if (within !== undefined && key !== within)
          continue
        const identity = message.messageID ?? `l:${message.localMessageID ?? ''}`
        if (ids!.has(identity))
          continue
        ids!.add(identity)
        if (!folded)
          continue
        const ranges = matchRanges(folded, query)
        if (ranges)
          found.push({ key, message, text, ranges, tier: matchTier(folded, query) })
      }
    }
    found.sort((a, b) => b.tier - a.tier || b.message.timestamp - a.message.timestamp || (b.message.orderKey ?? 0) - (a.message.orderKey ?? 0))
    // Excerpts only for what is kept.
    return found.slice(0, limit).map(f => ({ key: f.key, message: f.message, ranges: f.ranges, tier: f.tier, excerpt: excerpt(f.text, f.ranges) }))
  }

  return { search }
}

export interface SearchableConversation {
  conversationID: string
  type: ZIMConversationType
  /** What the list shows as its name ('' when it has none). */
  name: string
  orderKey: number
}

export interface ConversationHit {
  conversation: SearchableConversation
  nameRanges: Range[]
  idRanges: Range[]
  tier: number
}

/** Conversations whose name or ID holds every term; best tier first, then the list's order. */
export function searchConversations(list: readonly SearchableConversation[], query: Query, limit = 50): ConversationHit[] {
  if (!query.terms.length)
    return []
  const hits: ConversationHit[] = []
  for (const conversation of list) {
    const name = fold(conversation.name)
    const id = fold(conversation.conversationID)
    const nameRanges = name ? matchRanges(name, query) : null
    const idRanges = matchRanges(id, query)
    if (!nameRanges && !idRanges)
      continue
    const tier = Math.max(nameRanges ? matchTier(name, query) : -1, idRanges ? matchTier(id, query) : -1)
    hits.push({ conversation, nameRanges: nameRanges ?? [], idRanges: idRanges ?? [], tier })
  }
  return hits.sort((a, b) => b.tier - a.tier || b.conversation.orderKey - a.conversation.orderKey).slice(0, limit)
}

export interface SearchSources {
  /** The messages store's lists (the freshest copies), one per conversation. */
  storeLists: () => Iterable<readonly CachedMessage[]>
  cache: CacheReader
  conversations: () => readonly SearchableConversation[]
}

export interface SearchResults {
  query: Query
  conversations: ConversationHit[]
  messages: MessageHit[]
}

/**
 * One search page's searches: the cache is read once (on the first search) and its texts
 * folded once; the store is looked at anew each time. `within`: a conversationKey().
 */
export function createSearchSession(sources: SearchSources, within?: string) {
  const engine = createMessageSearch()
  let cacheLists: CachedMessage[][] | null = null

  function run(input: string, extra: readonly CachedMessage[] = []): SearchResults {
    const query = parseQuery(input)
    if (!query.terms.length)
      return { query, conversations: [], messages: [] }
    cacheLists ??= (within !== undefined ? [within] : sources.cache.keys()).map(key => sources.cache.messages(key))
    return {
      query,
      conversations: within !== undefined ? [] : searchConversations(sources.conversations(), query),
      messages: engine.search([...sources.storeLists(), ...cacheLists, extra], query, within),
    }
  }

  return { run }
}
