// The outbox through the engine, against a scripted SDK under fake timers: shown at once,
// kept across a reload, sent in order and paced when the connection is back, failures
// that show why, and resend under the same id.
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createZimEngine, type EngineOptions, type ZimEngine } from '@/composables/zim/engine'
import { createOutbox, newOutboxID, outboxKey, type OutboxItem } from '@/composables/zim/outbox'
import { memoryStorage, type KeyValueStorage } from '@/composables/zim/persistence'
import { manualPlatform } from '@/composables/zim/platform'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { useSessionStore } from '@/stores/session'
import type { ZIMMessage } from '@/zim/types'
import { ScriptedZim, scriptedStatic, zimErr } from '../helpers/scriptedZim'

const engines: ZimEngine[] = []

function app(options: { storage?: KeyValueStorage, engine?: Partial<EngineOptions>, script?: (sdk: ScriptedZim) => void } = {}) {
  const pinia = createPinia()
  const { zim, instances } = scriptedStatic(options.script)
  const platform = manualPlatform()
  const storage = options.storage ?? memoryStorage()
  const engine = createZimEngine({
    zim,
    appID: 1,
    fetchToken: async () => ({ token: `04${'0'.repeat(60)}`, expireAt: 0 }),
    storage,
    loginTimeoutMs: 5000,
    retryDelay: () => 500,
    autoReconnect: true,
    messageEvents: 'current',
    historyPageSize: 20,
    sendGapMs: 110,
    pinia,
    platform: platform.signals,
    ...options.engine,
  })
  engines.push(engine)
  return {
    engine,
    storage,
    platform,
    sdk: () => instances[instances.length - 1],
    session: useSessionStore(pinia),
    messages: useMessagesStore(pinia),
    conversations: useConversationsStore(pinia),
    list: (peer = 'peer') => useMessagesStore(pinia).listFor(peer, 0),
  }
}

const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms)
const sends = (sdk: ScriptedZim) => sdk.calls.filter(c => c.method === 'sendMessage')
const sentTexts = (sdk: ScriptedZim) => sends(sdk).map(c => (c.args[0] as { message: string }).message)

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  for (const engine of engines.splice(0))
    engine.destroy()
  vi.useRealTimers()
})

describe('offline sends', () => {
  it('are shown at once as sending, kept in storage, and sent in order, paced, once back', async () => {
    const a = app()
    await a.engine.login('me', 'Me')
    const sdk = a.sdk()
    a.platform.setOnline(false)
    sdk.drop(3)
    const results = ['one', 'two', 'three', 'four'].map(text => a.engine.sendText('peer', text))
    await tick()
    expect(a.list().map(e => [e.text, e.status])).toEqual([['one', 'sending'], ['two', 'sending'], ['three', 'sending'], ['four', 'sending']])
    expect(sends(sdk)).toHaveLength(0)
    // The conversation list shows it too, before the SDK has seen it.
    expect(a.conversations.ordered[0]).toMatchObject({ conversationID: 'peer', lastMessage: { message: 'four' } })
    const kept = JSON.parse(a.storage.get(outboxKey('me'))!) as OutboxItem[]
    expect(kept.map(i => (i.message as unknown as { message: string }).message)).toEqual(['one', 'two', 'three', 'four'])

    a.platform.setOnline(true)
    await tick(2000)
    expect(sentTexts(sdk)).toEqual(['one', 'two', 'three', 'four'])
    const at = sends(sdk).map(c => c.at)
    for (let i = 1; i < at.length; i++)
      expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(110)
    expect(a.list().map(e => e.status)).toEqual(['sent', 'sent', 'sent', 'sent'])
    // Each message went with its outbox id as localMessageID, and the list kept that id.
    expect(sends(sdk).map(c => (c.args[0] as ZIMMessage).localMessageID)).toEqual(a.list().map(e => e.localMessageID))
    await expect(Promise.all(results)).resolves.toHaveLength(4)
    expect(a.storage.get(outboxKey('me'))).toBeNull()
  })

  it('sending while connected is paced too: no 6000004 even for a burst', async () => {
    const a = app()
    await a.engine.login('me', 'Me')
    const sdk = a.sdk()
    const burst = Array.from({ length: 10 }, (_, i) => a.engine.sendText('peer', `m${i}`))
    await tick(2000)
    await Promise.all(burst)
    expect(sends(sdk)).toHaveLength(10)
    expect(a.list().every(e => e.status === 'sent')).toBe(true)
  })

  it('different conversations are not held up by each other', async () => {
    const a = app()
    await a.engine.login('me', 'Me')
    const sdk = a.sdk()
    void a.engine.sendText('p1', 'a').catch(() => undefined)
    void a.engine.sendText('p2', 'b').catch(() => undefined)
    await tick()
    expect(sends(sdk).map(c => c.args[1])).toEqual(['p1', 'p2'])
  })

  it('a 6000004 from the SDK (someone else sent just before) waits and goes again', async () => {
    const a = app()
    await a.engine.login('me', 'Me')
    const sdk = a.sdk()
    await sdk.sendMessage({ type: 1, message: 'outside the outbox' }, 'peer', 0, {})
    const done = a.engine.sendText('peer', 'paced')
    await tick(500)
    await done
    expect(sends(sdk).map(c => (c.args[0] as { message: string }).message)).toEqual(['outside the outbox', 'paced', 'paced'])
    expect(a.list().find(e => e.text === 'paced')?.status).toBe('sent')
  })
})

