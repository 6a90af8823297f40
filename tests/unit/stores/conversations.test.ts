import { createPinia, setActivePinia } from 'pinia'
import { ConversationEvent, ConversationType, MessageSentStatus } from '@/zim/constants'
import { useConversationsStore } from '@/stores'
import { attached, conversation, incoming, sent } from './factories'

let store: ReturnType<typeof useConversationsStore>
const order = () => store.ordered.map(c => `${c.type}:${c.conversationID}`)
const bob = () => store.get('bob', ConversationType.Peer)!

beforeEach(() => {
  setActivePinia(createPinia())
  store = useConversationsStore()
})

describe('merging', () => {
  it('merges a second page instead of duplicating', () => {
    store.upsertMany([conversation('bob', { unreadMessageCount: 1 }), conversation('carol')])
    store.upsertMany([conversation('bob', { conversationName: 'Bob B', unreadMessageCount: 2 })])
    expect(store.ordered).toHaveLength(2)
    expect(bob()).toMatchObject({ conversationName: 'Bob B', unreadMessageCount: 2 })
  })

  it('keeps a peer and a group sharing an ID apart', () => {
    store.upsertMany([conversation('x'), conversation('x', { type: ConversationType.Group })])
    expect(Object.keys(store.byKey).sort()).toEqual(['0:x', '2:x'])
  })

  it('copies what it is given', () => {
    const input = conversation('bob', { lastMessage: incoming('M1', 1000, 10) })
    store.upsertMany([input])
    input.conversationName = 'changed'
    input.lastMessage!.messageID = 'changed'
    expect(bob().conversationName).toBe('bob')
    expect(bob().lastMessage?.messageID).toBe('M1')
  })

  it('never lets an older lastMessage replace a newer one', () => {
    store.upsertMany([conversation('bob', { lastMessage: incoming('M2', 2000, 20), orderKey: 2000, unreadMessageCount: 3 })])
    store.upsertMany([conversation('bob', { lastMessage: incoming('M1', 1000, 10), orderKey: 1000, unreadMessageCount: 1, conversationName: 'Bob B' })])
    expect(bob()).toMatchObject({ orderKey: 2000, unreadMessageCount: 3, conversationName: 'Bob B' })
    expect(bob().lastMessage?.messageID).toBe('M2')
  })

  it('falls back to timestamps when the messages have no orderKey', () => {
    store.upsertMany([conversation('bob', { lastMessage: attached('L2', 2000) })])
    store.upsertMany([conversation('bob', { lastMessage: attached('L1', 1000) })])
    expect(bob().lastMessage?.localMessageID).toBe('L2')
    store.upsertMany([conversation('bob', { lastMessage: attached('L3', 3000) })])
    expect(bob().lastMessage?.localMessageID).toBe('L3')
  })

  it('updates the same last message but never back from sent to sending', () => {
    store.upsertMany([conversation('bob', { lastMessage: attached('L1', 1000) })])
    store.upsertMany([conversation('bob', { lastMessage: attached('L1', 1000, { sentStatus: MessageSentStatus.Failed }) })])
    expect(bob().lastMessage?.sentStatus).toBe(MessageSentStatus.Failed)
    store.upsertMany([conversation('bob', { lastMessage: sent('L1', 'M1', 1000, 10) })])
    store.upsertMany([conversation('bob', { lastMessage: attached('L1', 1000) })])
    expect(bob().lastMessage?.sentStatus).toBe(MessageSentStatus.Success)
  })

  it('believes a snapshot without a last message (messages deleted)', () => {
    store.upsertMany([conversation('bob', { lastMessage: incoming('M1', 1000, 10) })])
    store.upsertMany([conversation('bob')])
    expect(bob().lastMessage).toBeUndefined()
  })
})

