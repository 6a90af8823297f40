import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { RunningServer } from '../../scripts/server/app'
import { startServer } from '../../scripts/server/app'
import { generateToken04 } from '../../scripts/server/token04'
import type { Reply } from '../../src/zim/local/protocol'
import type { ZIMConversation, ZIMMessage } from '../../src/zim/types'
import { ProtocolClient } from './helpers/protocolClient'
import { until } from './helpers/serverUsers'

const secret = 'protocol-test-secret-0123456789a'
const appID = 555000333

let server: RunningServer
const clients: ProtocolClient[] = []

beforeAll(async () => {
  server = await startServer({ port: 0, dbPath: ':memory:', quiet: true, appID, serverSecret: secret })
})

afterAll(async () => {
  for (const c of clients)
    c.close()
  await server?.close()
})

const nowS = () => Math.floor(Date.now() / 1000)

function tokenFor(userID: string, options: { now?: number, ttl?: number, appID?: number } = {}) {
  return generateToken04({ appID: options.appID ?? appID, userID, secret, effectiveTimeInSeconds: options.ttl ?? 3600, now: options.now })
}

async function connect(s = server): Promise<ProtocolClient> {
  const c = await ProtocolClient.connect(s.wsUrl)
  clients.push(c)
  return c
}

async function loggedIn(userID: string, s = server): Promise<ProtocolClient> {
  const c = await connect(s)
  const reply = await c.request('login', { appID: s.appID, userID, userName: `${userID} name`, token: tokenFor(userID) })
  expect(reply).toMatchObject({ ok: true })
  return c
}

function ok<T>(reply: Reply): T {
  if (!reply.ok)
    throw new Error(`expected ok, got ${reply.code} ${reply.message}`)
  return reply.data as T
}

function sendText(c: ProtocolClient, to: string, text: string, extra: Record<string, unknown> = {}) {
  return c.request('send', {
    message: { type: 1, message: text, ...extra },
    toConversationID: to,
    conversationType: 0,
    priority: 1,
  })
}

