// Every page in both languages, in the states that show the most text (errors, failed and
// media messages, the connection banner): no raw key, no unfilled {parameter}, no key
// missing in the language shown; the language switch changes the page at once and is remembered.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import en from '@/locale/en.json'
import { i18n, LOCALE_STORAGE_KEY, LOCALES, type AppLocale } from '@/locale'
import ChatPage from '@/chat/index.vue'
import ConversationsPage from '@/pages/conversations/index.vue'
import LoginPage from '@/pages/login/index.vue'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { MessageSentStatus, MessageType } from '@/zim/constants'
import { runHook, type UniStub } from '../helpers/uniStub'
import { attached, conversation, incoming } from '../unit/stores/factories'
import { fakeState } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

const KEYS = Object.keys(en)
let uni: UniStub
let pinia: Pinia
let wrapper: VueWrapper | undefined
let missing: string[] = []

beforeEach(() => {
  ({ uni, pinia } = freshPage({ userID: 'alice', userName: 'Alice' }))
  missing = []
  i18n.global.setMissingHandler((locale, key) => void missing.push(`${locale}: ${key}`))
})

afterEach(() => {
  i18n.global.setMissingHandler(null)
  closePage(wrapper)
  wrapper = undefined
})

/** What a reader sees: the text and the placeholders. */
function visible(w: VueWrapper): string {
  const placeholders = w.findAll('[placeholder]').map(e => e.attributes('placeholder'))
  const labels = w.findAll('[aria-label]').map(e => e.attributes('aria-label'))
  return [w.text(), ...placeholders, ...labels].join('\n')
}

function expectWords(text: string, locale: AppLocale): void {
  expect(missing).toEqual([])
  for (const key of KEYS)
    expect(text, `raw key ${key}`).not.toContain(key)
  expect(text).not.toMatch(/\{\w+\}/)
  // Each language shows its own script: Chinese characters in zh-Hans, none in en.
  expect(/[\u4E00-\u9FFF]/.test(text.replace(/中文/g, ''))).toBe(locale === 'zh-Hans')
}

async function loginPage() {
  fakeState.user.value = null
  wrapper = mount(LoginPage, { global: { plugins: [pinia] } })
  await wrapper.find('[data-testid="login-user-id"]').setValue('x'.repeat(33))
  await wrapper.find('[data-testid="login-submit"]').trigger('click')
  fakeState.error.value = { message: 'zim.6000103', rule: 'zim.6000103', code: 6000103 }
  await flushPromises()
  return wrapper
}

async function conversationsPage() {
  useConversationsStore().upsertMany([
    conversation('bob', { conversationName: '', orderKey: 2, unreadMessageCount: 1, lastMessage: incoming('b1', 2000, 2, { conversationID: 'bob', type: MessageType.Image, message: undefined }) }),
    conversation('carol', { conversationName: '', orderKey: 1, lastMessage: incoming('c1', 1000, 1, { conversationID: 'carol', senderUserID: 'alice', message: 'lost', sentStatus: MessageSentStatus.Failed }) }),
  ])
  fakeState.connection.value = { phase: 'disconnected', reason: 'connection.lost', error: null }
  wrapper = mount(ConversationsPage, { global: { plugins: [pinia] } })
  await wrapper.find('[data-testid="new-chat-input"]').setValue('a b')
  await wrapper.find('[data-testid="new-chat-submit"]').trigger('click')
  await flushPromises()
  return wrapper
}

async function chatPage() {
  const messages = useMessagesStore()
  messages.receive([incoming('M1', 1000, 1, { type: MessageType.Audio, message: undefined })])
  const failed = attached('L2', 2000, { message: 'did not go' })
  messages.attach(failed)
  messages.markFailed(failed, { code: 6000104, message: 'zim.6000104' })
  messages.attach(attached('L3', 3000, { message: 'on its way' }))
  fakeState.connection.value = { phase: 'kickedOut', reason: 'connection.kickedOut', error: null }
  wrapper = mount(ChatPage, { global: { plugins: [pinia] } })
  await runHook('onLoad', { id: 'bob', type: '0' })
  await wrapper.find('[data-testid="message-send"]').trigger('click') // empty: the rule's sentence
  await flushPromises()
  return wrapper
}

describe.each(LOCALES)('in %s', (locale) => {
  beforeEach(() => {
    i18n.global.locale.value = locale
  })

  it('the login page shows words, with the code on its own line', async () => {
    const w = await loginPage()
    expectWords(visible(w), locale)
    expect(w.find('[data-testid="login-user-id-error"]').text()).toMatch(/32/)
    expect(w.find('[data-testid="login-error-details"]').text()).toMatch(/6000103/)
    expect(w.find('[data-testid="login-error"]').text()).not.toMatch(/6000103/)
  })

  it('the conversations page shows words', async () => {
    expectWords(visible(await conversationsPage()), locale)
  })

  it('the chat page shows words', async () => {
    const w = await chatPage()
    expectWords(visible(w), locale)
    expect(w.text()).not.toContain('6000104:')
  })

  it('sets the page title in the language shown', async () => {
    await conversationsPage()
    await runHook('onShow')
    // The fixture's conversation has one unread message: the title carries the total (issue 12).
    expect(uni.setNavigationBarTitle).toHaveBeenLastCalledWith({ title: locale === 'en' ? 'Chats (1)' : '会话（1）' })
  })
})

describe('the language switch', () => {
  it('switches the page at once and remembers the choice', async () => {
    i18n.global.locale.value = 'en'
    const w = await loginPage()
    expect(w.find('[data-testid="login-submit"]').text()).toBe('Sign in')
    await w.find('[data-testid="locale-switch"]').trigger('click')
    await flushPromises()
    expect(i18n.global.locale.value).toBe('zh-Hans')
    expect(w.find('[data-testid="login-submit"]').text()).toBe('登录')
    expect(w.find('[data-testid="login-user-id-error"]').text()).toBe('用户 ID 最多 32 个字节。')
    expect(uni.storage.get(LOCALE_STORAGE_KEY)).toBe('zh-Hans')
    expect(uni.setNavigationBarTitle).toHaveBeenLastCalledWith({ title: '登录' })
    await w.find('[data-testid="locale-switch"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="login-submit"]').text()).toBe('Sign in')
    expect(uni.storage.get(LOCALE_STORAGE_KEY)).toBe('en')
  })
})