describe('changes', () => {
  it('adds, updates, removes on Deleted and keeps a Disabled one, read-only', () => {
    store.applyChanges([
      { event: ConversationEvent.Added, conversation: conversation('bob') },
      { event: ConversationEvent.Added, conversation: conversation('g1', { type: ConversationType.Group }) },
      { event: ConversationEvent.Added, conversation: conversation('g2', { type: ConversationType.Group }) },
    ])
    store.applyChanges([{ event: ConversationEvent.Updated, conversation: conversation('bob', { unreadMessageCount: 4 }) }])
    expect(store.totalUnread).toBe(4)
    store.applyChanges([
      { event: ConversationEvent.Deleted, conversation: conversation('bob') },
      { event: ConversationEvent.Disabled, conversation: conversation('g1', { type: ConversationType.Group }) },
    ])
    expect(order()).toEqual(['2:g1', '2:g2'])
    expect(store.isDisabled('g1', ConversationType.Group)).toBe(true)
    expect(store.isDisabled('g2', ConversationType.Group)).toBe(false)
    store.applyChanges([{ event: ConversationEvent.Deleted, conversation: conversation('g1', { type: ConversationType.Group }) }])
    expect(store.isDisabled('g1', ConversationType.Group)).toBe(false)
  })
})

describe('ordering and unread', () => {
  it('orders by orderKey, then by last message time, newest first', () => {
    store.upsertMany([
      conversation('a', { orderKey: 1000, lastMessage: incoming('A', 1000, 1) }),
      conversation('b', { orderKey: 3000 }),
      conversation('c', { orderKey: 1000, lastMessage: incoming('C', 2000, 2) }),
      conversation('pinned', { orderKey: 1e12 + 500, isPinned: true }),
    ])
    expect(order()).toEqual(['0:pinned', '0:b', '0:c', '0:a'])
  })

  it('sums unread and clears one conversation locally', () => {
    store.upsertMany([conversation('bob', { unreadMessageCount: 2 }), conversation('carol', { unreadMessageCount: 5 })])
    expect(store.totalUnread).toBe(7)
    store.markRead('carol', ConversationType.Peer)
    expect(store.totalUnread).toBe(2)
    store.markRead('nobody', ConversationType.Peer)
    expect(store.ordered).toHaveLength(2)
  })

  it('removes one conversation', () => {
    store.upsertMany([conversation('bob'), conversation('carol')])
    store.remove('bob', ConversationType.Peer)
    expect(order()).toEqual(['0:carol'])
  })
})

describe('touchFromMessage', () => {
  it('creates a conversation for a first message and orders it by the message time', () => {
    store.upsertMany([conversation('carol', { orderKey: 1500 })])
    store.touchFromMessage(incoming('M1', 2000, 10), { incrementUnread: true })
    expect(order()).toEqual(['0:bob', '0:carol'])
    expect(bob()).toMatchObject({ orderKey: 2000, unreadMessageCount: 1, conversationName: '' })
  })

  it('counts a message delivered twice once', () => {
    store.touchFromMessage(incoming('M1', 2000, 10), { incrementUnread: true })
    store.touchFromMessage(incoming('M1', 2000, 10), { incrementUnread: true })
    expect(bob().unreadMessageCount).toBe(1)
  })

  it('ignores an older message and does not count it', () => {
    store.touchFromMessage(incoming('M2', 2000, 20), { incrementUnread: true })
    store.touchFromMessage(incoming('M1', 1000, 10), { incrementUnread: true })
    expect(bob().lastMessage?.messageID).toBe('M2')
    expect(bob().unreadMessageCount).toBe(1)
  })

  it('never counts our own messages or uncounted ones', () => {
    store.touchFromMessage(attached('L1', 1000), { incrementUnread: true })
    store.touchFromMessage(incoming('M2', 2000, 20))
    expect(bob().unreadMessageCount).toBe(0)
    expect(bob().lastMessage?.messageID).toBe('M2')
  })

  it('keeps a pinned conversation above the rest', () => {
    store.upsertMany([conversation('bob', { isPinned: true, orderKey: 1e12 + 1000 })])
    store.touchFromMessage(incoming('C1', 3000, 30, { conversationID: 'carol' }))
    store.touchFromMessage(incoming('M1', 2000, 20))
    expect(order()).toEqual(['0:bob', '0:carol'])
    expect(bob().orderKey).toBe(1e12 + 2000)
  })
})

it('$reset empties the store', () => {
  store.upsertMany([conversation('bob', { unreadMessageCount: 2 })])
  store.$reset()
  expect(store.ordered).toEqual([])
  expect(store.totalUnread).toBe(0)
})
