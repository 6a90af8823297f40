// The profile page (src/profile): the name field follows the session, a name over ZIM's
// 256 bytes is refused in words before ZIM is asked, a saved name reaches the session.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ProfilePage from '@/profile/index.vue'
import { useUsersStore } from '@/stores/users'
import { runHook, type UniStub } from '../helpers/uniStub'
import { currentZimClient, fakeEngine, fakeState } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

let uni: UniStub
let pinia: Pinia
let wrapper: VueWrapper
const updateUserName = vi.fn(async (userName: string) => ({ userName }))

const byTestId = (id: string) => wrapper.find(`[data-testid="${id}"]`)
const nameInput = () => byTestId('profile-name-input')

async function mountPage() {
  wrapper = mount(ProfilePage, { global: { plugins: [pinia] } })
  await runHook('onLoad', {})
  await flushPromises()
}

beforeEach(() => {
  ({ uni, pinia } = freshPage({ userID: 'alice', userName: 'Alice' }))
  updateUserName.mockClear()
  currentZimClient.mockReturnValue({ updateUserName, queryUsersInfo: async () => ({ userList: [], errorUserList: [] }) } as never)
})

afterEach(() => {
  currentZimClient.mockReset()
  closePage(wrapper)
})

describe('the profile page', () => {
  it('shows one\'s ID, initials and current name', async () => {
    await mountPage()
    expect(byTestId('profile-avatar').text()).toBe('A')
    expect(wrapper.text()).toContain('User ID: alice')
    expect((nameInput().element as HTMLInputElement).value).toBe('Alice')
  })

  it('a name over 256 bytes is refused in words and ZIM is not asked', async () => {
    await mountPage()
    await nameInput().setValue('名'.repeat(90))
    expect(byTestId('profile-name-error').text()).toBe('A display name can have at most 256 bytes.')
    await byTestId('profile-save').trigger('click')
    await flushPromises()
    expect(updateUserName).not.toHaveBeenCalled()
    expect(byTestId('profile-error').text()).toBe('A display name can have at most 256 bytes.')
  })

  it('saves a new name: ZIM first, then the session (renamed) and the users store; says so', async () => {
    await mountPage()
    await nameInput().setValue('Alice Liddell')
    await byTestId('profile-save').trigger('click')
    await flushPromises()
    expect(updateUserName).toHaveBeenCalledWith('Alice Liddell')
    expect(fakeEngine.renamed).toHaveBeenCalledWith('Alice Liddell')
    expect(useUsersStore().profiles.alice.userName).toBe('Alice Liddell')
    expect(byTestId('profile-saved').exists()).toBe(true)
  })

  it('ZIM\'s refusal is shown with its code on the details line', async () => {
    updateUserName.mockRejectedValueOnce({ code: 6000001, message: 'bad' } as never)
    await mountPage()
    await nameInput().setValue('Alice L')
    await byTestId('profile-save').trigger('click')
    await flushPromises()
    expect(byTestId('profile-error').text()).toContain('6000001')
    expect(fakeEngine.renamed).not.toHaveBeenCalled()
  })

  it('without a signed-in user, goes to the login page', async () => {
    fakeState.user.value = null
    await mountPage()
    expect(uni.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })
})
