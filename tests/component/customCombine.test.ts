// The chat's custom, forward and typing pieces with the real stores and the engine faked: custom messages through
// the registry (a contact card, the fallback), multi-select and forward (one by one, as one
// combined message), the combined message's detail, and the typing indicator.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import CustomBody from '@/chat/components/bodies/CustomBody.vue'
import ForwardPicker from '@/chat/components/ForwardPicker.vue'
import { contactCardMessage, CustomSubType, parseContactCard, registered } from '@/utils/customMessages'
import { i18n } from '@/locale'
import ChatPage from '@/chat/index.vue'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { MessageDirection, MessageType } from '@/zim/constants'
import type { ZIMMessage } from '@/zim/types'
import { runHook, type UniStub } from '../helpers/uniStub'
import { conversation, incoming, sent } from '../unit/stores/factories'
import { fakeClient, fakeEngine } from './fakeZim'
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

const card = (userID: string, name: string) => contactCardMessage({ userID, name })

describe('the custom registry', () => {
  it('renders a contact card by subType, and the fallback for an unknown subType or an unreadable card', async () => {
    expect(registered(CustomSubType.ContactCard).renderer).toBe('contact')
    expect(registered(77)).toEqual({ renderer: 'fallback', label: 'messageType.custom' })
    expect(parseContactCard('{"userID":"carol","name":"Carol"}')).toEqual({ userID: 'carol', name: 'Carol' })
    expect(parseContactCard('{"userID":"bad id","name":"x"}')).toBeNull()
    expect(parseContactCard('not json')).toBeNull()
    expect(parseContactCard('{"userID":"dave"}')).toEqual({ userID: 'dave', name: 'dave' })

    wrapper = mount(CustomBody, { props: { info: { subType: 1, body: '{"userID":"carol","name":"Carol"}', searchedContent: 'Carol' } } })
    expect(wrapper.get('[data-testid="contact-card-name"]').text()).toBe('Carol')
    expect(wrapper.get('[data-testid="contact-card-id"]').text()).toBe('ID: carol')
    await wrapper.setProps({ info: { subType: 42, body: '{}', searchedContent: 'a poll' } })
    expect(wrapper.find('[data-testid="contact-card"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="custom-fallback"]').text()).toBe('A message this version cannot showa poll')
    await wrapper.setProps({ info: { subType: 1, body: 'broken', searchedContent: '' } })
    expect(wrapper.get('[data-testid="custom-fallback"]').attributes('data-sub-type')).toBe('1')
    i18n.global.locale.value = 'zh-Hans'
    await flushPromises()
    expect(wrapper.get('[data-testid="custom-fallback"]').text()).toBe('当前版本无法显示此消息')
  })
})

describe('the forward picker', () => {
  it('lists the chats; focus starts on the first, arrows move, Enter picks, Escape closes', async () => {
    useConversationsStore().upsertMany([conversation('carol', { orderKey: 2 }), conversation('bob', { orderKey: 1 })])
    wrapper = mount(ForwardPicker, { props: { title: 'Forward to' }, global: { plugins: [pinia] }, attachTo: document.body })
    await flushPromises()
    const targets = wrapper.findAll('[data-testid="forward-target"]')
    expect(targets.map(t => t.attributes('data-id'))).toEqual(['carol', 'bob'])
    expect(wrapper.get('[data-testid="forward-picker"]').attributes('aria-label')).toBe('Forward to')
    expect(document.activeElement).toBe(targets[0].element)
    await targets[0].trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(targets[1].element)
    await targets[1].trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('pick')).toEqual([[{ conversationID: 'bob', type: 0 }]])
    await targets[1].trigger('keydown', { key: 'Escape' })
    expect(wrapper.emitted('close')).toHaveLength(1)
  })
})

async function openChat() {
  wrapper = mount(ChatPage, { global: { plugins: [pinia] }, attachTo: document.body })
  await runHook('onLoad', { id: 'bob', type: '0' })
  await flushPromises()
}
const rows = () => wrapper.findAll('[data-testid="message-item"]')

