// The chat page and its address: restored after a reload, follows an edited address,
// refuses a bad one in words.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ChatPage from '@/chat/index.vue'
import { ConversationType } from '@/zim/constants'
import { runHook, type UniStub } from '../helpers/uniStub'
import { fakeState, fakeZim } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

let uni: UniStub
let pinia: Pinia
let wrapper: VueWrapper

const byTestId = (id: string) => wrapper.find(`[data-testid="${id}"]`)

async function openChat(query: Record<string, string>) {
  wrapper = mount(ChatPage, { global: { plugins: [pinia] } })
  await runHook('onLoad', query)
  await flushPromises()
}

beforeEach(() => {
  ({ uni, pinia } = freshPage({ userID: 'me', userName: 'Me' }))
})

afterEach(() => {
  window.location.hash = ''
  closePage(wrapper)
})

describe('chat address', () => {
  it('after a reload (nobody signed in yet) it signs the remembered user in and opens that chat', async () => {
    fakeState.user.value = null
    fakeZim.session.restore.mockImplementation(async () => {
      fakeState.user.value = { userID: 'me', userName: 'Me' }
      return true
    })
    await openChat({ id: 'bob', type: '0' })
    expect(fakeZim.session.restore).toHaveBeenCalledTimes(1)
    expect(fakeZim.chat.open).toHaveBeenCalledWith('bob', ConversationType.Peer)
    expect(uni.reLaunch).not.toHaveBeenCalled()
  })

  it('with nobody to restore it goes to login', async () => {
    fakeState.user.value = null
    await openChat({ id: 'bob', type: '0' })
    expect(fakeZim.chat.open).not.toHaveBeenCalled()
    expect(uni.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it.each([
    [{ id: 'bob smith', type: '0' }, 'A user ID can only use digits, letters'],
    [{ id: 'x'.repeat(40), type: '0' }, 'at most 32 bytes'],
    [{ id: 'bob', type: '7' }, 'must be 0 (one-to-one), 1 (room) or 2 (group)'],
    [{ id: '%E0%A4%A', type: '0' }, 'not correctly encoded'],
  ])('refuses %j in words, opens nothing and offers the way back', async (query, words) => {
    await openChat(query)
    expect(fakeZim.chat.open).not.toHaveBeenCalled()
    const error = byTestId('chat-route-error')
    expect(error.attributes('role')).toBe('alert')
    expect(error.text()).toContain('This chat address cannot be opened.')
    expect(error.text()).toContain(words)
    expect(byTestId('message-input').exists()).toBe(false)
    await byTestId('chat-route-back').trigger('click')
    expect(uni.reLaunch).toHaveBeenCalledWith({ url: '/pages/conversations/index' })
  })

  it('follows the address when it is edited to another chat', async () => {
    await openChat({ id: 'bob', type: '0' })
    window.location.hash = '#/chat/index?id=carol&type=0'
    window.dispatchEvent(new Event('hashchange'))
    await flushPromises()
    expect(fakeZim.chat.close).toHaveBeenCalledWith('bob')
    expect(fakeZim.chat.open).toHaveBeenLastCalledWith('carol', ConversationType.Peer)
    expect(uni.setNavigationBarTitle).toHaveBeenLastCalledWith({ title: 'carol' })
    await runHook('onUnload')
    expect(fakeZim.chat.close).toHaveBeenLastCalledWith('carol')
  })
})
