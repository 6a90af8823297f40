// Read receipts, both sides. As a reader: receipts go out only while the chat is open, its
// page shown and the app in the foreground — one conversation receipt per view of a peer
// chat (and one more for what arrives while it stays open), and in groups the messages that
// were on screen, at most 10 a call. As a sender: the receipts of our messages, asked again
// when a chat opens (queryMessageReceiptsInfo); every change goes through messageSync.
import type { MessageEntry, useMessagesStore } from '@/stores/messages'
import { ConversationType, MessageType } from '@/zim/constants'
import type { ZimClient, ZIMConversationType, ZIMMessage } from '@/zim/types'
import type { MessageSync } from './messageSync'

/** ZIM refuses more in one sendMessageReceiptsRead (6000282). */
const BATCH = 10
/** Arrivals and rows coming on screen within this are one call. */
const SETTLE_MS = 300

/** ZIM allows receipts on peer and group sends, never on commands or barrage. */
export function wantsReceipt(conversationType: number, messageType: number): boolean {
  return conversationType !== ConversationType.Room && messageType !== MessageType.Command && messageType !== MessageType.Barrage
}

/** A message of someone else's that still waits for our receipt. */
export const owesReceipt = (e: MessageEntry) => e.direction === 'in' && e.receipt?.status === 1 && !!e.messageID && !!e.raw

export interface ReceiptMember { userID: string, userName: string }

export interface ReceiptsDeps {
  sync: MessageSync
  messages: ReturnType<typeof useMessagesStore>
  currentClient: () => ZimClient | null
  isConnected: () => boolean
}

export function createReceipts(deps: ReceiptsDeps) {
  let view: { id: string, type: ZIMConversationType } | null = null
  let pageShown = true
  let foreground = true
  /** Group rows on screen now, by messageID. */
  const onScreen = new Map<string, MessageEntry>()
  const asked = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined

  const reading = () => !!view && pageShown && foreground && deps.isConnected() && !!deps.currentClient()
  const list = () => (view ? deps.messages.listFor(view.id, view.type) : [])

  function schedule(): void {
    if (!timer)
      timer = setTimeout(() => void flush(), SETTLE_MS)
  }

  async function flush(): Promise<void> {
    timer = undefined
    const client = deps.currentClient()
    if (!reading() || !client || !view)
      return
    const { id, type } = view
    if (type === ConversationType.Peer) {
      const owed = list().filter(owesReceipt)
      if (!owed.length)
        return
      try {
        await client.sendConversationMessageReceiptRead(id, type)
        deps.sync.report({ type: 'receipt', updates: owed.map(e => ({ conversationID: id, conversationType: type, messageID: e.messageID!, status: 2 })) })
      }
      catch {
        // Nothing from the other side to read yet: the next view tries again.
      }
      return
    }
    const owed = [...onScreen.values()].filter(owesReceipt)
    onScreen.clear()
    for (let i = 0; i < owed.length; i += BATCH) {
      const batch = owed.slice(i, i + BATCH)
      // The SDK reports our own reads (messageReceiptChanged). What failed stays owed: a row
      // that stays on screen does not come on screen again, so it is kept for the next flush.
      const failed = await client.sendMessageReceiptsRead(batch.map(e => e.raw!), id, type)
        .then(({ errorMessageIDs }) => batch.filter(e => errorMessageIDs.includes(e.messageID!)), () => batch)
      for (const entry of failed) {
        if (!onScreen.has(entry.messageID!))
          onScreen.set(entry.messageID!, entry)
      }
    }
  }

  /** Our sends in the open chat whose receipts we have not asked about in this view. */
  async function refresh(): Promise<void> {
    const client = deps.currentClient()
    if (!view || !client)
      return
    const { id, type } = view
    const mine = list().filter(e => e.direction === 'out' && e.receipt?.status === 1 && e.messageID && e.raw && !asked.has(e.messageID))
    for (const e of mine)
      asked.add(e.messageID!)
    for (let i = 0; i < mine.length; i += 50) {
      try {
        const { infos } = await client.queryMessageReceiptsInfo(mine.slice(i, i + 50).map(e => e.raw as ZIMMessage), id, type)
        deps.sync.report({ type: 'receipt', updates: infos })
      }
      catch {
        // Asked again at the next view.
      }
    }
  }

  /** A view of the open chat starts again: what is owed goes out, our receipts are asked anew. */
  function resume(): void {
    asked.clear()
    if (view)
      schedule()
  }

  /** A chat view starts (the page opened it). */
  function open(id: string, type: ZIMConversationType): void {
    if (view?.id !== id || view.type !== type)
      onScreen.clear()
    view = { id, type }
    pageShown = true
    resume()
  }

  return {
    open,
    close(id: string): void {
      if (view?.id !== id)
        return
      view = null
      onScreen.clear()
    },
    /** The chat page was hidden (another page on top) or shown again (a new view). */
    setPageShown(shown: boolean): void {
      pageShown = shown
      if (shown)
        resume()
    },
    /** The app went to the background or came back (a new view; rows still on screen count). */
    setForeground(shown: boolean): void {
      foreground = shown
      if (shown)
        resume()
    },
    /** Signed in again: what waited for the connection goes out. */
    resume,
    /** The open chat's list changed: new messages to read, new sends to ask about. */
    changed(): void {
      if (view?.type === ConversationType.Peer && list().some(owesReceipt))
        schedule()
      void refresh()
    },
    /** A group row came on screen (true) or left it (false). */
    rowOnScreen(entry: MessageEntry, shown: boolean): void {
      if (!entry.messageID || !owesReceipt(entry))
        return
      if (shown)
        onScreen.set(entry.messageID, entry)
      else
        onScreen.delete(entry.messageID)
      if (shown)
        schedule()
    },
    /** Who read one of our group messages (`read`), or who has not; `nextFlag` 0 is the last page. */
    async members(entry: MessageEntry, read: boolean, nextFlag = 0): Promise<{ members: ReceiptMember[], nextFlag: number }> {
      const client = deps.currentClient()
      if (!client || !entry.raw)
        return { members: [], nextFlag: 0 }
      const config = { nextFlag, count: 100 }
      const result = read
        ? await client.queryGroupMessageReceiptReadMemberList(entry.raw, entry.conversationID, config)
        : await client.queryGroupMessageReceiptUnreadMemberList(entry.raw, entry.conversationID, config)
      return { members: result.userList.map(u => ({ userID: u.userID, userName: u.memberNickname || u.userName || u.userID })), nextFlag: result.nextFlag }
    },
    forget(): void {
      view = null
      onScreen.clear()
      asked.clear()
      clearTimeout(timer)
      timer = undefined
    },
  }
}
