// The conversation list people manage (issue 12): marks, the menu and its actions, the dot
// of a muted chat, the total in the title, drafts in the list, the profile entry; and the
// chat page's draft kept on leaving and restored on opening.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ChatPage from '@/chat/index.vue'
import ConversationsPage from '@/pages/conversations/index.vue'
import { useConversationsStore } from '@/stores/conversations'
import { useDraftsStore } from '@/stores/drafts'
import { ConversationType } from '@/zim/constants'
import { runHook, type UniStub } from '../helpers/uniStub'
import { conversation, incoming } from '../unit/stores/factories'
import { fakeEngine, fakeState } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

let uni: UniStub
let pinia: Pinia
let wrapper: VueWrapper

const PEER = ConversationType.Peer
const byTestId = (id: string) => wrapper.find(`[data-testid="${id}"]`)
const items = () => wrapper.findAll('[data-testid="conversation-item"]')
const ids = () => items().map(i => i.attributes('data-conversation-id'))

function withLast(id: string, timestamp: number, over: Parameters<typeof conversation>[1] = {}) {
  return conversation(id, {
    conversationName: '',
    orderKey: timestamp,
    lastMessage: incoming(`${id}-m`, timestamp, timestamp, { conversationID: id, senderUserID: id, message: `from ${id}` }),
    ...over,
  })
}