describe('failures', () => {
  it('a transient failure while connected is tried again under the same id; the SDK\'s "failed" event does not show', async () => {
    const a = app({ script: sdk => (sdk.sendScript = [zimErr(6000104), zimErr(6000104)]) })
    await a.engine.login('me', 'Me')
    const sdk = a.sdk()
    const done = a.engine.sendText('peer', 'hello')
    await tick()
    expect(a.list()[0].status).toBe('sending')
    await tick(5000)
    await done
    const ids = new Set(sends(sdk).map(c => (c.args[0] as ZIMMessage).localMessageID))
    expect(sends(sdk)).toHaveLength(3)
    expect(ids.size).toBe(1)
    expect(a.list()).toHaveLength(1)
    expect(a.list()[0].status).toBe('sent')
  })

  it('a send cut by a drop waits for the reconnect and goes again (not counted as a failure)', async () => {
    const a = app({ engine: { sendPolicy: { text: { maxAttempts: 1 } } } })
    await a.engine.login('me', 'Me')
    const sdk = a.sdk()
    sdk.sendScript = ['hang']
    const done = a.engine.sendText('peer', 'cut')
    await tick()
    // The link drops: the SDK reports Reconnecting, then fails the send with 6000104.
    sdk.drop(3, 3)
    sdk.loggedIn = false
    sdk.failHung(zimErr(6000104))
    await tick(200)
    expect(a.list()[0].status).toBe('sending')
    sdk.loggedIn = true
    sdk.emit('connectionStateChanged', { state: 2, event: 0, extendedData: '' })
    await tick(2000)
    await done
    expect(a.list()[0].status).toBe('sent')
  })

  it('too many transient failures while connected: failed with the reason; resend goes under the same id', async () => {
    const a = app({ engine: { sendPolicy: { text: { maxAttempts: 2, retryDelay: () => 100 } } }, script: sdk => (sdk.sendScript = [zimErr(6000104), zimErr(6000104)]) })
    await a.engine.login('me', 'Me')
    const sdk = a.sdk()
    const done = a.engine.sendText('peer', 'stubborn').catch(e => e)
    await tick(1000)
    expect(await done).toMatchObject({ code: 6000104 })
    const [entry] = a.list()
    expect(entry.status).toBe('failed')
    expect(entry.error).toEqual({ code: 6000104, message: 'zim.6000104' })
    const again = a.engine.resend('peer', 0, entry.localMessageID!)
    expect(a.list()[0].status).not.toBe('failed')
    await tick(500)
    await again
    expect(a.list()).toHaveLength(1)
    expect(a.list()[0].status).toBe('sent')
    expect(new Set(sends(sdk).map(c => (c.args[0] as ZIMMessage).localMessageID)).size).toBe(1)
  })

  it('a refused message (6000001) fails at once with the reason and offers resend', async () => {
    const a = app({ script: sdk => (sdk.sendScript = [zimErr(6000001, 'API.sendMessage: text.maxBytes: too long')]) })
    await a.engine.login('me', 'Me')
    const err = await a.engine.sendText('peer', 'refused').catch(e => e)
    expect(err).toMatchObject({ code: 6000001 })
    expect(a.list()[0]).toMatchObject({ status: 'failed', error: { code: 6000001 } })
    // Words come from the page (src/locale); the store keeps the key and the code.
    expect(a.list()[0].error).toEqual({ code: 6000001, message: 'error.service' })
    expect(a.engine.outboxItems()).toMatchObject([{ state: 'failed' }])
    // A double tap on resend cannot send twice.
    const first = a.engine.resend('peer', 0, a.list()[0].localMessageID!)
    await expect(a.engine.resend('peer', 0, a.list()[0].localMessageID!)).rejects.toMatchObject({ rule: 'resend.unknown' })
    await tick(500)
    await first
    expect(a.list()[0].status).toBe('sent')
  })

  it('logout drops the outbox: waiting callers are told, nothing is kept', async () => {
    const a = app()
    await a.engine.login('me', 'Me')
    a.sdk().drop(3)
    a.platform.setOnline(false)
    const waiting = a.engine.sendText('peer', 'never').catch(e => e)
    await tick()
    a.engine.logout()
    expect(await waiting).toMatchObject({ rule: 'send.cancelled' })
    expect(a.storage.get(outboxKey('me'))).toBeNull()
  })

  it('without a signed-in user: the text stays as a failed copy, with the reason', async () => {
    const a = app()
    await expect(a.engine.sendText('peer', 'nobody')).rejects.toMatchObject({ code: 6000121 })
    expect(a.list()).toMatchObject([{ text: 'nobody', status: 'failed' }])
  })
})

