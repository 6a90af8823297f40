import type { Pinia } from 'pinia'
import { useConversationsStore } from './conversations'
import { useMessagesStore } from './messages'
import { useSessionStore } from './session'

export { conversationKey } from './keys'
export { messageText } from './messageView'
export type { MessageStatus } from './messageView'
export type { MessageEntry, SendError } from './messageList'
export { useSessionStore } from './session'
export type { ConnectionPhase, ConnectionReason, SessionError, SessionUser } from './session'
export { useConversationsStore } from './conversations'
export { useMessagesStore } from './messages'

/** On logout: nothing of the previous user may survive into the next session. */
export function resetAllStores(pinia?: Pinia): void {
  useMessagesStore(pinia).$reset()
  useConversationsStore(pinia).$reset()
  useSessionStore(pinia).$reset()
}
