// Message and conversation shapes as the SDK hands them over (see shared zim-sdk notes).
import type { ZIMConversation, ZIMMessage } from '@/zim/types'
import { ConversationType, MessageDirection, MessageSentStatus, MessageType } from '@/zim/constants'

type Msg = ZIMMessage & { message?: string }

const base = (over: Partial<Msg>): Msg => ({
  type: MessageType.Text,
  message: 'hello',
  conversationID: 'bob',
  conversationType: ConversationType.Peer,
  ...over,
})

/** onMessageAttached: local ID set, messageID '', Sending, client time, orderKey 0. */
export const attached = (localMessageID: string, timestamp: number, over: Partial<Msg> = {}): Msg => base({
  localMessageID, messageID: '', senderUserID: 'me', direction: MessageDirection.Send,
  sentStatus: MessageSentStatus.Sending, timestamp, orderKey: 0, message: `text ${localMessageID}`, ...over,
})

/** The send result: both IDs, Success, server time and order. */
export const sent = (localMessageID: string, messageID: string, timestamp: number, orderKey: number, over: Partial<Msg> = {}): Msg =>
  attached(localMessageID, timestamp, { messageID, sentStatus: MessageSentStatus.Success, orderKey, messageSeq: orderKey, ...over })

export const incoming = (messageID: string, timestamp: number, orderKey: number, over: Partial<Msg> = {}): Msg => base({
  messageID, localMessageID: `rx-${messageID}`, senderUserID: 'bob', direction: MessageDirection.Receive,
  sentStatus: MessageSentStatus.Success, timestamp, orderKey, messageSeq: orderKey, message: `text ${messageID}`, ...over,
})

export const conversation = (conversationID: string, over: Partial<ZIMConversation> = {}): ZIMConversation => ({
  conversationID, type: ConversationType.Peer, conversationName: conversationID, conversationAvatarUrl: '',
  conversationAlias: '', notificationStatus: 1, unreadMessageCount: 0, readMessageSeq: 0, lastMessage: undefined,
  orderKey: 0, isPinned: false, pinnedTime: 0, mentionedInfoList: [], draft: '', marks: [], ...over,
})
