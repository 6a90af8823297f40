// The SDK's message events, routed: each reaches messageSync as the event it is, and an
// outbox send the outbox will try again is not marked failed by the SDK's report.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMessageSync } from '@/composables/zim/messageSync'
import { createPresence, type Presence } from '@/composables/zim/presence'
import { createSdkRoutes } from '@/composables/zim/sdkRoutes'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { useSessionStore } from '@/stores/session'
import { ConversationType, MessageSentStatus, MessageType } from '@/zim/constants'
import type { ZimEventData, ZimEventName } from '@/zim/types'
import { attached, incoming, sent } from '../stores/factories'

const PEER = ConversationType.Peer
let routes: ReturnType<typeof createSdkRoutes>
let pending: Set<string>
let presence: Presence
let markActiveRead: ReturnType<typeof vi.fn>
const list = () => useMessagesStore().listFor('bob', PEER)
const fire = <K extends ZimEventName>(name: K, data: unknown) => (routes[name] as (d: ZimEventData<K>) => void)(data as ZimEventData<K>)

beforeEach(() => {
  setActivePinia(createPinia())
  pending = new Set()
  presence = createPresence({ currentClient: () => null, isConnected: () => true })
  markActiveRead = vi.fn(async () => undefined)
  const conversations = useConversationsStore()
  routes = createSdkRoutes({
    session: useSessionStore(),
    conversations,
    sync: createMessageSync({ messages: useMessagesStore(), conversations }),
    messageEvents: 'current',
    sendToMachine: vi.fn(),
    renewToken: vi.fn(async () => undefined),
    asOurs: m => m,
    isPendingSend: id => pending.has(id),
    activeConversationID: () => 'bob',
    markActiveRead,
    presence,
  })
})

describe('messageSentStatusChanged', () => {
  it('sending, then sent: one entry, sent', () => {
    fire('messageSentStatusChanged', { infos: [{ status: MessageSentStatus.Sending, message: attached('L1', 1000), reason: '' }] })
    expect(list()[0].status).toBe('sending')
    fire('messageSentStatusChanged', { infos: [{ status: MessageSentStatus.Success, message: sent('L1', 'M1', 1000, 1), reason: '' }] })
    expect(list()).toHaveLength(1)
    expect(list()[0]).toMatchObject({ status: 'sent', messageID: 'M1' })
  })

  it('failed: marked with the SDK\'s reason, unless the outbox will try it again', () => {
    fire('messageSentStatusChanged', { infos: [{ status: MessageSentStatus.Sending, message: attached('L1', 1000), reason: '' }] })
    pending.add('L1')
    const failed = attached('L1', 1000, { sentStatus: MessageSentStatus.Failed })
    fire('messageSentStatusChanged', { infos: [{ status: MessageSentStatus.Failed, message: failed, reason: 'network' }] })
    expect(list()[0].status).toBe('sending')
    pending.clear()
    fire('messageSentStatusChanged', { infos: [{ status: MessageSentStatus.Failed, message: failed, reason: 'network' }] })
    expect(list()[0]).toMatchObject({ status: 'failed', error: { message: 'network' } })
  })
})

it('revokes, receipts and deletions reach the list', () => {
  fire('peerMessageReceived', { messageList: [incoming('M1', 1000, 1), incoming('M2', 2000, 2)], info: { senderUserID: 'bob' }, fromConversationID: 'bob' })
  fire('messageRevokeReceived', { messageList: [incoming('M1', 1000, 1, { type: MessageType.Revoke })] })
  expect(list()[0].revoked).toBe(true)
  fire('messageReceiptChanged', { infos: [{ conversationID: 'bob', conversationType: PEER, messageID: 'M2', status: 1, readMemberCount: 0, unreadMemberCount: 1, isSelfOperated: false, readTime: 0 }] })
  expect(list()[1].receipt).toEqual({ status: 1, readMemberCount: 0, unreadMemberCount: 1 })
  fire('messageDeleted', { conversationID: 'bob', conversationType: PEER, messageList: [incoming('M1', 1000, 1)], isDeleteConversationAllMessage: false, messageDeleteType: 0 })
  expect(list().map(e => e.messageID)).toEqual(['M2'])
})

describe('command messages (typing)', () => {
  const typing = (id: string, over = {}) => incoming(id, 1000, 0, { type: MessageType.Command, messageSeq: 0, message: Uint8Array.from('{"presence":"typing"}', c => c.charCodeAt(0)), ...over } as never)

  it('go to presence, never to the list, and do not mark the open chat read', () => {
    fire('peerMessageReceived', { messageList: [typing('C1')], fromConversationID: 'bob', info: { isOfflineMessage: false } })
    expect(list()).toHaveLength(0)
    expect(presence.isTyping('bob', PEER)).toBe(true)
    expect(markActiveRead).not.toHaveBeenCalled()
  })

  it('a message from the same chat ends the indicator; mixed deliveries keep only the message', () => {
    fire('peerMessageReceived', { messageList: [typing('C2')], fromConversationID: 'bob', info: { isOfflineMessage: false } })
    fire('peerMessageReceived', { messageList: [typing('C3'), incoming('M9', 2000, 9)], fromConversationID: 'bob', info: { isOfflineMessage: false } })
    expect(list().map(e => e.messageID)).toEqual(['M9'])
    expect(presence.isTyping('bob', PEER)).toBe(false)
  })

  it('our own command\'s sent status adds no row', () => {
    fire('messageSentStatusChanged', { infos: [{ status: MessageSentStatus.Success, message: sent('L7', 'M7', 1000, 7, { type: MessageType.Command } as never), reason: '' }] })
    expect(list()).toHaveLength(0)
  })
})
