import { ref } from 'vue'
import { defineStore } from 'pinia'
import { typedGetters } from './typedGetters'

/** What the app knows of another user: the name and avatar URL ZIM reported. */
export interface UserProfile {
  userName: string
  avatarUrl: string
}

/** A cache of other users' profiles; written by useUserInfo alone. */
export const useUsersStore = typedGetters(defineStore('users', () => {
  const profiles = ref<Record<string, UserProfile>>({})
  // Not state: who was already asked for (answered or in flight), so nobody is asked twice.
  const asked = new Set<string>()

  /** True the first time an ID is asked for. */
  function markAsked(userID: string): boolean {
    if (asked.has(userID)) return false
    asked.add(userID)
    return true
  }

  /** A query that failed: ask again when someone needs them. */
  function forgetAsked(userIDs: readonly string[]): void {
    for (const id of userIDs) asked.delete(id)
  }

  function remember(userID: string, profile: UserProfile): void {
    const held = profiles.value[userID]
    if (held?.userName !== profile.userName || held.avatarUrl !== profile.avatarUrl)
      profiles.value[userID] = profile
  }

  function $reset(): void {
    profiles.value = {}
    asked.clear()
  }

  return { profiles, remember, markAsked, forgetAsked, $reset }
}))
