// messageSync: the one writer of message state. Each reported event lands in the
// messages store (and, for a typed message, on the conversation list) exactly once.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMessageSync, type MessageSync } from '@/composables/zim/messageSync'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { labelOf } from '@/stores/messageView'
import { ConversationType, MessageSentStatus, MessageType } from '@/zim/constants'
import type { ZIMMessage } from '@/zim/types'
import { attached, incoming, sent } from '../stores/factories'

const PEER = ConversationType.Peer
const ref = (localMessageID: string) => ({ localMessageID, conversationID: 'bob', conversationType: PEER })

let sync: MessageSync
let messages: ReturnType<typeof useMessagesStore>
let conversations: ReturnType<typeof useConversationsStore>
const list = () => messages.listFor('bob', PEER)

beforeEach(() => {
  setActivePinia(createPinia())
  messages = useMessagesStore()
  conversations = useConversationsStore()
  sync = createMessageSync({ messages, conversations })
})

describe('a send, event by event', () => {
  it('local → attached → sent is one entry, and the conversation list shows it at once', () => {
    sync.report({ type: 'local', message: attached('L1', 1000, { message: 'hi' }) })
    expect(conversations.get('bob', PEER)?.lastMessage).toMatchObject({ localMessageID: 'L1' })
    sync.report({ type: 'attached', message: attached('L1', 1001, { message: 'hi' }) })
    sync.report({ type: 'sent', message: sent('L1', 'M1', 990, 10, { message: 'hi' }) })
    expect(list()).toHaveLength(1)
    expect(list()[0]).toMatchObject({ key: 'l:L1', messageID: 'M1', status: 'sent', text: 'hi' })
  })

  it('a local copy that could not be queued is failed with its reason, not on the list', () => {
    sync.report({ type: 'local', message: attached('U1', 1000, { message: 'kept' }), error: { code: 6000121, message: 'You are not signed in.' } })
    expect(list()[0]).toMatchObject({ status: 'failed', text: 'kept', error: { code: 6000121, message: 'You are not signed in.' } })
    expect(conversations.get('bob', PEER)).toBeUndefined()
  })

  it('the outbox\'s verdict replaces a reason; the SDK\'s status only fills a missing one', () => {
    sync.report({ type: 'local', message: attached('L1', 1000) })
    sync.report({ type: 'failed', source: 'sdk', message: attached('L1', 1000, { sentStatus: MessageSentStatus.Failed }), reason: 'sdk says' })
    expect(list()[0].error).toEqual({ message: 'sdk says' })
    sync.report({ type: 'failed', source: 'outbox', ref: ref('L1'), error: { code: 6000104, message: 'network' } })
    expect(list()[0].error).toEqual({ code: 6000104, message: 'network' })
    sync.report({ type: 'failed', source: 'sdk', message: attached('L1', 1000, { sentStatus: MessageSentStatus.Failed }), reason: 'later' })
    expect(list()[0].error).toEqual({ code: 6000104, message: 'network' })
  })

  it('resending takes a failed send back to sending; takeFailed removes only a failed one', () => {
    sync.report({ type: 'local', message: attached('L1', 1000, { message: 'again' }) })
    expect(sync.takeFailed(ref('L1'))).toBeUndefined()
    sync.report({ type: 'failed', source: 'outbox', ref: ref('L1'), error: { message: 'x' } })
    sync.report({ type: 'resending', ref: ref('L1') })
    expect(list()[0]).toMatchObject({ status: 'sending' })
    expect(list()[0].error).toBeUndefined()
    sync.report({ type: 'failed', source: 'outbox', ref: ref('L1'), error: { message: 'x' } })
    expect(sync.takeFailed(ref('L1'))?.text).toBe('again')
    expect(list()).toEqual([])
  })

  it('progress shows on a pending upload and is dropped once it is sent', () => {
    const image = { type: MessageType.Image, fileLocalPath: '/tmp/a.png', fileName: 'a.png', fileSize: 2048 } as Partial<ZIMMessage>
    const uploaded = { ...image, fileDownloadUrl: 'https://cdn/a.png' } as Partial<ZIMMessage>
    sync.report({ type: 'local', message: attached('L1', 1000, image) })
    expect(list()[0].media).toMatchObject({ fileName: 'a.png', fileSize: 2048, url: '/tmp/a.png' })
    sync.report({ type: 'progress', ref: ref('L1'), current: 1024, total: 2048 })
    expect(list()[0].progress).toEqual({ current: 1024, total: 2048 })
    sync.report({ type: 'sent', message: sent('L1', 'M1', 1000, 10, uploaded) })
    expect(list()[0].progress).toBeUndefined()
    expect(list()[0].media?.url).toBe('https://cdn/a.png')
    sync.report({ type: 'progress', ref: ref('L1'), current: 1, total: 2 })
    expect(list()[0].progress).toBeUndefined()
  })
})

describe('what others do', () => {
  it('received messages merge with history pages', () => {
    sync.report({ type: 'received', messages: [incoming('M1', 1000, 10)] })
    sync.report({ type: 'received', messages: [incoming('M1', 1000, 10), incoming('M2', 2000, 20)] })
    expect(list().map(e => e.messageID)).toEqual(['M1', 'M2'])
  })

  it('a revoke keeps the message in place, marked revoked, with the label key for its text', () => {
    sync.report({ type: 'received', messages: [incoming('M1', 1000, 10), incoming('M2', 2000, 20)] })
    sync.report({ type: 'revoked', messages: [incoming('M1', 1000, 10, { type: MessageType.Revoke, message: undefined })] })
    expect(list().map(e => e.messageID)).toEqual(['M1', 'M2'])
    expect(list()[0]).toMatchObject({ revoked: true, type: MessageType.Revoke, text: '' })
    expect(labelOf(list()[0].type)).toBe('messageType.revoke')
    expect(list()[1].revoked).toBeUndefined()
  })

  it('receipts land on the message they name', () => {
    sync.report({ type: 'sent', message: sent('L1', 'M1', 1000, 10) })
    sync.report({ type: 'receipt', updates: [
      { conversationID: 'bob', conversationType: PEER, messageID: 'M1', status: 2, readMemberCount: 1, unreadMemberCount: 0 },
      { conversationID: 'bob', conversationType: PEER, messageID: 'nope', status: 2 },
    ] })
    expect(list()[0].receipt).toEqual({ status: 2, readMemberCount: 1, unreadMemberCount: 0 })
  })

  it('deleted messages leave the list; a later copy of one starts fresh', () => {
    sync.report({ type: 'received', messages: [incoming('M1', 1000, 10), incoming('M2', 2000, 20)] })
    sync.report({ type: 'sent', message: sent('L3', 'M3', 3000, 30) })
    sync.report({ type: 'deleted', conversationID: 'bob', conversationType: PEER, refs: [{ messageID: 'M1' }, { localMessageID: 'L3' }] })
    expect(list().map(e => e.messageID)).toEqual(['M2'])
    sync.report({ type: 'received', messages: [incoming('M1', 1000, 10)] })
    expect(list().map(e => e.messageID)).toEqual(['M1', 'M2'])
    sync.report({ type: 'deleted', conversationID: 'bob', conversationType: PEER, refs: [], all: true })
    expect(list()).toEqual([])
  })
})