describe('login', () => {
  it('answers expireAt (Unix seconds) for a good token', async () => {
    const c = await connect()
    const token = tokenFor('login-ok')
    const reply = await c.request('login', { appID, userID: 'login-ok', userName: 'Login OK', token })
    const expireAt = ok<{ expireAt: number }>(reply).expireAt
    expect(Math.abs(expireAt - (nowS() + 3600))).toBeLessThanOrEqual(2)
  })

  it('answers the token codes ZIM uses', async () => {
    const c = await connect()
    const login = (token: string, userID = 'tok-user', extra: Record<string, unknown> = {}) =>
      c.request('login', { appID, userID, userName: 'T', token, ...extra })

    const good = tokenFor('tok-user')
    const bytes = Buffer.from(good.slice(2), 'base64')
    bytes[bytes.length - 5] ^= 0x01
    expect(await login(`04${bytes.toString('base64')}`)).toMatchObject({ ok: false, code: 6000103 })
    expect(await login(`03${good.slice(2)}`)).toMatchObject({ ok: false, code: 6000107 })
    expect(await login(tokenFor('tok-user', { now: nowS() - 7200 }))).toMatchObject({ ok: false, code: 6000106 })
    expect(await login(tokenFor('tok-user', { now: nowS() - 3600 + 20 }))).toMatchObject({ ok: false, code: 6000108 })
    expect(await login(tokenFor('someone-else'))).toMatchObject({ ok: false, code: 6000103 })
    expect(await login(tokenFor('tok-user', { appID: 1 }))).toMatchObject({ ok: false, code: 6000103 })
    expect(await login(good, 'tok-user', { appID: appID + 1 })).toMatchObject({ ok: false, code: 6000103 })
    // Nothing above logged in.
    expect(await c.request('queryConversations', { count: 10 })).toMatchObject({ ok: false, code: 6000121 })
    expect(await login(good)).toMatchObject({ ok: true })
  })

  it('checks the userID and userName rules with 6000001 naming the rule', async () => {
    const c = await connect()
    const login = (userID: string, userName: unknown) => c.request('login', { appID, userID, userName, token: tokenFor(userID || 'x') })
    const space = await login('has space', 'A')
    expect(space).toMatchObject({ ok: false, code: 6000001 })
    expect((space as { message: string }).message).toContain('userID.charset')
    expect(await login('x'.repeat(33), 'A')).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('userID.maxBytes') })
    expect(await login('', 'A')).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('userID.required') })
    expect(await login('nameless', '  ')).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('userName.required') })
    expect(await login('longname', 'n'.repeat(257))).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('userName.maxBytes') })
  })

  it('answers every other op before login with 6000121', async () => {
    const c = await connect()
    const cases: [string, string, Record<string, unknown>][] = [
      ['send', 'sendMessage', { message: { type: 1, message: 'hi' }, toConversationID: 'bob', conversationType: 0, priority: 1 }],
      ['queryConversations', 'queryConversationList', { count: 10 }],
      ['queryHistory', 'queryHistoryMessage', { conversationID: 'bob', conversationType: 0, count: 10, reverse: true }],
      ['clearUnread', 'clearConversationUnreadMessageCount', { conversationID: 'bob', conversationType: 0 }],
      ['deleteConversation', 'deleteConversation', { conversationID: 'bob', conversationType: 0 }],
      ['renewToken', 'renewToken', { token: tokenFor('bob') }],
      ['logout', 'logout', {}],
    ]
    for (const [op, api, fields] of cases)
      expect(await c.request(op, fields)).toEqual({ id: expect.any(Number), ok: false, code: 6000121, message: `API.${api}: Not logged with call.` })
  })

  it('kicks the older session when the same user logs in elsewhere', async () => {
    const first = await loggedIn('kick-me')
    const second = await loggedIn('kick-me')
    const ended = await first.push('sessionEnded')
    expect(ended).toEqual({ push: 'sessionEnded', event: 4, reason: 'another device logged in' })
    expect((await first.closed).code).toBe(4004)
    // The new session works and receives what is sent to the user.
    const other = await loggedIn('kick-sender')
    ok(await sendText(other, 'kick-me', 'still there?'))
    expect((await second.push('messages')).messageList[0]).toMatchObject({ message: 'still there?' })
    expect(second.pending().filter(p => p.push === 'sessionEnded')).toHaveLength(0)
  })

  it('refuses another user on a logged-in socket with 6000111 until logout', async () => {
    const c = await loggedIn('first-user')
    expect(await c.request('login', { appID, userID: 'second-user', userName: 'S', token: tokenFor('second-user') }))
      .toMatchObject({ ok: false, code: 6000111 })
    expect(await c.request('logout')).toMatchObject({ ok: true, data: {} })
    expect(await c.request('queryConversations', { count: 5 })).toMatchObject({ ok: false, code: 6000121 })
    expect(await c.request('login', { appID, userID: 'second-user', userName: 'S', token: tokenFor('second-user') }))
      .toMatchObject({ ok: true })
  })

  it('renews the token for the same user only', async () => {
    const c = await loggedIn('renewer')
    const renewed = ok<{ expireAt: number }>(await c.request('renewToken', { token: tokenFor('renewer', { ttl: 7200 }) }))
    expect(Math.abs(renewed.expireAt - (nowS() + 7200))).toBeLessThanOrEqual(2)
    expect(await c.request('renewToken', { token: tokenFor('somebody') })).toMatchObject({ ok: false, code: 6000103 })
    expect(await c.request('renewToken', { token: tokenFor('renewer', { now: nowS() - 7200 }) })).toMatchObject({ ok: false, code: 6000106 })
    expect(await c.request('renewToken', { token: 'xx' })).toMatchObject({ ok: false, code: 6000107 })
  })
})

