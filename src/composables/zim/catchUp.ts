// What the stores learn by asking rather than by events: the conversation list and the
// open chat's history, re-queried after every (re)connect so that nothing sent while the
// connection was gone is missed. History pages go to messageSync like live messages.
import type { useConversationsStore } from '@/stores/conversations'
import type { useMessagesStore } from '@/stores/messages'
import type { useSessionStore } from '@/stores/session'
import { ConversationType } from '@/zim/constants'
import type { ZimClient, ZIMConversation, ZIMConversationType, ZIMMessage } from '@/zim/types'
import { toStoreError } from './actionError'
import type { MessageSync } from './messageSync'
import type { Reading } from './reading'

const CONVERSATION_PAGE = 100

export interface CatchUpDeps {
  session: ReturnType<typeof useSessionStore>
  conversations: ReturnType<typeof useConversationsStore>
  /** Read only: what the open chat already holds. */
  messages: ReturnType<typeof useMessagesStore>
  sync: MessageSync
  reading: Reading
  /** The SDK instance if there is one (never creates it). */
  currentClient: () => ZimClient | null
  /** The SDK instance, created on first use. */
  instance: () => ZimClient
  isConnected: () => boolean
  historyPageSize: number
  /** Pages of history one catch-up walks back at most. */
  maxPages: number
  onCaughtUp: () => void
  /** The conversation list as queried; `complete` when it is the whole list (the cache reconciles). */
  onConversationList?: (list: readonly ZIMConversation[], complete: boolean) => void
}

export function createCatchUp(deps: CatchUpDeps) {
  const { session, conversations, messages, sync, reading } = deps
  let catchUpRun: Promise<void> | null = null
  let catchUpAgain = false

  /** Re-queries conversations and the open chat's recent history; stores merge and dedup. */
  function catchUp(): Promise<void> {
    if (catchUpRun) {
      catchUpAgain = true
      return catchUpRun
    }
    catchUpRun = (async () => {
      try {
        do {
          catchUpAgain = false
          await catchUpOnce()
        } while (catchUpAgain)
      }
      finally {
        catchUpRun = null
      }
    })()
    return catchUpRun
  }

  async function catchUpOnce(): Promise<void> {
    const zim = deps.currentClient()
    if (!zim || !deps.isConnected())
      return
    try {
      const { conversationList } = await zim.queryConversationList({ count: CONVERSATION_PAGE })
      conversations.upsertMany(conversationList)
      deps.onConversationList?.(conversationList, conversationList.length < CONVERSATION_PAGE)
      const open = reading.active()
      if (open) {
        await loadLatest(open.id, open.type)
        await reading.markActiveRead()
      }
      deps.onCaughtUp()
    }
    catch (err) {
      session.setError(toStoreError(err))
    }
  }

  /**
   * The newest page of a conversation, then older pages until they overlap what the
   * store already had: what arrived while the connection was gone is never skipped.
   * Each page costs its own length (lookups in the store's index), never the
   * conversation's. True when older history may remain on the server.
   */
  async function loadLatest(conversationID: string, type: ZIMConversationType): Promise<boolean> {
    // Local sends alone do not count: only a server message can overlap a page.
    const hadAny = !!messages.oldestConfirmed(conversationID, type)
    let before: ZIMMessage | undefined
    for (let page = 0; page < deps.maxPages; page++) {
      const { messageList } = await deps.instance().queryHistoryMessage(conversationID, type, {
        count: deps.historyPageSize,
        reverse: true,
        ...(before ? { nextMessage: before } : {}),
      } as never)
      // Asked before the page is merged: afterwards every message in it is known.
      const overlaps = messageList.some(m => m.messageID && messages.hasMessage(conversationID, type, m.messageID))
      sync.report({ type: 'historyPage', conversationID, conversationType: type, messages: messageList, edges: { newest: !before, complete: messageList.length < deps.historyPageSize, anchor: before } })
      if (messageList.length < deps.historyPageSize)
        return false
      if (!hadAny || overlaps)
        return true
      before = messageList.reduce((oldest, m) => ((m.orderKey ?? 0) < (oldest.orderKey ?? 0) ? m : oldest), messageList[0])
    }
    return true
  }

  /** Loads the page of history before the oldest message shown; false when there is no more. */
  async function loadOlder(conversationID: string, type: ZIMConversationType = ConversationType.Peer): Promise<boolean> {
    const oldest = messages.oldestConfirmed(conversationID, type)
    const { messageList } = await deps.instance().queryHistoryMessage(conversationID, type, {
      count: deps.historyPageSize,
      reverse: true,
      ...(oldest ? { nextMessage: oldest } : {}),
    } as never)
    sync.report({ type: 'historyPage', conversationID, conversationType: type, messages: messageList, edges: { newest: !oldest, complete: messageList.length < deps.historyPageSize, anchor: oldest } })
    return messageList.length >= deps.historyPageSize
  }

  /** Opens a chat and loads its newest page; false when the server has nothing older. */
  async function openConversation(conversationID: string, type: ZIMConversationType = ConversationType.Peer): Promise<boolean> {
    reading.open(conversationID, type)
    if (!deps.isConnected())
      return true // the catch-up after the next login loads it; there may be more
    try {
      const more = await loadLatest(conversationID, type)
      await reading.markActiveRead()
      return more
    }
    catch (err) {
      session.setError(toStoreError(err))
      return true
    }
  }

  return {
    catchUp,
    loadOlder,
    openConversation,
  }
}
