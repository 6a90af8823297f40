// The conversation list page with its real stores and a scripted useZim.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ConversationsPage from '@/pages/conversations/index.vue'
import { useConversationsStore } from '@/stores/conversations'
import type { ConnectionReason } from '@/stores/session'
import { MessageSentStatus } from '@/zim/constants'
import type { ZIMMessage } from '@/zim/types'
import { runHook, type UniStub } from '../helpers/uniStub'
import { conversation, incoming } from '../unit/stores/factories'
import { fakeState, fakeZim } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

let uni: UniStub
let pinia: Pinia
let wrapper: VueWrapper

function mountPage() {
  wrapper = mount(ConversationsPage, { global: { plugins: [pinia] } })
  return wrapper
}

const byTestId = (id: string) => wrapper.find(`[data-testid="${id}"]`)
const items = () => wrapper.findAll('[data-testid="conversation-item"]')

function withLast(id: string, text: string, timestamp: number, unread = 0, over: Partial<ZIMMessage> = {}) {
  return conversation(id, {
    conversationName: '',
    orderKey: timestamp,
    unreadMessageCount: unread,
    lastMessage: incoming(`${id}-m`, timestamp, timestamp, { conversationID: id, senderUserID: id, message: text, ...over }),
  })
}

beforeEach(() => {
  ({ uni, pinia } = freshPage({ userID: 'alice', userName: 'Alice' }))
})

afterEach(() => closePage(wrapper))

