// The conversation list's menu over the one engine: which actions a conversation offers
// (pin or unpin, mute or unmute, mark read when it has unread messages, delete) and running
// one. It returns keys; the page words them. Failures reject with a ZimActionError.
import { isMuted } from '@/stores/conversations'
import type { ZIMConversation } from '@/zim/types'
import { liveEngine } from './useZim'

export type ConversationActionID = 'pin' | 'unpin' | 'mute' | 'unmute' | 'markRead' | 'delete'

type Target = Pick<ZIMConversation, 'conversationID' | 'type' | 'isPinned' | 'notificationStatus' | 'unreadMessageCount'>

export interface UseConversationActionsReturn {
  /** In menu order. A group the user is out of offers pin and delete only. */
  actionsFor: (conversation: Target, disabled?: boolean) => ConversationActionID[]
  run: (action: ConversationActionID, conversation: Target) => Promise<void>
}

export function useConversationActions(): UseConversationActionsReturn {
  return {
    actionsFor(c, disabled = false) {
      const list: ConversationActionID[] = [c.isPinned ? 'unpin' : 'pin']
      if (!disabled) {
        list.push(isMuted(c) ? 'unmute' : 'mute')
        if (c.unreadMessageCount > 0)
          list.push('markRead')
      }
      list.push('delete')
      return list
    },
    run(action, { conversationID: id, type }) {
      const actions = liveEngine().conversationActions
      switch (action) {
        case 'pin':
        case 'unpin':
          return actions.pin(id, type, action === 'pin')
        case 'mute':
        case 'unmute':
          return actions.mute(id, type, action === 'mute')
        case 'markRead':
          return actions.markRead(id, type)
        case 'delete':
          return actions.remove(id, type)
      }
    },
  }
}
