// The stand-in's read-receipt API: the SDK's local checks (read from zego-zim-miniprogram
// 2.29.0's bundle, with its texts), then the service; the events the SDK emits for the
// caller's own reads, and the senders' events the service pushes, handed on as they are.
import type {
  ZIMConversationMessageReceiptReadSentResult,
  ZIMConversationType,
  ZIMGroupMessageReceiptMemberListQueriedResult,
  ZIMGroupMessageReceiptMemberQueryConfig,
  ZIMMessage,
  ZIMMessageReceiptsInfoQueriedResult,
  ZIMMessageReceiptsReadSentResult,
} from '../types'
import { ConversationType, MessageDirection, MessageSentStatus, MessageType } from '../constants'
import { isValidID } from './groupRoomValidate'
import type { LocalHost } from './host'
import { RECEIPT_EVENTS, type ReceiptPush } from './receiptProtocol'

export type ReceiptApiName =
  | 'API.sendConversationMessageReceiptRead'
  | 'API.sendMessageReceiptsRead'
  | 'API.queryMessageReceiptsInfo'
  | 'API.queryGroupMessageReceiptReadMemberList'
  // sic: the SDK names the unread list's API with a trailing 1 in its errors.
  | 'API.queryGroupMessageReceiptReadMemberList1'

/** ZIMMessageReceiptStatus.Processing: a receipt not yet read. */
const PROCESSING = 1

function checkConversation(conversationID: unknown, conversationType: unknown): string {
  if (!isValidID(conversationID))
    return 'conversationID is invalid.'
  return conversationType === ConversationType.Peer || conversationType === ConversationType.Group ? '' : 'conversationType is invalid.'
}

const inConversation = (m: ZIMMessage, id: string, type: number) => m.conversationID === id && m.conversationType === type

/** A received message with a receipt still to send, as sendMessageReceiptsRead wants it. */
const awaitsReceipt = (id: string, type: number) => (m: ZIMMessage) =>
  !!m && m.direction === MessageDirection.Receive && m.receiptStatus === PROCESSING && !!m.messageSeq
  && !m.isGroupTargetedMessage && inConversation(m, id, type) && !!m.messageID

/** Types the SDK refuses for receipt member lists (none, command, barrage, tips, revoke). */
const NO_MEMBER_LIST = new Set<number>([MessageType.Command, MessageType.Barrage, MessageType.Tips, MessageType.Revoke])

export class LocalReceipts {
  constructor(private readonly host: LocalHost) {}

  /** Senders' events, as the service made them. */
  onPush(push: ReceiptPush): void {
    if ((RECEIPT_EVENTS as readonly string[]).includes(push.name))
      this.host.emit(push.name, push.data as never)
  }

  sendConversationMessageReceiptRead(conversationID: string, conversationType: ZIMConversationType): Promise<ZIMConversationMessageReceiptReadSentResult> {
    const api = 'API.sendConversationMessageReceiptRead' as const
    const bad = !isValidID(conversationID) ? 'conversationID is invalid.' : conversationType !== ConversationType.Peer ? 'conversationType is invalid.' : ''
    const refused = this.host.refuse(api, bad)
    if (refused)
      return refused
    return this.host.call(api, { op: 'sendConversationReceipt', conversationID, conversationType }, true)
      .then(() => ({ conversationID, conversationType }))
  }

  sendMessageReceiptsRead(messageList: ZIMMessage[], conversationID: string, conversationType: ZIMConversationType): Promise<ZIMMessageReceiptsReadSentResult> {
    const api = 'API.sendMessageReceiptsRead' as const
    const qualifies = awaitsReceipt(conversationID, conversationType)
    const bad = checkConversation(conversationID, conversationType)
      || (!Array.isArray(messageList) || messageList.length === 0 ? 'messageList is invalid.' : '')
      || (messageList.some(qualifies) ? '' : 'Every message in the conversationID is not received receipt processing message.')
    const refused = this.host.refuse(api, bad)
    if (refused)
      return refused
    const ids = [...new Set(messageList.filter(qualifies).map(m => m.messageID!))]
    const skipped = messageList.filter(m => !qualifies(m)).map(m => m?.messageID ?? '')
    return this.host.call(api, { op: 'sendMessageReceipts', conversationID, conversationType, messageIDs: ids }, true).then(({ errorMessageIDs, infos }) => {
      // As the SDK: the reader's own messages say "read" (messageReceiptChanged on this device too).
      if (infos.length)
        this.host.emit('messageReceiptChanged', { infos })
      return { conversationID, conversationType, errorMessageIDs: [...skipped, ...errorMessageIDs] }
    })
  }

