import type { Pinia } from 'pinia'
import { useConversationsStore } from './conversations'
import { useDraftsStore } from './drafts'
import { useGroupsStore } from './groups'
import { useMessagesStore } from './messages'
import { useRoomsStore } from './rooms'
import { useSessionStore } from './session'
import { useUsersStore } from './users'

export { conversationKey } from './keys'
export { useSessionStore } from './session'
export { useConversationsStore } from './conversations'
export { useMessagesStore } from './messages'

/** On logout: nothing of the previous user may survive into the next session. */
export function resetAllStores(pinia?: Pinia): void {
  useMessagesStore(pinia).$reset()
  useUsersStore(pinia).$reset()
  useConversationsStore(pinia).$reset()
  useDraftsStore(pinia).$reset()
  useGroupsStore(pinia).$reset()
  useRoomsStore(pinia).$reset()
  useSessionStore(pinia).$reset()
}
