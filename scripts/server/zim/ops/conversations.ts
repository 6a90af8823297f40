// queryConversations, clearUnread and deleteConversation: one member's list.
import { ConversationEvent, ConversationType } from '../../../../src/zim/constants'
import { ErrorCode } from '../../../../src/zim/errors'
import type { ConversationRow } from '../../db'
import { conversationView, fitting } from '../views'
import type { OpCall } from './context'
import { defineOp, Refusal } from './context'
import { schemas } from './schemas'

type Key = { conversationID: string, conversationType: number }

/**
 * The caller's listed conversation, or the refusal the SDK gives: rooms have no
 * conversation calls (6000001), an unknown conversation is 6000603.
 */
export function existing({ ctx, session, req, api }: OpCall<Key>, typeText = 'conversationType is invalid.'): ConversationRow {
  if (req.conversationType === ConversationType.Room)
    throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: ${typeText}`)
  const row = ctx.db.conversation(session.userID, req.conversationType, req.conversationID)
  if (!row)
    throw new Refusal(ErrorCode.ConversationModuleConversationDoesNotExist, `API.${api}: conversation does not exist.`)
  return row
}

export const queryConversations = defineOp<'queryConversations', typeof schemas.queryConversations>({
  api: 'queryConversationList',
  signedIn: true,
  schema: schemas.queryConversations,
  handle({ ctx, session, req }) {
    const after = req.nextConversationID !== undefined && req.nextConversationType !== undefined
      ? { type: req.nextConversationType, conversationID: req.nextConversationID }
      : undefined
    const rows = ctx.db.conversations(session.userID, req.nextOrderKey ?? undefined, Math.min(req.count, ctx.limits.maxPage), after)
    return { conversationList: fitting(rows.map(c => conversationView(c, ctx.names)), ctx.limits.maxReplyBytes) }
  },
})

export const clearUnread = defineOp<'clearUnread', typeof schemas.clearUnread>({
  api: 'clearConversationUnreadMessageCount',
  signedIn: true,
  schema: schemas.clearUnread,
  handle(call) {
    const before = existing(call)
    const { ctx, session, req } = call
    const row = ctx.db.clearUnread(session.userID, req.conversationType, req.conversationID)!
    // As the SDK: conversationChanged (and the total) only when something was unread.
    if (before.unread > 0)
      ctx.pushConversation(session.userID, ConversationEvent.Updated, row)
    return {}
  },
})

export const deleteConversation = defineOp<'deleteConversation', typeof schemas.deleteConversation>({
  api: 'deleteConversation',
  signedIn: true,
  schema: schemas.deleteConversation,
  handle(call) {
    const row = existing(call)
    const { ctx, session, req } = call
    ctx.db.deleteConversation(session.userID, req.conversationType, req.conversationID)
    ctx.db.settings.forgetPin(session.userID, req.conversationType, req.conversationID)
    // conversationChanged Deleted (the SDK emits it on the device that deleted; the service
    // tells the user's session, which is that device here) and then the total.
    ctx.pushConversation(session.userID, ConversationEvent.Deleted, { ...row, unread: 0 })
    return {}
  },
})
