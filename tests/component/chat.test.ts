// The chat page with its real stores and a scripted useZim.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ChatPage from '@/chat/index.vue'
import { ZimActionError } from '@/composables/zim/actionError'
import { useMessagesStore } from '@/stores/messages'
import { ConversationType } from '@/zim/constants'
import { runHook, type UniStub } from '../helpers/uniStub'
import { attached, incoming, sent } from '../unit/stores/factories'
import { fakeState, fakeZim } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

const PEER = ConversationType.Peer

let uni: UniStub
let pinia: Pinia
let wrapper: VueWrapper

const byTestId = (id: string) => wrapper.find(`[data-testid="${id}"]`)
const items = () => wrapper.findAll('[data-testid="message-item"]')
const input = () => byTestId('message-input').element as HTMLInputElement

/** Mounts the page and runs onLoad for a chat with bob, as uni does on navigation. */
async function openChat(query: Record<string, string> = { id: 'bob', type: '0' }) {
  wrapper = mount(ChatPage, { global: { plugins: [pinia] } })
  await runHook('onLoad', query)
  await flushPromises()
  return wrapper
}

/** `count` received messages from bob, one second apart. */
function history(count: number) {
  return Array.from({ length: count }, (_, i) => incoming(`M${i + 1}`, 1_000_000 + i * 1000, i + 1, { message: `message ${i + 1}` }))
}

beforeEach(() => {
  ({ uni, pinia } = freshPage({ userID: 'me', userName: 'Me' }))
})

afterEach(() => closePage(wrapper))

