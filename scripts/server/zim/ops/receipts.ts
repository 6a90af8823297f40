// Read receipts: a message sent with `config.hasReceipt` is stored with `hasReceipt` in its
// content; readers mark it read (a whole peer chat at once, or up to 10 messages of a peer
// chat or group), and its sender, if online, is told with the SDK's events.
import * as v from 'valibot'
import { ConversationType, MessageType } from '../../../../src/zim/constants'
import { ErrorCode } from '../../../../src/zim/errors'
import type { ZIMMessage, ZIMMessageReceiptInfo } from '../../../../src/zim/types'
import type { ReceiptPush } from '../../../../src/zim/local/receiptProtocol'
import type { MessageContent, StoredMessage } from '../../db'
import type { OpCall, OpContext } from './context'
import { defineOp, Refusal } from './context'
import { conversationID, conversationType } from './schemas'
import { groupHistoryConversation, memberView } from './groups'

/** ZIMMessageReceiptStatus. */
export const ReceiptStatus = { None: 0, Processing: 1, Done: 2 } as const
/** ZIM's server refuses more in one sendMessageReceiptsRead (100039 → 6000282). */
export const RECEIPTS_PER_CALL = 10
const RECEIPT_MEMBERS_PAGE_MAX = 100

/** The content to store for a send: receipts only in peer chats and groups, never on commands or barrage. */
export function withReceipt(content: MessageContent, conversationType: number, hasReceipt: unknown): MessageContent {
  const allowed = hasReceipt === true && conversationType !== ConversationType.Room
    && content.type !== MessageType.Command && content.type !== MessageType.Barrage
  return allowed ? { ...content, hasReceipt: true } : content
}

const messageIDs = v.pipe(
  v.array(v.pipe(v.string('messageIDs must be message IDs.'), v.regex(/^\d{1,15}$/, 'messageIDs must be message IDs.')), 'messageIDs must be a list.'),
  v.minLength(1, 'messageIDs must not be empty.'),
)

export const receiptSchemas = {
  sendConversationReceipt: v.looseObject({ conversationID: conversationID('conversationID'), conversationType }),
  sendMessageReceipts: v.looseObject({ conversationID: conversationID('conversationID'), conversationType, messageIDs }),
  queryReceipts: v.looseObject({ conversationID: conversationID('conversationID'), conversationType, messageIDs }),
  queryReceiptMembers: v.looseObject({
    groupID: conversationID('groupID'),
    messageID: v.pipe(v.string('messageID must be a message ID.'), v.regex(/^\d{1,15}$/, 'messageID must be a message ID.')),
    read: v.boolean('read must be true or false.'),
    nextFlag: v.pipe(v.number('nextFlag must be a number.'), v.safeInteger('nextFlag must be a whole number.'), v.minValue(0, 'nextFlag must not be negative.')),
    count: v.pipe(v.number('count must be a number.'), v.safeInteger('count must be a whole number.'), v.minValue(0, 'count must not be negative.')),
  }),
}

const hasReceipt = (m: StoredMessage) => m.content.hasReceipt === true

