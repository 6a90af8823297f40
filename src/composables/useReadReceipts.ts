// Read receipts in a chat, over the one engine (zim/receipts.ts): the page says which chat
// is open and when its page is shown; the rows below say which group messages are on
// screen and open the read / unread members of one of ours. Logic returns keys and data.
import { onHide, onShow } from '@dcloudio/uni-app'
import { inject, onScopeDispose, provide, ref, watch, type InjectionKey, type Ref } from 'vue'
import type { MessageEntry } from '@/stores/messages'
import { ConversationType } from '@/zim/constants'
import type { ZIMConversationType } from '@/zim/types'
import type { ReceiptMember } from './zim/receipts'
import { liveEngine } from './useZim'

export type { ReceiptMember } from './zim/receipts'

/** What a row shows under one of our sent messages; null when it shows nothing. */
export interface ReceiptLine {
  key: 'receipt.read' | 'receipt.unread' | 'receipt.groupRead'
  params: { count: number }
  /** Read by everyone it was for. */
  read: boolean
  /** A group message: a tap lists who read it. */
  group: boolean
}

export function receiptLine(entry: MessageEntry): ReceiptLine | null {
  const r = entry.receipt
  // A chat with oneself has nobody else to read it.
  if (entry.direction !== 'out' || entry.status !== 'sent' || !r || entry.revoked || entry.conversationID === entry.senderUserID)
    return null
  const read = r.status === 2
  const count = r.readMemberCount ?? 0
  if (entry.conversationType === ConversationType.Group)
    return { key: count > 0 ? 'receipt.groupRead' : 'receipt.unread', params: { count }, read, group: true }
  return { key: read ? 'receipt.read' : 'receipt.unread', params: { count }, read, group: false }
}

export interface ReceiptSheet {
  entry: MessageEntry
  read: ReceiptMember[]
  unread: ReceiptMember[]
  loading: boolean
  /** A key when the lists could not be loaded. */
  error: string
}

export interface ReceiptRows {
  rowOnScreen: (entry: MessageEntry, shown: boolean) => void
  openMembers: (entry: MessageEntry) => void
}

const KEY: InjectionKey<ReceiptRows> = Symbol('receiptRows')

export interface UseReadReceiptsReturn {
  /** The read / unread members of one group message, while its sheet is open. */
  sheet: Ref<ReceiptSheet | null>
  closeSheet: () => void
}

async function allPages(load: (flag: number) => Promise<{ members: ReceiptMember[], nextFlag: number }>): Promise<ReceiptMember[]> {
  const out: ReceiptMember[] = []
  let flag = 0
  for (let page = 0; page < 10; page++) {
    const { members, nextFlag } = await load(flag)
    out.push(...members)
    if (!nextFlag)
      break
    flag = nextFlag
  }
  return out
}

/** The chat page's one call: receipts go out while it is read; its rows get what they need. */
export function useReadReceipts(id: Ref<string>, type: Ref<ZIMConversationType>, list: Ref<readonly MessageEntry[]>): UseReadReceiptsReturn {
  const receipts = () => liveEngine().receipts
  const sheet = ref<ReceiptSheet | null>(null)

  watch([id, type], ([next, nextType], before) => {
    if (before?.[0])
      receipts().close(before[0])
    if (next)
      receipts().open(next, nextType)
  }, { immediate: true })
  // The tail (an arrival, a confirmed send) and the length (a history page) are enough.
  watch(() => [list.value.length, list.value[list.value.length - 1]?.receipt?.status, list.value[list.value.length - 1]?.status], () => receipts().changed())
  onShow(() => receipts().setPageShown(true))
  onHide(() => receipts().setPageShown(false))
  onScopeDispose(() => {
    if (id.value)
      receipts().close(id.value)
  })

  async function openMembers(entry: MessageEntry): Promise<void> {
    sheet.value = { entry, read: [], unread: [], loading: true, error: '' }
    try {
      const [read, unread] = await Promise.all([
        allPages(flag => receipts().members(entry, true, flag)),
        allPages(flag => receipts().members(entry, false, flag)),
      ])
      if (sheet.value?.entry === entry)
        sheet.value = { entry, read, unread, loading: false, error: '' }
    }
    catch {
      if (sheet.value?.entry === entry)
        sheet.value = { entry, read: [], unread: [], loading: false, error: 'receipt.loadFailed' }
    }
  }

  provide(KEY, {
    rowOnScreen: (entry, shown) => receipts().rowOnScreen(entry, shown),
    openMembers: entry => void openMembers(entry),
  })

  return { sheet, closeSheet: () => { sheet.value = null } }
}

/** For MessageRow: null outside a chat page. */
export function useReceiptRows(): ReceiptRows | null {
  return inject(KEY, null)
}
