// useZim().signInAgain: what the connection banner's retry and sign-in buttons do on
// every page — the signed-in user again, with the outcome left to the banner.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { disposeZim, useZim } from '@/composables/useZim'
import { useSessionStore } from '@/stores/session'

const engine = vi.hoisted(() => ({
  login: vi.fn(async (_userID: string, _userName: string) => undefined),
  destroy: vi.fn(),
  openConversation: vi.fn(),
  closeConversation: vi.fn(),
}))

vi.mock('@/composables/zim/engine', async importOriginal => ({
  ...await importOriginal<typeof import('@/composables/zim/engine')>(),
  createZimEngine: () => engine,
}))

describe('useZim().signInAgain', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    engine.login.mockReset()
    engine.login.mockImplementation(async () => undefined)
  })
  afterEach(() => disposeZim())

  it('logs the session\'s user in again', () => {
    useSessionStore().setUser({ userID: 'alice', userName: 'Alice' })
    useZim().signInAgain()
    expect(engine.login).toHaveBeenCalledWith('alice', 'Alice')
  })

  it('does nothing when nobody is signed in', () => {
    useZim().signInAgain()
    expect(engine.login).not.toHaveBeenCalled()
  })

  it('leaves a failed sign-in to the banner: nothing is rejected at the caller', async () => {
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    engine.login.mockImplementation(async () => {
      throw new Error('refused')
    })
    useSessionStore().setUser({ userID: 'alice', userName: 'Alice' })
    expect(useZim().signInAgain()).toBeUndefined()
    await new Promise(resolve => setTimeout(resolve, 0))
    process.off('unhandledRejection', unhandled)
    expect(engine.login).toHaveBeenCalledTimes(1)
    expect(unhandled).not.toHaveBeenCalled()
  })
})
