// The local service under abuse: every malformed frame is answered (or the socket closed
// with the code for it), and each per-connection limit holds without losing anything.
import { WebSocket } from 'ws'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/server/app'
import type { Reply } from '../../src/zim/local/protocol'
import type { ZIMMessage } from '../../src/zim/types'
import { ok, sendText, TEST_APP_ID, TEST_SECRET, until, useTestServer } from './helpers/serverUsers'

type Text = ZIMMessage & { message: string }

const { server: running, users } = useTestServer({
  limits: { maxFrameBytes: 64 * 1024, maxInFlight: 2, maxReplyBytes: 8 * 1024, offlinePageMessages: 3 },
})
let server: RunningServer
beforeAll(() => {
  server = running()
})
afterEach(() => {
  server.faults.clearFrameFaults()
  users.closeAll()
})

/** Sends a raw text frame and waits for the next reply with a null id. */
async function anonymousReply(text: string): Promise<Reply> {
  const c = await users.connect()
  c.ws.send(text)
  await until(() => c.anonymous.length > 0, `a reply to ${text}`)
  return c.anonymous[0]!
}

function closeOf(ws: WebSocket): Promise<number> {
  return new Promise(resolve => ws.once('close', code => resolve(code)))
}

describe('malformed frames get an answer', () => {
  const unanswerable: [string, string, RegExp][] = [
    ['not JSON', 'not json', /not JSON/],
    ['truncated JSON', '{"id":1,"op":"login"', /not JSON/],
    ['a JSON array', '[1,2,3]', /JSON object.*an array/],
    ['JSON null', 'null', /JSON object.*null/],
    ['a JSON number', '42', /JSON object.*a number/],
    ['a JSON string', '"login"', /JSON object.*a string/],
    ['no id', '{"op":"login"}', /id must be a number.*got none/],
    ['a string id', '{"id":"7","op":"login"}', /id must be a number.*got "7"/],
    ['a fractional id', '{"id":1.5,"op":"login"}', /whole number.*got 1.5/],
    ['a negative id', '{"id":-1,"op":"login"}', /not be negative/],
  ]
  it.each(unanswerable)('%s: 6000001 with id null, naming the problem', async (_kind, text, message) => {
    const reply = await anonymousReply(text)
    expect(reply).toMatchObject({ id: null, ok: false, code: 6000001 })
    expect((reply as { message: string }).message).toMatch(message)
  })

  it('a missing or non-string op, an unknown op and an inherited name: 6000001 with the id', async () => {
    const c = await users.connect()
    expect(await c.raw({ id: 1 }, 1)).toMatchObject({ id: 1, ok: false, code: 6000001, message: expect.stringContaining('op must be a string') })
    expect(await c.raw({ id: 2, op: 7 }, 2)).toMatchObject({ id: 2, ok: false, code: 6000001 })
    expect(await c.raw({ id: 3, op: 'explode' }, 3)).toMatchObject({ id: 3, ok: false, code: 6000001, message: 'Unknown op "explode".' })
    expect(await c.raw({ id: 4, op: '__proto__' }, 4)).toMatchObject({ id: 4, ok: false, code: 6000001 })
    expect(await c.raw({ id: 5, op: 'hasOwnProperty' }, 5)).toMatchObject({ id: 5, ok: false, code: 6000001 })
  })

  it('fields that break an op\'s schema: 6000001 naming the field, in the SDK\'s format', async () => {
    const c = await users.loggedIn('schema-user')
    const cases: [string, Record<string, unknown>, string][] = [
      ['send', { message: 'nope', toConversationID: 'bob', conversationType: 0, priority: 1 }, 'API.sendMessage: message is required.'],
      ['send', { message: { type: 1, message: 'hi' }, toConversationID: 'bob', conversationType: 0, priority: 9 }, 'API.sendMessage: priority must be 1, 2 or 3.'],
      ['send', { message: { type: 1, message: 'hi' }, toConversationID: '', conversationType: 0, priority: 1 }, 'API.sendMessage: toConversationID must be 1 to 1024 characters.'],
      ['send', { message: { type: 1, message: 'hi' }, toConversationID: 'bob', conversationType: 7, priority: 1 }, 'API.sendMessage: conversationType must be 0, 1 or 2.'],
      ['queryConversations', { count: 0 }, 'API.queryConversationList: count must be a positive integer.'],
      ['queryConversations', { count: 5, nextOrderKey: -3 }, 'API.queryConversationList: nextOrderKey must be a non-negative integer.'],
      ['queryHistory', { conversationID: 'bob', conversationType: 0, count: 10, reverse: 'yes' }, 'API.queryHistoryMessage: reverse must be true or false.'],
      ['clearUnread', { conversationID: 5, conversationType: 0 }, 'API.clearConversationUnreadMessageCount: conversationID must be 1 to 1024 characters.'],
      ['deleteConversation', { conversationID: 'bob' }, 'API.deleteConversation: conversationType is required.'],
      ['ackOffline', { cursor: 'all' }, 'API.ackOffline: cursor must be a number.'],
    ]
    for (const [op, fields, message] of cases)
      expect(await c.request(op, fields)).toEqual({ id: expect.any(Number), ok: false, code: 6000001, message })
    // The socket still works.
    expect(ok<{ conversationList: unknown[] }>(await c.request('queryConversations', { count: 5 })).conversationList).toEqual([])
  })

  it('a binary frame closes with 1003, invalid UTF-8 with 1007, an oversized frame with 1009', async () => {
    const binary = await users.connect()
    const binaryClosed = closeOf(binary.ws)
    binary.ws.send(Buffer.from([0, 1, 2]), { binary: true })
    expect(await binaryClosed).toBe(1003)

    const utf8 = await users.connect()
    const utf8Closed = closeOf(utf8.ws)
    // A text frame whose bytes are not UTF-8, written below the ws API's own checks.
    ;(utf8.ws as unknown as { _sender: { sendFrame: (list: Buffer[], cb?: () => void) => void } })._sender
      .sendFrame([Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xFF, 0xFE])])
    expect(await utf8Closed).toBe(1007)

    const big = await users.connect()
    const bigClosed = closeOf(big.ws)
    big.ws.send(JSON.stringify({ id: 1, op: 'login', pad: 'x'.repeat(70 * 1024) }))
    expect(await bigClosed).toBe(1009)

    // Nobody else noticed.
    const fine = await users.connect()
    expect(await fine.raw({ id: 1, op: 'explode' }, 1)).toMatchObject({ ok: false, code: 6000001 })
  })
})

