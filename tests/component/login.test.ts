// The login page with its real session store and a scripted useZim.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import LoginPage from '@/pages/login/index.vue'
import { runHook, type UniStub } from '../helpers/uniStub'
import { fakeState, fakeZim } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

const CONVERSATIONS = '/pages/conversations/index'

let uni: UniStub
let pinia: Pinia
let wrapper: VueWrapper

function mountPage() {
  wrapper = mount(LoginPage, { global: { plugins: [pinia] } })
  return wrapper
}

const byTestId = (id: string) => wrapper.find(`[data-testid="${id}"]`)

async function fill(userID: string, userName: string) {
  await byTestId('login-user-id').setValue(userID)
  await byTestId('login-user-name').setValue(userName)
}

async function submit() {
  await byTestId('login-submit').trigger('click')
  await flushPromises()
}

beforeEach(() => {
  ({ uni, pinia } = freshPage())
})

afterEach(() => closePage(wrapper))

describe('login page: inline validation', () => {
  it('shows no problem before the user has typed or submitted', () => {
    mountPage()
    expect(byTestId('login-user-id-error').exists()).toBe(false)
    expect(byTestId('login-user-name-error').exists()).toBe(false)
  })

  it('an empty submit names both missing fields and does not log in', async () => {
    mountPage()
    await submit()
    expect(byTestId('login-user-id-error').text()).toBe('Enter a user ID.')
    expect(byTestId('login-user-name-error').text()).toBe('Enter a display name.')
    expect(fakeZim.session.login).not.toHaveBeenCalled()
    expect(uni.reLaunch).not.toHaveBeenCalled()
  })

  it('a 33-byte user ID is refused with the byte limit', async () => {
    mountPage()
    await fill('a'.repeat(33), 'Alice')
    expect(byTestId('login-user-id-error').text()).toBe('A user ID can have at most 32 bytes.')
    await submit()
    expect(fakeZim.session.login).not.toHaveBeenCalled()
  })

  it('32 ASCII bytes are accepted', async () => {
    mountPage()
    await fill('a'.repeat(32), 'Alice')
    expect(byTestId('login-user-id-error').exists()).toBe(false)
    await submit()
    expect(fakeZim.session.login).toHaveBeenCalledWith('a'.repeat(32), 'Alice')
  })

  it.each([
    ['a space', 'al ice'],
    ['Chinese characters', '张三'],
  ])('a user ID with %s breaks the charset rule', async (_what, id) => {
    mountPage()
    await fill(id, 'Alice')
    expect(byTestId('login-user-id-error').text()).toBe('A user ID can only use digits, letters and !#$%&()+-:;<=.>?@[]^_{}|~ (no spaces).')
    await submit()
    expect(fakeZim.session.login).not.toHaveBeenCalled()
  })

  it('a blank display name is refused even when the ID is fine', async () => {
    mountPage()
    await fill('alice', '   ')
    await submit()
    expect(byTestId('login-user-id-error').exists()).toBe(false)
    expect(byTestId('login-user-name-error').text()).toBe('Enter a display name.')
    expect(fakeZim.session.login).not.toHaveBeenCalled()
  })

  it('the message goes away once the input is fixed', async () => {
    mountPage()
    await fill('al ice', 'Alice')
    expect(byTestId('login-user-id-error').exists()).toBe(true)
    await byTestId('login-user-id').setValue('alice')
    expect(byTestId('login-user-id-error').exists()).toBe(false)
  })
})

describe('login page: submit', () => {
  it('logs in with the ID and the trimmed name, then goes to the conversation list', async () => {
    mountPage()
    await fill('alice', '  Alice Liddell  ')
    await submit()
    expect(fakeZim.session.login).toHaveBeenCalledTimes(1)
    expect(fakeZim.session.login).toHaveBeenCalledWith('alice', 'Alice Liddell')
    expect(uni.reLaunch).toHaveBeenCalledTimes(1)
    expect(uni.reLaunch).toHaveBeenCalledWith({ url: CONVERSATIONS })
  })

  it('a failed login shows useZim\'s error and stays on the page', async () => {
    mountPage()
    fakeZim.session.login.mockImplementation(async () => {
      fakeState.error.value = ({ message: 'zim.6000103', code: 6000103, rule: 'zim.6000103' })
      throw new Error('rejected')
    })
    await fill('alice', 'Alice')
    await submit()
    expect(byTestId('login-error').text()).toBe('The sign-in token was rejected.')
    // The code stays for support, on its own line.
    expect(byTestId('login-error-details').text()).toBe('Error code 6000103')
    expect(uni.reLaunch).not.toHaveBeenCalled()
    // The button is usable again for another try.
    expect(byTestId('login-submit').attributes('disabled')).toBeUndefined()
  })

  it('shows no error element while there is no error', () => {
    mountPage()
    expect(byTestId('login-error').exists()).toBe(false)
  })

  it('a second tap while signing in does not log in twice', async () => {
    mountPage()
    let finish: () => void = () => {}
    fakeZim.session.login.mockImplementation(() => new Promise<void>((resolve) => {
      finish = resolve
    }))
    await fill('alice', 'Alice')
    await byTestId('login-submit').trigger('click')
    await byTestId('login-user-id').trigger('confirm')
    expect(fakeZim.session.login).toHaveBeenCalledTimes(1)
    expect(byTestId('login-submit').text()).toBe('Signing in…')
    finish()
    await flushPromises()
    expect(uni.reLaunch).toHaveBeenCalledTimes(1)
  })
})

describe('login page: restoring a saved session', () => {
  it('goes straight to the conversation list when restoreSession answers true', async () => {
    mountPage()
    fakeZim.session.restore.mockResolvedValue(true)
    await runHook('onLoad', {})
    await flushPromises()
    expect(fakeZim.session.restore).toHaveBeenCalledTimes(1)
    expect(uni.reLaunch).toHaveBeenCalledWith({ url: CONVERSATIONS })
  })

  it('stays on the login form when nobody was signed in', async () => {
    mountPage()
    await runHook('onLoad', {})
    await flushPromises()
    expect(fakeZim.session.restore).toHaveBeenCalledTimes(1)
    expect(uni.reLaunch).not.toHaveBeenCalled()
    expect(byTestId('login-submit').attributes('disabled')).toBeUndefined()
  })

  it('keeps the submit button disabled while the restore is running', async () => {
    mountPage()
    let answer: (value: boolean) => void = () => {}
    fakeZim.session.restore.mockImplementation(() => new Promise<boolean>((resolve) => {
      answer = resolve
    }))
    const loading = runHook('onLoad', {})
    await flushPromises()
    expect(byTestId('login-submit').attributes('disabled')).toBeDefined()
    answer(false)
    await loading
    await flushPromises()
    expect(byTestId('login-submit').attributes('disabled')).toBeUndefined()
  })
})
