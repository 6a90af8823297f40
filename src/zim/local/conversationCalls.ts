// The stand-in's conversation management: pin, notification status, draft (local only, as
// in the SDK), delete (with or without the server copy), unread, deleting all messages, and
// the search APIs, which resolve empty as the mini-program SDK's do. The SDK's local checks
// first (in its order and words), then the service; the service tells the session what
// changed (conversationChanged, then the total unread) before it replies.
import type {
  ZIMConversationDeleteConfig,
  ZIMConversationDeletedResult,
  ZIMConversationDraftSetResult,
  ZIMConversationNotificationStatus,
  ZIMConversationNotificationStatusSetResult,
  ZIMConversationPinnedStateUpdatedResult,
  ZIMConversationSearchConfig,
  ZIMConversationsSearchedResult,
  ZIMConversationUnreadMessageCountClearedResult,
  ZIMMessageDeletedResult,
  ZIMMessageSearchConfig,
  ZIMMessagesGlobalSearchedResult,
  ZIMMessagesSearchedResult,
} from 'zego-zim-miniprogram'
import type { ZIMConversationType, ZIMMessageDeleteConfig } from '../types'
import { ConversationEvent } from '../constants'
import type { LocalHost } from './host'
import { checkConversationArgs, type ApiName } from './validate'

/** setConversationNotificationStatus's own check (its words differ from the others'). */
function checkNotificationArgs(status: unknown, conversationID: unknown, conversationType: unknown): string {
  if (typeof conversationID !== 'string' || conversationID.length === 0 || conversationID.length > 1024)
    return 'conversationID is invalid.'
  if (conversationType !== 0 && conversationType !== 2)
    return 'conversationType is not support.'
  if (status !== 1 && status !== 2)
    return 'status is invalid.'
  return ''
}

export class LocalConversationCalls {
  constructor(private readonly host: LocalHost) {}

  updateConversationPinnedState(isPinned: boolean, conversationID: string, conversationType: ZIMConversationType): Promise<ZIMConversationPinnedStateUpdatedResult> {
    const api: ApiName = 'API.updateConversationPinnedState'
    const refused = this.host.refuse(api, checkConversationArgs(conversationID, conversationType))
    if (refused)
      return refused
    return this.host.call(api, { op: 'pinConversation', conversationID, conversationType, isPinned: !!isPinned }, true)
      .then(() => ({ conversationID, conversationType }))
  }

  setConversationNotificationStatus(status: ZIMConversationNotificationStatus, conversationID: string, conversationType: ZIMConversationType): Promise<ZIMConversationNotificationStatusSetResult> {
    const api: ApiName = 'API.setConversationNotificationStatus'
    const refused = this.host.refuse(api, checkNotificationArgs(status, conversationID, conversationType))
    if (refused)
      return refused
    return this.host.call(api, { op: 'setNotificationStatus', conversationID, conversationType, status }, true)
      .then(() => ({ conversationID, conversationType }))
  }

  /**
   * Local only, as in the SDK: kept in the conversation cache (and put on what the service
   * sends), the conversation created if needed, conversationChanged (Updated) at once.
   */
  setConversationDraft(draft: string, conversationID: string, conversationType: ZIMConversationType): Promise<ZIMConversationDraftSetResult> {
    const api: ApiName = 'API.setConversationDraft'
    const bad = checkConversationArgs(conversationID, conversationType) || (typeof draft !== 'string' ? 'draft is invalid.' : '')
    const refused = this.host.refuse(api, bad)
    if (refused)
      return refused
    const changed = this.host.conversations.setDraft(conversationType, conversationID, draft, Date.now())
    if (changed)
      this.host.emit('conversationChanged', { infoList: [{ event: ConversationEvent.Updated, conversation: changed }] })
    return Promise.resolve({ conversationID, conversationType })
  }

