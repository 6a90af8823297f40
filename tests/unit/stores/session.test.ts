import { createPinia, setActivePinia } from 'pinia'
import { ConnectionEvent as E, ConnectionState as S } from '@/zim/constants'
import { useSessionStore, type ConnectionStatus } from '@/stores'

let store: ReturnType<typeof useSessionStore>

beforeEach(() => {
  setActivePinia(createPinia())
  store = useSessionStore()
})

describe('applyConnectionChange', () => {
  const cases: Array<[state: number, event: number, status: ConnectionStatus, reason: string]> = [
    [S.Connected, E.Success, 'connected', 'Connected.'],
    [S.Disconnected, E.Success, 'disconnected', 'Signed out.'],
    [S.Connecting, E.ActiveLogin, 'connecting', 'Signing in…'],
    [S.Connected, E.ActiveLogin, 'connected', 'Signed in.'],
    [S.Disconnected, E.ActiveLogin, 'disconnected', 'Sign-in failed.'],
    [S.Disconnected, E.LoginTimeout, 'disconnected', 'Sign-in timed out. Check your network and try again.'],
    [S.Reconnecting, E.LoginTimeout, 'reconnecting', 'Sign-in timed out, retrying…'],
    [S.Reconnecting, E.LoginInterrupted, 'reconnecting', 'Connection lost, reconnecting…'],
    [S.Disconnected, E.LoginInterrupted, 'disconnected', 'Connection lost.'],
    [S.Disconnected, E.KickedOut, 'kickedOut', 'Signed out because this account logged in on another device.'],
    [S.Disconnected, E.TokenExpired, 'disconnected', 'Signed out because the session expired. Please sign in again.'],
    [S.Disconnected, E.Unregistered, 'disconnected', 'Signed out because this account was unregistered.'],
  ]

  it.each(cases)('state %i, event %i → %s', (state, event, status, reason) => {
    store.applyConnectionChange(state, event)
    expect(store.connection).toBe(status)
    expect(store.reason).toBe(reason)
    expect([store.rawState, store.rawEvent]).toEqual([state, event])
  })

  it('covers every ConnectionEvent', () => {
    expect(new Set(cases.map(c => c[1]))).toEqual(new Set(Object.values(E)))
  })

  it('keeps the status for a state it does not know, but records it', () => {
    store.applyConnectionChange(S.Connected, E.Success)
    store.applyConnectionChange(9, 42)
    expect(store.connection).toBe('connected')
    expect(store.reason).toBe('Connection changed (state 9, event 42).')
    expect([store.rawState, store.rawEvent]).toEqual([9, 42])
  })
})

describe('changes the SDK does not report', () => {
  it('marks a first login as connecting, since ZIM emits no Connecting for it', () => {
    store.setConnecting()
    expect([store.connection, store.reason]).toEqual(['connecting', 'Signing in…'])
  })

  it('marks a rejected login as disconnected with its reason', () => {
    store.setConnecting()
    store.setDisconnected('Token invalid.')
    expect([store.connection, store.reason]).toEqual(['disconnected', 'Token invalid.'])
  })
})

describe('isLoggedIn', () => {
  it('needs a user and a live or recovering connection', () => {
    store.applyConnectionChange(S.Connected, E.Success)
    expect(store.isLoggedIn).toBe(false)
    store.setUser({ userID: 'alice', userName: 'Alice' })
    expect(store.isLoggedIn).toBe(true)
    store.applyConnectionChange(S.Reconnecting, E.LoginInterrupted)
    expect(store.isLoggedIn).toBe(true)
    store.applyConnectionChange(S.Disconnected, E.KickedOut)
    expect(store.isLoggedIn).toBe(false)
    store.applyConnectionChange(S.Connected, E.Success)
    store.setUser(null)
    expect(store.isLoggedIn).toBe(false)
  })
})

it('copies the user it is given', () => {
  const user = { userID: 'alice', userName: 'Alice' }
  store.setUser(user)
  user.userName = 'changed'
  expect(store.user).toEqual({ userID: 'alice', userName: 'Alice' })
})

it('records an error with only the fields it has, and clears it', () => {
  store.setError({ code: 6000103, message: 'Token invalid' })
  expect(store.lastError).toEqual({ code: 6000103, message: 'Token invalid' })
  store.setError({ rule: 'userID.charset', message: 'bad ID' })
  expect(store.lastError).toEqual({ rule: 'userID.charset', message: 'bad ID' })
  store.clearError()
  expect(store.lastError).toBeNull()
})

it('$reset returns to the initial state', () => {
  store.setUser({ userID: 'alice', userName: 'Alice' })
  store.applyConnectionChange(S.Disconnected, E.KickedOut)
  store.setError({ message: 'x' })
  store.$reset()
  expect(store.$state).toEqual({ user: null, connection: 'idle', rawState: null, rawEvent: null, reason: '', lastError: null })
  expect(store.isLoggedIn).toBe(false)
})