describe('conversations page: the list', () => {
  it('renders one item per conversation, newest first, with its ID and preview', async () => {
    const conversations = useConversationsStore()
    conversations.upsertMany([
      withLast('bob', 'hi from bob', 1000),
      withLast('carol', 'latest from carol', 3000),
      withLast('dave', 'middle', 2000),
    ])
    mountPage()
    await flushPromises()
    expect(items().map(i => i.attributes('data-conversation-id'))).toEqual(['carol', 'dave', 'bob'])
    expect(items().map(i => i.find('.preview').text())).toEqual(['latest from carol', 'middle', 'hi from bob'])
    expect(items()[0].find('.name').text()).toBe('carol')
  })

  it('re-renders when the store changes: a new message moves its conversation to the top', async () => {
    const conversations = useConversationsStore()
    conversations.upsertMany([withLast('bob', 'old', 1000), withLast('carol', 'newer', 2000)])
    mountPage()
    await flushPromises()
    conversations.upsertMany([withLast('bob', 'newest', 5000, 1)])
    await flushPromises()
    expect(items().map(i => i.attributes('data-conversation-id'))).toEqual(['bob', 'carol'])
    expect(items()[0].find('.preview').text()).toBe('newest')
  })

  it('shows the unread badge only above zero, capped at 99+', async () => {
    useConversationsStore().upsertMany([
      withLast('none', 'a', 4000, 0),
      withLast('one', 'b', 3000, 1),
      withLast('ninetynine', 'c', 2000, 99),
      withLast('hundred', 'd', 1500, 100),
      withLast('many', 'e', 1000, 150),
    ])
    mountPage()
    await flushPromises()
    const badge = (id: string) => wrapper.find(`[data-conversation-id="${id}"] [data-testid="conversation-unread"]`)
    expect(badge('none').exists()).toBe(false)
    expect(badge('one').text()).toBe('1')
    expect(badge('ninetynine').text()).toBe('99')
    expect(badge('hundred').text()).toBe('99+')
    expect(badge('many').text()).toBe('99+')
  })

  it('marks a failed last message in the preview', async () => {
    useConversationsStore().upsertMany([
      withLast('bob', 'did not go', 1000, 0, { sentStatus: MessageSentStatus.Failed }),
    ])
    mountPage()
    await flushPromises()
    expect(items()[0].find('.preview').text()).toBe('[Not sent] did not go')
  })

  it('shows the empty state without conversations', async () => {
    mountPage()
    await flushPromises()
    expect(items()).toHaveLength(0)
    expect(wrapper.find('.empty').exists()).toBe(true)
  })

  it('tapping a conversation opens its chat', async () => {
    useConversationsStore().upsertMany([withLast('bob', 'hi', 1000)])
    mountPage()
    await items()[0].trigger('click')
    expect(uni.navigateTo).toHaveBeenCalledWith({ url: '/chat/index?id=bob&type=0' })
  })

  it('onShow catches up while signed in', async () => {
    mountPage()
    await runHook('onShow')
    expect(fakeZim.conversations.refresh).toHaveBeenCalledTimes(1)
    expect(uni.reLaunch).not.toHaveBeenCalled()
  })

  it('onShow without a user goes back to login instead', async () => {
    fakeState.user.value = null
    mountPage()
    await runHook('onShow')
    expect(fakeZim.conversations.refresh).not.toHaveBeenCalled()
    expect(uni.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })
})

describe('conversations page: new chat', () => {
  it.each([
    ['an ID with a space', 'bo b', /can only use digits, letters/],
    ['a 33-byte ID', 'b'.repeat(33), /at most 32 bytes/],
    ['an empty ID', '   ', /^Enter a user ID\.$/],
  ])('%s shows the problem and does not navigate', async (_what, id, problem) => {
    mountPage()
    await byTestId('new-chat-input').setValue(id)
    await byTestId('new-chat-submit').trigger('click')
    expect(wrapper.find('.problem').text()).toMatch(problem)
    expect(uni.navigateTo).not.toHaveBeenCalled()
  })

  it('a valid ID opens the chat (trimmed, URL-encoded) and clears the input and the problem', async () => {
    mountPage()
    await byTestId('new-chat-input').setValue('bo b')
    await byTestId('new-chat-submit').trigger('click')
    expect(wrapper.find('.problem').exists()).toBe(true)
    await byTestId('new-chat-input').setValue('  user#1  ')
    await byTestId('new-chat-submit').trigger('click')
    expect(uni.navigateTo).toHaveBeenCalledTimes(1)
    expect(uni.navigateTo).toHaveBeenCalledWith({ url: '/chat/index?id=user%231&type=0' })
    expect(wrapper.find('.problem').exists()).toBe(false)
    expect((byTestId('new-chat-input').element as HTMLInputElement).value).toBe('')
  })

  it('confirm on the keyboard starts the chat too', async () => {
    mountPage()
    await byTestId('new-chat-input').setValue('bob')
    await byTestId('new-chat-input').trigger('confirm')
    expect(uni.navigateTo).toHaveBeenCalledWith({ url: '/chat/index?id=bob&type=0' })
  })
})

describe('conversations page: logout and connection state', () => {
  it('logout calls zim.logout and returns to login', async () => {
    mountPage()
    await byTestId('logout').trigger('click')
    expect(fakeZim.session.logout).toHaveBeenCalledTimes(1)
    expect(uni.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it('shows who is signed in', () => {
    mountPage()
    expect(wrapper.find('.me').text()).toContain('Alice')
    expect(wrapper.find('.me-id').text()).toBe('(alice)')
  })

  it.each([
    ['connecting', 'connection.signingIn', 'Signing in…', undefined],
    ['reconnecting', 'connection.lostReconnecting', 'Connection lost, reconnecting…', undefined],
    ['reconnecting', 'connection.sessionExpired', 'Session expired, signing in again…', undefined],
    ['disconnected', 'connection.lost', 'Connection lost.', 'Retry now'],
    ['disconnected', 'connection.offline', 'You are offline. Messages will be sent when the connection is back.', 'Retry now'],
    ['kickedOut', 'connection.kickedOut', 'Signed out because this account signed in on another device.', 'Sign in here'],
  ] as const)('shows the connection banner when %s (%s)', async (status, reason: ConnectionReason, text, action) => {
    mountPage()
    fakeState.connection.value = { phase: status, reason, error: null }
    await flushPromises()
    const banner = byTestId('connection-banner')
    expect(banner.exists()).toBe(true)
    expect(banner.attributes('data-state')).toBe(status)
    expect(banner.find('.banner-text').text()).toBe(text)
    const button = banner.find('button')
    expect(button.exists() ? button.text() : undefined).toBe(action)
  })

  it('shows why a sign-in was refused rather than the phase\'s reason', async () => {
    mountPage()
    fakeState.connection.value = { phase: 'disconnected', reason: 'connection.lost', error: { rule: 'zim.6000103', code: 6000103, message: 'zim.6000103', params: { detail: 'bad' } } }
    await flushPromises()
    expect(byTestId('connection-banner').find('.banner-text').text()).toBe('The sign-in token was rejected.')
  })

  it('hides the banner once connected', async () => {
    mountPage()
    fakeState.connection.value = { phase: 'reconnecting', reason: 'connection.lostReconnecting', error: null }
    await flushPromises()
    expect(byTestId('connection-banner').exists()).toBe(true)
    fakeState.connection.value = { phase: 'connected', reason: 'connection.connected', error: null }
    await flushPromises()
    expect(byTestId('connection-banner').exists()).toBe(false)
  })

  it('the kicked-out banner signs in again only when tapped', async () => {
    mountPage()
    fakeState.connection.value = { phase: 'kickedOut', reason: 'connection.kickedOut', error: null }
    await flushPromises()
    expect(fakeZim.session.signInAgain).not.toHaveBeenCalled()
    await byTestId('connection-banner').find('button').trigger('click')
    expect(fakeZim.session.signInAgain).toHaveBeenCalledTimes(1)
    expect(fakeZim.session.login).not.toHaveBeenCalled()
  })
})
