// queryConversations, clearUnread and deleteConversation: one member's list.
import { ConversationEvent } from '../../../../src/zim/constants'
import { ErrorCode } from '../../../../src/zim/errors'
import { conversationView, fitting } from '../views'
import type { OpCall } from './context'
import { defineOp, Refusal } from './context'
import { schemas } from './schemas'

type Key = { conversationID: string, conversationType: number }

function existing({ ctx, session, req, api }: OpCall<Key>): void {
  if (!ctx.db.conversation(session.userID, req.conversationType, req.conversationID))
    throw new Refusal(ErrorCode.ConversationModuleConversationDoesNotExist, `API.${api}: conversation does not exist.`)
}

export const queryConversations = defineOp<'queryConversations', typeof schemas.queryConversations>({
  api: 'queryConversationList',
  signedIn: true,
  schema: schemas.queryConversations,
  handle({ ctx, session, req }) {
    const rows = ctx.db.conversations(session.userID, req.nextOrderKey ?? undefined, Math.min(req.count, ctx.limits.maxPage))
    return { conversationList: fitting(rows.map(c => conversationView(c, ctx.names)), ctx.limits.maxReplyBytes) }
  },
})

export const clearUnread = defineOp<'clearUnread', typeof schemas.clearUnread>({
  api: 'clearConversationUnreadMessageCount',
  signedIn: true,
  schema: schemas.clearUnread,
  handle(call) {
    existing(call)
    const { ctx, session, req } = call
    const row = ctx.db.clearUnread(session.userID, req.conversationType, req.conversationID)!
    ctx.pushConversation(session.userID, ConversationEvent.Updated, row)
    return {}
  },
})

export const deleteConversation = defineOp<'deleteConversation', typeof schemas.deleteConversation>({
  api: 'deleteConversation',
  signedIn: true,
  schema: schemas.deleteConversation,
  handle(call) {
    existing(call)
    call.ctx.db.deleteConversation(call.session.userID, call.req.conversationType, call.req.conversationID)
    return {}
  },
})
