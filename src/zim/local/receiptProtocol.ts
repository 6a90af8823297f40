// The read-receipt part of the wire protocol (protocol.ts includes it). Replies and event
// pushes carry the SDK's own shapes, so the stand-in hands them on as they are.
import type {
  ZIMGroupMemberInfo,
  ZIMMessageReceiptInfo,
  ZimEventData,
} from '../types'

export type ReceiptRequest =
  /** Peer chats: everything the other side sent with a receipt is read. */
  | { id: number, op: 'sendConversationReceipt', conversationID: string, conversationType: number }
  /** These received messages (at most 10) are read. */
  | { id: number, op: 'sendMessageReceipts', conversationID: string, conversationType: number, messageIDs: string[] }
  | { id: number, op: 'queryReceipts', conversationID: string, conversationType: number, messageIDs: string[] }
  /** A group message of the caller's: who read it (`read`) or who has not. */
  | { id: number, op: 'queryReceiptMembers', groupID: string, messageID: string, read: boolean, nextFlag: number, count: number }

export interface ReceiptReplyData {
  sendConversationReceipt: Record<string, never>
  sendMessageReceipts: { errorMessageIDs: string[], infos: ZIMMessageReceiptInfo[] }
  queryReceipts: { infos: ZIMMessageReceiptInfo[], errorMessageIDs: string[] }
  queryReceiptMembers: { userList: ZIMGroupMemberInfo[], nextFlag: number }
}

export const RECEIPT_EVENTS = ['conversationMessageReceiptChanged', 'messageReceiptChanged'] as const
export type ReceiptEventName = (typeof RECEIPT_EVENTS)[number]

/** A sender learns that others read their messages. */
export type ReceiptPush = { [K in ReceiptEventName]: { push: 'receiptEvent', name: K, data: ZimEventData<K> } }[ReceiptEventName]
