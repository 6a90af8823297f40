// Read receipts in the store and the row's words: a copy never takes a receipt back, a
// peer's conversation receipt marks our sends up to its time, and what a row shows.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { receiptLine } from '@/composables/useReadReceipts'
import { wantsReceipt } from '@/composables/zim/receipts'
import { useMessagesStore } from '@/stores/messages'
import { ConversationType, MessageType } from '@/zim/constants'
import { incoming, sent } from './stores/factories'

beforeEach(() => setActivePinia(createPinia()))

describe('receipts in the messages store', () => {
  it('a stale copy (history saying Processing) never takes "read" back; a recall drops the receipt', () => {
    const messages = useMessagesStore()
    messages.confirmSent(sent('L1', 'M1', 1000, 1, { receiptStatus: 1 }))
    messages.applyReceipts([{ conversationID: 'bob', conversationType: 0, messageID: 'M1', status: 2, readMemberCount: 1, unreadMemberCount: 0 }])
    messages.receive([sent('L1', 'M1', 1000, 1, { receiptStatus: 1 })])
    expect(messages.listFor('bob', 0)[0].receipt).toEqual({ status: 2, readMemberCount: 1, unreadMemberCount: 0 })
    messages.receive([sent('L1', 'M1', 1000, 1, { type: MessageType.Revoke, receiptStatus: 0 })])
    expect(messages.listFor('bob', 0)[0].receipt).toBeUndefined()
  })

  it('a conversation receipt marks our sends up to its time, not theirs nor later ones', () => {
    const messages = useMessagesStore()
    messages.confirmSent(sent('L1', 'M1', 1000, 1, { receiptStatus: 1 }))
    messages.receive([incoming('M2', 2000, 2, { receiptStatus: 1 })])
    messages.confirmSent(sent('L3', 'M3', 3000, 3, { receiptStatus: 1 }))
    messages.markOwnReadUpTo('bob', 0, 2500)
    expect(messages.listFor('bob', 0).map(e => e.receipt?.status)).toEqual([2, 1, 1])
  })
})

describe('what a row shows', () => {
  it('peer: Read / Unread; group: N read (Unread at 0); nothing for others\' or unsent messages', () => {
    const messages = useMessagesStore()
    messages.confirmSent(sent('L1', 'M1', 1000, 1, { receiptStatus: 2 }))
    messages.confirmSent(sent('L2', 'M2', 1000, 2, { receiptStatus: 1, conversationID: 'G', conversationType: 2 }))
    messages.receive([incoming('M3', 2000, 3, { receiptStatus: 1 })])
    const [peer, theirs] = messages.listFor('bob', 0)
    const [group] = messages.listFor('G', 2)
    expect(receiptLine(peer)).toEqual({ key: 'receipt.read', params: { count: 0 }, read: true, group: false })
    expect(receiptLine(theirs)).toBeNull()
    expect(receiptLine(group)).toMatchObject({ key: 'receipt.unread', read: false, group: true })
    messages.applyReceipts([{ conversationID: 'G', conversationType: 2, messageID: 'M2', status: 1, readMemberCount: 3, unreadMemberCount: 1 }])
    expect(receiptLine(messages.listFor('G', 2)[0])).toMatchObject({ key: 'receipt.groupRead', params: { count: 3 }, read: false })
  })

  it('receipts are asked for on peer and group sends only, never commands or barrage', () => {
    expect(wantsReceipt(ConversationType.Peer, MessageType.Text)).toBe(true)
    expect(wantsReceipt(ConversationType.Group, MessageType.Image)).toBe(true)
    expect(wantsReceipt(ConversationType.Room, MessageType.Text)).toBe(false)
    expect(wantsReceipt(ConversationType.Peer, MessageType.Command)).toBe(false)
    expect(wantsReceipt(ConversationType.Group, MessageType.Barrage)).toBe(false)
  })
})