describe('a reload', () => {
  it('shows the kept messages again (sending and failed) and sends the pending ones once connected', async () => {
    const storage = memoryStorage()
    const first = app({ storage, script: sdk => (sdk.sendScript = [zimErr(6000001, 'refused')]) })
    await first.engine.login('me', 'Me')
    await first.engine.sendText('peer', 'bad').catch(() => undefined)
    first.platform.setOnline(false)
    first.sdk().drop(3)
    void first.engine.sendText('peer', 'typed offline 1').catch(() => undefined)
    void first.engine.sendText('peer', 'typed offline 2').catch(() => undefined)
    await tick()
    // The page goes away without logging out; a new app starts on the same storage.
    const second = app({ storage, script: sdk => (sdk.loginScript = [zimErr(6000104)]) })
    const restoring = second.engine.restoreSession()
    await tick()
    expect(second.list().map(e => [e.text, e.status])).toEqual([['bad', 'failed'], ['typed offline 1', 'sending'], ['typed offline 2', 'sending']])
    expect(second.list()[0].error).toMatchObject({ message: 'error.service' })
    expect(await restoring).toBe(true)
    await tick(1000)
    expect(second.session.connection).toBe('connected')
    await tick(1000)
    expect(sentTexts(second.sdk())).toEqual(['typed offline 1', 'typed offline 2'])
    expect(second.list().map(e => e.status)).toEqual(['failed', 'sent', 'sent'])
    // The failed one is still offered for resend after the reload.
    const resent = second.engine.resend('peer', 0, second.list()[0].localMessageID!)
    await tick(500)
    await resent
    expect(second.list().map(e => e.status)).toEqual(['sent', 'sent', 'sent'])
  })
})

describe('the outbox on its own', () => {
  it('ids are unique and short enough to be an idempotency key', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newOutboxID()))
    expect(ids.size).toBe(5000)
    for (const id of ids)
      expect(id.length).toBeLessThanOrEqual(32)
  })

  it('keeps at least gapMs between two tries to one conversation, and waits while it cannot send', async () => {
    let connected = false
    const at: number[] = []
    const outbox = createOutbox({
      storage: memoryStorage(),
      send: async (item) => {
        at.push(Date.now())
        return { ...item.message, messageID: item.id } as ZIMMessage
      },
      canSend: () => connected,
      classify: () => 'transient',
      describe: () => ({ message: 'x' }),
      gapMs: 100,
      policy: () => ({ maxAttempts: 3, retryDelay: () => 10 }),
    })
    outbox.setUser('me')
    const item = (n: number): OutboxItem => ({
      id: `id${n}`, conversationID: 'c', conversationType: 0, message: { type: 1, message: `m${n}` } as ZIMMessage,
      kind: 'text', priority: 1, createdAt: n, state: 'pending', attempts: 0, persist: true,
    })
    const done = [1, 2, 3, 4, 5].map(n => outbox.enqueue(item(n)))
    await tick(1000)
    expect(at).toEqual([])
    connected = true
    outbox.resume()
    await tick(1000)
    await Promise.all(done)
    expect(at).toHaveLength(5)
    for (let i = 1; i < at.length; i++)
      expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(100)
    expect(outbox.size).toBe(0)
  })

  it('gives each kind its own tries: an upload keeps going where a text has given up', async () => {
    const tries = new Map<string, number>()
    const failed: string[] = []
    const outbox = createOutbox({
      storage: memoryStorage(),
      send: async (item) => {
        tries.set(item.id, (tries.get(item.id) ?? 0) + 1)
        throw new Error('network')
      },
      canSend: () => true,
      classify: () => 'transient',
      describe: () => ({ message: 'network' }),
      gapMs: 0,
      policy: kind => (kind === 'upload' ? { maxAttempts: 5, retryDelay: () => 1000 } : { maxAttempts: 2, retryDelay: () => 10 }),
      onFailed: item => void failed.push(item.id),
    })
    outbox.setUser('me')
    const item = (id: string, kind: OutboxItem['kind'], conversationID: string): OutboxItem => ({
      id, conversationID, conversationType: 0, message: { type: 1, message: id } as ZIMMessage,
      kind, priority: 1, createdAt: 1, state: 'pending', attempts: 0, persist: true,
    })
    const text = outbox.enqueue(item('t', 'text', 'c1')).catch(() => 'failed')
    const upload = outbox.enqueue(item('u', 'upload', 'c2')).catch(() => 'failed')
    await tick(100)
    expect(await text).toBe('failed')
    expect(tries.get('t')).toBe(2)
    expect(failed).toEqual(['t'])
    expect(outbox.get('u')?.state).toBe('pending')
    await tick(10_000)
    expect(await upload).toBe('failed')
    expect(tries.get('u')).toBe(5)
    expect(failed).toEqual(['t', 'u'])
  })
})
