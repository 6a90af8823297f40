// The room page with real stores and a scripted engine: enters the room of the address,
// shows the live member count, sends text or barrage through useRooms, offers no recall or
// delete on a room's message, and leaves the room on exit (button or page closed).
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import en from '@/locale/en.json'
import { i18n, LOCALES } from '@/locale'
import RoomPage from '@/chat/room.vue'
import { useMessagesStore } from '@/stores/messages'
import { useRoomsStore } from '@/stores/rooms'
import { ConversationType, MessageType } from '@/zim/constants'
import { runHook, type UniStub } from '../helpers/uniStub'
import { incoming } from '../unit/stores/factories'
import { fakeEngine } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

const ROOM = ConversationType.Room
let uni: UniStub
let pinia: Pinia
let wrapper: VueWrapper | undefined
const byTestId = (id: string) => wrapper!.find(`[data-testid="${id}"]`)

beforeEach(() => {
  ({ uni, pinia } = freshPage({ userID: 'alice', userName: 'Alice' }))
  // The engine's enter, as the rooms store would see it.
  fakeEngine.rooms.enter.mockImplementation(async (roomID: string) => {
    useRoomsStore().patch(roomID, { phase: 'connected', memberCount: 2 })
  })
})

afterEach(() => {
  closePage(wrapper)
  wrapper = undefined
})

async function roomPage(id = 'lobby') {
  wrapper = mount(RoomPage, { global: { plugins: [pinia] } })
  await runHook('onLoad', { id })
  await flushPromises()
  return wrapper
}

describe('the room page', () => {
  it('enters the room of the address and shows who is online, live', async () => {
    await roomPage()
    expect(fakeEngine.rooms.enter).toHaveBeenCalledWith('lobby')
    expect(byTestId('room-member-count').text()).toBe('2 online')
    useRoomsStore().patch('lobby', { memberCount: 3 })
    await flushPromises()
    expect(byTestId('room-member-count').text()).toBe('3 online')
    expect(byTestId('room-member-count').attributes('data-count')).toBe('3')
  })

  it('sends text, or barrage when chosen, to the room', async () => {
    await roomPage()
    await byTestId('message-input').setValue('hello room')
    await byTestId('message-send').trigger('click')
    await flushPromises()
    expect(fakeEngine.sendText).toHaveBeenCalledWith('lobby', 'hello room', ROOM)
    await byTestId('room-mode-barrage').trigger('click')
    expect(byTestId('room-mode-barrage').attributes('aria-pressed')).toBe('true')
    await byTestId('message-input').setValue('wooo')
    await byTestId('message-send').trigger('click')
    await flushPromises()
    expect(fakeEngine.send).toHaveBeenCalledWith({ type: MessageType.Barrage, message: 'wooo' }, 'lobby', ROOM)
  })

  it('shows the room\'s messages; their menu offers no recall or delete', async () => {
    await roomPage()
    useMessagesStore().receive([incoming('M1', Date.now(), 1, { conversationID: 'lobby', conversationType: ROOM, senderUserID: 'bob', message: 'hi all' })])
    await flushPromises()
    expect(byTestId('message-item').text()).toContain('hi all')
    await wrapper!.find('.bubble').trigger('contextmenu')
    await flushPromises()
    const offered = wrapper!.findAll('[data-testid^="message-action-"]').map(b => b.attributes('data-testid'))
    expect(offered).toEqual(['message-action-copy', 'message-action-cancel'])
  })

  it('cannot send while not in the room, and says why', async () => {
    fakeEngine.rooms.enter.mockRejectedValueOnce({ message: 'error.service', rule: 'zim.6000322', code: 6000322 })
    await roomPage()
    expect(byTestId('room-error').text()).toContain('6000322')
    expect(byTestId('message-input').attributes('disabled')).toBeDefined()
  })

  it('leaves on the leave button and when the page goes away, once', async () => {
    await roomPage()
    await byTestId('room-leave').trigger('click')
    expect(fakeEngine.rooms.leave).toHaveBeenCalledWith('lobby')
    expect(uni.reLaunch).toHaveBeenCalledWith({ url: '/pages/conversations/index' })
    await runHook('onUnload')
    expect(fakeEngine.rooms.leave).toHaveBeenCalledTimes(1)
  })

  it('a page closed any other way leaves the room too', async () => {
    await roomPage()
    await runHook('onUnload')
    expect(fakeEngine.rooms.leave).toHaveBeenCalledWith('lobby')
  })

  it('refuses a bad room ID in words', async () => {
    await roomPage('a b')
    expect(fakeEngine.rooms.enter).not.toHaveBeenCalled()
    expect(byTestId('room-error').text()).toBe('A room ID cannot contain spaces.')
  })
})

describe.each(LOCALES)('the room page in %s', (locale) => {
  it('shows words only', async () => {
    i18n.global.locale.value = locale
    await roomPage()
    const w = wrapper!
    const text = [w.text(), ...w.findAll('[placeholder]').map(e => e.attributes('placeholder')), ...w.findAll('[aria-label]').map(e => e.attributes('aria-label'))].join('\n')
    for (const key of Object.keys(en))
      expect(text, `raw key ${key}`).not.toContain(key)
    expect(text).not.toMatch(/\{\w+\}/)
    expect(/[\u4E00-\u9FFF]/.test(text)).toBe(locale === 'zh-Hans')
  })
})
