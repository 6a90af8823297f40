import { createPinia, setActivePinia } from 'pinia'
import { ConversationType } from '@/zim/constants'
import { resetAllStores, useConversationsStore, useMessagesStore, useSessionStore } from '@/stores'
import { conversation, incoming } from './factories'

function fill() {
  useSessionStore().setUser({ userID: 'alice', userName: 'Alice' })
  useSessionStore().setConnection('connected', 'connection.connected')
  useConversationsStore().upsertMany([conversation('bob', { unreadMessageCount: 1 })])
  useMessagesStore().receive([incoming('M1', 1000, 10)])
}

function expectEmpty() {
  expect(useSessionStore().user).toBeNull()
  expect(useSessionStore().connection).toBe('idle')
  expect(useConversationsStore().ordered).toEqual([])
  expect(useMessagesStore().listFor('bob', ConversationType.Peer)).toEqual([])
}

it('resetAllStores clears every store of the active pinia', () => {
  setActivePinia(createPinia())
  fill()
  resetAllStores()
  expectEmpty()
})

it('resetAllStores targets the pinia it is given', () => {
  const pinia = createPinia()
  setActivePinia(pinia)
  fill()
  setActivePinia(createPinia())
  resetAllStores(pinia)
  setActivePinia(pinia)
  expectEmpty()
})