/** The peer or group conversation the caller is in; rooms have no receipts (6000001). */
function conversationOf(call: OpCall<{ conversationID: string, conversationType: number }>): number {
  const { ctx, session, req, api } = call
  if (req.conversationType === ConversationType.Room)
    throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: The conversation type is not support.`)
  if (req.conversationType === ConversationType.Group)
    return groupHistoryConversation(call)!
  const conversation = ctx.db.peerConversation(session.userID, req.conversationID)
  if (conversation === undefined)
    throw new Refusal(ErrorCode.ConversationModuleConversationDoesNotExist, `API.${api}: conversation does not exist.`)
  return conversation
}

/** Who was to read a message: the peer, or the group's members but its sender. */
function audience(ctx: OpContext, m: StoredMessage): string[] {
  if (m.conversationType === ConversationType.Group)
    return ctx.db.groups.members(m.receiver).map(member => member.userID).filter(id => id !== m.sender)
  return m.receiver === m.sender ? [] : [m.receiver]
}

/** A message's receipt as its sender sees it. */
function senderInfo(ctx: OpContext, m: StoredMessage): ZIMMessageReceiptInfo {
  const readers = ctx.db.receipts.readers(m.id)
  const readSet = new Set(readers.map(r => r.userID))
  const unread = audience(ctx, m).filter(id => !readSet.has(id)).length
  const done = unread === 0 && readers.length > 0
  return {
    conversationID: m.receiver,
    conversationType: m.conversationType,
    messageID: String(m.id),
    status: done ? ReceiptStatus.Done : ReceiptStatus.Processing,
    readMemberCount: readers.length,
    unreadMemberCount: unread,
    isSelfOperated: false,
    readTime: done ? readers[readers.length - 1].readTime : 0,
  } as ZIMMessageReceiptInfo
}

/** A received message's receipt as its reader sees it (as the SDK reports its own reads). */
function readerInfo(ctx: OpContext, m: StoredMessage, reader: string, conversationID: string): ZIMMessageReceiptInfo {
  const read = ctx.db.receipts.hasRead(m.id, reader)
  return {
    conversationID,
    conversationType: m.conversationType,
    messageID: String(m.id),
    status: read ? ReceiptStatus.Done : ReceiptStatus.Processing,
    readMemberCount: 0,
    unreadMemberCount: 0,
    isSelfOperated: read,
    readTime: 0,
  } as ZIMMessageReceiptInfo
}

function pushTo(ctx: OpContext, userID: string, frame: ReceiptPush): void {
  const online = ctx.sessions.get(userID)
  if (online)
    ctx.writer.write(online.conn, frame)
}

/** Tells each sender of newly read messages what their receipts now say. */
function tellSenders(ctx: OpContext, read: StoredMessage[]): void {
  const bySender = new Map<string, ZIMMessageReceiptInfo[]>()
  for (const m of read) {
    const infos = bySender.get(m.sender) ?? []
    infos.push(senderInfo(ctx, m))
    bySender.set(m.sender, infos)
  }
  for (const [sender, infos] of bySender)
    pushTo(ctx, sender, { push: 'receiptEvent', name: 'messageReceiptChanged', data: { infos } })
}

export const sendConversationReceipt = defineOp<'sendConversationReceipt', typeof receiptSchemas.sendConversationReceipt>({
  api: 'sendConversationMessageReceiptRead',
  signedIn: true,
  schema: receiptSchemas.sendConversationReceipt,
  handle(call) {
    const { ctx, session, req, api } = call
    if (req.conversationType !== ConversationType.Peer)
      throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: conversationType is invalid.`)
    const conversation = conversationOf(call)
    const me = session.userID
    const now = ctx.now()
    const pending = ctx.db.receipts.unreadBy(conversation, me)
    const fresh = pending.filter(p => ctx.db.receipts.markRead(p.id, me, now))
    // One event for the whole conversation, as ZIM sends it: "read up to here".
    if (fresh.length > 0 && req.conversationID !== me) {
      const last = fresh[fresh.length - 1]
      pushTo(ctx, req.conversationID, {
        push: 'receiptEvent',
        name: 'conversationMessageReceiptChanged',
        data: {
          infos: [{
            conversationID: me,
            conversationType: ConversationType.Peer,
            messageID: String(last.id),
            status: ReceiptStatus.Done,
            readMemberCount: 1,
            unreadMemberCount: 0,
            isSelfOperated: false,
            readTime: now,
          } as ZIMMessageReceiptInfo],
        },
      })
    }
    return {}
  },
})