describe('peer messages', () => {
  it('delivers text both ways with the fields each side expects', async () => {
    const alice = await loggedIn('alice')
    const bob = await loggedIn('bob')
    const before = Date.now()

    const sent = ok<{ message: ZIMMessage & { message: string } }>(await sendText(alice, 'bob', 'hello bob', { localMessageID: 'local-1', extendedData: 'x' }))
    expect(sent.message).toMatchObject({
      type: 1,
      message: 'hello bob',
      messageID: expect.stringMatching(/^\d+$/),
      localMessageID: 'local-1',
      senderUserID: 'alice',
      conversationID: 'bob',
      conversationType: 0,
      direction: 0,
      sentStatus: 1,
      messageSeq: 1,
      extendedData: 'x',
    })
    expect(sent.message.timestamp).toBeGreaterThanOrEqual(before)
    expect(sent.message.timestamp).toBeLessThanOrEqual(Date.now())
    expect(sent.message.orderKey).toBe(Number(sent.message.messageID))

    const got = await bob.push('messages')
    expect(got).toMatchObject({ conversationType: 0, fromConversationID: 'alice', isOfflineMessage: false })
    expect(got.messageList).toHaveLength(1)
    expect(got.messageList[0]).toMatchObject({
      messageID: sent.message.messageID,
      senderUserID: 'alice',
      conversationID: 'alice',
      direction: 1,
      sentStatus: 1,
      messageSeq: 1,
      timestamp: sent.message.timestamp,
      orderKey: sent.message.orderKey,
      message: 'hello bob',
      extendedData: 'x',
    })
    expect(got.messageList[0]!.localMessageID).not.toBe('local-1')

    const bobConv = await bob.push('conversationChanged')
    expect(bobConv.infoList[0]).toMatchObject({
      event: 0,
      conversation: { conversationID: 'alice', type: 0, unreadMessageCount: 1, conversationName: 'alice name', lastMessage: { direction: 1, messageID: sent.message.messageID } },
    })
    const aliceConv = await alice.push('conversationChanged')
    expect(aliceConv.infoList[0]).toMatchObject({
      event: 0,
      conversation: { conversationID: 'bob', unreadMessageCount: 0, conversationName: 'bob name', lastMessage: { direction: 0 } },
    })

    const back = ok<{ message: ZIMMessage }>(await sendText(bob, 'alice', 'hi alice'))
    expect(back.message).toMatchObject({ senderUserID: 'bob', conversationID: 'alice', direction: 0, messageSeq: 2 })
    expect(back.message.orderKey!).toBeGreaterThan(sent.message.orderKey!)
    expect(Number(back.message.messageID)).toBeGreaterThan(Number(sent.message.messageID))
    const toAlice = await alice.push('messages')
    expect(toAlice.messageList[0]).toMatchObject({ conversationID: 'bob', senderUserID: 'bob', direction: 1, messageSeq: 2, message: 'hi alice' })
    expect((await alice.push('conversationChanged')).infoList[0]).toMatchObject({ event: 1, conversation: { conversationID: 'bob', unreadMessageCount: 1 } })
    expect((await bob.push('conversationChanged')).infoList[0]).toMatchObject({ event: 1, conversation: { conversationID: 'alice', unreadMessageCount: 1 } })
  })

  it('keeps messages for an offline user and delivers them at the next login', async () => {
    const sender = await loggedIn('early-bird')
    ok(await sendText(sender, 'sleeper', 'one'))
    ok(await sendText(sender, 'sleeper', 'two'))
    const other = await loggedIn('night-owl')
    ok(await sendText(other, 'sleeper', 'three'))

    const sleeper = await connect()
    ok(await sleeper.request('login', { appID, userID: 'sleeper', userName: 'Sleeper', token: tokenFor('sleeper') }))
    // One page, one batch per conversation, acked by the client (ProtocolClient acks).
    const page = await sleeper.push('offlineMessages')
    const lists = page.batches.map(b => b.messageList)
    expect(page.batches.map(b => b.fromConversationID)).toEqual(['early-bird', 'night-owl'])
    expect(lists.map(l => l.map(m => (m as ZIMMessage & { message: string }).message))).toEqual([['one', 'two'], ['three']])
    expect(lists[0]!.every(m => m.conversationID === 'early-bird' && m.direction === 1)).toBe(true)
    expect(sleeper.pending().filter(p => p.push === 'messages')).toHaveLength(0)

    // Delivered once (after the ack): the next login brings nothing again.
    await until(() => server.inspect.undelivered('sleeper') === 0, 'the ack')
    sleeper.close()
    await sleeper.closed
    const again = await loggedIn('sleeper')
    await new Promise(r => setTimeout(r, 150))
    expect(again.pending().filter(p => p.push === 'messages' || p.push === 'offlineMessages')).toHaveLength(0)

    const conversations = ok<{ conversationList: ZIMConversation[] }>(await again.request('queryConversations', { count: 10 })).conversationList
    expect(conversations.map(c => [c.conversationID, c.unreadMessageCount])).toEqual([['night-owl', 1], ['early-bird', 2]])
  })

  it('refuses oversize, empty and misdirected messages', async () => {
    const c = await loggedIn('limits')
    const big = await sendText(c, 'someone', 'x'.repeat(32 * 1024 + 1))
    expect(big).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('text.maxBytes') })
    expect(big).toMatchObject({ message: expect.stringContaining('32768') })
    expect(await sendText(c, 'someone', 'x'.repeat(32 * 1024))).toMatchObject({ ok: true })
    expect(await sendText(c, 'someone', '   ')).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('text.required') })
    expect(await sendText(c, 'bad id', 'hi')).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('userID.charset') })

    const send = (message: unknown, conversationType = 0, priority = 1) =>
      c.request('send', { message, toConversationID: 'someone', conversationType, priority })
    expect(await send({ type: 2, message: 'x'.repeat(5 * 1024 + 1) })).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('command.maxBytes') })
    expect(await send({ type: 2, message: { 0: 1, 1: 2 } })).toMatchObject({ ok: true, data: { message: { type: 2, message: [1, 2] } } })
    expect(await send({ type: 20, message: 'x'.repeat(5 * 1024 + 1) }, 1)).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('barrage.maxBytes') })
    expect(await send({ type: 20, message: 'wave' })).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('barrage') })
    expect(await send({ type: 1, message: 'hi' }, 1)).toMatchObject({ ok: false, code: 6000203, message: expect.stringContaining('room not joined') })
    expect(await send({ type: 20, message: 'wave' }, 1)).toMatchObject({ ok: false, code: 6000203 })
    // a group that does not exist
    expect(await send({ type: 1, message: 'hi' }, 2)).toMatchObject({ ok: false, code: 6000523 })
    expect(await send({ type: 1, message: 'hi' }, 5)).toMatchObject({ ok: false, code: 6000001 })
    expect(await send({ type: 1, message: 'hi' }, 0, 4)).toMatchObject({ ok: false, code: 6000001 })
    // Media (issue 10): an address of its own is passed through; no upload and no address is refused.
    expect(await send({ type: 11, fileDownloadUrl: 'https://x/y.png' })).toMatchObject({ ok: true, data: { message: { type: 11, fileDownloadUrl: 'https://x/y.png' } } })
    expect(await send({ type: 12, fileName: 'a.txt' })).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('media.fileDownloadUrl') })
    expect(await send({ type: 99, message: 'x' })).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('not supported') })
    expect(await send(null)).toMatchObject({ ok: false, code: 6000001 })
    expect(await send({ type: 1, message: 'hi', extendedData: 'e'.repeat(1025) })).toMatchObject({ ok: false, code: 6000001 })
  })

  it('does not let a client set server fields', async () => {
    const c = await loggedIn('forger')
    const sent = ok<{ message: ZIMMessage }>(await sendText(c, 'victim', 'hi', { senderUserID: 'admin', messageID: '1', timestamp: 1, orderKey: 1, direction: 1 }))
    expect(sent.message).toMatchObject({ senderUserID: 'forger', direction: 0 })
    expect(sent.message.messageID).not.toBe('1')
    expect(sent.message.timestamp).toBeGreaterThan(1)
  })

  it('treats a chat with yourself as one conversation with nothing unread', async () => {
    const me = await loggedIn('narcissus')
    const sent = ok<{ message: ZIMMessage }>(await sendText(me, 'narcissus', 'note to self'))
    expect(sent.message).toMatchObject({ conversationID: 'narcissus', senderUserID: 'narcissus', direction: 0 })
    const changed = await me.push('conversationChanged')
    expect(changed.infoList).toHaveLength(1)
    expect(changed.infoList[0]!.conversation).toMatchObject({ conversationID: 'narcissus', unreadMessageCount: 0 })
    await new Promise(r => setTimeout(r, 100))
    expect(me.pending().filter(p => p.push === 'messages')).toHaveLength(0)
    const list = ok<{ conversationList: ZIMConversation[] }>(await me.request('queryConversations', { count: 10 })).conversationList
    expect(list).toHaveLength(1)
  })
})

