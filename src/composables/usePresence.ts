// Typing indicators: a small composable over the one engine's presence part.
// The page says when the composer changes; it reads whether the other side is typing.
import type { ZIMConversationType } from '@/zim/types'
import { liveEngine } from './useZim'

export interface UsePresenceReturn {
  /** Reactive: whether the other side of this chat is typing now. */
  isTyping: (conversationID: string, type: ZIMConversationType) => boolean
  /** The composer changed; with text, "typing" goes out at most once every few seconds. */
  composing: (conversationID: string, type: ZIMConversationType, hasText: boolean) => void
}

export function usePresence(): UsePresenceReturn {
  return {
    isTyping: (conversationID, type) => liveEngine().presence.isTyping(conversationID, type),
    composing: (conversationID, type, hasText) => void liveEngine().presence.composing(conversationID, type, hasText),
  }
}
