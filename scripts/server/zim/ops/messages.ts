// send and queryHistory. Rooms and groups have their own paths (rooms.ts, groups.ts);
// media messages carry a file uploaded first (ops/media.ts).
import { ConversationEvent, ConversationType, MessageType } from '../../../../src/zim/constants'
import { ErrorCode } from '../../../../src/zim/errors'
import type { Push } from '../../../../src/zim/local/protocol'
import { checkUserID } from '../../../../src/zim/rules'
import { pairKey } from '../../db'
import { messageContent } from '../../messageContent'
import { isMediaType } from '../../../../src/zim/media'
import { fitting, messageView } from '../views'
import { mediaContent } from './media'
import { defineOp, Refusal } from './context'
import { schemas } from './schemas'
import { checkCombineSend, grantCombine } from './combine'
import { relayCommand } from './command'
import { groupHistoryConversation, sendToGroup } from './groups'
import { sendToRoom } from './rooms'
import { withReceipt, withReceiptStates } from './receipts'

/** Longest idempotency key kept; longer localMessageIDs are not deduplicated. */
const CLIENT_ID_MAX_CHARS = 128

export const send = defineOp<'send', typeof schemas.send>({
  api: 'sendMessage',
  signedIn: true,
  schema: schemas.send,
  handle(call) {
    const { ctx, session, req, api } = call
    const bad = (message: string) => new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: ${message}`)
    const { message, toConversationID: to, conversationType: type } = req
    // a media message is checked against its uploaded file (ops/media.ts).
    const checked = isMediaType(message.type) ? mediaContent(ctx, message, api, session.userID) : messageContent(message)
    if ('rule' in checked)
      throw bad(`${checked.rule}: ${checked.message}`)
    // read receipts: the message keeps whether its sender asked for them.
    const content = withReceipt(checked, type, req.hasReceipt)
    if (content.type === MessageType.Barrage && type !== ConversationType.Room)
      throw bad('barrage messages are for rooms only.')
    // rooms (live only) and groups (stored, per-member unread)
    if (type === ConversationType.Room || type === ConversationType.Group) {
      const own = message as { localMessageID?: unknown, localExtendedData?: unknown }
      const senderLocal = {
        localMessageID: typeof own.localMessageID === 'string' && own.localMessageID.length > 0 ? own.localMessageID : undefined,
        localExtendedData: typeof own.localExtendedData === 'string' ? own.localExtendedData : undefined,
      }
      return type === ConversationType.Room ? sendToRoom(call, content, senderLocal) : sendToGroup(call, content, senderLocal)
    }
    const brokenID = checkUserID(to)
    if (brokenID)
      throw bad(`toConversationID: ${brokenID.rule}: ${brokenID.message}`)

    const { db } = ctx
    const sender = session.userID
    const self = to === sender
    const local = message as { localMessageID?: unknown, localExtendedData?: unknown }
    // The sender's localMessageID is the send's idempotency key: a repeat (lost reply,
    // resend after a failure) answers with the message stored the first time.
    const clientID = typeof local.localMessageID === 'string' && local.localMessageID.length > 0 && local.localMessageID.length <= CLIENT_ID_MAX_CHARS
      ? local.localMessageID
      : undefined
    if (clientID) {
      const earlier = db.messageByClientID(sender, clientID)
      if (earlier) {
        ctx.log.debug({ user: sender, messageID: earlier.id }, 'repeated send answered with the stored message')
        return { message: messageView(earlier, sender) }
      }
    }
    // commands are relayed live and never stored; a combine's children must be readable by its sender.
    if (content.type === MessageType.Command)
      return relayCommand(ctx, sender, content, to, type, local)
    checkCombineSend(ctx, sender, content, api)

    const receiverOnline = self ? undefined : ctx.sessions.get(to)
    // One transaction for the whole send: the message, its key, both memberships, the queue.
    const stored = db.transaction(() => {
      const m = db.insertMessage({
        conversation: db.conversationFor(type, pairKey(sender, to)),
        sender,
        receiver: to,
        conversationType: type,
        timestamp: ctx.now(),
        content,
        senderLocal: {
          localMessageID: typeof local.localMessageID === 'string' ? local.localMessageID : undefined,
          localExtendedData: typeof local.localExtendedData === 'string' ? local.localExtendedData : undefined,
        },
      })
      if (clientID)
        db.rememberClientID(sender, clientID, m.id)
      // the conversation's members may now fetch the file.
      if (typeof content.fileUID === 'string' && content.fileUID !== '')
        ctx.media.store.used(content.fileUID, m.conversation, m.id)
      grantCombine(ctx, content, { conversation: m.conversation, id: m.id, sender })
      const mine = db.touchMembership(sender, to, m, 0)
      // A chat with yourself is one conversation, and your own messages are never unread.
      const theirs = self ? undefined : db.touchMembership(to, sender, m, 1)
      if (!self && !receiverOnline)
        db.enqueue(to, m.id)
      return { m, mine, theirs }
    })

    // Each member's view of the message is made once, for the push and the conversation alike.
    const theirView = stored.theirs && messageView(stored.m, to)
    if (theirView && receiverOnline) {
      const frame: Push = {
        push: 'messages',
        conversationType: type,
        fromConversationID: sender,
        messageList: [theirView],
        isOfflineMessage: false,
      }
      // A socket that dies under the push gets the message at its next login.
      ctx.writer.write(receiverOnline.conn, frame, { onLost: () => db.enqueue(to, stored.m.id) })
    }
    if (stored.theirs && receiverOnline)
      ctx.pushConversation(to, stored.theirs.added ? ConversationEvent.Added : ConversationEvent.Updated, stored.theirs.conversation, theirView || undefined)
    const myView = messageView(stored.m, sender)
    ctx.pushConversation(sender, stored.mine.added ? ConversationEvent.Added : ConversationEvent.Updated, stored.mine.conversation, myView)
    return { message: myView }
  },
})

export const queryHistory = defineOp<'queryHistory', typeof schemas.queryHistory>({
  api: 'queryHistoryMessage',
  signedIn: true,
  schema: schemas.queryHistory,
  handle(call) {
    const { ctx, session, req } = call
    const viewer = session.userID
    // a group's history is for its members; rooms keep none
    if (req.conversationType === ConversationType.Room)
      return { messageList: [] }
    const conversation = req.conversationType === ConversationType.Group
      ? groupHistoryConversation(call)
      : ctx.db.peerConversation(viewer, req.conversationID)
    if (conversation === undefined)
      return { messageList: [] }
    const count = Math.min(req.count, ctx.limits.maxPage)
    const stored = ctx.db.history(conversation, viewer, req.nextOrderKey ?? undefined, count, req.reverse)
    // read receipts: whether each receipt message is read, as this viewer sees it.
    const list = withReceiptStates(ctx, stored, stored.map(m => messageView(m, viewer)), viewer)
    // Over the byte cap the page is shorter; the client pages on from its far end as usual.
    return { messageList: fitting(list, ctx.limits.maxReplyBytes, req.reverse) }
  },
})
