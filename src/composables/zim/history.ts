// History around one message: a chat opened at a search result loads the page before the
// message and the page from it on (queryHistoryMessage with nextMessage, both directions),
// and later the pages after a gap as the reader scrolls down, until they meet what the
// store holds. Pages go to messageSync as runs, which also keeps the gaps (historyGaps.ts).
import type { useMessagesStore } from '@/stores/messages'
import type { ZimClient, ZIMConversationType, ZIMMessage, ZIMMessageQueryConfig } from '@/zim/types'
import type { MessageSync } from './messageSync'

export interface HistoryDeps {
  /** Read only: what the chat already holds. */
  messages: ReturnType<typeof useMessagesStore>
  sync: MessageSync
  instance: () => ZimClient
  historyPageSize: number
}

const idsOf = (list: readonly ZIMMessage[]) => list.map(m => m.messageID).filter((id): id is string => !!id)
const ascending = (list: readonly ZIMMessage[]) => [...list].sort((a, b) => (a.orderKey ?? 0) - (b.orderKey ?? 0))

export function createHistory(deps: HistoryDeps) {
  const { messages, sync } = deps
  const size = deps.historyPageSize

  async function page(id: string, type: ZIMConversationType, reverse: boolean, nextMessage?: ZIMMessage): Promise<ZIMMessage[]> {
    const config = { count: size, reverse, ...(nextMessage ? { nextMessage } : {}) } as ZIMMessageQueryConfig
    const { messageList } = await deps.instance().queryHistoryMessage(id, type, config)
    return ascending(messageList)
  }

  const heldAny = (id: string, type: ZIMConversationType, list: readonly ZIMMessage[]) =>
    list.some(m => m.messageID && messages.hasMessage(id, type, m.messageID))

  /**
   * Loads the page before `anchor` and the page from it on. `anchor` needs the fields the
   * SDK pages by (messageID, orderKey, timestamp): a cached copy will do.
   */
  async function openAround(id: string, type: ZIMConversationType, anchor: ZIMMessage): Promise<void> {
    const older = await page(id, type, true, anchor)
    // From the newest message before it, so the anchor itself comes in this page.
    const newer = await page(id, type, false, older[older.length - 1])
    const run = [...older, ...newer.filter(m => !older.some(o => o.messageID === m.messageID))]
    sync.report({
      type: 'historyRun',
      conversationID: id,
      conversationType: type,
      messages: run,
      run: {
        messageIDs: idsOf(run),
        olderOpen: older.length >= size && !heldAny(id, type, older),
        newerOpen: newer.length >= size && !heldAny(id, type, newer),
      },
    })
  }

  /** Loads the page after the gap at `edge` (a messageID the store holds). */
  async function loadNewer(id: string, type: ZIMConversationType, edge: string): Promise<void> {
    const from = messages.listFor(id, type).find(e => e.messageID === edge)?.raw
    const newer = from ? await page(id, type, false, from) : []
    sync.report({
      type: 'historyRun',
      conversationID: id,
      conversationType: type,
      messages: newer,
      run: {
        messageIDs: [edge, ...idsOf(newer)],
        olderOpen: false,
        newerOpen: newer.length >= size && !heldAny(id, type, newer),
      },
    })
  }

  return { openAround, loadNewer }
}