describe('queries', () => {
  it('pages conversations newest first by orderKey', async () => {
    const me = await loggedIn('pager')
    for (const peer of ['p1', 'p2', 'p3', 'p4', 'p5'])
      ok(await sendText(me, peer, `to ${peer}`))
    ok(await sendText(me, 'p2', 'p2 again'))
    const page1 = ok<{ conversationList: ZIMConversation[] }>(await me.request('queryConversations', { count: 2 })).conversationList
    expect(page1.map(c => c.conversationID)).toEqual(['p2', 'p5'])
    // orderKey is the last message's time (as in the SDK); the conversation it came from breaks ties within a millisecond.
    const after = (c: ZIMConversation) => ({ nextOrderKey: c.orderKey, nextConversationID: c.conversationID, nextConversationType: c.type })
    const page2 = ok<{ conversationList: ZIMConversation[] }>(await me.request('queryConversations', { count: 2, ...after(page1[1]!) })).conversationList
    expect(page2.map(c => c.conversationID)).toEqual(['p4', 'p3'])
    const page3 = ok<{ conversationList: ZIMConversation[] }>(await me.request('queryConversations', { count: 2, ...after(page2[1]!) })).conversationList
    expect(page3.map(c => c.conversationID)).toEqual(['p1'])
    expect(page1[0]!.lastMessage).toMatchObject({ message: 'p2 again' })
    expect(await me.request('queryConversations', { count: 0 })).toMatchObject({ ok: false, code: 6000001 })
  })

  it('returns history like ZIM: reverse walks back from the newest, each page ascending', async () => {
    const a = await loggedIn('hist-a')
    const b = await loggedIn('hist-b')
    for (let i = 1; i <= 7; i++)
      ok(await sendText(i % 2 ? a : b, i % 2 ? 'hist-b' : 'hist-a', `m${i}`))
    const page = async (fields: Record<string, unknown>) =>
      ok<{ messageList: (ZIMMessage & { message: string })[] }>(await a.request('queryHistory', { conversationID: 'hist-b', conversationType: 0, ...fields })).messageList

    const newest = await page({ count: 3, reverse: true })
    expect(newest.map(m => m.message)).toEqual(['m5', 'm6', 'm7'])
    expect(newest.map(m => m.messageSeq)).toEqual([5, 6, 7])
    expect(newest.map(m => m.direction)).toEqual([0, 1, 0])
    const older = await page({ count: 3, reverse: true, nextOrderKey: newest[0]!.orderKey })
    expect(older.map(m => m.message)).toEqual(['m2', 'm3', 'm4'])
    const oldest = await page({ count: 3, reverse: true, nextOrderKey: older[0]!.orderKey })
    expect(oldest.map(m => m.message)).toEqual(['m1'])
    expect(await page({ count: 3, reverse: true, nextOrderKey: oldest[0]!.orderKey })).toEqual([])

    const forward = await page({ count: 3, reverse: false })
    expect(forward.map(m => m.message)).toEqual(['m1', 'm2', 'm3'])
    const next = await page({ count: 3, reverse: false, nextOrderKey: forward[2]!.orderKey })
    expect(next.map(m => m.message)).toEqual(['m4', 'm5', 'm6'])

    // The other side sees the same history from its point of view.
    const fromB = ok<{ messageList: ZIMMessage[] }>(await b.request('queryHistory', { conversationID: 'hist-a', conversationType: 0, count: 1, reverse: true })).messageList
    expect(fromB[0]).toMatchObject({ conversationID: 'hist-a', direction: 1, senderUserID: 'hist-a' })
    expect(await page({ count: 3, reverse: true, conversationID: 'nobody' })).toEqual([])
  })

  it('clears unread counts and deletes conversations, 6000603 for unknown ones', async () => {
    const sender = await loggedIn('unread-sender')
    const reader = await loggedIn('unread-reader')
    ok(await sendText(sender, 'unread-reader', 'a'))
    ok(await sendText(sender, 'unread-reader', 'b'))
    const key = { conversationID: 'unread-sender', conversationType: 0 }

    expect(await reader.request('clearUnread', { conversationID: 'stranger', conversationType: 0 })).toMatchObject({ ok: false, code: 6000603 })
    // Take the two pushes from the sends first.
    await reader.push('conversationChanged')
    await reader.push('conversationChanged')
    expect(await reader.request('clearUnread', key)).toMatchObject({ ok: true, data: {} })
    const changed = await reader.push('conversationChanged')
    expect(changed.infoList[0]).toMatchObject({ event: 1, conversation: { conversationID: 'unread-sender', unreadMessageCount: 0, readMessageSeq: 2 } })

    expect(await reader.request('deleteConversation', { conversationID: 'stranger', conversationType: 0 })).toMatchObject({ ok: false, code: 6000603 })
    expect(await reader.request('deleteConversation', key)).toMatchObject({ ok: true })
    // the session is told (the SDK's conversationChanged Deleted on the device that deleted it)
    const deleted = await reader.push('conversationChanged')
    expect(deleted.infoList[0]).toMatchObject({ event: 3, conversation: { conversationID: 'unread-sender', unreadMessageCount: 0 } })
    expect(ok<{ conversationList: ZIMConversation[] }>(await reader.request('queryConversations', { count: 10 })).conversationList).toEqual([])
    expect(await reader.request('clearUnread', key)).toMatchObject({ ok: false, code: 6000603 })
    // A new message brings the conversation back as Added.
    ok(await sendText(sender, 'unread-reader', 'c'))
    const back = await reader.push('conversationChanged')
    expect(back.infoList[0]).toMatchObject({ event: 0, conversation: { unreadMessageCount: 1 } })
  })
})