describe('chat page: opening', () => {
  it('onLoad opens the conversation from the query and titles the page', async () => {
    await openChat({ id: 'bob', type: '0' })
    expect(fakeZim.chat.open).toHaveBeenCalledTimes(1)
    expect(fakeZim.chat.open).toHaveBeenCalledWith('bob', PEER)
    expect(uni.setNavigationBarTitle).toHaveBeenCalledWith({ title: 'bob' })
  })

  it('decodes an encoded ID and reads the type as a number', async () => {
    await openChat({ id: 'user%231', type: '2' })
    expect(fakeZim.chat.open).toHaveBeenCalledWith('user#1', 2)
  })

  it('without a signed-in user it goes to login and opens nothing', async () => {
    fakeState.user.value = null
    await openChat()
    expect(fakeZim.chat.open).not.toHaveBeenCalled()
    expect(uni.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it('without an ID it goes back to the conversation list', async () => {
    await openChat({ type: '0' })
    expect(fakeZim.chat.open).not.toHaveBeenCalled()
    expect(uni.reLaunch).toHaveBeenCalledWith({ url: '/pages/conversations/index' })
  })

  it('onUnload closes the conversation', async () => {
    await openChat()
    await runHook('onUnload')
    expect(fakeZim.chat.close).toHaveBeenCalledWith('bob')
  })
})

describe('chat page: connection banner', () => {
  it('offline: the banner\'s retry asks useZim to sign in again', async () => {
    await openChat()
    expect(byTestId('connection-banner').exists()).toBe(false)
    fakeState.connection.value = { phase: 'disconnected', reason: 'connection.lost', error: null }
    await flushPromises()
    const banner = byTestId('connection-banner')
    expect(banner.attributes('data-state')).toBe('disconnected')
    await banner.find('button').trigger('click')
    expect(fakeZim.session.signInAgain).toHaveBeenCalledTimes(1)
  })
})

describe('chat page: the message list', () => {
  it('renders the store\'s messages in order with their status and direction', async () => {
    const messages = useMessagesStore()
    messages.receive([incoming('M1', 1000, 1, { message: 'hello me' })])
    messages.confirmSent(sent('L1', 'M2', 2000, 2, { message: 'hello bob' }))
    messages.attach(attached('L2', 3000, { message: 'on its way' }))
    // Another conversation's message must not show here.
    messages.receive([incoming('X1', 1500, 1, { conversationID: 'carol', senderUserID: 'carol', message: 'not here' })])
    await openChat()
    expect(items().map(i => [i.attributes('data-direction'), i.attributes('data-status'), i.find('.text').text()])).toEqual([
      ['in', 'sent', 'hello me'],
      ['out', 'sent', 'hello bob'],
      ['out', 'sending', 'on its way'],
    ])
    expect(items()[0].find('.sender').text()).toBe('bob')
    // One's own rows show no name; a screen reader still hears who wrote them.
    expect(items()[1].find('.sender').exists()).toBe(false)
    expect(items()[1].find('.sr-only').text()).toMatch(/^You, /)
  })

  it('shows a message that arrives while the page is open', async () => {
    await openChat()
    expect(items()).toHaveLength(0)
    useMessagesStore().receive([incoming('M9', 9000, 9, { message: 'just now' })])
    await flushPromises()
    expect(items()).toHaveLength(1)
    expect(items()[0].find('.text').text()).toBe('just now')
  })

  it('updates a sending message in place when it is confirmed', async () => {
    const messages = useMessagesStore()
    messages.attach(attached('L1', 1000, { message: 'hi' }))
    await openChat()
    const id = items()[0].attributes('id')
    expect(items()[0].attributes('data-status')).toBe('sending')
    messages.confirmSent(sent('L1', 'M1', 1000, 1, { message: 'hi' }))
    await flushPromises()
    expect(items()).toHaveLength(1)
    expect(items()[0].attributes('data-status')).toBe('sent')
    expect(items()[0].attributes('id')).toBe(id)
  })
})

describe('chat page: sending', () => {
  it('an empty or blank message shows an error and is not sent', async () => {
    await openChat()
    await byTestId('message-send').trigger('click')
    expect(byTestId('message-error').text()).toBe('A message cannot be empty.')
    await byTestId('message-input').setValue('   ')
    await byTestId('message-send').trigger('click')
    expect(byTestId('message-error').text()).toBe('A message cannot be empty.')
    expect(fakeZim.chat.sendText).not.toHaveBeenCalled()
    expect(input().value).toBe('   ')
  })

  it('send passes the text to sendText and clears the input', async () => {
    await openChat()
    await byTestId('message-input').setValue('hello bob')
    await byTestId('message-send').trigger('click')
    await flushPromises()
    expect(fakeZim.chat.sendText).toHaveBeenCalledTimes(1)
    expect(fakeZim.chat.sendText).toHaveBeenCalledWith('bob', 'hello bob', PEER)
    expect(input().value).toBe('')
    expect(byTestId('message-error').exists()).toBe(false)
  })

  it('confirm on the keyboard sends too, and a fixed message clears an earlier error', async () => {
    await openChat()
    await byTestId('message-send').trigger('click')
    expect(byTestId('message-error').exists()).toBe(true)
    await byTestId('message-input').setValue('typed')
    await byTestId('message-input').trigger('confirm')
    await flushPromises()
    expect(fakeZim.chat.sendText).toHaveBeenCalledWith('bob', 'typed', 0)
    expect(byTestId('message-error').exists()).toBe(false)
  })

  it('a rejected send shows why', async () => {
    fakeZim.chat.sendText.mockRejectedValue(new ZimActionError('zim.6000121', 'zim.6000121', 6000121, { detail: 'not logged in' }))
    await openChat()
    await byTestId('message-input').setValue('hello')
    await byTestId('message-send').trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="alert"] [data-testid="message-error"]').text()).toBe('You are not signed in.')
    expect(byTestId('message-error-details').text()).toBe('Error code 6000121')
  })
})

describe('chat page: failed messages', () => {
  function failedEntry(text: string) {
    const messages = useMessagesStore()
    const message = attached('L7', 5000, { message: text })
    messages.attach(message)
    messages.markFailed(message, { code: 6000104, message: 'zim.6000104' })
  }

  it('a failed message keeps its text and shows the reason and a resend button', async () => {
    failedEntry('please arrive')
    await openChat()
    const item = items()[0]
    expect(item.attributes('data-status')).toBe('failed')
    expect(item.find('.text').text()).toBe('please arrive')
    expect(item.find('[data-testid="message-error"]').text()).toBe('The network is unavailable.')
    expect(item.find('[data-testid="message-error-details"]').text()).toBe('Error code 6000104')
    expect(item.find('[data-testid="message-resend"]').exists()).toBe(true)
  })

  it('resend calls zim.resend with the conversation, type and local ID', async () => {
    failedEntry('please arrive')
    await openChat()
    await items()[0].find('[data-testid="message-resend"]').trigger('click')
    await flushPromises()
    expect(fakeZim.chat.resend).toHaveBeenCalledTimes(1)
    expect(fakeZim.chat.resend).toHaveBeenCalledWith('bob', PEER, 'L7')
  })

  it('a refused resend shows why', async () => {
    failedEntry('please arrive')
    fakeZim.chat.resend.mockRejectedValue(new ZimActionError('resend.unknown', 'resend.unknown'))
    await openChat()
    await items()[0].find('[data-testid="message-resend"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toBe('That message is no longer waiting to be sent again.')
  })

  it('sent and sending messages have no resend button', async () => {
    const messages = useMessagesStore()
    messages.confirmSent(sent('L1', 'M1', 1000, 1))
    messages.attach(attached('L2', 2000))
    await openChat()
    expect(items()).toHaveLength(2)
    expect(byTestId('message-resend').exists()).toBe(false)
  })
})

describe('chat page: windowing', () => {
  it('renders only the newest 40 of 500 messages', async () => {
    useMessagesStore().receive(history(500))
    await openChat()
    expect(items()).toHaveLength(40)
    expect(items()[0].find('.text').text()).toBe('message 461')
    expect(items()[39].find('.text').text()).toBe('message 500')
  })

  it('keeps following the newest messages while at the bottom', async () => {
    const messages = useMessagesStore()
    messages.receive(history(500))
    await openChat()
    messages.receive([incoming('M501', 1_000_000 + 500 * 1000, 501, { message: 'message 501' })])
    await flushPromises()
    expect(items()).toHaveLength(40)
    expect(items()[39].find('.text').text()).toBe('message 501')
  })

  it('"Earlier messages" shows more of what is loaded before asking the server', async () => {
    useMessagesStore().receive(history(500))
    await openChat()
    await byTestId('message-load-older').trigger('click')
    await flushPromises()
    // The window moves up by 20 and stays at 60 rows: the newest ones leave the DOM.
    expect(items()).toHaveLength(60)
    expect(items()[0].find('.text').text()).toBe('message 441')
    expect(fakeZim.chat.loadOlder).not.toHaveBeenCalled()
  })

  it('asks the server for older history once everything loaded is shown', async () => {
    const messages = useMessagesStore()
    messages.receive(history(5))
    fakeZim.chat.loadOlder.mockImplementation(async () => {
      messages.receive([incoming('M0', 999_000, 0.5, { message: 'older one' })])
      return false
    })
    fakeZim.chat.open.mockResolvedValue(true)
    await openChat()
    expect(items()).toHaveLength(5)
    await byTestId('message-load-older').trigger('click')
    await flushPromises()
    expect(fakeZim.chat.loadOlder).toHaveBeenCalledWith('bob', 0)
    expect(items()).toHaveLength(6)
    expect(items()[0].find('.text').text()).toBe('older one')
    // No more history on the server: the link goes away.
    expect(byTestId('message-load-older').exists()).toBe(false)
  })

  it('a scroll away from the bottom holds the view while new messages arrive', async () => {
    const messages = useMessagesStore()
    messages.receive(history(100))
    await openChat()
    const first = items()[0].find('.text').text()
    // Far from the bottom of a 600 px viewport.
    await byTestId('message-list').trigger('scroll', { detail: { scrollTop: 0, scrollHeight: 5000 } })
    messages.receive([incoming('M101', 2_000_000, 101, { message: 'message 101' })])
    await flushPromises()
    expect(items()[0].find('.text').text()).toBe(first)
    expect(items()).toHaveLength(41)
  })
})
