// One's own profile over the one engine: the name and avatar shown (the session and the
// users store), a new display name (ZIM's 256 bytes checked first), a new avatar (a picture
// from the media pickers, uploaded to the token service, then its URL: 500 bytes at most).
// Verbs reject with a ZimActionError whose `rule` is a key; the page words it.
import { computed, type ComputedRef } from 'vue'
import { useUserInfo } from '@/composables/useUserInfo'
import { currentZimClient, liveEngine, useZim } from '@/composables/useZim'
import { useUsersStore } from '@/stores/users'
import { createProfileActions } from './profileActions'

export interface UseProfileReturn {
  userID: ComputedRef<string>
  /** Reactive: one's display name as the session has it. */
  name: ComputedRef<string>
  /** Reactive: one's avatar URL, '' while none is known. */
  avatarUrl: ComputedRef<string>
  saveName: (name: string) => Promise<void>
}

export function useProfile(): UseProfileReturn {
  const { user } = useZim()
  const users = useUserInfo()
  const userID = computed(() => user.value?.userID ?? '')
  const actions = createProfileActions({
    users: useUsersStore(),
    currentClient: currentZimClient,
    currentUserID: () => user.value?.userID,
    renamed: name => liveEngine().renamed(name),
  })
  return {
    userID,
    name: computed(() => user.value?.userName ?? ''),
    avatarUrl: computed(() => (userID.value ? users.avatarUrlOf(userID.value) : '')),
    saveName: actions.setName,
  }
}
