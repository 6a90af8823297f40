// The message menu alone, and hooked to the chat page's bubbles (right-click, keyboard),
// with the real messages store and the engine's message actions faked.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import MessageMenu from '@/chat/components/MessageMenu.vue'
import { useMessageActions } from '@/composables/useMessageActions'
import { REVOKE_WINDOW_MS } from '@/composables/zim/messageActions'
import { ZimActionError } from '@/composables/zim/actionError'
import { i18n } from '@/locale'
import ChatPage from '@/chat/index.vue'
import { type MessageEntry, useMessagesStore } from '@/stores/messages'
import { runHook, type UniStub } from '../helpers/uniStub'
import { incoming, sent } from '../unit/stores/factories'
import { fakeEngine } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

let uni: UniStub
let pinia: Pinia
let wrapper: VueWrapper

beforeEach(() => {
  ({ uni, pinia } = freshPage({ userID: 'me', userName: 'Me' }))
})

afterEach(() => closePage(wrapper))

describe('MessageMenu', () => {
  it('lists the actions given with their QA hooks and accessible names, in both languages', async () => {
    wrapper = mount(MessageMenu, { props: { actions: ['copy', 'revoke', 'delete'] }, attachTo: document.body })
    const menu = wrapper.get('[data-testid="message-menu"]')
    expect(menu.attributes('role')).toBe('menu')
    expect(menu.attributes('aria-label')).toBe('Message actions')
    const items = wrapper.findAll('[role="menuitem"]')
    expect(items.map(i => [i.attributes('data-testid'), i.text()])).toEqual([
      ['message-action-copy', 'Copy'],
      ['message-action-revoke', 'Recall'],
      ['message-action-delete', 'Delete'],
      ['message-action-cancel', 'Cancel'],
    ])
    i18n.global.locale.value = 'zh-Hans'
    await flushPromises()
    expect(wrapper.findAll('[role="menuitem"]').map(i => i.text())).toEqual(['复制', '撤回', '删除', '取消'])
    expect(wrapper.get('[data-testid="message-menu"]').attributes('aria-label')).toBe('消息操作')
  })

  it('focuses the first action, moves with the arrows, selects with Enter and closes with Escape', async () => {
    wrapper = mount(MessageMenu, { props: { actions: ['copy', 'delete'] }, attachTo: document.body })
    await flushPromises()
    const items = wrapper.findAll('[role="menuitem"]')
    expect(document.activeElement).toBe(items[0].element)
    await items[0].trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(items[1].element)
    await items[1].trigger('keydown', { key: 'ArrowUp' })
    await items[0].trigger('keydown', { key: 'ArrowUp' })
    expect(document.activeElement).toBe(items[2].element) // wraps round to Cancel
    await items[1].trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('select')).toEqual([['delete']])
    await items[0].trigger('keydown', { key: 'Escape' })
    expect(wrapper.emitted('close')).toHaveLength(1)
    await wrapper.get('[data-testid="message-menu-backdrop"]').trigger('click')
    await wrapper.get('[data-testid="message-action-cancel"]').trigger('click')
    expect(wrapper.emitted('close')).toHaveLength(3)
  })
})

describe('useMessageActions: which actions a message offers', () => {
  const entryOf = (m: Parameters<ReturnType<typeof useMessagesStore>['receive']>[0][number]) => {
    const messages = useMessagesStore()
    messages.receive([m])
    return messages.listFor(m.conversationID!, 0).at(-1) as MessageEntry
  }

  it('own sent text: copy, recall within 2 minutes, forward, delete; after 2 minutes no recall', () => {
    const { actionsFor } = useMessageActions()
    const mine = entryOf(sent('L1', 'M1', 1_000_000, 1, { message: 'hi', messageSeq: 1 }))
    expect(actionsFor(mine, 1_000_000 + REVOKE_WINDOW_MS)).toEqual(['copy', 'revoke', 'forward', 'delete'])
    expect(actionsFor(mine, 1_000_001 + REVOKE_WINDOW_MS)).toEqual(['copy', 'forward', 'delete'])
  })

  it('someone else\'s message: copy, forward, share the sender\'s card, delete; a recalled one: delete only', () => {
    const { actionsFor } = useMessageActions()
    expect(actionsFor(entryOf(incoming('M2', 1000, 2, { message: 'yo', messageSeq: 2 })), 1000)).toEqual(['copy', 'forward', 'shareContact', 'delete'])
    const recalled = entryOf(incoming('M3', 1000, 3, { type: 31, messageSeq: 3, operatedUserID: 'bob' } as never))
    expect(actionsFor(recalled, 1000)).toEqual(['delete'])
  })
})

describe('chat page: the message menu', () => {
  async function openChat() {
    wrapper = mount(ChatPage, { global: { plugins: [pinia] }, attachTo: document.body })
    await runHook('onLoad', { id: 'bob', type: '0' })
    await flushPromises()
  }
  const bubbles = () => wrapper.findAll('.bubble')
  const menu = () => wrapper.find('[data-testid="message-menu"]')

  it('right-click on a bubble opens it; recall goes to the engine; Escape returns focus to the bubble', async () => {
    useMessagesStore().confirmSent(sent('L1', 'M1', Date.now(), 1, { message: 'take back', messageSeq: 1 }))
    await openChat()
    await bubbles()[0].trigger('contextmenu')
    expect(menu().exists()).toBe(true)
    await wrapper.get('[data-testid="message-action-revoke"]').trigger('click')
    await flushPromises()
    expect(fakeEngine.messageActions.revoke).toHaveBeenCalledWith(expect.objectContaining({ messageID: 'M1' }))
    expect(menu().exists()).toBe(false)

    ;(bubbles()[0].element as HTMLElement).focus()
    await bubbles()[0].trigger('keydown', { key: 'Enter' })
    expect(menu().exists()).toBe(true)
    await wrapper.get('[data-testid="message-action-copy"]').trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(menu().exists()).toBe(false)
    expect(document.activeElement).toBe(bubbles()[0].element)
  })

  it('copy puts the text on the clipboard; a refused recall says why in words', async () => {
    useMessagesStore().confirmSent(sent('L1', 'M1', Date.now(), 1, { message: 'copy me', messageSeq: 1 }))
    await openChat()
    await bubbles()[0].trigger('keydown', { key: 'ContextMenu' })
    await wrapper.get('[data-testid="message-action-copy"]').trigger('click')
    await flushPromises()
    expect(uni.setClipboardData).toHaveBeenCalledWith(expect.objectContaining({ data: 'copy me' }))

    fakeEngine.messageActions.revoke.mockRejectedValueOnce(new ZimActionError('action.revokeExpired', 'action.revokeExpired', 6000278))
    await bubbles()[0].trigger('contextmenu')
    await wrapper.get('[data-testid="message-action-revoke"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="message-action-error"]').text()).toBe('A message can only be recalled within 2 minutes of sending.')
  })

  it('a recalled message reads "X recalled a message" / "You recalled a message" in both languages', async () => {
    const messages = useMessagesStore()
    messages.receive([incoming('M1', 1000, 1, { type: 31, operatedUserID: 'bob', messageSeq: 1 } as never)])
    messages.confirmSent(sent('L2', 'M2', 2000, 2, { type: 31, operatedUserID: 'me', messageSeq: 2 } as never))
    await openChat()
    expect(bubbles().map(b => b.text())).toEqual(['bob recalled a message', 'You recalled a message'])
    i18n.global.locale.value = 'zh-Hans'
    await flushPromises()
    expect(bubbles().map(b => b.text())).toEqual(['bob 撤回了一条消息', '你撤回了一条消息'])
  })
})
