// What the SDK needs of a message it is handed back (a history anchor, a receipt, a recall,
// the readers' list): the cache keeps no SDK snapshot, so the entry stands in for one until
// the service's copy lands. The SDK's own checks read these fields (sent, receipt, seq).
import { markRaw } from 'vue'
import { MessageDirection, MessageSentStatus } from '@/zim/constants'
import type { ZIMMessage } from '@/zim/types'
import type { CachedMessage } from './format'

export function standInMessage(m: CachedMessage): ZIMMessage {
  return markRaw({
    type: m.type,
    messageID: m.messageID ?? '',
    localMessageID: m.localMessageID ?? '',
    senderUserID: m.senderUserID,
    conversationID: m.conversationID,
    conversationType: m.conversationType,
    direction: m.direction === 'out' ? MessageDirection.Send : MessageDirection.Receive,
    // Only what the server has is cached.
    sentStatus: MessageSentStatus.Success,
    receiptStatus: m.receipt?.status ?? 0,
    isGroupTargetedMessage: false,
    timestamp: m.timestamp,
    orderKey: m.orderKey ?? 0,
    conversationSeq: m.messageSeq ?? 0,
    messageSeq: m.messageSeq ?? 0,
    message: m.text,
  } as unknown as ZIMMessage)
}
