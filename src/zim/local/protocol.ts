// Wire protocol between the stand-in client (src/zim/local) and the local ZIM service
// (scripts/server). JSON text frames over one WebSocket per client instance.
import type { ZIMConversation, ZIMMessage } from '../types'

/** Client → service: a request answered by exactly one `Reply` with the same id. */
export type Request =
  | { id: number, op: 'login', appID: number, userID: string, userName: string, token: string }
  | { id: number, op: 'logout' }
  | { id: number, op: 'renewToken', token: string }
  | { id: number, op: 'send', message: ZIMMessage, toConversationID: string, conversationType: number, priority: number }
  | { id: number, op: 'queryConversations', nextOrderKey?: number, count: number }
  | { id: number, op: 'queryHistory', conversationID: string, conversationType: number, nextOrderKey?: number, count: number, reverse: boolean }
  | { id: number, op: 'clearUnread', conversationID: string, conversationType: number }
  | { id: number, op: 'deleteConversation', conversationID: string, conversationType: number }

export type RequestOp = Request['op']

/** What each op answers with on success. */
export interface ReplyData {
  login: { expireAt: number }
  logout: Record<string, never>
  renewToken: { expireAt: number }
  send: { message: ZIMMessage }
  queryConversations: { conversationList: ZIMConversation[] }
  queryHistory: { messageList: ZIMMessage[] }
  clearUnread: Record<string, never>
  deleteConversation: Record<string, never>
}

export type Reply =
  | { id: number, ok: true, data: ReplyData[RequestOp] }
  | { id: number, ok: false, code: number, message: string }

/** Service → client, unsolicited. */
export type Push =
  | { push: 'messages', conversationType: number, fromConversationID: string, messageList: ZIMMessage[], isOfflineMessage: boolean }
  | { push: 'conversationChanged', infoList: { event: number, conversation: ZIMConversation }[] }
  /** The session ended by the service: 4 kicked out (another login), 5 token expired. */
  | { push: 'sessionEnded', event: number, reason: string }

export type ServerFrame = Reply | Push

export const PROTOCOL_PATH = '/zim'
