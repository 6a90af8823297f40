// The chat's message list (src/chat/components/MessageList.vue) with real stores: time
// separators, sender runs, avatars, names from queryUsersInfo, the empty state, "Earlier
// messages" only while there is more, and the new-messages pill.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import MessageList from '@/chat/components/MessageList.vue'
import { USER_QUERY_LIMIT } from '@/composables/useUserInfo'
import { useMessagesStore } from '@/stores/messages'
import { ConversationType, MessageType } from '@/zim/constants'
import { attached, incoming, sent } from '../unit/stores/factories'
import { fakeClient, fakeEngine, fakeUsers, fakeZim } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

const PEER = ConversationType.Peer
const MIN = 60_000
const T0 = new Date().setHours(9, 0, 0, 0)

let pinia: Pinia
let wrapper: VueWrapper

const all = (id: string) => wrapper.findAll(`[data-testid="${id}"]`)
const byTestId = (id: string) => wrapper.find(`[data-testid="${id}"]`)

async function mountList(more: boolean | null = false) {
  const messages = useMessagesStore()
  wrapper = mount(MessageList, {
    global: { plugins: [pinia] },
    props: { conversationID: 'bob', conversationType: PEER, messages: messages.listFor('bob', PEER), more },
  })
  // The page hands the store's list down; keep it current as the page does.
  messages.$subscribe(() => void wrapper.setProps({ messages: messages.listFor('bob', PEER) }))
  await flushPromises()
  return wrapper
}

/** The list as a reader sees it: separators as "--", and each row with its name if shown. */
function outline(): string[] {
  return wrapper.findAll('[data-testid="time-separator"], [data-testid="message-item"]').map((el) => {
    if (el.attributes('data-testid') === 'time-separator') return `-- ${el.text()}`
    const name = el.find('.sender')
    const avatar = el.find('[data-testid="message-avatar"]').exists() ? '@' : ' '
    return `${avatar}${name.exists() ? `${name.text()}: ` : ''}${el.find('.text').text()}`
  })
}

beforeEach(() => {
  ({ pinia } = freshPage({ userID: 'me', userName: 'Me' }))
})

afterEach(() => closePage(wrapper))

describe('message list: separators and grouping', () => {
  it('a separator for a gap of 5 minutes or more; one name and avatar per run of a sender', async () => {
    fakeUsers.set('bob', 'Bob Stone')
    useMessagesStore().receive([
      incoming('M1', T0, 1, { message: 'hi' }),
      incoming('M2', T0 + MIN, 2, { message: 'are you there?' }),
    ])
    useMessagesStore().confirmSent(sent('L3', 'M3', T0 + 2 * MIN, 3, { message: 'yes' }))
    useMessagesStore().confirmSent(sent('L4', 'M4', T0 + 2 * MIN + 5000, 4, { message: 'just back' }))
    useMessagesStore().receive([
      incoming('M5', T0 + 7 * MIN + 5000, 5, { message: 'lunch?' }),
      incoming('M6', T0 + 11 * MIN, 6, { message: 'at noon' }),
    ])
    await mountList()
    await flushPromises()
    expect(outline()).toEqual([
      '-- 09:00',
      '@Bob Stone: hi',
      ' are you there?',
      '@yes',
      ' just back',
      '-- 09:07',
      '@Bob Stone: lunch?',
      ' at noon',
    ])
  })

  it('separators are words: "Yesterday 09:12" and dates, in both languages', async () => {
    const yesterday = new Date(T0)
    yesterday.setDate(yesterday.getDate() - 1)
    yesterday.setHours(9, 12)
    const older = new Date(2020, 2, 4, 8, 5).getTime()
    useMessagesStore().receive([incoming('M1', older, 1), incoming('M2', yesterday.getTime(), 2)])
    await mountList()
    expect(all('time-separator').map(s => s.text())).toEqual(['2020/3/4 08:05', 'Yesterday 09:12'])
    const { i18n } = await import('@/locale')
    i18n.global.locale.value = 'zh-Hans'
    await flushPromises()
    expect(all('time-separator').map(s => s.text())).toEqual(['2020年3月4日 08:05', '昨天 09:12'])
  })

  it('initials on a tone when there is no avatar URL; every row says sender and time to a screen reader', async () => {
    fakeUsers.set('bob', 'Bob Stone')
    useMessagesStore().receive([incoming('M1', T0, 1, { message: 'hi' }), incoming('M2', T0 + 1000, 2, { message: 'again' })])
    await mountList()
    await flushPromises()
    const avatar = byTestId('message-avatar')
    expect(avatar.text()).toBe('BS')
    expect(avatar.classes().some(c => /^tone-[1-6]$/.test(c))).toBe(true)
    expect(all('message-item').map(r => r.find('.sr-only').text())).toEqual(['Bob Stone, 09:00.', 'Bob Stone, 09:00.'])
  })

  it('data-type names the kind of each row', async () => {
    useMessagesStore().receive([
      incoming('M1', T0, 1),
      incoming('M2', T0 + 1, 2, { type: MessageType.Image }),
      incoming('M3', T0 + 2, 3, { type: MessageType.Revoke }),
    ])
    await mountList()
    expect(all('message-item').map(r => r.attributes('data-type'))).toEqual(['text', 'image', 'revoked'])
  })
})

