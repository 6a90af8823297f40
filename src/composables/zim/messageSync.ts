// The one writer of message state. Sending, the SDK's send callbacks, the SDK's events
// and catch-up queries only report what happened; this module decides what it means for
// the messages store (and for the conversation list's last message, for our own sends).
// A new kind of message event is a new case here, not a new writer somewhere else.
import type { useConversationsStore } from '@/stores/conversations'
import { conversationKey, type MessageEntry, type MessageRef, type PageEdges, type ReceiptUpdate, type SendError, type useMessagesStore } from '@/stores/messages'
import { ConversationType } from '@/zim/constants'
import type { ZIMConversationType, ZIMMessage } from '@/zim/types'
import { gapsAfterRun, type LoadedRun } from '@/utils/historyGaps'

/** Which of our sends: the outbox id is its localMessageID. */
export interface SendRef {
  localMessageID: string
  conversationID: string
  conversationType: ZIMConversationType
}

export type MessageSyncEvent =
  /** Typed by the user and shown at once; with `error` when it could not even be queued. */
  | { type: 'local', message: ZIMMessage, error?: SendError }
  /** The SDK's copy of our send before the server has it (onMessageAttached, or status Sending). */
  | { type: 'attached', message: ZIMMessage }
  /** Bytes of an upload sent so far. */
  | { type: 'progress', ref: SendRef, current: number, total: number }
  /** The server has our send (sendMessage resolved, or status Success). */
  | { type: 'sent', message: ZIMMessage }
  /**
   * A send that failed. 'outbox': our final verdict (its reason replaces any other);
   * 'sdk': the SDK's own status report (its reason only fills in a missing one).
   */
  | { type: 'failed', source: 'outbox', ref: SendRef, error: SendError }
  | { type: 'failed', source: 'sdk', message: ZIMMessage, reason?: string }
  /** A failed send goes out again under the same id. */
  | { type: 'resending', ref: SendRef }
  /** Live messages from others (or our other devices) and history pages alike. */
  | { type: 'received', messages: readonly ZIMMessage[] }
  /** Recalled messages: the SDK sends their revoke copies under the original messageID. */
  | { type: 'revoked', messages: readonly ZIMMessage[] }
  | { type: 'receipt', updates: readonly ReceiptUpdate[] }
  /** A peer read the conversation: our messages sent up to `readTime` (0: all of them) are read. */
  | { type: 'conversationReceipt', conversationID: string, conversationType: ZIMConversationType, readTime: number }
  /** Deleted messages; `all` empties the conversation. */
  | { type: 'deleted', conversationID: string, conversationType: ZIMConversationType, refs: readonly MessageRef[], all?: boolean }
  /** The user left a room: its messages are not history (ZIM keeps none for rooms). */
  | { type: 'roomLeft', roomID: string }
  /**
   * History around a message (history.ts): one contiguous run of the server's messages,
   * oldest first, and whether more may lie on either side (a gap in the list).
   */
  | { type: 'historyRun', conversationID: string, conversationType: ZIMConversationType, messages: readonly ZIMMessage[], run: LoadedRun }
  // ---- the local cache (h12cache) ----
  /** Messages read from the local cache (a cold start): shown until the service answers. */
  | { type: 'cached', key: string, entries: readonly MessageEntry[] }
  /** A history page asked for now: merged, and cached messages inside its range it lacks go. */
  | { type: 'historyPage', conversationID: string, conversationType: ZIMConversationType, messages: readonly ZIMMessage[], edges: PageEdges }

export interface MessageSyncDeps {
  messages: ReturnType<typeof useMessagesStore>
  conversations: ReturnType<typeof useConversationsStore>
  /** A conversation's messages changed (the cache writes it later); not for cached ones. */
  onChanged?: (key: string) => void
}

