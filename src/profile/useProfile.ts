// One's own profile over the one engine: the name and avatar shown (the session and the
// users store), a new display name (ZIM's 256 bytes checked first), a new avatar (a picture
// from the media pickers, uploaded with uploadAvatar to the token service, then its URL:
// 500 bytes at most).
// Verbs reject with a ZimActionError whose `rule` is a key; the page words it.
import { computed, type ComputedRef } from 'vue'
import { pickImage } from '@/composables/media/pickers'
import { useUserInfo } from '@/composables/useUserInfo'
import { ZimActionError } from '@/composables/zim/actionError'
import { AVATAR_SOURCE_MAX_BYTES } from '@/zim/avatar'
import { uploadAvatar } from '@/zim/uploadAvatar'
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
  /**
   * A picture from the album, uploaded (POST /api/avatar: 256 px, a public address), then
   * set with updateUserAvatarUrl; false when the person closed the picker.
   */
  changeAvatar: () => Promise<boolean>
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
    async changeAvatar() {
      const pick = await pickImage('album')
      if (!pick)
        return false
      // The service's limit, before any byte goes up.
      if (pick.size && pick.size > AVATAR_SOURCE_MAX_BYTES)
        throw new ZimActionError('problem.avatar.maxBytes', 'problem.avatar.maxBytes', undefined, { max: AVATAR_SOURCE_MAX_BYTES / 1024 / 1024 })
      const id = userID.value
      const { token } = await liveEngine().fetchToken(id)
      const { url } = await uploadAvatar(pick.path, { userID: id, token })
      await actions.setAvatarUrl(url)
      return true
    },
  }
}
