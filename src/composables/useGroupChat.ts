// What the chat page needs for a group: the title with the member count, whether the
// user is out of the group (and why, in words), and the way into its info page. Loads the
// group when a group chat opens. Nothing for a peer chat.
import { computed, ref, watch, type ComputedRef, type Ref } from 'vue'
import { t } from '@/locale'
import { useConversationsStore } from '@/stores/conversations'
import { routes } from '@/utils/navigation'
import { ConversationType } from '@/zim/constants'
import type { ZIMConversationType } from '@/zim/types'
import { useGroups } from './useGroups'
import { useUserInfo } from './useUserInfo'

export interface UseGroupChatReturn {
  isGroup: ComputedRef<boolean>
  /** "Team (3)"; '' for a peer chat or before the group is known. */
  title: ComputedRef<string>
  /** "3 members". */
  countLine: ComputedRef<string>
  /** Why the chat is read-only, in words; '' while the user is a member. */
  endedReason: ComputedRef<string>
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

  const endedReason = computed(() => {
    if (!isGroup.value)
      return ''
    const ended = group.value?.ended
    const by = group.value?.endedBy ? users.nameOf(group.value.endedBy) : ''
    switch (ended) {
      case 'left': return t('group.endedLeft')
      case 'kicked': return by ? t('group.endedKickedBy', { name: by }) : t('group.endedKicked')
      case 'dismissed': return by ? t('group.endedDismissedBy', { name: by }) : t('group.endedDismissed')
      case 'notMember': return t('group.endedNotMember')
      case 'gone': return t('group.endedGone')
    }
    return conversations.isDisabled(conversationID.value, ConversationType.Group) ? t('group.endedNotMember') : ''
  })

  return {
    isGroup,
    title: computed(() => (!isGroup.value || !name.value ? '' : count.value ? t('group.chatTitle', { name: name.value, count: count.value }) : name.value)),
    countLine: computed(() => (count.value ? t('group.memberCount', { count: count.value }) : '')),
    endedReason,
    openInfo: () => uni.navigateTo({ url: routes.groupInfo(conversationID.value) }),
  }
}
