// Search over the one engine's stores and the local cache (src/cache/reader), and on H5
// with ZEGO's SDK its own local search too (the mini-program SDK and the stand-in answer
// empty lists there: the app searches its own copies). Returns hits with ranges; the page
// turns them into words and colours.
import { ref, shallowRef, toRaw, type Ref } from 'vue'
import { cacheReader, type CachedMessage } from '@/cache/reader'
import { currentZimClient } from '@/composables/useZim'
import { useConversationsStore } from '@/stores/conversations'
import { conversationKey } from '@/stores/keys'
import { toEntry } from '@/stores/messageList'
import { useMessagesStore } from '@/stores/messages'
import { useUsersStore } from '@/stores/users'
import { handAnchor } from '@/utils/anchorHandoff'
import { routes } from '@/utils/navigation'
import { zimConfig } from '@/zim/config'
import type { ZimSearchExtras, ZIMConversationType, ZIMMessage, ZIMMessageSearchConfig } from '@/zim/types'
import { createSearchSession, type MessageHit, type SearchResults } from './searchIndex'
import { parseQuery, type Query } from './match'

export interface SearchScope {
  conversationID: string
  type: ZIMConversationType
}

export interface UseSearchReturn {
  results: Ref<SearchResults>
  /** True while the SDK's own search is still to answer (H5 with ZEGO's SDK). */
  searching: Ref<boolean>
  /** Searches for `input`; a newer call supersedes an older one still waiting for the SDK. */
  run: (input: string) => Promise<void>
  /** The address of a message hit: its chat, opened at it. */
  urlOf: (hit: MessageHit) => string
}

/** Keywords ZEGO's search takes at most. */
const SDK_MAX_KEYWORDS = 5

function sdkSearchWanted(): boolean {
  let wanted = false
  // #ifdef H5
  wanted = zimConfig.mode === 'zego'
  // #endif
  return wanted
}

async function sdkHits(query: Query, scope: SearchScope | undefined): Promise<CachedMessage[]> {
  const client = currentZimClient() as (ZimSearchExtras & object) | null
  if (!client)
    return []
  const config = {
    count: 100,
    order: 0, // ZIMMessageOrder.Descending: the newest first
    keywords: query.terms.slice(0, SDK_MAX_KEYWORDS),
    messageTypes: [],
    subMessageTypes: [],
    senderUserIDs: [],
    startTime: 0,
    endTime: 0,
  } as unknown as ZIMMessageSearchConfig
  const result = scope
    ? await client.searchLocalMessages?.(scope.conversationID, scope.type, config)
    : await client.searchGlobalLocalMessages?.(config)
  return (result?.messageList ?? []).map(m => toEntry(m)).filter((e): e is NonNullable<typeof e> => !!e)
}

export function useSearch(scope?: SearchScope): UseSearchReturn {
  const messages = useMessagesStore()
  const conversations = useConversationsStore()
  const users = useUsersStore()
  const session = createSearchSession({
    storeLists: () => Object.values(toRaw(messages.byConversation)),
    cache: cacheReader(),
    conversations: () => conversations.ordered.map(c => ({
      conversationID: c.conversationID,
      type: c.type,
      name: c.conversationAlias || c.conversationName || users.profiles[c.conversationID]?.userName || '',
      orderKey: c.orderKey,
    })),
  }, scope ? conversationKey(scope.conversationID, scope.type) : undefined)

  const results = shallowRef<SearchResults>({ query: parseQuery(''), conversations: [], messages: [] })
  const searching = ref(false)
  let latest = 0

  async function run(input: string): Promise<void> {
    const ticket = ++latest
    results.value = session.run(input)
    if (!sdkSearchWanted() || !results.value.query.terms.length)
      return
    searching.value = true
    try {
      const extra = await sdkHits(results.value.query, scope)
      if (ticket === latest && extra.length)
        results.value = session.run(input, extra)
    }
    catch {
      // The SDK's search is a bonus over our own copies: what we found stays.
    }
    finally {
      if (ticket === latest)
        searching.value = false
    }
  }

  function urlOf(hit: MessageHit): string {
    const m = hit.message
    const raw = (m as { raw?: ZIMMessage }).raw
    if (raw)
      handAnchor(raw)
    return routes.chat(m.conversationID, m.conversationType, m.messageID ? { at: m.messageID } : {})
  }

  return { results, searching, run, urlOf }
}
