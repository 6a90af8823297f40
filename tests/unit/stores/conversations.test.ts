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

describe('pins, mute and the total (issue 12)', () => {
  const now = 1_764_000_000_000 // a real-sized timestamp: above the pin base itself

  it('puts pinned conversations first (by orderKey among them), even one whose snapshot lacks the pin base', () => {
    store.upsertMany([
      conversation('newest', { orderKey: now + 3000 }),
      conversation('pinnedOld', { orderKey: 1e12 + now + 1000, isPinned: true }),
      conversation('pinnedNoBase', { orderKey: now + 2000, isPinned: true }),
      conversation('old', { orderKey: now }),
    ])
    expect(order()).toEqual(['0:pinnedOld', '0:pinnedNoBase', '0:newest', '0:old'])
  })

  it('pins and unpins locally the way the SDK orders them (base added, then taken off)', () => {
    store.upsertMany([
      conversation('bob', { orderKey: now + 1000, lastMessage: incoming('B', now + 1000, 1) }),
      conversation('carol', { orderKey: now + 2000 }),
    ])
    store.setPinned('bob', ConversationType.Peer, true, now + 5000)
    expect(order()).toEqual(['0:bob', '0:carol'])
    expect(bob()).toMatchObject({ isPinned: true, pinnedTime: now + 5000, orderKey: 1e12 + now + 1000 })
    // A repeated pin changes nothing (no second base).
    store.setPinned('bob', ConversationType.Peer, true)
    expect(bob().orderKey).toBe(1e12 + now + 1000)
    store.setPinned('bob', ConversationType.Peer, false)
    expect(bob()).toMatchObject({ isPinned: false, pinnedTime: 0, orderKey: now + 1000 })
    expect(order()).toEqual(['0:carol', '0:bob'])
  })

  it('a new message in a pinned conversation keeps it pinned and first; in an unpinned one it stays below the pins', () => {
    store.upsertMany([conversation('bob', { orderKey: 1e12 + now, isPinned: true }), conversation('carol', { orderKey: now + 10 })])
    store.touchFromMessage(incoming('C1', now + 9000, 5, { conversationID: 'carol' }))
    expect(order()).toEqual(['0:bob', '0:carol'])
  })

  it('leaves muted conversations out of the total but keeps their own count', () => {
    store.upsertMany([
      conversation('bob', { unreadMessageCount: 2 }),
      conversation('carol', { unreadMessageCount: 5, notificationStatus: 2 }),
      conversation('dave', { unreadMessageCount: 1 }),
    ])
    expect(store.totalUnread).toBe(3)
    store.setNotificationStatus('bob', ConversationType.Peer, 2)
    expect(store.totalUnread).toBe(1)
    expect(bob().unreadMessageCount).toBe(2)
    store.setNotificationStatus('carol', ConversationType.Peer, 1)
    expect(store.totalUnread).toBe(6)
    // A muted one still moves up with a new message, and its count grows, out of the total.
    store.touchFromMessage(incoming('M9', now, 9), { incrementUnread: true })
    expect(bob().unreadMessageCount).toBe(3)
    expect(store.totalUnread).toBe(6)
  })

  it('a conversationChanged with the server state wins over a local setting', () => {
    store.upsertMany([conversation('bob', { unreadMessageCount: 4 })])
    store.setNotificationStatus('bob', ConversationType.Peer, 2)
    store.applyChanges([{ event: ConversationEvent.Updated, conversation: conversation('bob', { unreadMessageCount: 4, notificationStatus: 1, isPinned: true, orderKey: 1e12 + now }) }])
    expect(store.totalUnread).toBe(4)
    expect(order()).toEqual(['0:bob'])
    expect(bob().isPinned).toBe(true)
  })

  it('a saved draft creates the conversation and moves it to now, below the pins', () => {
    store.upsertMany([conversation('pinned', { orderKey: 1e12 + now, isPinned: true }), conversation('carol', { orderKey: now + 500 })])
    store.noteDraft('bob', ConversationType.Peer, now + 1000)
    expect(order()).toEqual(['0:pinned', '0:bob', '0:carol'])
    expect(bob()).toMatchObject({ unreadMessageCount: 0, orderKey: now + 1000 })
    // Never backwards: an older draft time leaves the order as it is.
    store.noteDraft('carol', ConversationType.Peer, now)
    expect(store.get('carol', ConversationType.Peer)!.orderKey).toBe(now + 500)
  })

  it('settings on a conversation the store does not hold are ignored', () => {
    store.setPinned('nobody', ConversationType.Peer, true)
    store.setNotificationStatus('nobody', ConversationType.Peer, 2)
    expect(store.ordered).toEqual([])
  })
})
