// One signed-in tab per account: the lock is held while connected, let go when kicked out,
// and another tab finds it taken. A small in-memory Web Locks stands in for the browser's.
import { nextTick } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useTabSession, type TabLocks } from '@/composables/useTabSession'
import { fakeState, resetFakeZim } from '../../component/fakeZim'

vi.mock('@/composables/useZim', () => import('../../component/fakeZim'))

/** Web Locks' exclusive mode: one holder per name, a queue of waiters, ifAvailable answers null. */
function memoryLocks(): TabLocks & { holders: Set<string> } {
  const holders = new Set<string>()
  const queues = new Map<string, Array<() => void>>()
  const acquire = (name: string) => new Promise<void>((granted) => {
    if (!holders.has(name)) {
      holders.add(name)
      granted()
    }
    else {
      queues.set(name, [...(queues.get(name) ?? []), () => granted()])
    }
  })
  const letGo = (name: string) => {
    const next = queues.get(name)?.shift()
    if (next)
      next()
    else
      holders.delete(name)
  }
  return {
    holders,
    async request(name, options, callback) {
      if (options.ifAvailable && holders.has(name))
        return callback(null)
      await acquire(name)
      try {
        return await callback({ name })
      }
      finally {
        letGo(name)
      }
    },
  }
}

afterEach(() => resetFakeZim())

describe('useTabSession', () => {
  it('holds the account while connected, lets go when kicked out; another tab sees it in use', async () => {
    const locks = memoryLocks()
    // Another tab, signed in as liam.
    let otherTabLetsGo!: () => void
    void locks.request('zim-chat.session:liam', {}, () => new Promise<void>((done) => {
      otherTabLetsGo = done
    }))
    const tabs = useTabSession(locks)
    expect(await tabs.inUseElsewhere('liam')).toBe(true)
    expect(await tabs.inUseElsewhere('nora')).toBe(false)

    // This tab signs in as nora: now it holds nora, and nora is not "elsewhere" for it.
    fakeState.user.value = { userID: 'nora', userName: 'Nora' }
    fakeState.connection.value = { phase: 'connected', reason: 'connection.connected', error: null }
    await nextTick()
    await vi.waitFor(() => expect(locks.holders.has('zim-chat.session:nora')).toBe(true))
    expect(await tabs.inUseElsewhere('nora')).toBe(false)

    // Kicked out: it lets go, so the tab that took over can hold it.
    fakeState.connection.value = { phase: 'kickedOut', reason: 'connection.kickedOut', error: null }
    await nextTick()
    await vi.waitFor(() => expect(locks.holders.has('zim-chat.session:nora')).toBe(false))

    otherTabLetsGo()
    await vi.waitFor(async () => expect(await tabs.inUseElsewhere('liam')).toBe(false))
  })

  it('without Web Locks (WeChat) nothing is ever in use elsewhere', async () => {
    expect(await useTabSession(null).inUseElsewhere('liam')).toBe(false)
    expect(await useTabSession(null).savedUserInUseElsewhere()).toBeNull()
  })
})
