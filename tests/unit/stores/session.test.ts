import { createPinia, setActivePinia } from 'pinia'
import { useSessionStore } from '@/stores'

let store: ReturnType<typeof useSessionStore>

beforeEach(() => {
  setActivePinia(createPinia())
  store = useSessionStore()
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
  store.setError({ rule: 'userID.maxBytes', params: { max: 32 }, message: 'too long' })
  expect(store.lastError).toEqual({ rule: 'userID.maxBytes', params: { max: 32 }, message: 'too long' })
  store.clearError()
  expect(store.lastError).toBeNull()
})

it('keeps the connection as a phase and a reason key, with the refusal when there is one', () => {
  store.setConnection('connected', 'connection.connected')
  expect([store.connection, store.reason, store.connectionError]).toEqual(['connected', 'connection.connected', null])
  const refusal = { code: 6000103, rule: 'zim.6000103', message: 'The sign-in token was rejected.' }
  store.setConnection('disconnected', 'connection.lost', refusal)
  refusal.message = 'changed'
  expect(store.connectionError).toEqual({ code: 6000103, rule: 'zim.6000103', message: 'The sign-in token was rejected.' })
})

it('$reset returns to the initial state', () => {
  store.setUser({ userID: 'alice', userName: 'Alice' })
  store.setConnection('kickedOut', 'connection.kickedOut', { message: 'x' })
  store.$patch({ rawState: 0, rawEvent: 4 })
  store.setError({ message: 'x' })
  store.$reset()
  expect(store.$state).toEqual({ user: null, connection: 'idle', reason: '', connectionError: null, rawState: null, rawEvent: null, lastError: null })
})
