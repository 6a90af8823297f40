// What the chat page lends to every row below its list, without threading props
// through MessageList: the selection for multi-select forwarding, and opening a combined
// message's detail. Provided by the page, read by MessageRow; absent elsewhere (null).
import { computed, inject, provide, reactive, type ComputedRef, type InjectionKey } from 'vue'
import { COMBINE_MAX_CHILDREN } from '@/zim/rules'
import type { MessageEntry } from '@/stores/messages'
import { forwardable } from './useForward'

export interface ChatRows {
  selecting: ComputedRef<boolean>
  /** Selected entries, in the order they were picked. */
  selected: ComputedRef<MessageEntry[]>
  isSelected: (entry: MessageEntry) => boolean
  canSelect: (entry: MessageEntry) => boolean
  toggle: (entry: MessageEntry) => void
  /** Starts selecting, with `first` picked. */
  start: (first?: MessageEntry) => void
  stop: () => void
  openCombine: (entry: MessageEntry) => void
}

const KEY: InjectionKey<ChatRows> = Symbol('chatRows')

/** A selection of at most COMBINE_MAX_CHILDREN messages (what one combined message can hold). */
export function createChatRows(openCombine: (entry: MessageEntry) => void): ChatRows {
  const state = reactive({ on: false, picked: [] as MessageEntry[] })
  const index = (entry: MessageEntry) => state.picked.findIndex(e => e.key === entry.key)
  const rows: ChatRows = {
    selecting: computed(() => state.on),
    selected: computed(() => state.picked as MessageEntry[]),
    isSelected: entry => index(entry) >= 0,
    canSelect: entry => forwardable(entry),
    toggle(entry) {
      const i = index(entry)
      if (i >= 0)
        state.picked.splice(i, 1)
      else if (forwardable(entry) && state.picked.length < COMBINE_MAX_CHILDREN)
        state.picked.push(entry)
    },
    start(first) {
      state.on = true
      state.picked = []
      if (first)
        rows.toggle(first)
    },
    stop() {
      state.on = false
      state.picked = []
    },
    openCombine,
  }
  return rows
}

export function provideChatRows(rows: ChatRows): void {
  provide(KEY, rows)
}

export function useChatRows(): ChatRows | null {
  return inject(KEY, null)
}