async function mountList() {
  wrapper = mount(ConversationsPage, { global: { plugins: [pinia] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

async function openMenuOf(id: string) {
  await wrapper.find(`[data-testid="conversation-more"][data-conversation-id="${id}"]`).trigger('click')
  await flushPromises()
}

beforeEach(() => {
  ({ uni, pinia } = freshPage({ userID: 'alice', userName: 'Alice' }))
})

afterEach(() => closePage(wrapper))

describe('the list: marks', () => {
  it('marks pinned and muted rows with data-pinned / data-muted, pinned first', async () => {
    useConversationsStore().upsertMany([
      withLast('bob', 1000, { isPinned: true, orderKey: 1e12 + 1000 }),
      withLast('carol', 3000, { notificationStatus: 2, unreadMessageCount: 4 }),
      withLast('dave', 2000, { unreadMessageCount: 2 }),
    ])
    await mountList()
    expect(ids()).toEqual(['bob', 'carol', 'dave'])
    expect(items().map(i => [i.attributes('data-pinned'), i.attributes('data-muted')])).toEqual([['true', 'false'], ['false', 'true'], ['false', 'false']])
    // A muted chat shows a dot, no count; the others their count.
    const carol = items()[1]
    expect(carol.find('[data-testid="conversation-unread"]').exists()).toBe(false)
    expect(carol.find('[data-testid="conversation-unread-dot"]').attributes('aria-label')).toBe('4 unread, muted')
    expect(items()[2].find('[data-testid="conversation-unread"]').text()).toBe('2')
    expect(items()[0].text()).toContain('Pinned')
  })

  it('puts the total of the chats that are not muted in the title, and the plain title at zero', async () => {
    const conversations = useConversationsStore()
    conversations.upsertMany([withLast('bob', 1000, { unreadMessageCount: 2 }), withLast('carol', 2000, { unreadMessageCount: 5, notificationStatus: 2 })])
    await mountList()
    await runHook('onShow')
    expect(uni.setNavigationBarTitle).toHaveBeenLastCalledWith({ title: 'Chats (2)' })
    conversations.markRead('bob', PEER)
    await flushPromises()
    expect(uni.setNavigationBarTitle).toHaveBeenLastCalledWith({ title: 'Chats' })
  })

  it('shows "[Draft] …" instead of the last message while a draft is kept', async () => {
    useConversationsStore().upsertMany([withLast('bob', 1000)])
    useDraftsStore().set({ conversationID: 'bob', type: PEER, text: 'see you\nat 5', at: 2000 })
    await mountList()
    expect(byTestId('conversation-draft').text()).toBe('[Draft] see you at 5')
    useDraftsStore().remove('bob', PEER)
    await flushPromises()
    expect(byTestId('conversation-draft').exists()).toBe(false)
    expect(items()[0].find('.preview').text()).toBe('from bob')
  })
})

describe('the list: the menu', () => {
  it('the more button opens the menu with pin, mute, mark read and delete; pin runs and closes it', async () => {
    useConversationsStore().upsertMany([withLast('bob', 1000, { unreadMessageCount: 1 })])
    await mountList()
    await openMenuOf('bob')
    const menu = byTestId('conversation-menu')
    expect(menu.attributes('aria-label')).toBe('Actions for bob')
    expect(menu.findAll('[role="menuitem"]').map(i => i.text())).toEqual(['Pin to top', 'Mute notifications', 'Mark as read', 'Delete chat', 'Cancel'])
    await byTestId('conversation-action-pin').trigger('click')
    await flushPromises()
    expect(fakeEngine.conversationActions.pin).toHaveBeenCalledWith('bob', PEER, true)
    expect(byTestId('conversation-menu').exists()).toBe(false)
  })

  it('a pinned, muted chat offers unpin and unmute', async () => {
    useConversationsStore().upsertMany([withLast('bob', 1000, { isPinned: true, notificationStatus: 2 })])
    await mountList()
    await openMenuOf('bob')
    expect(byTestId('conversation-action-pin').text()).toBe('Unpin')
    expect(byTestId('conversation-action-mute').text()).toBe('Unmute')
    expect(byTestId('conversation-action-read').exists()).toBe(false)
    await byTestId('conversation-action-mute').trigger('click')
    expect(fakeEngine.conversationActions.mute).toHaveBeenCalledWith('bob', PEER, false)
  })

  it('delete asks for a second tap, then deletes', async () => {
    useConversationsStore().upsertMany([withLast('bob', 1000)])
    await mountList()
    await openMenuOf('bob')
    await byTestId('conversation-action-delete').trigger('click')
    expect(fakeEngine.conversationActions.remove).not.toHaveBeenCalled()
    expect(byTestId('conversation-action-delete').text()).toBe('Tap again to delete the chat and its messages')
    await byTestId('conversation-action-delete').trigger('click')
    expect(fakeEngine.conversationActions.remove).toHaveBeenCalledWith('bob', PEER)
  })

  it('a refused action says why, in words, with the list unchanged', async () => {
    useConversationsStore().upsertMany([withLast('bob', 1000)])
    fakeEngine.conversationActions.pin.mockRejectedValueOnce({ message: 'error.service', rule: 'zim.6000604', code: 6000604 })
    await mountList()
    await openMenuOf('bob')
    await byTestId('conversation-action-pin').trigger('click')
    await flushPromises()
    expect(byTestId('conversation-action-error').text()).not.toBe('')
    expect(byTestId('conversation-action-error').text()).not.toContain('zim.')
  })

  it('the context-menu key and Shift+F10 on a row open it; Escape closes it; the tap on a row still opens the chat', async () => {
    useConversationsStore().upsertMany([withLast('bob', 1000)])
    await mountList()
    await items()[0].trigger('keydown', { key: 'ContextMenu' })
    expect(byTestId('conversation-menu').exists()).toBe(true)
    await byTestId('conversation-menu').trigger('keydown', { key: 'Escape' })
    expect(byTestId('conversation-menu').exists()).toBe(false)
    await items()[0].trigger('keydown', { key: 'F10', shiftKey: true })
    expect(byTestId('conversation-menu').exists()).toBe(true)
    await byTestId('conversation-action-cancel').trigger('click')
    await items()[0].trigger('click')
    expect(uni.navigateTo).toHaveBeenCalledWith({ url: '/chat/index?id=bob&type=0' })
  })

  it('a swipe to the left opens the menu, and the tap that ends it does not open the chat', async () => {
    useConversationsStore().upsertMany([withLast('bob', 1000)])
    await mountList()
    const row = items()[0]
    await row.trigger('touchstart', { touches: [{ clientX: 300, clientY: 100 }] })
    await row.trigger('touchend', { changedTouches: [{ clientX: 200, clientY: 104 }] })
    expect(byTestId('conversation-menu').exists()).toBe(true)
    await row.trigger('click')
    expect(uni.navigateTo).not.toHaveBeenCalled()
    // A vertical scroll is no swipe.
    await byTestId('conversation-action-cancel').trigger('click')
    await row.trigger('touchstart', { touches: [{ clientX: 300, clientY: 100 }] })
    await row.trigger('touchend', { changedTouches: [{ clientX: 240, clientY: 200 }] })
    expect(byTestId('conversation-menu').exists()).toBe(false)
  })
})

describe('the list: one\'s profile', () => {
  it('the header shows one\'s initials and name and opens the profile page', async () => {
    await mountList()
    expect(byTestId('my-avatar').text()).toBe('A')
    await byTestId('profile-open').trigger('click')
    expect(uni.navigateTo).toHaveBeenCalledWith({ url: '/profile/index' })
  })
})

describe('the chat page: drafts', () => {
  async function mountChat(id = 'bob') {
    wrapper = mount(ChatPage, { global: { plugins: [pinia] }, attachTo: document.body })
    await runHook('onLoad', { id, type: '0' })
    await flushPromises()
    return wrapper
  }
  const field = () => wrapper.find('[data-testid="message-input"]').element as HTMLTextAreaElement

  it('keeps what is left in the composer when the chat is left, and puts it back with the cursor at the end', async () => {
    await mountChat()
    field().value = 'half a thought'
    await runHook('onUnload')
    expect(fakeEngine.drafts.save).toHaveBeenLastCalledWith('bob', PEER, 'half a thought')
    wrapper.unmount()
    await mountChat()
    expect(field().value).toBe('half a thought')
    expect([field().selectionStart, field().selectionEnd]).toEqual([14, 14])
  })

  it('sending clears the draft', async () => {
    useDraftsStore().set({ conversationID: 'bob', type: PEER, text: 'ready', at: 1 })
    await mountChat()
    expect(field().value).toBe('ready')
    await wrapper.find('[data-testid="message-send"]').trigger('click')
    await flushPromises()
    expect(fakeEngine.drafts.clear).toHaveBeenCalledWith('bob', PEER)
    expect(useDraftsStore().textOf('bob', PEER)).toBe('')
  })

  it('leaving with an empty composer clears an old draft', async () => {
    useDraftsStore().set({ conversationID: 'bob', type: PEER, text: 'old', at: 1 })
    await mountChat()
    field().value = ''
    await runHook('onHide')
    expect(fakeEngine.drafts.save).toHaveBeenLastCalledWith('bob', PEER, '')
    expect(useDraftsStore().textOf('bob', PEER)).toBe('')
  })

  it('without a signed-in user nothing is saved', async () => {
    fakeState.user.value = null
    wrapper = mount(ChatPage, { global: { plugins: [pinia] } })
    await runHook('onLoad', { id: 'bob', type: '0' })
    await runHook('onUnload')
    expect(fakeEngine.drafts.save).not.toHaveBeenCalled()
  })
})
