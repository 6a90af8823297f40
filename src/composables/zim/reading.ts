// Which conversation the user is reading, and what reading means: its unread count stays
// at zero, here and on the server. (Read receipts and drafts hang here next.)
import type { useConversationsStore } from '@/stores/conversations'
import type { ZimClient, ZIMConversationType } from '@/zim/types'

export interface OpenConversation { id: string, type: ZIMConversationType }

export interface ReadingDeps {
  conversations: ReturnType<typeof useConversationsStore>
  /** The SDK instance if there is one (never creates it). */
  currentClient: () => ZimClient | null
}

export function createReading(deps: ReadingDeps) {
  let active: OpenConversation | null = null

  /** Marks the conversation being read as read; nothing when none is open. */
  async function markActiveRead(): Promise<void> {
    const client = deps.currentClient()
    if (!active || !client)
      return
    const { id, type } = active
    deps.conversations.markRead(id, type)
    try {
      await client.clearConversationUnreadMessageCount(id, type)
    }
    catch {
      // Unknown on the server yet (a brand-new chat): nothing to clear.
    }
  }

  return {
    markActiveRead,
    /** The conversation being read, if any. */
    active: (): OpenConversation | null => active,
    open(id: string, type: ZIMConversationType): void {
      active = { id, type }
    },
    close(conversationID: string): void {
      if (active?.id === conversationID)
        active = null
    },
    /** On logout: nobody is reading anything. */
    forget(): void {
      active = null
    },
  }
}

export type Reading = ReturnType<typeof createReading>