describe('limits per connection', () => {
  it('past the in-flight bound the socket is not read; every request is still answered, in order', async () => {
    const c = await users.loggedIn('eager')
    server.faults.delayFrames(150, 'in')
    const replies = Array.from({ length: 6 }, () => c.request('queryConversations', { count: 1 }))
    await until(() => server.inspect.connections().some(s => s.userID === 'eager' && s.paused), 'reading to pause')
    expect(server.inspect.connections().find(s => s.userID === 'eager')!.inFlight).toBeLessThanOrEqual(2)
    const answered = await Promise.all(replies)
    expect(answered.every(r => r.ok)).toBe(true)
    expect(answered.map(r => r.id)).toEqual([...answered.map(r => r.id)].sort((a, b) => a! - b!))
    await until(() => !server.inspect.connections().find(s => s.userID === 'eager')!.paused, 'reading to resume')
  })

  it('a history page is cut at the reply byte cap, and paging on gets the rest once each', async () => {
    const writer = await users.loggedIn('long-writer')
    const body = (i: number) => `${i} ${'y'.repeat(2000)}`
    for (let i = 0; i < 10; i++)
      ok(await sendText(writer, 'long-reader', body(i)))
    const seen: string[] = []
    let next: number | undefined
    for (let page = 0; page < 10 && seen.length < 10; page++) {
      const reply = await writer.request('queryHistory', { conversationID: 'long-reader', conversationType: 0, count: 10, reverse: true, nextOrderKey: next })
      const list = ok<{ messageList: Text[] }>(reply).messageList
      expect(list.length).toBeGreaterThan(0)
      expect(Buffer.byteLength(JSON.stringify(reply))).toBeLessThan(8 * 1024 + 2500)
      seen.unshift(...list.map(m => m.message))
      next = list[0]!.orderKey
    }
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => body(i)))
  })

  it('offline delivery goes one page at a time, the next only after an ack', async () => {
    const sender = await users.loggedIn('pager')
    for (let i = 1; i <= 7; i++)
      ok(await sendText(sender, 'paged', `m${i}`))
    const reader = await users.connect()
    reader.autoAck = false
    const token = (await import('../../scripts/server/token04')).generateToken04({ appID: TEST_APP_ID, userID: 'paged', secret: TEST_SECRET, effectiveTimeInSeconds: 3600 })
    ok(await reader.request('login', { appID: TEST_APP_ID, userID: 'paged', userName: 'P', token }))
    const texts = (p: { batches: { messageList: ZIMMessage[] }[] }) => p.batches.flatMap(b => b.messageList.map(m => (m as Text).message))
    const first = await reader.push('offlineMessages')
    expect(texts(first)).toEqual(['m1', 'm2', 'm3'])
    await expect(reader.push('offlineMessages', 200)).rejects.toThrow(/no offlineMessages push/)
    expect(await reader.request('ackOffline', { cursor: first.cursor + 1000 })).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('beyond the last page') })
    expect(ok(await reader.request('ackOffline', { cursor: first.cursor }))).toEqual({ more: true })
    const second = await reader.push('offlineMessages')
    expect(texts(second)).toEqual(['m4', 'm5', 'm6'])
    ok(await reader.request('ackOffline', { cursor: second.cursor }))
    const third = await reader.push('offlineMessages')
    expect(texts(third)).toEqual(['m7'])
    expect(ok(await reader.request('ackOffline', { cursor: third.cursor }))).toEqual({ more: false })
    expect(server.inspect.undelivered('paged')).toBe(0)
  })

  it('an unacked page comes again at the next login', async () => {
    const sender = await users.loggedIn('resender')
    ok(await sendText(sender, 'forgetful', 'keep me'))
    const first = await users.connect()
    first.autoAck = false
    const { generateToken04 } = await import('../../scripts/server/token04')
    const token = generateToken04({ appID: TEST_APP_ID, userID: 'forgetful', secret: TEST_SECRET, effectiveTimeInSeconds: 3600 })
    ok(await first.request('login', { appID: TEST_APP_ID, userID: 'forgetful', userName: 'F', token }))
    expect((await first.push('offlineMessages')).batches[0]!.messageList).toHaveLength(1)
    first.close()
    await first.closed
    const again = await users.loggedIn('forgetful')
    const page = await again.push('offlineMessages')
    expect((page.batches[0]!.messageList[0] as Text).message).toBe('keep me')
  })
})
