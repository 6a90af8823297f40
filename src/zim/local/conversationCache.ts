// The conversations the SDK keeps locally: what queries and pushes told it, the message the
// user is sending shown as the last one at once, and drafts (local only, as in the SDK: put
// on every conversation the service sends, gone after logout).
import { ConversationEvent } from '../constants'
import { PINNED_ORDER_BASE } from '../conversationRules'
import type { ZIMConversation, ZIMConversationChangeInfo, ZIMConversationType, ZIMMessage } from '../types'

const NOTIFY = 1 as ZIMConversation['notificationStatus']

function key(type: number, id: string): string {
  return `${type}:${id}`
}

/** As the SDK's updateConvOrderKey: a time, plus the pin base when pinned. */
function orderKeyAt(time: number, pinned: boolean): number {
  return time + (pinned ? PINNED_ORDER_BASE : 0)
}

function emptyConversation(conversationID: string, type: ZIMConversationType, orderKey: number): ZIMConversation {
  return {
    conversationID,
    type,
    conversationName: '',
    conversationAvatarUrl: '',
    conversationAlias: '',
    notificationStatus: NOTIFY,
    unreadMessageCount: 0,
    readMessageSeq: 0,
    lastMessage: undefined,
    orderKey,
    isPinned: false,
    pinnedTime: 0,
    mentionedInfoList: [],
    draft: '',
    marks: [],
  }
}

interface Draft { text: string, at: number }

export class ConversationCache {
  private readonly byKey = new Map<string, ZIMConversation>()
  private readonly drafts = new Map<string, Draft>()

  get(type: number, conversationID: string): ZIMConversation | undefined {
    return this.byKey.get(key(type, conversationID))
  }

  /**
   * Keeps what the service sent, with this device's draft on it (the object is changed in
   * place, so the caller hands on the same conversation it was given).
   */
  remember(conversation: ZIMConversation, deleted = false): void {
    const k = key(conversation.type, conversation.conversationID)
    if (deleted) {
      this.byKey.delete(k)
      this.drafts.delete(k)
      return
    }
    const draft = this.drafts.get(k)
    if (draft) {
      conversation.draft = draft.text
      conversation.orderKey = Math.max(conversation.orderKey, orderKeyAt(draft.at, conversation.isPinned))
    }
    this.byKey.set(k, conversation)
  }

  forget(type: number, conversationID: string): void {
    this.byKey.delete(key(type, conversationID))
    this.drafts.delete(key(type, conversationID))
  }

  clear(): void {
    this.byKey.clear()
    this.drafts.clear()
  }

  /**
   * setConversationDraft, as the SDK does it: the conversation is created if needed, a
   * non-empty draft moves it to now, an empty one back to its last message. Answers the
   * conversation to report, or undefined when nothing shows (an empty draft on a
   * conversation that has nothing else).
   */
  setDraft(type: ZIMConversationType, conversationID: string, text: string, now: number): ZIMConversation | undefined {
    const k = key(type, conversationID)
    const known = this.byKey.get(k)
    if (text)
      this.drafts.set(k, { text, at: now })
    else
      this.drafts.delete(k)
    if (!known && !text)
      return undefined
    const base = known ?? emptyConversation(conversationID, type, 0)
    const lastTime = base.lastMessage?.timestamp ?? 0
    const conversation: ZIMConversation = {
      ...base,
      draft: text,
      orderKey: text ? orderKeyAt(now, base.isPinned) : lastTime ? orderKeyAt(lastTime, base.isPinned) : base.orderKey,
    }
    this.byKey.set(k, conversation)
    return conversation
  }

  /** Puts `message` as lastMessage of its conversation; answers the change to report. */
  showMessage(message: ZIMMessage): ZIMConversationChangeInfo {
    const conversationID = message.conversationID as string
    const type = message.conversationType as ZIMConversationType
    const known = this.get(type, conversationID)
    const lastMessage = { ...message }
    const time = message.timestamp ?? Date.now()
    const conversation: ZIMConversation = known
      ? { ...known, lastMessage, orderKey: Math.max(known.orderKey, orderKeyAt(time, known.isPinned)) }
      : { ...emptyConversation(conversationID, type, time), lastMessage }
    this.remember(conversation)
    return { event: known ? ConversationEvent.Updated : ConversationEvent.Added, conversation }
  }
}
