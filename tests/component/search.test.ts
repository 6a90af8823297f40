// The search page (src/search/index.vue) with real stores and the cache's reader over uni
// storage: results grouped as chats and messages, matches marked, the QA hooks, a tap
// that opens the chat at the message, search within one chat, and Escape.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import SearchPage from '@/search/index.vue'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { ConversationType } from '@/zim/constants'
import { runHook, type UniStub } from '../helpers/uniStub'
import { conversation, incoming } from '../unit/stores/factories'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

const PEER = ConversationType.Peer
let uni: UniStub
let pinia: Pinia
let wrapper: VueWrapper

const results = (kind?: string) => wrapper.findAll(`[data-testid="search-result"]${kind ? `[data-kind="${kind}"]` : ''}`)

async function openSearch(query: Record<string, string> = {}) {
  wrapper = mount(SearchPage, { global: { plugins: [pinia] } })
  await runHook('onLoad', query)
  await flushPromises()
}

async function type(text: string) {
  const input = wrapper.find('[data-testid="search-input"]')
  ;(input.element as HTMLInputElement).value = text
  await input.trigger('input')
  vi.advanceTimersByTime(200)
  await flushPromises()
}

beforeEach(() => {
  vi.useFakeTimers()
  ;({ uni, pinia } = freshPage({ userID: 'me', userName: 'Me' }))
  useConversationsStore().upsertMany([
    conversation('bob', { conversationName: 'Bob Stone', orderKey: 2 }),
    conversation('lunch-club', { type: ConversationType.Group, conversationName: 'Lunch club', orderKey: 1 }),
  ])
  useMessagesStore().receive([
    incoming('11', 1000, 1, { message: 'Lunch at noon?', conversationID: 'bob' }),
    incoming('12', 2000, 2, { message: 'Our trip to 北京 is booked', conversationID: 'bob' }),
    incoming('13', 3000, 3, { message: 'lunch tomorrow too', conversationID: 'lunch-club', conversationType: ConversationType.Group, senderUserID: 'carol' }),
  ])
})

afterEach(() => {
  closePage(wrapper)
  vi.useRealTimers()
})

describe('search page', () => {
  it('finds chats by name and messages by word, marks the matches, and carries the QA hooks', async () => {
    await openSearch()
    expect(wrapper.text()).toContain('Find a chat by name or ID')
    await type('lunch')
    expect(results('conversation').map(r => r.attributes('data-conversation-id'))).toEqual(['lunch-club'])
    const messages = results('message')
    expect(messages.map(r => [r.attributes('data-conversation-id'), r.attributes('data-message-id')])).toEqual([['lunch-club', '13'], ['bob', '11']])
    expect(messages[1].findAll('.hit').map(h => h.text())).toEqual(['Lunch'])
    expect(messages[1].text()).toContain('Bob Stone')
  })

  it('a tap on a message opens its chat at it', async () => {
    await openSearch()
    await type('北京')
    expect(results('message')).toHaveLength(1)
    expect(results('message')[0].find('.hit').text()).toBe('北京')
    await results('message')[0].trigger('click')
    expect(uni.navigateTo).toHaveBeenCalledWith({ url: '/chat/index?id=bob&type=0&at=12' })
  })

  it('says so when nothing matches', async () => {
    await openSearch()
    await type('zebra')
    expect(wrapper.find('[data-testid="search-empty"]').text()).toBe('Nothing found for “zebra”.')
  })

  it('within one chat: its messages only, no chats, and the chat below is reopened at the message', async () => {
    await openSearch({ id: 'bob', type: String(PEER) })
    await type('lunch')
    expect(results('conversation')).toHaveLength(0)
    expect(results('message').map(r => r.attributes('data-message-id'))).toEqual(['11'])
    await results('message')[0].trigger('click')
    expect(uni.redirectTo).toHaveBeenCalledWith({ url: '/chat/index?id=bob&type=0&at=11' })
  })

  it('Escape clears the field, then leaves the page', async () => {
    await openSearch()
    await type('lunch')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await flushPromises()
    expect(results()).toHaveLength(0)
    expect(uni.reLaunch).not.toHaveBeenCalled()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    expect(uni.reLaunch).toHaveBeenCalledWith({ url: '/pages/conversations/index' })
  })
})
