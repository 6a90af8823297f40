// Drafts over the one engine: the chat page saves what is left in its composer when the
// chat is left and restores it when the chat opens; the list shows it. State: stores/drafts.
import { useDraftsStore } from '@/stores/drafts'
import type { ZIMConversationType } from '@/zim/types'
import { liveEngine } from './useZim'

export interface UseDraftsReturn {
  /** Reactive: the draft of a conversation, '' when none. */
  textOf: (conversationID: string, type: ZIMConversationType) => string
  /** Blank text clears the draft. */
  save: (conversationID: string, type: ZIMConversationType, text: string) => void
  /** A message was sent: its conversation has no draft any more. */
  clear: (conversationID: string, type: ZIMConversationType) => void
}

export function useDrafts(): UseDraftsReturn {
  const store = useDraftsStore()
  return {
    textOf: (conversationID, type) => store.textOf(conversationID, type),
    save: (conversationID, type, text) => liveEngine().drafts.save(conversationID, type, text),
    clear: (conversationID, type) => liveEngine().drafts.clear(conversationID, type),
  }
}