describe('token expiry', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  // Only the clock and timers are faked; sockets still run in real time.
  const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true })

  it('ends the session with event 5 when the token expires', async () => {
    fakeClock()
    const c = await loggedIn('expiring')
    await vi.advanceTimersByTimeAsync(3599_000)
    expect(c.pending()).toEqual([])
    await vi.advanceTimersByTimeAsync(1_000)
    expect(await c.push('sessionEnded')).toEqual({ push: 'sessionEnded', event: 5, reason: 'token expired' })
    expect((await c.closed).code).toBe(4005)
  })

  it('moves the end when the token is renewed', async () => {
    fakeClock()
    const c = await loggedIn('renewing')
    await vi.advanceTimersByTimeAsync(3000_000)
    ok(await c.request('renewToken', { token: tokenFor('renewing') }))
    await vi.advanceTimersByTimeAsync(700_000)
    expect(c.pending()).toEqual([])
    expect(await c.request('queryConversations', { count: 1 })).toMatchObject({ ok: true })
    await vi.advanceTimersByTimeAsync(3000_000)
    expect(await c.push('sessionEnded')).toMatchObject({ event: 5 })
  })
})

describe('robustness', () => {
  it('answers malformed ops with 6000001 and goes on serving the socket', async () => {
    const c = await connect()
    expect(await c.raw({ id: 99, op: 'explode' }, 99)).toMatchObject({ id: 99, ok: false, code: 6000001 })
    expect(await c.raw({ id: 101, op: 'toString' }, 101)).toMatchObject({ ok: false, code: 6000001 })
    expect(await c.raw({ id: 102, op: 'login', appID, userID: 'robust', userName: 'R', token: 12 }, 102)).toMatchObject({ ok: false, code: 6000107 })
    expect(await c.raw({ id: 103, op: 'login', appID, userID: 'robust', userName: 'R', token: tokenFor('robust') }, 103)).toMatchObject({ ok: true })
    expect(await c.raw({ id: 104, op: 'send', message: 'nope' }, 104)).toMatchObject({ ok: false, code: 6000001 })
    expect(await c.raw({ id: 105, op: 'queryHistory', conversationID: 5, conversationType: 0, count: 1, reverse: true }, 105)).toMatchObject({ ok: false, code: 6000001 })
    const res = await fetch(`${server.httpUrl}/healthz`)
    expect(res.status).toBe(200)
  })

  it('drops a session on demand and refuses connections for a while (faults)', async () => {
    const c = await loggedIn('flaky')
    expect(server.faults.dropSession('flaky')).toBe(true)
    expect((await c.closed).code).toBe(1006)
    expect(server.faults.dropSession('flaky')).toBe(false)

    server.faults.refuseConnections(300)
    await expect(ProtocolClient.connect(server.wsUrl)).rejects.toThrow(/503/)
    await new Promise(r => setTimeout(r, 350))
    const again = await loggedIn('flaky')
    server.faults.dropAll()
    expect((await again.closed).code).toBe(1006)
  })
})

