import { nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { createCacheSync } from '@/cache/cacheSync'
import { ENGINE_DEFAULTS } from '@/composables/zim/options'
import { createMessageSync } from '@/composables/zim/messageSync'
import { memoryStorage } from '@/composables/zim/persistence'
import { useConversationsStore, useMessagesStore } from '@/stores'
import { toEntry } from '@/stores/messageList'
import { ConversationType } from '@/zim/constants'
import { attached, conversation, incoming } from '../stores/factories'


function setup() {
  setActivePinia(createPinia())
  const messages = useMessagesStore()
  const conversations = useConversationsStore()
  const storage = memoryStorage()
  const sync = createMessageSync({ messages, conversations, onChanged: key => cache.changed(key) })
  const cache = createCacheSync({ storage, bounds: ENGINE_DEFAULTS.cache, conversations, messages, sync: () => sync })
  const ids = () => messages.listFor('bob', ConversationType.Peer).map(e => e.messageID ?? `local:${e.localMessageID}`)
  /** Writes a cache as a previous session would have left it, then starts a fresh one. */
  async function previousSession(count: number, convs = [conversation('bob'), conversation('carol')]) {
    const page = Array.from({ length: count }, (_, i) => incoming(`M${i + 1}`, 1000 + i, i + 1))
    cache.adopt('alice')
    conversations.upsertMany(convs)
    sync.report({ type: 'received', messages: page })
    await nextTick() // the store's subscription marks the list
    cache.flushNow()
    cache.dispose()
    messages.$reset()
    conversations.$reset()
  }
  return { messages, conversations, storage, sync, cache, ids, previousSession, page: (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => incoming(`M${from + i}`, 1000 + from + i - 1, from + i)) }
}

describe('the cold start from the cache', () => {
  it('paints the cached list when the user is adopted and the messages when the chat opens', async () => {
    const s = setup()
    await s.previousSession(5)
    const fresh = createCacheSync({ storage: s.storage, bounds: ENGINE_DEFAULTS.cache, conversations: s.conversations, messages: s.messages, sync: () => s.sync })
    fresh.adopt('alice')
    expect(s.conversations.ordered.map(c => c.conversationID).sort()).toEqual(['bob', 'carol'])
    expect(s.ids()).toEqual([])
    fresh.opened('bob', ConversationType.Peer)
    expect(s.ids()).toEqual(['M1', 'M2', 'M3', 'M4', 'M5'])
    // An anchor for the next history page exists although the cache keeps no SDK snapshot.
    expect(s.messages.oldestConfirmed('bob', ConversationType.Peer)).toMatchObject({ messageID: 'M1', orderKey: 1 })
  })
})

describe('merging what the service sends', () => {
  async function hydrated(count: number) {
    const s = setup()
    await s.previousSession(count)
    const c = createCacheSync({ storage: s.storage, bounds: ENGINE_DEFAULTS.cache, conversations: s.conversations, messages: s.messages, sync: () => s.sync })
    c.adopt('alice')
    c.opened('bob', ConversationType.Peer)
    return { ...s, cache: c }
  }

  it('doubles nothing: the service copies merge into the cached entries by messageID', async () => {
    const s = await hydrated(5)
    const keys = s.messages.listFor('bob', ConversationType.Peer).map(e => e.key)
    s.sync.report({ type: 'historyPage', conversationID: 'bob', conversationType: ConversationType.Peer, messages: s.page(1, 6), edges: { newest: true, complete: true } })
    expect(s.ids()).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6'])
    expect(s.messages.listFor('bob', ConversationType.Peer).slice(0, 5).map(e => e.key)).toEqual(keys)
    // The real snapshot replaces the stand-in.
    expect(s.messages.listFor('bob', ConversationType.Peer)[0].raw).toHaveProperty('message', 'text M1')
  })

  it('a hydration never doubles what the store already holds', async () => {
    const s = setup()
    await s.previousSession(3)
    s.sync.report({ type: 'received', messages: [incoming('M2', 1001, 2)] })
    const c = createCacheSync({ storage: s.storage, bounds: ENGINE_DEFAULTS.cache, conversations: s.conversations, messages: s.messages, sync: () => s.sync })
    c.adopt('alice')
    c.opened('bob', ConversationType.Peer)
    c.opened('bob', ConversationType.Peer)
    expect(s.ids()).toEqual(['M1', 'M2', 'M3'])
  })

  it('removes cached messages inside a fresh page\'s range that the page lacks', async () => {
    const s = await hydrated(8)
    // M4 and M7 were deleted (or recalled away) elsewhere; the newest page is M3..M8 less those.
    const page = s.page(3, 8).filter(m => m.messageID !== 'M4' && m.messageID !== 'M7')
    s.sync.report({ type: 'historyPage', conversationID: 'bob', conversationType: ConversationType.Peer, messages: page, edges: { newest: true, complete: false } })
    // M1, M2 lie before the page: nothing says they are gone.
    expect(s.ids()).toEqual(['M1', 'M2', 'M3', 'M5', 'M6', 'M8'])
  })

  it('an older page reaches up to its anchor; a short page reaches the beginning', async () => {
    const s = await hydrated(8)
    const anchor = toEntry(incoming('M6', 1005, 6))!.raw!
    s.sync.report({ type: 'historyPage', conversationID: 'bob', conversationType: ConversationType.Peer, messages: s.page(3, 4), edges: { newest: false, complete: true, anchor } })
    // M5 sat between the page and its anchor, M1 and M2 before a page that was the beginning.
    expect(s.ids()).toEqual(['M3', 'M4', 'M6', 'M7', 'M8'])
  })

  it('an empty newest page means the conversation has no messages left', async () => {
    const s = await hydrated(3)
    s.sync.report({ type: 'historyPage', conversationID: 'bob', conversationType: ConversationType.Peer, messages: [], edges: { newest: true, complete: true } })
    expect(s.ids()).toEqual([])
  })

  it('keeps local sends and messages the service has confirmed since', async () => {
    const s = await hydrated(4)
    s.sync.report({ type: 'local', message: attached('L1', 5000) })
    s.sync.report({ type: 'received', messages: [incoming('M9', 1200, 9)] })
    s.sync.report({ type: 'historyPage', conversationID: 'bob', conversationType: ConversationType.Peer, messages: s.page(3, 3), edges: { newest: true, complete: false } })
    // M4 was only vouched for by the cache; M9 came from the service, L1 is still going out.
    expect(s.ids()).toEqual(['M1', 'M2', 'M3', 'M9', 'local:L1'])
  })

  it('drops cached conversations the full list lacks, unless they hold a draft or an unsent message', async () => {
    const s = setup()
    await s.previousSession(2, [conversation('bob'), conversation('carol'), conversation('dave', { draft: 'later' }), conversation('erin')])
    const c = createCacheSync({ storage: s.storage, bounds: ENGINE_DEFAULTS.cache, conversations: s.conversations, messages: s.messages, sync: () => s.sync })
    c.adopt('alice')
    c.opened('bob', ConversationType.Peer)
    s.sync.report({ type: 'local', message: attached('L1', 5000, { conversationID: 'erin' }) })
    const list = [conversation('carol')]
    s.conversations.upsertMany(list)
    c.reconcileList(list, true)
    expect(s.conversations.ordered.map(x => x.conversationID).sort()).toEqual(['carol', 'dave', 'erin'])
    expect(s.ids()).toEqual([]) // bob's cached messages went with it
  })

  it('keeps everything when the list is only a first page', async () => {
    const s = setup()
    await s.previousSession(2)
    const c = createCacheSync({ storage: s.storage, bounds: ENGINE_DEFAULTS.cache, conversations: s.conversations, messages: s.messages, sync: () => s.sync })
    c.adopt('alice')
    c.reconcileList([conversation('carol')], false)
    expect(s.conversations.ordered).toHaveLength(2)
  })
})
