import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { ZIMConversationType } from '@/zim/types'
import { conversationKey } from './keys'
import { typedGetters } from './typedGetters'

/** What was left in a chat's composer, and when (the list orders by it). */
export interface Draft {
  conversationID: string
  type: ZIMConversationType
  text: string
  at: number
}

/**
 * The signed-in user's drafts, keyed by conversationKey(). Written by the engine's drafts
 * part alone (src/composables/zim/drafts.ts), which also keeps them in storage.
 */
export const useDraftsStore = typedGetters(defineStore('drafts', () => {
  const byKey = ref<Record<string, Draft>>({})

  const textOf = computed(() => (conversationID: string, type: ZIMConversationType): string =>
    byKey.value[conversationKey(conversationID, type)]?.text ?? '')
  const list = computed(() => Object.values(byKey.value))

  /** True when this changed anything. */
  function set(draft: Draft): boolean {
    const key = conversationKey(draft.conversationID, draft.type)
    if (byKey.value[key]?.text === draft.text)
      return false
    byKey.value[key] = { ...draft }
    return true
  }

  /** True when there was a draft. */
  function remove(conversationID: string, type: ZIMConversationType): boolean {
    const key = conversationKey(conversationID, type)
    if (!byKey.value[key])
      return false
    delete byKey.value[key]
    return true
  }

  function replaceAll(drafts: readonly Draft[]): void {
    byKey.value = Object.fromEntries(drafts.map(d => [conversationKey(d.conversationID, d.type), { ...d }]))
  }

  function $reset(): void {
    byKey.value = {}
  }

  return { byKey, textOf, list, set, remove, replaceAll, $reset }
}))