describe('persistence', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zim-server-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps history, conversations and undelivered messages across a restart', async () => {
    const dbPath = join(dir, 'nested', 'zim.sqlite')
    const first = await startServer({ port: 0, dbPath, quiet: true, appID, serverSecret: secret })
    const writer = await loggedIn('persist-a', first)
    ok(await sendText(writer, 'persist-b', 'before restart 1'))
    ok(await sendText(writer, 'persist-b', 'before restart 2'))
    await first.close()

    const second = await startServer({ port: 0, dbPath, quiet: true, appID, serverSecret: secret })
    try {
      const reader = await loggedIn('persist-b', second)
      const offline = await reader.push('offlineMessages')
      expect(offline.batches).toHaveLength(1)
      expect(offline.batches[0]!.messageList.map(m => (m as ZIMMessage & { message: string }).message)).toEqual(['before restart 1', 'before restart 2'])

      const writerAgain = await loggedIn('persist-a', second)
      const history = ok<{ messageList: (ZIMMessage & { message: string })[] }>(
        await writerAgain.request('queryHistory', { conversationID: 'persist-b', conversationType: 0, count: 10, reverse: true }),
      ).messageList
      expect(history.map(m => m.message)).toEqual(['before restart 1', 'before restart 2'])
      // Counters continue: ids and seqs never repeat after a restart.
      const next = ok<{ message: ZIMMessage }>(await sendText(writerAgain, 'persist-b', 'after restart')).message
      expect(next.messageSeq).toBe(3)
      expect(Number(next.messageID)).toBeGreaterThan(Number(history[1]!.messageID))
      const list = ok<{ conversationList: ZIMConversation[] }>(await reader.request('queryConversations', { count: 10 })).conversationList
      expect(list[0]).toMatchObject({ conversationID: 'persist-a', unreadMessageCount: 3 })
    }
    finally {
      await second.close()
    }
  })
})
