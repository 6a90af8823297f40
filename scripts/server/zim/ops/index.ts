// The service's one table of ops: name → schema → handler. A new op (rooms, groups) is
// a new row here and a handler in its own file.
import type { RequestOp } from '../../../../src/zim/local/protocol'
import type { OpSpec } from './context'
import { clearUnread, deleteConversation, queryConversations } from './conversations'
import { fileProcess, fileUpload } from './media'
import { deleteMessages, revokeMessage } from './messageActions'
import { queryHistory, send } from './messages'
import { ackOffline, login, logout, renewToken } from './session'
import { queryUsers, updateUserInfo } from './users'
import { deleteAllMessages, pinConversation, setNotificationStatus } from './conversationSettings'
import { queryCombine, uploadCombine } from './combine'
import { groupOps } from './groups'
import { roomOps } from './rooms'

export const ops: { [K in RequestOp]: OpSpec<K> } = {
  login,
  logout,
  renewToken,
  send,
  queryConversations,
  queryHistory,
  clearUnread,
  deleteConversation,
  queryUsers,
  ackOffline,
  revokeMessage,
  deleteMessages,
  // media
  fileUpload,
  fileProcess,
  uploadCombine,
  queryCombine,
  // conversation settings and users
  pinConversation,
  setNotificationStatus,
  deleteAllMessages,
  updateUserInfo,
  // groups and rooms
  ...groupOps,
  ...roomOps,
} as unknown as { [K in RequestOp]: OpSpec<K> }

export function findOp(name: string): OpSpec<RequestOp> | undefined {
  return Object.prototype.hasOwnProperty.call(ops, name) ? ops[name as RequestOp] as OpSpec<RequestOp> : undefined
}
