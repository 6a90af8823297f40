// revokeMessage and deleteMessages: what one member does to messages already sent,
// in peer chats and groups.
import { ConversationEvent, ConversationType, MessageType } from '../../../../src/zim/constants'
import { ErrorCode, type ZimErrorCode } from '../../../../src/zim/errors'
import type { StoredMessage } from '../../db'
import { messageView } from '../views'
import type { OpCall } from './context'
import { defineOp, Refusal } from './context'
import { schemas } from './schemas'
import { groupHistoryConversation } from './groups'

/** ZIM's default: a message can be recalled for 2 minutes after it was sent. */
export const REVOKE_WINDOW_MS = 2 * 60_000

/** ZIMRevokeType.TwoWay, ZIMMessageRevokeStatus.SelfRevoke. */
const TWO_WAY = 0
const SELF_REVOKE = 0

/** The stored peer conversation the caller is in, or the refusal the SDK would give. */
export function peerConversation(call: OpCall<{ conversationID: string, conversationType: number }>, code: ZimErrorCode): number {
  const { ctx, session, req, api } = call
  if (req.conversationType === ConversationType.Room)
    throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: The message conversation type is not support.`)
  // a group's conversation, for its members only
  if (req.conversationType === ConversationType.Group)
    return groupHistoryConversation(call)!
  const conversation = req.conversationType === ConversationType.Peer ? ctx.db.peerConversation(session.userID, req.conversationID) : undefined
  if (conversation === undefined)
    throw new Refusal(code, `API.${api}: conversation does not exist.`)
  return conversation
}

/** who sees a message, and under which conversationID each of them keeps it. */
function audience(ctx: OpCall<unknown>['ctx'], m: StoredMessage, self: string): { owner: string, conversationID: string }[] {
  if (m.conversationType === ConversationType.Group)
    return ctx.db.groups.members(m.receiver).map(member => ({ owner: member.userID, conversationID: m.receiver }))
  return [...new Set([self, otherMember(m, self) ?? self])].map(owner => ({ owner, conversationID: otherMember(m, owner) ?? owner }))
}

/** The other member of a peer chat with `self`, or undefined in a chat with oneself. */
function otherMember(m: StoredMessage, self: string): string | undefined {
  const other = m.sender === self ? m.receiver : m.sender
  return other === self ? undefined : other
}

export const revokeMessage = defineOp<'revokeMessage', typeof schemas.revokeMessage>({
  api: 'revokeMessage',
  signedIn: true,
  schema: schemas.revokeMessage,
  handle(call) {
    const { ctx, session, req, api } = call
    const { db } = ctx
    const me = session.userID
    const conversation = peerConversation(call, ErrorCode.CommonModuleIMServerError)
    const original = db.messageBySeq(conversation, req.messageSeq)
    if (!original)
      throw new Refusal(ErrorCode.CommonModuleIMServerError, `API.${api}: message does not exist.`)
    if (original.content.type === MessageType.Revoke)
      throw new Refusal(ErrorCode.MessageModuleMessageHasBeenRevoked, `API.${api}: the message has already been revoked.`)
    // in a group the owner and admins may recall anyone's message (ZIM's rule).
    const role = original.conversationType === ConversationType.Group ? db.groups.member(original.receiver, me)?.role : undefined
    if (original.sender !== me && !(role !== undefined && role <= 2))
      throw new Refusal(ErrorCode.CommonModuleIMServerError, `API.${api}: only the sender can revoke this message.`)
    const now = ctx.now()
    if (now - original.timestamp > REVOKE_WINDOW_MS)
      throw new Refusal(ErrorCode.MessageModuleMessageExceedsRevokeTime, `API.${api}: a message can be revoked within ${REVOKE_WINDOW_MS / 60_000} minutes of sending.`)

    const { type, message, extendedData = '' } = original.content as { type: number, message?: unknown, extendedData?: string }
    const revoked = db.replaceContent(original, {
      type: MessageType.Revoke,
      revokeType: TWO_WAY,
      revokeStatus: SELF_REVOKE,
      revokeTimestamp: now,
      operatedUserID: me,
      revokeExtendedData: req.revokeExtendedData,
      originalMessageType: type,
      originalTextMessageContent: type === MessageType.Text && typeof message === 'string' ? message : '',
      extendedData,
    })

    // Every member: an unread recalled message no longer counts, and a list showing it shows the revoke.
    for (const { owner, conversationID } of audience(ctx, original, me)) {
      const state = db.membershipState(owner, conversation)
      if (!state)
        continue
      const unreadDrop = owner !== original.sender && original.seq > state.readSeq && state.unread > 0 ? 1 : 0
      if (unreadDrop)
        db.adjustMembership(owner, conversation, { unreadDrop, lastMessageGone: () => false })
      const wasLast = state.lastMessageID === original.id
      if (unreadDrop || wasLast) {
        ctx.pushConversation(owner, ConversationEvent.Updated, db.conversation(owner, original.conversationType, conversationID)!, wasLast ? messageView(revoked, owner) : undefined)
      }
      // The one who recalled it learns from the reply, not from an event (as in the SDK).
      const online = owner !== me ? ctx.sessions.get(owner) : undefined
      if (online)
        ctx.writer.write(online.conn, { push: 'messageRevokeReceived', messageList: [messageView(revoked, owner)] })
    }
    return { message: messageView(revoked, me) }
  },
})

export const deleteMessages = defineOp<'deleteMessages', typeof schemas.deleteMessages>({
  api: 'deleteMessages',
  signedIn: true,
  schema: schemas.deleteMessages,
  handle(call) {
    const { ctx, session, req, api } = call
    const { db } = ctx
    const me = session.userID
    const conversation = peerConversation(call, ErrorCode.ConversationModuleServerError)
    const found = req.messageIDs.map(id => db.messageByID(conversation, Number(id)))
    if (found.some(m => m === undefined))
      throw new Refusal(ErrorCode.ConversationModuleServerError, `API.${api}: a message is not in this conversation.`)
    const list = found as StoredMessage[]
    const before = db.membershipState(me, conversation)
    db.deleteFor(me, list.map(m => m.id))
    if (!before)
      return {}
    const ids = new Set(list.map(m => m.id))
    // As the SDK counts it: received messages after the read position were unread.
    const unreadDrop = Math.min(before.unread, list.filter(m => m.sender !== me && m.seq > before.readSeq && m.content.type !== MessageType.Revoke).length)
    if (db.adjustMembership(me, conversation, { unreadDrop, lastMessageGone: id => ids.has(id) }))
      ctx.pushConversation(me, ConversationEvent.Updated, db.conversation(me, req.conversationType, req.conversationID)!)
    return {}
  },
})
