// The group chat's words for the chat page: its title with the member count, the count
// line, and why it is read-only (useGroupChat gives the data and keys).
import { computed } from 'vue'
import type { UseGroupChatReturn } from '@/composables/useGroupChat'
import { t } from '@/locale'

export function groupChatText(group: UseGroupChatReturn) {
  const { name, memberCount, ended } = group
  return {
    /** "Team (3)"; '' for a peer chat or before the group is known. */
    title: computed(() => (!name.value ? '' : memberCount.value ? t('group.chatTitle', { name: name.value, count: memberCount.value }) : name.value)),
    /** "3 members". */
    countLine: computed(() => (memberCount.value ? t('group.memberCount', { count: memberCount.value }) : '')),
    /** Why the chat is read-only, in words; '' while the user is a member. */
    endedReason: computed(() => (ended.value ? t(ended.value.key, ended.value.params ?? {}) : '')),
  }
}