describe('message list: names', () => {
  it('asks queryUsersInfo once per user, in batches of at most 10, and shows the names it gets', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `u${i}`)
    for (const id of ids) fakeUsers.set(id, `User ${id}`)
    useMessagesStore().receive(ids.map((id, i) => incoming(`M${i}`, T0 + i * 1000, i + 1, { senderUserID: id })))
    await mountList()
    await flushPromises()
    // The rate limit is 10 users per 10 s: the 11th and 12th wait for the next window.
    expect(fakeClient.queryUsersInfo).toHaveBeenCalledTimes(1)
    expect(fakeClient.queryUsersInfo.mock.calls[0][0]).toEqual(ids.slice(0, USER_QUERY_LIMIT.users))
    expect(wrapper.findAll('.sender').map(s => s.text()).slice(0, 2)).toEqual(['User u0', 'User u1'])
    expect(wrapper.findAll('.sender').map(s => s.text()).slice(10)).toEqual(['u10', 'u11'])
  })
})

describe('message list: states', () => {
  it('an empty chat says so and offers no "Earlier messages"', async () => {
    await mountList(false)
    expect(byTestId('message-empty').text()).toBe('No messages yet. Say hello!')
    expect(byTestId('message-load-older').exists()).toBe(false)
  })

  it('"Earlier messages" only while there is more: hidden when the server said there is not', async () => {
    useMessagesStore().receive([incoming('M1', T0, 1)])
    await mountList(true)
    expect(byTestId('message-load-older').exists()).toBe(true)
    expect(byTestId('message-load-older').attributes('aria-label')).toBe('Show earlier messages')
    // Enter / Space press it through the app's one keyboard handler (utils/a11y/keyboardActivation).
    expect(byTestId('message-load-older').attributes()).toMatchObject({ role: 'button', tabindex: '0' })
    fakeZim.chat.loadOlder.mockResolvedValue(false)
    await byTestId('message-load-older').trigger('click')
    await flushPromises()
    expect(byTestId('message-load-older').exists()).toBe(false)
  })

  it('a message arriving while reading history shows the pill; the pill goes back to the newest', async () => {
    const messages = useMessagesStore()
    messages.receive(Array.from({ length: 100 }, (_, i) => incoming(`M${i}`, T0 + i * 1000, i + 1, { message: `m${i}` })))
    await mountList()
    expect(byTestId('new-messages-jump').exists()).toBe(false)
    await byTestId('message-load-older').trigger('click')
    await flushPromises()
    messages.receive([incoming('N1', T0 + 500_000, 500, { message: 'fresh' })])
    await flushPromises()
    const pill = byTestId('new-messages-jump')
    expect(pill.exists()).toBe(true)
    expect(pill.attributes('aria-label')).toBe('Jump to the newest messages')
    expect(pill.attributes()).toMatchObject({ role: 'button', tabindex: '0' })
    expect(all('message-item').map(r => r.find('.text').text())).not.toContain('fresh')
    await pill.trigger('click')
    await flushPromises()
    expect(byTestId('new-messages-jump').exists()).toBe(false)
    expect(all('message-item').at(-1)!.find('.text').text()).toBe('fresh')
    expect(all('message-item').length).toBeLessThanOrEqual(60)
  })

  it('a new incoming message is announced politely; history and one\'s own sends are not', async () => {
    const messages = useMessagesStore()
    fakeUsers.set('bob', 'Bob')
    messages.receive([incoming('M1', T0, 1, { message: 'old' })])
    await mountList()
    const live = wrapper.find('[aria-live="polite"]')
    expect(live.text()).toBe('')
    messages.attach(attached('L1', T0 + 1000, { message: 'mine' }))
    await flushPromises()
    expect(live.text()).toBe('')
    messages.receive([incoming('M2', T0 + 2000, 2, { message: 'news' })])
    await flushPromises()
    expect(live.text()).toBe('New message from Bob. news')
  })
})

