import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCacheWriter, toCached, utf8Length, type CacheBounds } from '@/cache/writer'
import { cacheReader } from '@/cache/reader'
import { indexKey, listKey, messagesKey, readIndex } from '@/cache/format'
import { memoryStorage, type KeyValueStorage } from '@/composables/zim/persistence'
import type { MessageEntry } from '@/stores/messages'
import type { ZIMConversation } from '@/zim/types'
import { toEntry } from '@/stores/messageList'
import { conversation, incoming } from '../stores/factories'

const BOUNDS: CacheBounds = { maxBytes: 1_000_000, maxKeyBytes: 200_000, maxMessages: 500, quietMs: 1000, maxDelayMs: 5000 }

function entries(peer: string, n: number, text = 'x'.repeat(100)): MessageEntry[] {
  return Array.from({ length: n }, (_, i) => toEntry(incoming(`${peer}-${i}`, 1000 + i, i + 1, { conversationID: peer, message: text }))!)
}

/** What one conversation of n messages takes in storage. */
const sizeOf = (n: number) => utf8Length(JSON.stringify(entries('p', n).map(toCached)))

// A clock that moves on every reading (last use is an order), or the timers' own clock.
function setup(over: Partial<CacheBounds> = {}, storage: KeyValueStorage = memoryStorage(), realClock = false) {
  const held: Record<string, MessageEntry[]> = {}
  let list: ZIMConversation[] = []
  let clock = 1
  const flushes: number[] = []
  const writer = createCacheWriter({
    storage,
    bounds: { ...BOUNDS, ...over },
    now: realClock ? () => Date.now() : () => clock++,
    source: { conversations: () => list, messages: key => held[key] ?? [] },
    onFlush: stats => flushes.push(stats.keys),
  })
  writer.setUser('alice')
  const put = (peer: string, n: number, text?: string) => {
    held[`0:${peer}`] = entries(peer, n, text)
    writer.markMessages(`0:${peer}`)
  }
  return { storage, writer, put, held, flushes, setList: (l: ZIMConversation[]) => { list = l }, reader: cacheReader(storage, 'alice') }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('the cache writer', () => {
  it('writes nothing until a quiet period has passed, then one key per tick', async () => {
    vi.useFakeTimers()
    const { writer, put, storage, flushes } = setup({}, memoryStorage(), true)
    put('bob', 3)
    put('carol', 3)
    vi.advanceTimersByTime(999)
    expect(storage.get(messagesKey('alice', '0:bob'))).toBeNull()
    put('bob', 4) // a new change restarts the quiet period
    vi.advanceTimersByTime(999)
    expect(writer.pending()).toBe(2)
    vi.advanceTimersByTime(1)
    // The first key went in this tick, the second waits for the next one.
    expect(writer.pending()).toBe(1)
    await vi.runAllTimersAsync()
    expect(writer.pending()).toBe(0)
    expect(flushes).toEqual([2])
  })

  it('flushes at the latest maxDelayMs after the first change, however busy the chat is', () => {
    vi.useFakeTimers()
    const { writer, put } = setup({ maxDelayMs: 3000 }, memoryStorage(), true)
    for (let i = 1; i <= 7; i++) { // a change every 500 ms: never quiet for 1000 ms
      put('bob', i)
      vi.advanceTimersByTime(500)
    }
    expect(writer.pending()).toBe(0)
  })

  it('keeps only cacheable fields and the newest maxMessages of a conversation', () => {
    const { writer, put, reader } = setup({ maxMessages: 50 })
    put('bob', 120)
    writer.flushNow()
    const cached = reader.messages('0:bob')
    expect(cached).toHaveLength(50)
    expect(cached[0].messageID).toBe('bob-70')
    expect(cached[49].messageID).toBe('bob-119')
    expect(cached[0]).not.toHaveProperty('raw')
    expect(cached[0]).not.toHaveProperty('progress')
  })

  it('leaves sends that are not through to the outbox', () => {
    const { writer, held, reader } = setup()
    held['0:bob'] = [...entries('bob', 2), { ...entries('bob', 1)[0], messageID: undefined, localMessageID: 'L1', status: 'sending', key: 'l:L1' }]
    writer.markMessages('0:bob')
    writer.flushNow()
    expect(reader.messages('0:bob').map(m => m.messageID)).toEqual(['bob-0', 'bob-1'])
  })

  it('cuts the oldest messages so that a key stays within maxKeyBytes', () => {
    const { writer, put, storage } = setup({ maxKeyBytes: 20_000 })
    put('bob', 300)
    writer.flushNow()
    const text = storage.get(messagesKey('alice', '0:bob'))!
    expect(utf8Length(text)).toBeLessThanOrEqual(20_000)
    const kept = JSON.parse(text) as MessageEntry[]
    expect(kept.length).toBeGreaterThan(50)
    expect(kept[kept.length - 1].messageID).toBe('bob-299')
    expect(readIndex(storage, 'alice').bytes[messagesKey('alice', '0:bob')]).toBe(utf8Length(text))
  })

  it('counts sizes in UTF-8 bytes (CJK is three bytes, an emoji four)', () => {
    expect(utf8Length('abc')).toBe(3)
    expect(utf8Length('你好')).toBe(6)
    expect(utf8Length('é')).toBe(2)
    expect(utf8Length('😀')).toBe(4)
  })

  it('evicts the least recently used conversations to stay within maxBytes', () => {
    const one = sizeOf(100)
    const { writer, put, reader, storage } = setup({ maxBytes: Math.floor(4.5 * one) })
    for (const peer of ['a', 'b', 'c', 'd'])
      put(peer, 100)
    writer.flushNow()
    writer.touch('0:a') // opened: now the most recently used
    put('e', 100)
    writer.flushNow()
    const keys = reader.keys()
    expect(keys[0]).toBe('0:e')
    expect(keys).toContain('0:a')
    expect(keys).not.toContain('0:b') // the least recently used went first
    expect(storage.get(messagesKey('alice', '0:b'))).toBeNull()
    expect(writer.size().bytes).toBeLessThanOrEqual(4.5 * one + utf8Length(storage.get(indexKey('alice'))!))
    const held = Object.entries(readIndex(storage, 'alice').bytes).reduce((sum, [key, size]) => {
      expect(utf8Length(storage.get(key)!)).toBe(size)
      return sum + size
    }, 0)
    expect(held).toBeLessThanOrEqual(4.5 * one)
  })

  it('handles a quota error by evicting, never by throwing', () => {
    const base = memoryStorage()
    const limit = Math.floor(2.5 * sizeOf(100)) // room for two conversations and the index
    let used = 0
    const sizes = new Map<string, number>()
    const quota: KeyValueStorage = {
      get: key => base.get(key),
      remove: (key) => {
        used -= sizes.get(key) ?? 0
        sizes.delete(key)
        base.remove(key)
      },
      set: (key, value) => {
        const next = used - (sizes.get(key) ?? 0) + value.length
        if (next > limit) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
        used = next
        sizes.set(key, value.length)
        base.set(key, value)
      },
    }
    const { writer, put, reader } = setup({}, quota)
    for (const peer of ['a', 'b', 'c'])
      put(peer, 100)
    expect(() => writer.flushNow()).not.toThrow()
    expect(reader.keys()).toEqual(['0:c', '0:b'])
    expect(reader.messages('0:a')).toEqual([])
    // One key bigger than the whole quota is not kept, and nothing else is lost for it.
    put('huge', 300)
    expect(() => writer.flushNow()).not.toThrow()
    expect(reader.keys()).not.toContain('0:huge')
  })

  it('writes the conversation list newest first, cut at its oldest end', () => {
    const { writer, setList, storage } = setup({ maxKeyBytes: 5000 })
    setList(Array.from({ length: 100 }, (_, i) => conversation(`p${i}`, { orderKey: 100 - i })))
    writer.markList()
    writer.flushNow()
    const list = JSON.parse(storage.get(listKey('alice'))!) as ZIMConversation[]
    expect(list.length).toBeGreaterThan(5)
    expect(list.length).toBeLessThan(100)
    expect(list[0].conversationID).toBe('p0')
  })

  it('is per user, and clear forgets only that user', () => {
    const { writer, put, storage } = setup()
    put('bob', 3)
    writer.flushNow()
    writer.setUser('bob')
    writer.markMessages('0:alice')
    writer.flushNow() // bob has nothing in his store for alice: nothing written for him
    expect(cacheReader(storage, 'bob').keys()).toEqual([])
    writer.setUser('alice')
    writer.clear('alice')
    expect(cacheReader(storage, 'alice').keys()).toEqual([])
    expect(storage.get(messagesKey('alice', '0:bob'))).toBeNull()
    writer.markMessages('0:bob')
    expect(writer.pending()).toBe(0) // nobody to write for
  })
})
