// The conversations the SDK keeps locally: what queries and pushes told it, and the
// message the user is sending shown as the last one at once.
import { ConversationEvent } from '../constants'
import type { ZIMConversation, ZIMConversationChangeInfo, ZIMConversationType, ZIMMessage } from '../types'

const NOTIFY = 1 as ZIMConversation['notificationStatus']

function key(type: number, id: string): string {
  return `${type}:${id}`
}

export class ConversationCache {
  private readonly byKey = new Map<string, ZIMConversation>()

  get(type: number, conversationID: string): ZIMConversation | undefined {
    return this.byKey.get(key(type, conversationID))
  }

  remember(conversation: ZIMConversation, deleted = false): void {
    const k = key(conversation.type, conversation.conversationID)
    if (deleted)
      this.byKey.delete(k)
    else
      this.byKey.set(k, conversation)
  }

  forget(type: number, conversationID: string): void {
    this.byKey.delete(key(type, conversationID))
  }

  clear(): void {
    this.byKey.clear()
  }

  /** Puts `message` as lastMessage of its conversation; answers the change to report. */
  showMessage(message: ZIMMessage): ZIMConversationChangeInfo {
    const conversationID = message.conversationID as string
    const type = message.conversationType as ZIMConversationType
    const known = this.get(type, conversationID)
    const lastMessage = { ...message }
    const conversation: ZIMConversation = known
      ? { ...known, lastMessage }
      : {
          conversationID,
          type,
          conversationName: '',
          conversationAvatarUrl: '',
          conversationAlias: '',
          notificationStatus: NOTIFY,
          unreadMessageCount: 0,
          readMessageSeq: 0,
          lastMessage,
          orderKey: message.timestamp ?? Date.now(),
          isPinned: false,
          pinnedTime: 0,
          mentionedInfoList: [],
          draft: '',
          marks: [],
        }
    this.remember(conversation)
    return { event: known ? ConversationEvent.Updated : ConversationEvent.Added, conversation }
  }
}
