import { ref } from 'vue'
import { defineStore } from 'pinia'
import { typedGetters } from './typedGetters'

export interface SessionUser {
  userID: string
  userName: string
}

/** `rule` comes from '@/zim/rules' checks (with its `params`); `code` from ZIM errors. */
export interface SessionError {
  code?: number
  message: string
  rule?: string
  params?: Record<string, string | number>
}

/** What pages show: the connection's phase and why, as a key pages translate. */
export type ConnectionPhase = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'kickedOut'

export type ConnectionReason =
  | 'connection.signingIn'
  /** Reconnecting after the token expired. */
  | 'connection.sessionExpired'
  | 'connection.reconnecting'
  | 'connection.connected'
  | 'connection.lostReconnecting'
  /** Offline; messages will be sent when the connection is back. */
  | 'connection.offline'
  | 'connection.lost'
  | 'connection.lostRetrying'
  | 'connection.kickedOut'
  | 'connection.unregistered'
  | 'connection.loginTimeout'

// Written by the engine's sign-in module alone (src/composables/zim/signIn.ts); pages read
// the connection through useZim().
export const useSessionStore = typedGetters(defineStore('session', () => {
  const user = ref<SessionUser | null>(null)
  const connection = ref<ConnectionPhase>('idle')
  /** Why, as a key for pages to translate; '' while idle. */
  const reason = ref<ConnectionReason | ''>('')
  /** When the connection is down because a sign-in was refused: the error that says why. */
  const connectionError = ref<SessionError | null>(null)
  /** The last ZIM numbers as received, for logs and for cases the phase flattens. */
  const rawState = ref<number | null>(null)
  const rawEvent = ref<number | null>(null)
  const lastError = ref<SessionError | null>(null)

  function setUser(next: SessionUser | null): void {
    user.value = next ? { userID: next.userID, userName: next.userName } : null
  }

  function setError(error: SessionError): void {
    lastError.value = copyError(error)
  }

  function clearError(): void {
    lastError.value = null
  }

  function setConnection(phase: ConnectionPhase, why: ConnectionReason | '', error: SessionError | null = null): void {
    connection.value = phase
    reason.value = why
    connectionError.value = error && copyError(error)
  }

  function $reset(): void {
    user.value = null
    connection.value = 'idle'
    reason.value = ''
    connectionError.value = null
    rawState.value = null
    rawEvent.value = null
    lastError.value = null
  }

  return {
    user, connection, reason, connectionError, rawState, rawEvent, lastError,
    setUser, setError, clearError, setConnection, $reset,
  }
}))

function copyError(error: SessionError): SessionError {
  return {
    message: error.message,
    ...(error.code !== undefined && { code: error.code }),
    ...(error.rule !== undefined && { rule: error.rule }),
    ...(error.params !== undefined && { params: { ...error.params } }),
  }
}