  /**
   * With the server copy (the SDK's default): the service deletes it and tells the session
   * (conversationChanged Deleted, the total). Without: the service only marks it read, as the
   * SDK does, and the stand-in reports the local delete (its next list query has it again).
   */
  deleteConversation(conversationID: string, conversationType: ZIMConversationType, config?: ZIMConversationDeleteConfig): Promise<ZIMConversationDeletedResult> {
    const api: ApiName = 'API.deleteConversation'
    const { isAlsoDeleteServerConversation } = { isAlsoDeleteServerConversation: true, ...config }
    const refused = this.host.refuse(api, checkConversationArgs(conversationID, conversationType))
    if (refused)
      return refused
    const done = { conversationID, conversationType }
    const cache = this.host.conversations
    if (isAlsoDeleteServerConversation) {
      return this.host.call(api, { op: 'deleteConversation', conversationID, conversationType }, true).then(() => {
        cache.forget(conversationType, conversationID)
        return done
      })
    }
    const deletedHere = () => {
      const known = cache.get(conversationType, conversationID)
      cache.forget(conversationType, conversationID)
      if (known)
        this.host.emit('conversationChanged', { infoList: [{ event: ConversationEvent.Deleted, conversation: { ...known, unreadMessageCount: 0 } }] })
      return done
    }
    // Known only here (a draft, no message): the SDK deletes it from its own store; the
    // service never had it.
    const local = cache.get(conversationType, conversationID)
    if (local && !local.lastMessage)
      return Promise.resolve(deletedHere())
    return this.host.call(api, { op: 'clearUnread', conversationID, conversationType }, true).then(deletedHere)
  }

  clearConversationUnreadMessageCount(conversationID: string, conversationType: ZIMConversationType): Promise<ZIMConversationUnreadMessageCountClearedResult> {
    const api: ApiName = 'API.clearConversationUnreadMessageCount'
    const refused = this.host.refuse(api, checkConversationArgs(conversationID, conversationType))
    if (refused)
      return refused
    return this.host.call(api, { op: 'clearUnread', conversationID, conversationType }, true).then(() => {
      const known = this.host.conversations.get(conversationType, conversationID)
      if (known)
        this.host.conversations.remember({ ...known, unreadMessageCount: 0 })
      return { conversationID, conversationType }
    })
  }

  /**
   * As the SDK's code has it, deleteAllMessage (unlike deleteMessages) deletes on the server
   * only when asked to. Without it the stand-in, which keeps no local store, only clears the
   * unread count on the service, as the SDK also does.
   */
  deleteAllMessage(conversationID: string, conversationType: ZIMConversationType, config?: ZIMMessageDeleteConfig): Promise<ZIMMessageDeletedResult> {
    const api: ApiName = 'API.deleteAllMessage'
    const refused = this.host.refuse(api, checkConversationArgs(conversationID, conversationType))
    if (refused)
      return refused
    const body = config?.isAlsoDeleteServerMessage
      ? { op: 'deleteAllMessages' as const, conversationID, conversationType }
      : { op: 'clearUnread' as const, conversationID, conversationType }
    return this.host.call(api, body, true).then(() => ({ conversationID, conversationType }))
  }

  // The mini-program SDK keeps messages in memory only: its searches answer empty, before
  // any check of their arguments. The app searches its own cache instead.

  searchLocalMessages(conversationID: string, conversationType: ZIMConversationType, _config: ZIMMessageSearchConfig): Promise<ZIMMessagesSearchedResult> {
    return this.host.refuse('API.searchLocalMessages', null) ?? Promise.resolve({ conversationID, conversationType, messageList: [] })
  }

  searchGlobalLocalMessages(_config: ZIMMessageSearchConfig): Promise<ZIMMessagesGlobalSearchedResult> {
    return this.host.refuse('API.searchGlobalLocalMessages', null) ?? Promise.resolve({ messageList: [] })
  }

  searchLocalConversations(_config: ZIMConversationSearchConfig): Promise<ZIMConversationsSearchedResult> {
    return this.host.refuse('API.searchLocalConversations', null) ?? Promise.resolve({ conversationSearchInfoList: [], nextFlag: 0 })
  }
}
