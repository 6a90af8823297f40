// Wire protocol between the stand-in client (src/zim/local) and the local ZIM service
// (scripts/server). JSON text frames over one WebSocket per client instance. The service
// may coalesce several frames for one client into one WebSocket message: a JSON array.
import type { ZIMConversation, ZIMMessage } from '../types'
import type { GroupPush, GroupReplyData, GroupRequest, RoomPush, RoomReplyData, RoomRequest } from './groupRoomProtocol'

/** Client → service: a request answered by exactly one `Reply` with the same id. */
export type Request =
  | { id: number, op: 'login', appID: number, userID: string, userName: string, token: string }
  | { id: number, op: 'logout' }
  | { id: number, op: 'renewToken', token: string }
  | { id: number, op: 'send', message: ZIMMessage, toConversationID: string, conversationType: number, priority: number }
  /** `nextConversationID`/`Type`: the conversation `nextOrderKey` came from (breaks ties between equal keys). */
  | { id: number, op: 'queryConversations', nextOrderKey?: number, nextConversationID?: string, nextConversationType?: number, count: number }
  | { id: number, op: 'queryHistory', conversationID: string, conversationType: number, nextOrderKey?: number, count: number, reverse: boolean }
  | { id: number, op: 'clearUnread', conversationID: string, conversationType: number }
  | { id: number, op: 'deleteConversation', conversationID: string, conversationType: number }
  | { id: number, op: 'revokeMessage', conversationID: string, conversationType: number, messageSeq: number, revokeExtendedData?: string }
  /** Deletes messages for the caller only; the other members keep theirs. */
  | { id: number, op: 'deleteMessages', conversationID: string, conversationType: number, messageIDs: string[] }
  | { id: number, op: 'queryUsers', userIDs: string[] }
  /** The client holds every offline message of the page up to `cursor`: the next page comes. */
  | { id: number, op: 'ackOffline', cursor: number }
  // media (the SDK's file/upload and file/process; see scripts/server/media/service.ts)
  /** An upload slot, or state 1 when the service already has these bytes (the MD5 short-cut). */
  | { id: number, op: 'fileUpload', md5: string, fileName: string, fileSize: number, fileType: number, duration?: number }
  /** The uploaded file's fields for its message, or the refusal its upload met. */
  | { id: number, op: 'fileProcess', md5: string, fileName: string, fileType: number }
  // a combined message's children, uploaded before it is sent, and read back by members.
  | { id: number, op: 'uploadCombine', children: Record<string, unknown>[] }
  | { id: number, op: 'queryCombine', combineID: string }
  // conversation settings and users (scripts/server/zim/ops/conversationSettings.ts, users.ts)
  | { id: number, op: 'pinConversation', conversationID: string, conversationType: number, isPinned: boolean }
  /** 1 Notify, 2 DoNotDisturb. */
  | { id: number, op: 'setNotificationStatus', conversationID: string, conversationType: number, status: number }
  /** Deletes every message of the conversation for the caller only. */
  | { id: number, op: 'deleteAllMessages', conversationID: string, conversationType: number }
  | { id: number, op: 'updateUserInfo', field: 'name' | 'avatarUrl', value: string }
  // groups and rooms (groupRoomProtocol.ts)
  | GroupRequest
  | RoomRequest

export type RequestOp = Request['op']

/** What each op answers with on success. */
export interface ReplyData {
  /** fileKey: what this user's file addresses carry (`k`), see scripts/server/media/tickets.ts. */
  login: { expireAt: number, fileKey?: string }
  logout: Record<string, never>
  renewToken: { expireAt: number }
  send: { message: ZIMMessage }
  queryConversations: { conversationList: ZIMConversation[] }
  queryHistory: { messageList: ZIMMessage[] }
  clearUnread: Record<string, never>
  deleteConversation: Record<string, never>
  queryUsers: { users: { userID: string, userName: string, userAvatarUrl?: string }[] }
  ackOffline: { more: boolean }
  /** The revoke message (type 31) that now stands in the original's place. */
  revokeMessage: { message: ZIMMessage }
  deleteMessages: Record<string, never>
  // media. Addresses are relative to the service (the stand-in makes them absolute).
  fileUpload: { state: 0 | 1, url?: string, header?: Record<string, string>, formData?: Record<string, string> }
  fileProcess: { file: Record<string, unknown> }
  uploadCombine: { combineID: string }
  queryCombine: { messageList: ZIMMessage[] }
  // conversation settings and users
  pinConversation: Record<string, never>
  setNotificationStatus: Record<string, never>
  deleteAllMessages: Record<string, never>
  updateUserInfo: { value: string }
}
// groups and rooms
export interface ReplyData extends GroupReplyData, RoomReplyData {}

/** `id` is null when the frame that is answered had no usable id (not JSON, no id, …). */
export type Reply =
  | { id: number, ok: true, data: ReplyData[RequestOp] }
  | { id: number | null, ok: false, code: number, message: string }

/** The messages of one conversation within an offline page. */
export interface OfflineBatch { conversationType: number, fromConversationID: string, messageList: ZIMMessage[] }

/** Service → client, unsolicited. */
export type Push =
  | { push: 'messages', conversationType: number, fromConversationID: string, messageList: ZIMMessage[], isOfflineMessage: boolean }
  /** One page of what arrived while the user was away; acked with `ackOffline`. */
  | { push: 'offlineMessages', cursor: number, batches: OfflineBatch[] }
  | { push: 'conversationChanged', infoList: { event: number, conversation: ZIMConversation }[] }
  /** Messages another member recalled (never sent to the one who recalled them). */
  | { push: 'messageRevokeReceived', messageList: ZIMMessage[] }
  /** The total unread changed (not muted, not rooms): conversationTotalUnreadMessageCountUpdated. */
  | { push: 'totalUnread', totalUnreadMessageCount: number }
  /** The session ended by the service: 4 kicked out (another login), 5 token expired. */
  | { push: 'sessionEnded', event: number, reason: string }
  // groups and rooms
  | GroupPush
  | RoomPush

export type ServerFrame = Reply | Push

export const PROTOCOL_PATH = '/zim'

/** Close codes the service uses (RFC 6455 and the 4000 + ZIM event range). */
export const CloseCode = {
  GoingAway: 1001,
  UnsupportedData: 1003,
  InvalidPayload: 1007,
  PolicyViolation: 1008,
  TooBig: 1009,
  TryAgainLater: 1013,
} as const
