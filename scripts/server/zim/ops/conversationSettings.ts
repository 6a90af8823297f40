// A member's settings of a conversation (pinned, notification status) and deleting all of
// their messages in it. Each change reaches the member's session as conversationChanged
// (Updated), then the total unread when it changed (service.ts pushConversation).
import { ConversationEvent } from '../../../../src/zim/constants'
import { PINNED_CONVERSATIONS_MAX } from '../../../../src/zim/conversationRules'
import { ErrorCode } from '../../../../src/zim/errors'
import { defineOp, Refusal } from './context'
import { existing } from './conversations'
import { peerConversation } from './messageActions'
import { schemas } from './schemas'

export const pinConversation = defineOp<'pinConversation', typeof schemas.pinConversation>({
  api: 'updateConversationPinnedState',
  signedIn: true,
  schema: schemas.pinConversation,
  handle(call) {
    const row = existing(call)
    const { ctx, session, req, api } = call
    const me = session.userID
    if (!req.isPinned && !row.isPinned)
      throw new Refusal(ErrorCode.CommonModuleParamsInvalid, 'Repeatedly unpin.')
    if (req.isPinned && !row.isPinned && ctx.db.settings.pinnedCount(me) >= PINNED_CONVERSATIONS_MAX)
      throw new Refusal(ErrorCode.ConversationModuleConversationPinnedListReachedLimit, `API.${api}: at most ${PINNED_CONVERSATIONS_MAX} conversations can be pinned.`)
    // pinning a pinned one again keeps its pinnedTime
    if (req.isPinned !== row.isPinned)
      ctx.db.settings.setPinned(me, req.conversationType, req.conversationID, req.isPinned, ctx.now())
    ctx.pushConversation(me, ConversationEvent.Updated, ctx.db.conversation(me, req.conversationType, req.conversationID)!)
    return {}
  },
})

export const setNotificationStatus = defineOp<'setNotificationStatus', typeof schemas.setNotificationStatus>({
  api: 'setConversationNotificationStatus',
  signedIn: true,
  schema: schemas.setNotificationStatus,
  handle(call) {
    existing(call, 'conversationType is not support.')
    const { ctx, session, req } = call
    const me = session.userID
    ctx.db.settings.setNotificationStatus(me, req.conversationType, req.conversationID, req.status)
    ctx.pushConversation(me, ConversationEvent.Updated, ctx.db.conversation(me, req.conversationType, req.conversationID)!)
    return {}
  },
})

export const deleteAllMessages = defineOp<'deleteAllMessages', typeof schemas.deleteAllMessages>({
  api: 'deleteAllMessage',
  signedIn: true,
  schema: schemas.deleteAllMessages,
  handle(call) {
    const { ctx, session, req } = call
    const me = session.userID
    const row = existing(call)
    const conversation = peerConversation(call, ErrorCode.ConversationModuleServerError)
    ctx.db.deleteAllFor(me, conversation)
    const after = ctx.db.conversation(me, req.conversationType, req.conversationID) ?? row
    ctx.pushConversation(me, ConversationEvent.Updated, after)
    return {}
  },
})
