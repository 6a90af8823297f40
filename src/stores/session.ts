import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { ConnectionEvent, ConnectionState } from '@/zim/constants'
import { typedGetters } from './typedGetters'

export interface SessionUser {
  userID: string
  userName: string
}

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'kickedOut'

/** `rule` comes from '@/zim/rules' checks; `code` from ZIM errors. */
export interface SessionError {
  code?: number
  message: string
  rule?: string
}

export function connectionFor(state: number, event: number): ConnectionStatus | null {
  switch (state) {
    case ConnectionState.Connected: return 'connected'
    case ConnectionState.Connecting: return 'connecting'
    case ConnectionState.Reconnecting: return 'reconnecting'
    // Being kicked out needs its own screen: signing in again would kick the other device.
    case ConnectionState.Disconnected: return event === ConnectionEvent.KickedOut ? 'kickedOut' : 'disconnected'
    default: return null
  }
}

/** ZIM's event says why; the state says whether it is over or the SDK is retrying. */
export function reasonFor(state: number, event: number): string {
  const retrying = state === ConnectionState.Reconnecting || state === ConnectionState.Connecting
  switch (event) {
    case ConnectionEvent.Success:
      if (state === ConnectionState.Connected) return 'Connected.'
      return state === ConnectionState.Disconnected ? 'Signed out.' : 'Connecting…'
    case ConnectionEvent.ActiveLogin:
      if (state === ConnectionState.Connected) return 'Signed in.'
      return state === ConnectionState.Disconnected ? 'Sign-in failed.' : 'Signing in…'
    case ConnectionEvent.LoginTimeout:
      return retrying ? 'Sign-in timed out, retrying…' : 'Sign-in timed out. Check your network and try again.'
    case ConnectionEvent.LoginInterrupted:
      return retrying ? 'Connection lost, reconnecting…' : 'Connection lost.'
    case ConnectionEvent.KickedOut:
      return 'Signed out because this account logged in on another device.'
    case ConnectionEvent.TokenExpired:
      return 'Signed out because the session expired. Please sign in again.'
    case ConnectionEvent.Unregistered:
      return 'Signed out because this account was unregistered.'
    default:
      return `Connection changed (state ${state}, event ${event}).`
  }
}

export const useSessionStore = typedGetters(defineStore('session', () => {
  const user = ref<SessionUser | null>(null)
  const connection = ref<ConnectionStatus>('idle')
  /** The last ZIM numbers as received, for logs and for cases the union flattens. */
  const rawState = ref<number | null>(null)
  const rawEvent = ref<number | null>(null)
  const reason = ref('')
  const lastError = ref<SessionError | null>(null)

  // 'reconnecting' still counts: the SDK keeps the session and retries by itself.
  // The user is set only once login has resolved, so a first login that cannot reach
  // the server (which ZIM also reports as reconnecting) is not "logged in".
  const isLoggedIn = computed(() =>
    user.value !== null && (connection.value === 'connected' || connection.value === 'reconnecting'))

  function setUser(next: SessionUser | null): void {
    user.value = next ? { userID: next.userID, userName: next.userName } : null
  }

  function applyConnectionChange(state: number, event: number): void {
    rawState.value = state
    rawEvent.value = event
    reason.value = reasonFor(state, event)
    const next = connectionFor(state, event)
    if (next) connection.value = next
  }

  // ZIM emits no Connecting for a first login, and a rejected login emits nothing at all:
  // the caller reports both itself.
  function setConnecting(): void {
    connection.value = 'connecting'
    reason.value = 'Signing in…'
  }

  function setDisconnected(why: string): void {
    connection.value = 'disconnected'
    reason.value = why
  }

  function setError(error: SessionError): void {
    lastError.value = {
      message: error.message,
      ...(error.code !== undefined && { code: error.code }),
      ...(error.rule !== undefined && { rule: error.rule }),
    }
  }

  function clearError(): void {
    lastError.value = null
  }

  function $reset(): void {
    user.value = null
    connection.value = 'idle'
    rawState.value = null
    rawEvent.value = null
    reason.value = ''
    lastError.value = null
  }

  return {
    user, connection, rawState, rawEvent, reason, lastError,
    isLoggedIn,
    setUser, applyConnectionChange, setConnecting, setDisconnected, setError, clearError, $reset,
  }
}))
