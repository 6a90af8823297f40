// The composer in the chat page: what was typed is what is sent, at any speed; focus stays;
// lines and emoji; disabled while kicked out.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ChatPage from '@/chat/index.vue'
import { useMessagesStore } from '@/stores/messages'
import { ConversationType } from '@/zim/constants'
import { runHook } from '../helpers/uniStub'
import { incoming } from '../unit/stores/factories'
import { fakeState, fakeZim } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

let pinia: Pinia
let wrapper: VueWrapper

const byTestId = (id: string) => wrapper.find(`[data-testid="${id}"]`)
const field = () => byTestId('message-input').element as HTMLTextAreaElement
const sentTexts = () => fakeZim.chat.sendText.mock.calls.map(call => call[1])

async function openChat() {
  wrapper = mount(ChatPage, { global: { plugins: [pinia] }, attachTo: document.body })
  await runHook('onLoad', { id: 'bob', type: '0' })
  await flushPromises()
}

/**
 * Types key by key, each key an input event as a browser fires it, with no pause for the page
 * to render in between (faster than the 30 ms per key of the e2e test, which runs uni-h5's
 * real, throttled field).
 */
function typeAt(text: string) {
  const el = field()
  for (const ch of text) {
    el.value += ch
    el.dispatchEvent(new Event('input'))
  }
}

async function pressEnter(options: KeyboardEventInit = {}) {
  await byTestId('message-input').trigger('keydown', { key: 'Enter', ...options })
  await flushPromises()
}

beforeEach(() => {
  ({ pinia } = freshPage({ userID: 'me', userName: 'Me' }))
})

afterEach(() => closePage(wrapper))

describe('composer: what is typed is what is sent', () => {
  it('20 messages typed key by key, each sent with Enter: all whole, once, in order', async () => {
    await openChat()
    const texts = Array.from({ length: 20 }, (_, i) => `quick brown fox ${i + 1} jumps`)
    for (const text of texts) {
      typeAt(text)
      await pressEnter()
      expect(field().value).toBe('')
    }
    expect(sentTexts()).toEqual(texts)
    expect(fakeZim.chat.sendText.mock.calls.every(call => call[0] === 'bob' && call[2] === ConversationType.Peer)).toBe(true)
  })

  it('sends what is in the field even when no input event reported the last keys (uni-h5 throttles them)', async () => {
    await openChat()
    typeAt('quick brown fo')
    field().value += 'x'
    await byTestId('message-send').trigger('click')
    await flushPromises()
    expect(sentTexts()).toEqual(['quick brown fox'])
  })

  it('keeps the focus in the field after a send (the phone keyboard stays up)', async () => {
    await openChat()
    field().focus()
    typeAt('hello')
    await byTestId('message-send').trigger('click')
    await flushPromises()
    expect(document.activeElement).toBe(field())
    typeAt('again')
    await pressEnter()
    expect(document.activeElement).toBe(field())
    expect(sentTexts()).toEqual(['hello', 'again'])
  })
})

describe('composer: lines', () => {
  it('Shift+Enter breaks the line, Enter sends the message with its line breaks', async () => {
    await openChat()
    typeAt('first line')
    await pressEnter({ shiftKey: true })
    expect(fakeZim.chat.sendText).not.toHaveBeenCalled()
    // The browser inserts the line break a Shift+Enter was not prevented for.
    typeAt('\nsecond line')
    await pressEnter()
    expect(sentTexts()).toEqual(['first line\nsecond line'])
  })

  it('Enter while an input method is composing does not send', async () => {
    await openChat()
    typeAt('ni')
    await pressEnter({ isComposing: true })
    expect(fakeZim.chat.sendText).not.toHaveBeenCalled()
  })

  it('is a multi-line field that grows with its text', () => {
    return openChat().then(() => {
      expect(field().tagName).toBe('TEXTAREA')
      expect(byTestId('message-input').attributes('auto-height')).toBe('true')
    })
  })
})

describe('composer: emoji', () => {
  it('the panel inserts an emoji at the cursor, replacing a selection', async () => {
    await openChat()
    expect(byTestId('emoji-item').exists()).toBe(false)
    await byTestId('emoji-button').trigger('click')
    expect(byTestId('emoji-button').attributes('aria-expanded')).toBe('true')
    const items = wrapper.findAll('[data-testid="emoji-item"]')
    expect(items.length).toBeGreaterThan(10)
    typeAt('I you')
    field().setSelectionRange(2, 2)
    await items[0].trigger('click')
    const emoji = items[0].text()
    expect(field().value).toBe(`I ${emoji}you`)
    expect(field().selectionStart).toBe(2 + emoji.length)
    field().setSelectionRange(0, 1)
    await items[1].trigger('click')
    expect(field().value).toBe(`${items[1].text()} ${emoji}you`)
    await pressEnter()
    expect(sentTexts()).toEqual([`${items[1].text()} ${emoji}you`])
  })
})

describe('composer: accessibility', () => {
  it('the field has a name and a refused message is tied to it', async () => {
    await openChat()
    expect(field().getAttribute('aria-label')).toBe('Message')
    expect(field().hasAttribute('aria-describedby')).toBe(false)
    await pressEnter()
    const error = wrapper.find('[role="alert"]')
    expect(error.text()).toBe('A message cannot be empty.')
    expect(field().getAttribute('aria-describedby')).toBe(error.attributes('id'))
    expect(field().getAttribute('aria-invalid')).toBe('true')
  })

  it('the buttons are in the Tab order with a name', async () => {
    await openChat()
    for (const id of ['emoji-button', 'message-send']) {
      expect(byTestId(id).attributes('tabindex')).toBe('0')
      expect(byTestId(id).attributes('role')).toBe('button')
    }
    expect(byTestId('emoji-button').attributes('aria-label')).toBe('Emoji')
  })
})

describe('composer: kicked out', () => {
  it('is disabled with the reason shown, and sends nothing', async () => {
    await openChat()
    fakeState.connection.value = { phase: 'kickedOut', reason: 'connection.kickedOut', error: null }
    await flushPromises()
    expect(byTestId('message-input').attributes('disabled')).toBeDefined()
    expect(byTestId('message-send').attributes('aria-disabled')).toBe('true')
    const reason = byTestId('composer-disabled-reason')
    expect(reason.text()).toContain('signed in on another device')
    expect(field().getAttribute('aria-describedby')).toContain(reason.attributes('id'))
    typeAt('hello')
    await pressEnter()
    await byTestId('message-send').trigger('click')
    expect(fakeZim.chat.sendText).not.toHaveBeenCalled()
    fakeState.connection.value = { phase: 'connected', reason: 'connection.connected', error: null }
    await flushPromises()
    expect(byTestId('composer-disabled-reason').exists()).toBe(false)
    await pressEnter()
    expect(sentTexts()).toEqual(['hello'])
  })
})

describe('chat page: new messages are announced', () => {
  it('a message that arrives while the chat is open goes to a polite live region; the history does not', async () => {
    useMessagesStore().receive([incoming('M1', 1000, 1, { message: 'old news' })])
    await openChat()
    const region = byTestId('chat-announcer')
    expect(region.attributes('aria-live')).toBe('polite')
    expect(region.text()).toBe('')
    useMessagesStore().receive([incoming('M2', 2000, 2, { message: 'fresh' })])
    await flushPromises()
    expect(region.text()).toBe('New message from bob. fresh')
  })
})
