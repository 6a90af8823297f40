// What the chat page needs for a group: its name and member count, whether the user is
// out of the group (and why, as a key), and the way into its info page. Loads the group
// when a group chat opens. Nothing for a peer chat. The page words it (src/chat/groupChatText.ts).
import { computed, ref, watch, type ComputedRef, type Ref } from 'vue'
import { useConversationsStore } from '@/stores/conversations'
import { routes } from '@/utils/navigation'
import { ConversationType } from '@/zim/constants'
import type { ZIMConversationType } from '@/zim/types'
import { useGroups } from './useGroups'
import { useUserInfo } from './useUserInfo'

/** Why a group chat is read-only: a locale key, and who did it when known. */
export interface GroupEnded {
  key: 'group.endedLeft' | 'group.endedKicked' | 'group.endedKickedBy' | 'group.endedDismissed'
    | 'group.endedDismissedBy' | 'group.endedNotMember' | 'group.endedGone'
  params?: { name: string }
}

export interface UseGroupChatReturn {
  isGroup: ComputedRef<boolean>
  /** The group's name; '' for a peer chat or before the group is known. */
  name: ComputedRef<string>
  /** Members now; 0 when unknown or once the user is out (they no longer know who is in). */
  memberCount: ComputedRef<number>
  /** Why the chat is read-only; null while the user is a member. */
  ended: ComputedRef<GroupEnded | null>
  openInfo: () => void
}

export function useGroupChat(conversationID: Ref<string>, type: Ref<ZIMConversationType>): UseGroupChatReturn {
  const groups = useGroups()
  const conversations = useConversationsStore()
  const users = useUserInfo()
  const loaded = ref('')

  const isGroup = computed(() => type.value === ConversationType.Group && !!conversationID.value)
  const group = computed(() => (isGroup.value ? groups.group(conversationID.value).value : undefined))
  const name = computed(() => group.value?.name || conversations.get(conversationID.value, ConversationType.Group)?.conversationName || '')
  // Once out, the user no longer knows who is in: no count.
  const count = computed(() => (group.value?.ended ? 0 : group.value?.memberCount ?? 0))

  watch([isGroup, conversationID], ([yes, id]) => {
    if (!yes || loaded.value === id)
      return
    loaded.value = id
    // A refusal (not a member, no such group) marks the group as ended: the page says why.
    void groups.load(id).catch(() => undefined)
  }, { immediate: true })

  const ended = computed((): GroupEnded | null => {
    if (!isGroup.value)
      return null
    const by = group.value?.endedBy ? users.nameOf(group.value.endedBy) : ''
    switch (group.value?.ended) {
      case 'left': return { key: 'group.endedLeft' }
      case 'kicked': return by ? { key: 'group.endedKickedBy', params: { name: by } } : { key: 'group.endedKicked' }
      case 'dismissed': return by ? { key: 'group.endedDismissedBy', params: { name: by } } : { key: 'group.endedDismissed' }
      case 'notMember': return { key: 'group.endedNotMember' }
      case 'gone': return { key: 'group.endedGone' }
    }
    return conversations.isDisabled(conversationID.value, ConversationType.Group) ? { key: 'group.endedNotMember' } : null
  })

  return {
    isGroup,
    name: computed(() => (isGroup.value ? name.value : '')),
    memberCount: count,
    ended,
    openInfo: () => uni.navigateTo({ url: routes.groupInfo(conversationID.value) }),
  }
}
