// Opening a chat at one message (a search result) over the one engine (in the chat
// subpackage: only the chat uses it): the history around
// it, the gaps that leaves, and the pages after a gap as the reader scrolls down.
import { cacheReader } from '@/cache/reader'
import { standInMessage } from '@/cache/standIn'
import { conversationKey } from '@/stores/keys'
import { useMessagesStore } from '@/stores/messages'
import type { ZIMConversationType } from '@/zim/types'
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

export function useHistoryAround(): UseHistoryAroundReturn {
  const messages = useMessagesStore()
  return {
    async openAround(conversationID, type, messageID) {
      if (messages.hasMessage(conversationID, type, messageID))
        return true
      const handed = takeAnchor(messageID)
      const cached = handed ? null : cacheReader().messages(conversationKey(conversationID, type)).find(m => m.messageID === messageID)
      const anchor = handed ?? (cached ? standInMessage(cached) : null)
      if (!anchor)
        return false
      await liveEngine().history.openAround(conversationID, type, anchor)
      return true
    },
    loadNewer: (conversationID, type, edge) => liveEngine().history.loadNewer(conversationID, type, edge),
    gapsFor: (conversationID, type) => messages.gapsFor(conversationID, type),
  }
}