/** Which conversations an event changes (rooms keep no history, so none of theirs). */
function changedKeys(event: MessageSyncEvent): string[] {
  switch (event.type) {
    case 'local': case 'attached': case 'sent': return [keyOfMessage(event.message)]
    case 'failed': return [event.source === 'sdk' ? keyOfMessage(event.message) : conversationKey(event.ref.conversationID, event.ref.conversationType)]
    case 'progress': case 'resending': case 'cached': case 'roomLeft': return []
    case 'received': case 'revoked': return [...new Set(event.messages.map(keyOfMessage))]
    case 'receipt': return [...new Set(event.updates.map(u => conversationKey(u.conversationID, u.conversationType)))]
    case 'deleted': case 'historyPage': case 'historyRun': case 'conversationReceipt': return [conversationKey(event.conversationID, event.conversationType)]
  }
}

function keyOfMessage(message: ZIMMessage): string {
  return message.conversationID && message.conversationType !== undefined ? conversationKey(message.conversationID, message.conversationType) : ''
}

export function createMessageSync(deps: MessageSyncDeps) {
  const { messages, conversations } = deps
  const keyOf = (ref: SendRef) => conversationKey(ref.conversationID, ref.conversationType)

  function report(event: MessageSyncEvent): void {
    apply(event)
    if (deps.onChanged) {
      for (const key of changedKeys(event)) {
        if (key && !key.startsWith(`${ConversationType.Room}:`)) deps.onChanged(key)
      }
    }
  }

  function apply(event: MessageSyncEvent): void {
    switch (event.type) {
      case 'local':
        messages.attach(event.message)
        if (event.error)
          messages.markFailed(event.message, event.error)
        else if (event.message.conversationType !== ConversationType.Room) // a room has no conversation
          conversations.touchFromMessage(event.message) // the list shows it too, even before the SDK has it
        return
      case 'attached':
        messages.attach(event.message)
        return
      case 'progress':
        messages.setProgress(event.ref.localMessageID, keyOf(event.ref), event.current, event.total)
        return
      case 'sent':
        messages.confirmSent(event.message)
        return
      case 'failed':
        if (event.source === 'outbox')
          messages.markFailed(event.ref.localMessageID, keyOf(event.ref), event.error)
        else
          messages.applySentStatus(event.message, event.reason)
        return
      case 'resending':
        messages.markResending(event.ref.localMessageID, keyOf(event.ref))
        return
      case 'received':
      case 'revoked':
        messages.receive(event.messages)
        return
      case 'receipt':
        messages.applyReceipts(event.updates)
        return
      case 'conversationReceipt':
        messages.markOwnReadUpTo(event.conversationID, event.conversationType, event.readTime || Number.POSITIVE_INFINITY)
        return
      case 'deleted':
        if (event.all)
          messages.removeConversation(conversationKey(event.conversationID, event.conversationType))
        else
          messages.removeMessages(event.conversationID, event.conversationType, event.refs)
        return
      case 'roomLeft':
        messages.removeConversation(conversationKey(event.roomID, ConversationType.Room))
        return
      case 'historyRun': {
        const { conversationID: id, conversationType: type } = event
        messages.receive(event.messages)
        // A fresh stretch like any page: cached copies inside it that it lacks are gone.
        messages.reconcilePage(id, type, event.messages, { newest: false, complete: false })
        messages.setGaps(id, type, gapsAfterRun(messages.listFor(id, type), messages.gapsFor(id, type), event.run))
        return
      }
      case 'cached':
        messages.hydrate(event.key, event.entries)
        return
      case 'historyPage':
        messages.receive(event.messages)
        messages.reconcilePage(event.conversationID, event.conversationType, event.messages, event.edges)
    }
  }

  /** Removes a failed send to send its content anew; undefined unless it is failed. */
  function takeFailed(ref: SendRef): MessageEntry | undefined {
    return messages.take(ref.conversationID, ref.conversationType, ref.localMessageID)
  }

  return { report, takeFailed }
}

export type MessageSync = ReturnType<typeof createMessageSync>
