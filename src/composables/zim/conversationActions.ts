// What a person does to a conversation from the list: pin or unpin it, mute it (do not
// disturb: a dot instead of a count, out of the total), delete it (its messages and the
// server's copy too, as ZIM does by default) and mark it read. The SDK call first; when it
// succeeds the stores are updated at once (the SDK's conversationChanged, when it comes,
// carries the same), so the list never waits for an event to follow a tap.
import type { useConversationsStore } from '@/stores/conversations'
import type { ZimClient, ZIMConversation, ZIMConversationType } from '@/zim/types'
import { describeError, ZimActionError } from './actionError'
import type { MessageSync } from './messageSync'

/** ZIMConversationNotificationStatus: Notify 1, DoNotDisturb 2. */
const NOTIFY: ZIMConversation['notificationStatus'] = 1
const DO_NOT_DISTURB: ZIMConversation['notificationStatus'] = 2

export interface ConversationActionsDeps {
  conversations: ReturnType<typeof useConversationsStore>
  sync: MessageSync
  currentClient: () => ZimClient | null
  /** A deleted conversation's draft goes with it (the drafts part is its writer). */
  forgetDraft: (conversationID: string, type: ZIMConversationType) => void
}

export function createConversationActions(deps: ConversationActionsDeps) {
  const { conversations, sync } = deps

  async function call<T>(run: (zim: ZimClient) => Promise<T>): Promise<T> {
    const zim = deps.currentClient()
    if (!zim)
      throw new ZimActionError('zim.6000121', 'zim.6000121', 6000121)
    try {
      return await run(zim)
    }
    catch (err) {
      throw describeError(err)
    }
  }

  return {
    async pin(conversationID: string, type: ZIMConversationType, pinned: boolean): Promise<void> {
      await call(zim => zim.updateConversationPinnedState(pinned, conversationID, type))
      conversations.setPinned(conversationID, type, pinned)
    },

    async mute(conversationID: string, type: ZIMConversationType, muted: boolean): Promise<void> {
      const status = muted ? DO_NOT_DISTURB : NOTIFY
      await call(zim => zim.setConversationNotificationStatus(status as never, conversationID, type))
      conversations.setNotificationStatus(conversationID, type, status)
    },

    /**
     * Its messages first (for this user, on the server too), then the conversation: a
     * conversation deleted alone would bring its history back with the next message.
     */
    async remove(conversationID: string, type: ZIMConversationType): Promise<void> {
      // A conversation that holds nothing (only a draft) has no messages to delete, and
      // the server never heard of it (6000603): it is deleted here only.
      const onServer = !!conversations.get(conversationID, type)?.lastMessage
      if (onServer)
        await call(zim => zim.deleteAllMessage(conversationID, type, { isAlsoDeleteServerMessage: true }))
      sync.report({ type: 'deleted', conversationID, conversationType: type, refs: [], all: true })
      await call(zim => zim.deleteConversation(conversationID, type, { isAlsoDeleteServerConversation: onServer }))
      conversations.remove(conversationID, type)
      deps.forgetDraft(conversationID, type)
    },

    async markRead(conversationID: string, type: ZIMConversationType): Promise<void> {
      await call(zim => zim.clearConversationUnreadMessageCount(conversationID, type))
      conversations.markRead(conversationID, type)
    },
  }
}
