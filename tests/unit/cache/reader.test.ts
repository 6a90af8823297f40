import { describe, expect, it } from 'vitest'
import { cacheReader } from '@/cache/reader'
import { indexKey, messagesKey } from '@/cache/format'
import { memoryStorage, saveSession } from '@/composables/zim/persistence'

function seeded() {
  const storage = memoryStorage()
  storage.set(indexKey('alice'), JSON.stringify({ v: 1, used: { '0:bob': 10, '2:g1': 30, '0:carol': 20 }, bytes: {} }))
  storage.set(messagesKey('alice', '0:bob'), JSON.stringify([{ key: 'm:1', messageID: '1', text: 'hi' }]))
  return storage
}

describe('cacheReader', () => {
  it('lists the keys most recently used first and reads one conversation', () => {
    const reader = cacheReader(seeded(), 'alice')
    expect(reader.keys()).toEqual(['2:g1', '0:carol', '0:bob'])
    expect(reader.messages('0:bob').map(m => m.text)).toEqual(['hi'])
    expect(reader.messages('0:carol')).toEqual([])
  })

  it('reads the remembered user by default and is empty for nobody', () => {
    const storage = seeded()
    expect(cacheReader(storage).keys()).toEqual([])
    saveSession(storage, { userID: 'alice', userName: 'Alice' })
    expect(cacheReader(storage).keys()).toHaveLength(3)
    expect(cacheReader(storage, 'bob').keys()).toEqual([])
  })

  it('treats a torn value as no cache', () => {
    const storage = seeded()
    storage.set(messagesKey('alice', '0:bob'), '[{"key"')
    storage.set(indexKey('alice'), 'not json')
    const reader = cacheReader(storage, 'alice')
    expect(reader.keys()).toEqual([])
    expect(reader.messages('0:bob')).toEqual([])
  })
})
