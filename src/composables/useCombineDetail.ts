// A combined message's children, for its detail view: the SDK's
// queryCombineMessageDetail, turned into entries the page can show like rows.
import { type MessageEntry, toEntry } from '@/stores/messageList'
import { MessageDirection } from '@/zim/constants'
import type { ZIMMessage } from '@/zim/types'
import { describeError } from './zim/actionError'
import { currentZimClient } from './useZim'

/** Children have no conversation of their own: they are placed under their parent's key. */
function childEntry(child: ZIMMessage, parent: MessageEntry, i: number): MessageEntry | null {
  return toEntry({
    ...child,
    conversationID: parent.conversationID,
    conversationType: parent.conversationType,
    messageID: child.messageID || `${parent.key}:${i}`,
    localMessageID: '',
    direction: MessageDirection.Receive,
  } as ZIMMessage)
}

export function useCombineDetail() {
  return {
    /** The children of `entry` in their order; rejects with a ZimActionError (a key) on failure. */
    async load(entry: MessageEntry): Promise<MessageEntry[]> {
      const zim = currentZimClient()
      const raw = entry.raw
      try {
        if (!zim || !raw)
          throw new Error('not signed in')
        const held = (raw as { messageList?: ZIMMessage[] }).messageList
        const list = held?.length ? held : ((await zim.queryCombineMessageDetail(raw as never)).message as { messageList?: ZIMMessage[] }).messageList ?? []
        return list.map((c, i) => childEntry(c, entry, i)).filter((e): e is MessageEntry => e !== null)
      }
      catch (err) {
        throw describeError(err)
      }
    },
  }
}
