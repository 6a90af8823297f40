// Who was signed in survives a restart; only logout forgets it.
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  forgetSession, loadSavedSession, memoryStorage, saveSession, uniStorage, type KeyValueStorage,
} from '@/composables/zim/persistence'
import { createUniStub } from '../../helpers/uniStub'

const KEY = 'zim-chat.session'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('memoryStorage', () => {
  it('gets what was set, null for unknown keys, nothing after remove', () => {
    const s = memoryStorage()
    expect(s.get('a')).toBeNull()
    s.set('a', '1')
    expect(s.get('a')).toBe('1')
    s.remove('a')
    expect(s.get('a')).toBeNull()
  })

  it('each storage is separate', () => {
    const a = memoryStorage()
    const b = memoryStorage()
    a.set('k', 'v')
    expect(b.get('k')).toBeNull()
  })
})

describe('saved session', () => {
  it('round-trips the user through storage', () => {
    const s = memoryStorage()
    expect(loadSavedSession(s)).toBeNull()
    saveSession(s, { userID: 'alice', userName: 'Alice' })
    expect(loadSavedSession(s)).toEqual({ userID: 'alice', userName: 'Alice' })
  })

  it('forgetSession removes it', () => {
    const s = memoryStorage()
    saveSession(s, { userID: 'alice', userName: 'Alice' })
    forgetSession(s)
    expect(loadSavedSession(s)).toBeNull()
    expect(s.get(KEY)).toBeNull()
  })

  it.each([
    ['broken JSON', '{"userID":'],
    ['a missing name', '{"userID":"alice"}'],
    ['a non-string ID', '{"userID":7,"userName":"x"}'],
    ['a JSON string', '"alice"'],
    ['null', 'null'],
  ])('reads %s as nobody signed in', (_what, raw) => {
    const s = memoryStorage()
    s.set(KEY, raw)
    expect(loadSavedSession(s)).toBeNull()
  })

  it('a storage that throws on read counts as nobody signed in', () => {
    const s: KeyValueStorage = { get: () => { throw new Error('quota') }, set: () => {}, remove: () => {} }
    expect(loadSavedSession(s)).toBeNull()
  })
})

describe('uniStorage', () => {
  it('falls back to memory outside uni', () => {
    const s = uniStorage()
    s.set('a', '1')
    expect(s.get('a')).toBe('1')
  })

  it('uses uni storage where uni is present', () => {
    const uni = createUniStub()
    vi.stubGlobal('uni', uni)
    const s = uniStorage()
    saveSession(s, { userID: 'alice', userName: 'Alice' })
    expect(uni.setStorageSync).toHaveBeenCalledWith(KEY, JSON.stringify({ userID: 'alice', userName: 'Alice' }))
    // A later storage object (an app restart) reads the same data.
    expect(loadSavedSession(uniStorage())).toEqual({ userID: 'alice', userName: 'Alice' })
    forgetSession(s)
    expect(uni.removeStorageSync).toHaveBeenCalledWith(KEY)
  })

  it('reads uni\'s empty string for a missing key as null', () => {
    const uni = createUniStub()
    vi.stubGlobal('uni', uni)
    expect(uniStorage().get('missing')).toBeNull()
    expect(uni.getStorageSync).toHaveBeenCalledWith('missing')
  })
})
