import { ref } from 'vue'
import { defineStore } from 'pinia'
import { typedGetters } from './typedGetters'

/** What the app knows of another user: the name and avatar URL ZIM reported. */
export interface UserProfile {
  userName: string
  avatarUrl: string
}

/**
 * A cache of users' profiles (one's own too, for the header and one's own messages);
 * written by useUserInfo and, for one's own after a change, the engine's profile part.
 */
export const useUsersStore = typedGetters(defineStore('users', () => {
  const profiles = ref<Record<string, UserProfile>>({})
  // Not state: who was already asked for (answered or in flight), so nobody is asked twice.
  const asked = new Set<string>()
  // Not state: when each profile was last heard from ZIM (a refresh asks again after a while).
  const heardAt = new Map<string, number>()

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

  /** Users asked for before `since` (answered or not): the ones a refresh may ask again. */
  function askedBefore(userIDs: readonly string[], since: number): string[] {
    return userIDs.filter(id => asked.has(id) && (heardAt.get(id) ?? 0) < since)
  }

  function remember(userID: string, profile: UserProfile, at = Date.now()): void {
    heardAt.set(userID, at)
    const held = profiles.value[userID]
    if (held?.userName !== profile.userName || held.avatarUrl !== profile.avatarUrl)
      profiles.value[userID] = profile
  }

  function $reset(): void {
    profiles.value = {}
    asked.clear()
    heardAt.clear()
  }

  return { profiles, remember, markAsked, forgetAsked, askedBefore, $reset }
}))