describe('message list: opened at a message (search)', () => {
  async function mountAt(at: string) {
    const messages = useMessagesStore()
    wrapper = mount(MessageList, {
      global: { plugins: [pinia] },
      props: { conversationID: 'bob', conversationType: PEER, messages: messages.listFor('bob', PEER), more: true, at },
    })
    messages.$subscribe(() => void wrapper.setProps({ messages: messages.listFor('bob', PEER) }))
    await flushPromises()
  }
  const rowOf = (id: string) => wrapper.find(`[data-testid="message-item"][data-message-id="${id}"]`)

  it('renders a window around the message, marks it for a moment, and shows a gap after the loaded part', async () => {
    vi.useFakeTimers()
    try {
      const messages = useMessagesStore()
      messages.receive(Array.from({ length: 200 }, (_, i) => incoming(`${i + 1}`, T0 + i * 1000, i + 1, { message: `m${i + 1}` })))
      fakeEngine.history.loadNewer.mockClear()
      await mountAt('20')
      expect(rowOf('20').attributes('data-marked')).toBe('true')
      const ids = all('message-item').map(r => r.attributes('data-message-id'))
      expect(ids[0]).toBe('17')
      expect(ids.length).toBeLessThanOrEqual(60)
      expect(all('message-gap')).toHaveLength(0)

      // The store says messages may be missing after 30: the list says so and loads them.
      messages.setGaps('bob', PEER, ['30'])
      await flushPromises()
      expect(all('message-gap')).toHaveLength(1)
      expect(rowOf('30').element.nextElementSibling?.getAttribute('data-testid')).toBe('message-gap')
      expect(fakeEngine.history.loadNewer).toHaveBeenCalledWith('bob', PEER, '30')

      vi.advanceTimersByTime(3000)
      await flushPromises()
      expect(rowOf('20').attributes('data-marked')).toBeUndefined()
      // Still where the reader was taken.
      expect(all('message-item')[0].attributes('data-message-id')).toBe('17')
    }
    finally {
      vi.useRealTimers()
    }
  })

  it('waits for the message to arrive (history loading), then opens at it', async () => {
    await mountAt('7')
    expect(rowOf('7').exists()).toBe(false)
    useMessagesStore().receive(Array.from({ length: 20 }, (_, i) => incoming(`${i + 1}`, T0 + i * 1000, i + 1, { message: `m${i + 1}` })))
    await flushPromises()
    expect(rowOf('7').attributes('data-marked')).toBe('true')
  })
})
