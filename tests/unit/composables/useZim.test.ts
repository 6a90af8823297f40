// useZim itself, over a stand-in engine: what the banner's retry does, the reactive state
// pages read, options given twice, the guard against a replaced engine, scope cleanup.
import { createPinia, setActivePinia } from 'pinia'
import { effectScope, nextTick } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { disposeZim, useZim, useZimDiagnostics } from '@/composables/useZim'
import { useSessionStore } from '@/stores/session'

const engines = vi.hoisted(() => [] as ReturnType<typeof makeEngine>[])

function makeEngine() {
  return {
    login: vi.fn(async (_userID: string, _userName: string) => undefined),
    destroy: vi.fn(),
    openConversation: vi.fn(async () => undefined),
    closeConversation: vi.fn(),
    connectionPhase: vi.fn(() => 'idle'),
    currentClient: vi.fn(() => null),
    isRetryPending: vi.fn(() => false),
    outboxItems: vi.fn(() => []),
    renewToken: vi.fn(async () => undefined),
    subscribe: vi.fn(() => () => undefined),
  }
}

vi.mock('@/composables/zim/engine', async importOriginal => ({
  ...await importOriginal<typeof import('@/composables/zim/engine')>(),
  createZimEngine: () => {
    const engine = makeEngine()
    engines.push(engine)
    return engine
  },
}))

const last = () => engines[engines.length - 1]

beforeEach(() => {
  setActivePinia(createPinia())
  engines.length = 0
})
afterEach(() => {
  disposeZim()
  vi.restoreAllMocks()
})

describe('useZim().session.signInAgain', () => {
  it('logs the session\'s user in again', () => {
    useSessionStore().setUser({ userID: 'alice', userName: 'Alice' })
    useZim().session.signInAgain()
    expect(last().login).toHaveBeenCalledWith('alice', 'Alice')
  })

  it('does nothing when nobody is signed in', () => {
    useZim().session.signInAgain()
    expect(last().login).not.toHaveBeenCalled()
  })

  it('leaves a failed sign-in to the banner: nothing is rejected at the caller', async () => {
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    const zim = useZim()
    last().login.mockImplementation(async () => {
      throw new Error('refused')
    })
    useSessionStore().setUser({ userID: 'alice', userName: 'Alice' })
    expect(zim.session.signInAgain()).toBeUndefined()
    // The rejection is handled in the same microtask chain; a macrotask later it would have surfaced.
    await new Promise(resolve => setImmediate(resolve))
    process.off('unhandledRejection', unhandled)
    expect(last().login).toHaveBeenCalledTimes(1)
    expect(unhandled).not.toHaveBeenCalled()
  })
})

describe('useZim state and lifecycle', () => {
  it('connection, user and error follow the session store', async () => {
    const zim = useZim()
    expect(zim.connection.value).toEqual({ phase: 'idle', reason: '', error: null })
    const session = useSessionStore()
    session.setUser({ userID: 'alice', userName: 'Alice' })
    session.setConnection('reconnecting', 'connection.lostRetrying')
    session.setError({ rule: 'network.timeout', message: 'late' })
    await nextTick()
    expect(zim.connection.value).toEqual({ phase: 'reconnecting', reason: 'connection.lostRetrying', error: null })
    expect(zim.user.value).toEqual({ userID: 'alice', userName: 'Alice' })
    expect(zim.error.value).toEqual({ rule: 'network.timeout', message: 'late' })
  })

  it('builds one engine; a second call with other options warns instead of ignoring them silently', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    useZim({ historyPageSize: 10 })
    useZim()
    useZim({ historyPageSize: 10 })
    expect(warn).not.toHaveBeenCalled()
    useZim({ historyPageSize: 50 })
    expect(engines).toHaveLength(1)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0][0])).toMatch(/options differ/)
  })

  it('close() destroys the engine; the next call builds a fresh one without a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    useZim({ historyPageSize: 10 }).close()
    expect(engines[0].destroy).toHaveBeenCalledTimes(1)
    useZim({ historyPageSize: 50 })
    expect(engines).toHaveLength(2)
    expect(warn).not.toHaveBeenCalled()
  })

  it('a caller kept across a replaced engine talks to the live one', async () => {
    const zim = useZim()
    disposeZim()
    useZim()
    await zim.chat.open('bob')
    expect(engines[0].openConversation).not.toHaveBeenCalled()
    expect(engines[1].openConversation).toHaveBeenCalledWith('bob', undefined)
  })

  it('closes what a scope opened when the scope ends, but never on an engine that replaced its own', async () => {
    const scope = effectScope()
    await scope.run(() => useZim().chat.open('bob'))
    scope.stop()
    expect(engines[0].closeConversation).toHaveBeenCalledWith('bob')

    const stale = effectScope()
    await stale.run(() => useZim().chat.open('carol'))
    disposeZim()
    useZim()
    stale.stop()
    expect(engines[1].closeConversation).not.toHaveBeenCalled()
  })

  it('diagnostics are a separate export over the same engine', () => {
    useZim()
    const diagnostics = useZimDiagnostics()
    expect(engines).toHaveLength(1)
    expect(diagnostics.machinePhase()).toBe('idle')
    expect(diagnostics.isRetryPending()).toBe(false)
  })
})