describe('the chat page', () => {
  it('a contact card row is data-type custom; a tap (or Enter) opens a chat with that person; the list preview names it', async () => {
    useMessagesStore().receive([incoming('M1', 1000, 1, { ...card('carol', 'Carol'), messageSeq: 1 } as never)])
    await openChat()
    expect(rows()[0].attributes('data-type')).toBe('custom')
    await wrapper.get('.bubble').trigger('click')
    expect(uni.navigateTo).toHaveBeenCalledWith({ url: '/chat/index?id=carol&type=0' })
    await wrapper.get('.bubble').trigger('keydown', { key: 'Enter' })
    expect(uni.navigateTo).toHaveBeenCalledTimes(2)
    await wrapper.get('.bubble').trigger('keydown', { key: 'F10', shiftKey: true })
    expect(wrapper.find('[data-testid="message-menu"]').exists()).toBe(true)
  })

  it('share contact sends the sender\'s card to the chat picked', async () => {
    useConversationsStore().upsertMany([conversation('carol'), conversation('bob')])
    useMessagesStore().receive([incoming('M1', 1000, 1, { message: 'hi', messageSeq: 1 })])
    await openChat()
    await wrapper.get('.bubble').trigger('contextmenu')
    await wrapper.get('[data-testid="message-action-shareContact"]').trigger('click')
    await wrapper.get('[data-testid="forward-target"][data-id="carol"]').trigger('click')
    await flushPromises()
    expect(fakeEngine.send).toHaveBeenCalledWith(expect.objectContaining({ type: MessageType.Custom, subType: 1, searchedContent: 'bob' }), 'carol', 0)
    expect(JSON.parse((fakeEngine.send.mock.calls[0][0] as unknown as { message: string }).message)).toEqual({ userID: 'bob', name: 'bob' })
  })

  describe('multi-select and forward', () => {
    beforeEach(() => {
      useConversationsStore().upsertMany([conversation('carol'), conversation('bob')])
      useMessagesStore().receive([
        incoming('M1', 1000, 1, { message: 'first', messageSeq: 1 }),
        sent('L2', 'M2', 2000, 2, { message: 'second', messageSeq: 2 }),
        incoming('M3', 3000, 3, { message: 'third', messageSeq: 3 }),
      ])
    })

    async function select() {
      await openChat()
      await wrapper.findAll('.bubble')[2].trigger('contextmenu')
      await wrapper.get('[data-testid="message-action-forward"]').trigger('click')
      expect(wrapper.find('[data-testid="select-bar"]').exists()).toBe(true)
      expect(wrapper.get('[data-testid="select-count"]').text()).toBe('1 selected (at most 100)')
      // The keyboard: Space on a row's checkbox picks it; a click on a row does too.
      await wrapper.findAll('[data-testid="message-select"]')[0].trigger('keydown', { key: ' ' })
      expect(wrapper.get('[data-testid="select-count"]').text()).toBe('2 selected (at most 100)')
      await rows()[1].trigger('click')
      await rows()[1].trigger('click')
      expect(wrapper.findAll('[data-testid="message-select"]').map(c => c.attributes('aria-checked'))).toEqual(['true', 'false', 'true'])
    }

    it('as one combined message: the picked messages in chat order, a title and summary, then the selection ends', async () => {
      await select()
      await wrapper.get('[data-testid="select-forward-combined"]').trigger('click')
      await wrapper.get('[data-testid="forward-target"][data-id="carol"]').trigger('click')
      await flushPromises()
      const [message, to, type] = fakeEngine.send.mock.calls[0] as [ZIMMessage & { title: string, summary: string, messageList: ZIMMessage[] }, string, number]
      expect([to, type]).toEqual(['carol', 0])
      expect(message).toMatchObject({ type: 100, title: 'Chat history of bob', summary: 'bob: first\nbob: third' })
      expect(message.messageList.map(m => m.messageID)).toEqual(['M1', 'M3'])
      expect(wrapper.find('[data-testid="select-bar"]').exists()).toBe(false)
      expect(uni.showToast).toHaveBeenCalledWith({ title: 'Sent', icon: 'none' })
    })

    it('one by one: each message\'s content alone, in chat order; Cancel leaves without sending', async () => {
      await select()
      await wrapper.get('[data-testid="select-forward-each"]').trigger('click')
      await wrapper.get('[data-testid="forward-target"][data-id="carol"]').trigger('click')
      await flushPromises()
      expect(fakeEngine.send.mock.calls.map(c => [(c[0] as unknown as { message: string }).message, c[1]])).toEqual([['first', 'carol'], ['third', 'carol']])
      expect(fakeEngine.send.mock.calls[0][0]).not.toHaveProperty('messageID')

      fakeEngine.send.mockClear()
      await wrapper.findAll('.bubble')[0].trigger('contextmenu')
      await wrapper.get('[data-testid="message-action-forward"]').trigger('click')
      await wrapper.get('[data-testid="select-cancel"]').trigger('click')
      expect(wrapper.find('[data-testid="select-bar"]').exists()).toBe(false)
      expect(fakeEngine.send).not.toHaveBeenCalled()
    })
  })

  it('a combined message shows as a card that opens its detail; Escape closes it', async () => {
    const children = [
      { type: 1, message: 'one', senderUserID: 'bob', timestamp: 1000, messageID: '5', sentStatus: 1 },
      { ...card('dave', 'Dave'), senderUserID: 'me', timestamp: 2000, messageID: '6', sentStatus: 1 },
    ] as unknown as ZIMMessage[]
    fakeClient.queryCombineMessageDetail.mockImplementationOnce(async (m: ZIMMessage) => ({ message: { ...m, messageList: children } }))
    useMessagesStore().receive([incoming('M9', 1000, 9, { type: 100, title: 'Chat history of bob and Me', summary: 'bob: one\nMe: [Contact card]', combineID: 'lc1', messageSeq: 9 } as never)])
    await openChat()
    expect(rows()[0].attributes('data-type')).toBe('combine')
    expect(wrapper.get('[data-testid="combine-title"]').text()).toBe('Chat history of bob and Me')
    ;(wrapper.get('.bubble').element as HTMLElement).focus()
    await wrapper.get('.bubble').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(fakeClient.queryCombineMessageDetail).toHaveBeenCalledWith(expect.objectContaining({ combineID: 'lc1' }))
    const items = wrapper.findAll('[data-testid="combine-detail-item"]')
    expect(items.map(i => i.attributes('data-type'))).toEqual(['text', 'custom'])
    expect(items[0].text()).toContain('one')
    expect(items[1].get('[data-testid="contact-card-name"]').text()).toBe('Dave')
    expect(document.activeElement).toBe(wrapper.get('[data-testid="combine-detail-back"]').element)
    await wrapper.get('[data-testid="combine-detail"]').trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(wrapper.find('[data-testid="combine-detail"]').exists()).toBe(false)
    expect(document.activeElement).toBe(wrapper.get('.bubble').element)
  })

  it('typing: the composer sends one command while typing goes on; the other side\'s shows in the header and goes with their message', async () => {
    await openChat()
    const field = wrapper.get('textarea')
    for (const text of ['h', 'he', 'hel', 'hell'])
      await field.setValue(text)
    await flushPromises()
    const commands = fakeClient.sendMessage.mock.calls.filter(c => (c[0] as ZIMMessage).type === MessageType.Command)
    expect(commands).toHaveLength(1)
    expect(commands[0].slice(1, 3)).toEqual(['bob', 0])

    expect(wrapper.find('[data-testid="typing-indicator"]').exists()).toBe(false)
    const signal = { ...(commands[0][0] as ZIMMessage), conversationID: 'bob', conversationType: 0, direction: MessageDirection.Receive }
    fakeEngine.presence.onCommands([signal])
    await flushPromises()
    expect(wrapper.get('[data-testid="typing-indicator"]').text()).toBe('bob is typing…')
    fakeEngine.presence.onMessages([incoming('M4', 4000, 4)])
    await flushPromises()
    expect(wrapper.find('[data-testid="typing-indicator"]').exists()).toBe(false)
  })
})