  queryMessageReceiptsInfo(messageList: ZIMMessage[], conversationID: string, conversationType: ZIMConversationType): Promise<ZIMMessageReceiptsInfoQueriedResult> {
    const api = 'API.queryMessageReceiptsInfo' as const
    const hasReceipt = (m: ZIMMessage) => !!m && !!m.receiptStatus && inConversation(m, conversationID, conversationType)
    const bad = checkConversation(conversationID, conversationType)
      || (!Array.isArray(messageList) || messageList.length === 0 ? 'messageList is invalid.' : '')
      || (messageList.some(hasReceipt) ? '' : 'Every messages in the conversationID is not receipt message.')
    const refused = this.host.refuse(api, bad)
    if (refused)
      return refused
    const asked = messageList.filter(m => hasReceipt(m) && m.type !== MessageType.Revoke && !!m.messageID)
    const skipped = messageList.filter(m => !asked.includes(m)).map(m => m?.messageID ?? '')
    if (!asked.length)
      return Promise.resolve({ infos: [], errorMessageIDs: skipped })
    return this.host.call(api, { op: 'queryReceipts', conversationID, conversationType, messageIDs: asked.map(m => m.messageID!) }, true)
      .then(({ infos, errorMessageIDs }) => ({ infos, errorMessageIDs: [...skipped, ...errorMessageIDs] }))
  }

  queryGroupMessageReceiptReadMemberList(message: ZIMMessage, groupID: string, config: ZIMGroupMessageReceiptMemberQueryConfig): Promise<ZIMGroupMessageReceiptMemberListQueriedResult> {
    return this.members(message, groupID, config, true)
  }

  queryGroupMessageReceiptUnreadMemberList(message: ZIMMessage, groupID: string, config: ZIMGroupMessageReceiptMemberQueryConfig): Promise<ZIMGroupMessageReceiptMemberListQueriedResult> {
    return this.members(message, groupID, config, false)
  }

  private members(message: ZIMMessage, groupID: string, config: ZIMGroupMessageReceiptMemberQueryConfig, read: boolean): Promise<ZIMGroupMessageReceiptMemberListQueriedResult> {
    const api: ReceiptApiName = read ? 'API.queryGroupMessageReceiptReadMemberList' : 'API.queryGroupMessageReceiptReadMemberList1'
    const me = this.host.self()?.userID
    const bad = (!isValidID(groupID) ? 'groupID is invalid.' : !config || !Number.isInteger(config.count) ? 'The config or its count is invalid.' : '')
      || (message && message.senderUserID === me && message.sentStatus === MessageSentStatus.Success && !message.isGroupTargetedMessage && message.receiptStatus
        ? (!message.type || NO_MEMBER_LIST.has(message.type) ? 'The message type is not support.' : '')
        : 'The message instance is not a successfully sent or not sent by self.')
      || (message.conversationID !== groupID || message.conversationType !== ConversationType.Group ? 'The message instance is not belong the groupID.' : '')
    const refused = this.host.refuse(api, bad)
    if (refused)
      return refused
    return this.host.call(api, {
      op: 'queryReceiptMembers',
      groupID,
      messageID: message.messageID ?? '',
      read,
      nextFlag: Math.max(0, Number(config.nextFlag) || 0),
      count: Math.max(0, config.count),
    }, true).then(({ userList, nextFlag }) => ({ groupID, userList, nextFlag }))
  }
}
