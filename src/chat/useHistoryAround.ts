// Opening a chat at one message (a search result) over the one engine (in the chat
// subpackage: only the chat uses it): the history around
// it, the gaps that leaves, and the pages after a gap as the reader scrolls down.
import { cacheReader, type CachedMessage } from '@/cache/reader'
import { conversationKey } from '@/stores/keys'
import { useMessagesStore } from '@/stores/messages'
import { MessageDirection, MessageSentStatus } from '@/zim/constants'
import type { ZIMConversationType, ZIMMessage } from '@/zim/types'
import { liveEngine } from '@/composables/useZim'
import { takeAnchor } from '@/utils/anchorHandoff'

export interface UseHistoryAroundReturn {
  /**
   * Loads the history around `messageID` unless the chat already holds it; false when
   * neither the chat nor the local cache knows the message (nothing to page from).
   */
  openAround: (conversationID: string, type: ZIMConversationType, messageID: string) => Promise<boolean>
  /** Loads the page after the gap at `edge`. */
  loadNewer: (conversationID: string, type: ZIMConversationType, edge: string) => Promise<void>
  /** The chat's gaps: messageIDs after which messages are still to be loaded. */
  gapsFor: (conversationID: string, type: ZIMConversationType) => readonly string[]
}

/** The fields the SDK pages by, from the cache's copy (which keeps no SDK snapshot). */
function pagingMessage(m: CachedMessage): ZIMMessage {
  return {
    type: m.type,
    messageID: m.messageID ?? '',
    localMessageID: m.localMessageID ?? '',
    senderUserID: m.senderUserID,
    conversationID: m.conversationID,
    conversationType: m.conversationType,
    direction: m.direction === 'out' ? MessageDirection.Send : MessageDirection.Receive,
    sentStatus: MessageSentStatus.Success,
    timestamp: m.timestamp,
    orderKey: m.orderKey ?? 0,
    conversationSeq: m.messageSeq ?? 0,
    messageSeq: m.messageSeq ?? 0,
    message: m.text,
  } as unknown as ZIMMessage
}

export function useHistoryAround(): UseHistoryAroundReturn {
  const messages = useMessagesStore()
  return {
    async openAround(conversationID, type, messageID) {
      if (messages.hasMessage(conversationID, type, messageID))
        return true
      const handed = takeAnchor(messageID)
      const cached = handed ? null : cacheReader().messages(conversationKey(conversationID, type)).find(m => m.messageID === messageID)
      const anchor = handed ?? (cached ? pagingMessage(cached) : null)
      if (!anchor)
        return false
      await liveEngine().history.openAround(conversationID, type, anchor)
      return true
    },
    loadNewer: (conversationID, type, edge) => liveEngine().history.loadNewer(conversationID, type, edge),
    gapsFor: (conversationID, type) => messages.gapsFor(conversationID, type),
  }
}
