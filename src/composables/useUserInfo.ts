// Users' names and avatars for the list and the chat: from the cache (the users store), else from
// a peer conversation's name, else asked of ZIM with queryUsersInfo. ZIM's server answers
// at most 10 users per 10 s (6000012), so the asks are queued and paced to that window.
import { useConversationsStore } from '@/stores/conversations'
import { useUsersStore } from '@/stores/users'
import { ConversationType } from '@/zim/constants'
import { currentZimClient, useZim } from './useZim'

/** ZIM's documented limit for server queries of user info. */
export const USER_QUERY_LIMIT = { users: 10, perMs: 10_000 }

export interface UseUserInfoReturn {
  /** The display name: cached name, the peer chat's name, else the ID (and a query goes out). */
  nameOf: (userID: string) => string
  /** The avatar URL when the user set one, else '' (and a query goes out). */
  avatarUrlOf: (userID: string) => string
  /**
   * Asks ZIM again about users last heard of more than `USER_REFRESH_MS` ago (names and
   * avatars change: ZIM tells nobody else), within the same pacing.
   */
  refresh: (userIDs: readonly string[]) => void
}

/** How old a cached profile may be before a refresh asks for it again. */
const USER_REFRESH_MS = 30_000

type UsersStore = ReturnType<typeof useUsersStore>

// One queue for the app: every list and page shares the one rate window.
const waiting: string[] = []
const sentAt: number[] = []
let timer: ReturnType<typeof setTimeout> | null = null

function pump(users: UsersStore): void {
  timer = null
  const client = currentZimClient()
  if (!client || !waiting.length)
    return
  const now = Date.now()
  while (sentAt.length && now - sentAt[0] >= USER_QUERY_LIMIT.perMs) sentAt.shift()
  const room = USER_QUERY_LIMIT.users - sentAt.length
  if (room <= 0) {
    timer = setTimeout(() => pump(users), USER_QUERY_LIMIT.perMs - (now - sentAt[0]))
    return
  }
  const batch = waiting.splice(0, room)
  for (let i = 0; i < batch.length; i++) sentAt.push(now)
  client.queryUsersInfo(batch, { isQueryFromServer: true }).then(({ userList }) => {
    for (const { baseInfo } of userList)
      users.remember(baseInfo.userID, { userName: baseInfo.userName, avatarUrl: baseInfo.userAvatarUrl })
  }, () => users.forgetAsked(batch))
  if (waiting.length)
    timer = setTimeout(() => pump(users), USER_QUERY_LIMIT.perMs)
}

export function useUserInfo(): UseUserInfoReturn {
  const users = useUsersStore()
  const { user } = useZim()
  const conversations = useConversationsStore()

  function want(userID: string): void {
    if (!userID || !users.markAsked(userID))
      return
    waiting.push(userID)
    // Batched: the rows of one render ask together.
    if (!timer)
      timer = setTimeout(() => pump(users), 0)
  }

  return {
    nameOf(userID) {
      const me = user.value
      if (userID === me?.userID)
        return me.userName || userID
      const cached = users.profiles[userID]
      if (cached?.userName)
        return cached.userName
      want(userID)
      return conversations.get(userID, ConversationType.Peer)?.conversationName || userID
    },
    avatarUrlOf(userID) {
      const cached = users.profiles[userID]
      if (!cached)
        want(userID)
      return cached?.avatarUrl ?? ''
    },
    refresh(userIDs) {
      const stale = users.askedBefore(userIDs, Date.now() - USER_REFRESH_MS)
      users.forgetAsked(stale)
      for (const id of stale)
        want(id)
    },
  }
}

/** For tests: an empty queue and a fresh rate window. */
export function resetUserInfoQueue(): void {
  waiting.length = 0
  sentAt.length = 0
  if (timer)
    clearTimeout(timer)
  timer = null
}
