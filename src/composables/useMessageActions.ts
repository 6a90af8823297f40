// The actions on one message (the chat's message menu): copy, delete (for me, on the
// server too, as ZIM does), recall (our own, within 2 minutes) and resend (a failed one).
// A small composable over the one engine; it returns keys, the page turns them into words.
import type { MessageEntry } from '@/stores/messages'
import { labelOf } from '@/stores/messageView'
import { ConversationType } from '@/zim/constants'
import { liveEngine } from './useZim'
import { canRevoke } from './zim/messageActions'
import { forwardable } from './useForward'

/** forward and shareContact are the page's: they need a target chat first. */
export type MessageActionID = 'copy' | 'delete' | 'revoke' | 'resend' | 'forward' | 'shareContact'

/** What a recalled message shows instead of its text, as a key and its params. */
export interface RecallNotice {
  key: 'action.youRecalled' | 'action.recalled'
  params: { name: string }
}

export interface UseMessageActionsReturn {
  /** The actions offered for `entry` at `now` (in menu order); none for a message still sending. */
  actionsFor: (entry: MessageEntry, now?: number) => MessageActionID[]
  /** Runs one action; rejects with a ZimActionError (its `rule` is a key) when it failed. */
  run: (action: MessageActionID, entry: MessageEntry) => Promise<void>
  /** For a recalled message: who recalled it, for everyone in the chat. */
  recallNotice: (entry: MessageEntry) => RecallNotice | null
}

function copyText(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    uni.setClipboardData({ data: text, showToast: true, success: () => resolve(), fail: reject })
  })
}

/** Only text the reader can see is copied: not a label ("[Image]") nor a recalled message. */
const copyable = (entry: MessageEntry) => !entry.revoked && labelOf(entry.type) === null && entry.text.length > 0

export function useMessageActions(): UseMessageActionsReturn {
  return {
    actionsFor(entry, now = Date.now()) {
      if (entry.status === 'sending')
        return []
      const list: MessageActionID[] = []
      if (copyable(entry))
        list.push('copy')
      if (entry.status === 'failed')
        list.push('resend')
      // A room keeps no messages: nothing to recall or delete there (ZIM refuses type 1).
      const room = entry.conversationType === ConversationType.Room
      if (!room && canRevoke(entry, now))
        list.push('revoke')
      // Forwarding starts a selection and sharing a card opens the forward picker: both live on
      // the chat page, which a room's page does not have.
      if (!room && forwardable(entry))
        list.push('forward')
      if (!room && entry.direction === 'in' && entry.status === 'sent' && !entry.revoked && entry.senderUserID)
        list.push('shareContact')
      if (!room)
        list.push('delete')
      return list
    },
    async run(action, entry) {
      const engine = liveEngine()
      switch (action) {
        case 'copy':
          return copyText(entry.text)
        case 'delete':
          return engine.messageActions.remove(entry)
        case 'revoke':
          return engine.messageActions.revoke(entry)
        case 'resend':
          await engine.resend(entry.conversationID, entry.conversationType, entry.localMessageID ?? '')
          return
        case 'forward':
        case 'shareContact':
          // The chat page handles these (a selection, a target to pick).
      }
    },
    recallNotice(entry) {
      if (!entry.revoked)
        return null
      const operator = (entry.raw as { operatedUserID?: string }).operatedUserID || entry.senderUserID
      return entry.direction === 'out'
        ? { key: 'action.youRecalled', params: { name: operator } }
        : { key: 'action.recalled', params: { name: operator } }
    },
  }
}