export const sendMessageReceipts = defineOp<'sendMessageReceipts', typeof receiptSchemas.sendMessageReceipts>({
  api: 'sendMessageReceiptsRead',
  signedIn: true,
  schema: receiptSchemas.sendMessageReceipts,
  handle(call) {
    const { ctx, session, req, api } = call
    if (req.messageIDs.length > RECEIPTS_PER_CALL)
      throw new Refusal(ErrorCode.MessageModuleMessageReceiptLimit, `API.${api}: at most ${RECEIPTS_PER_CALL} messages can be marked read in one call (this call has ${req.messageIDs.length}).`)
    const conversation = conversationOf(call)
    const me = session.userID
    const now = ctx.now()
    const errorMessageIDs: string[] = []
    const infos: ZIMMessageReceiptInfo[] = []
    const fresh: StoredMessage[] = []
    for (const id of new Set(req.messageIDs)) {
      const m = ctx.db.messageByID(conversation, Number(id))
      if (!m || m.sender === me || !hasReceipt(m) || m.content.type === MessageType.Revoke) {
        errorMessageIDs.push(id)
        continue
      }
      if (ctx.db.receipts.markRead(m.id, me, now))
        fresh.push(m)
      infos.push({ ...readerInfo(ctx, m, me, req.conversationID), isSelfOperated: false, readTime: now })
    }
    if (errorMessageIDs.length === req.messageIDs.length)
      throw new Refusal(ErrorCode.MessageModuleReceiptReadError, `API.${api}: none of these messages is a received message with a receipt.`)
    tellSenders(ctx, fresh)
    return { errorMessageIDs, infos }
  },
})

export const queryReceipts = defineOp<'queryReceipts', typeof receiptSchemas.queryReceipts>({
  api: 'queryMessageReceiptsInfo',
  signedIn: true,
  schema: receiptSchemas.queryReceipts,
  handle(call) {
    const { ctx, session, req } = call
    const conversation = conversationOf(call)
    const me = session.userID
    const infos: ZIMMessageReceiptInfo[] = []
    const errorMessageIDs: string[] = []
    for (const id of req.messageIDs) {
      const m = ctx.db.messageByID(conversation, Number(id))
      if (!m || !hasReceipt(m) || m.content.type === MessageType.Revoke) {
        errorMessageIDs.push(id)
        continue
      }
      infos.push(m.sender === me ? { ...senderInfo(ctx, m), conversationID: req.conversationID } : readerInfo(ctx, m, me, req.conversationID))
    }
    return { infos, errorMessageIDs }
  },
})

export const queryReceiptMembers = defineOp<'queryReceiptMembers', typeof receiptSchemas.queryReceiptMembers>({
  api: 'queryGroupMessageReceiptReadMemberList',
  signedIn: true,
  schema: receiptSchemas.queryReceiptMembers,
  handle(call) {
    const { ctx, session, req } = call
    const api = req.read ? call.api : 'queryGroupMessageReceiptUnreadMemberList'
    const conversation = groupHistoryConversation({ ...call, api, req: { conversationID: req.groupID } })!
    const m = ctx.db.messageByID(conversation, Number(req.messageID))
    if (!m || m.sender !== session.userID || !hasReceipt(m))
      throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: The message instance is not a successfully sent or not sent by self.`)
    const readers = new Set(ctx.db.receipts.readers(m.id).map(r => r.userID))
    const members = ctx.db.groups.members(req.groupID).filter(member => member.userID !== m.sender && readers.has(member.userID) === req.read)
    // nextFlag: how many were given before; 0 once the list is complete (as ZIM pages it).
    const count = Math.min(req.count || RECEIPT_MEMBERS_PAGE_MAX, RECEIPT_MEMBERS_PAGE_MAX)
    const page = members.slice(req.nextFlag, req.nextFlag + count)
    const next = req.nextFlag + page.length
    return { userList: page.map(member => memberView(ctx, member)), nextFlag: next < members.length ? next : 0 }
  },
})

export const receiptOps = { sendConversationReceipt, sendMessageReceipts, queryReceipts, queryReceiptMembers }

/** History as the viewer sees it: their receipt messages say whether they are read. */
export function withReceiptStates(ctx: OpContext, messages: StoredMessage[], views: ZIMMessage[], viewer: string): ZIMMessage[] {
  return views.map((view, i) => {
    const m = messages[i]
    if (!hasReceipt(m) || m.content.type === MessageType.Revoke)
      return view
    const done = m.sender === viewer ? senderInfo(ctx, m).status === ReceiptStatus.Done : ctx.db.receipts.hasRead(m.id, viewer)
    return done ? { ...view, receiptStatus: ReceiptStatus.Done } as ZIMMessage : view
  })
}
