// One's own profile: the display name (updateUserName) and the avatar URL
// (updateUserAvatarUrl), each checked against ZIM's limits first, and what the app knows of
// it afterwards: the session's name (so the next login sends it), the users store's entry
// (the header, our own messages' avatars). Reading it is useUserInfo's (paced queries).
// Lives in the profile subpackage: only its page changes the profile.
import type { useUsersStore } from '@/stores/users'
import { checkUserName } from '@/zim/rules'
import { checkAvatarUrl } from './profileRules'
import type { ZimClient } from '@/zim/types'
import { describeError, violation, ZimActionError } from '@/composables/zim/actionError'

export interface ProfileActionsDeps {
  users: ReturnType<typeof useUsersStore>
  currentClient: () => ZimClient | null
  currentUserID: () => string | undefined
  /** The session's own name changed: the header and the next login use it. */
  renamed: (userName: string) => void
}

export function createProfileActions(deps: ProfileActionsDeps) {
  const { users } = deps

  function me(): { zim: ZimClient, userID: string } {
    const zim = deps.currentClient()
    const userID = deps.currentUserID()
    if (!zim || !userID)
      throw new ZimActionError('zim.6000121', 'zim.6000121', 6000121)
    return { zim, userID }
  }

  function held(userID: string) {
    return users.profiles[userID] ?? { userName: '', avatarUrl: '' }
  }

  return {
    async setName(userName: string): Promise<void> {
      const name = userName.trim()
      const broken = checkUserName(name)
      if (broken)
        throw violation(broken)
      const { zim, userID } = me()
      try {
        await zim.updateUserName(name)
      }
      catch (err) {
        throw describeError(err)
      }
      users.remember(userID, { ...held(userID), userName: name })
      deps.renamed(name)
    },

    async setAvatarUrl(url: string): Promise<void> {
      const broken = checkAvatarUrl(url)
      if (broken)
        throw violation(broken)
      const { zim, userID } = me()
      try {
        await zim.updateUserAvatarUrl(url)
      }
      catch (err) {
        throw describeError(err)
      }
      users.remember(userID, { ...held(userID), avatarUrl: url })
    },
  }
}

