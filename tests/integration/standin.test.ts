// The stand-in client (src/zim/local) against the real local service (scripts/server),
// over real WebSockets: what the app will see in local mode, end to end.
// Event payloads are inspected loosely and some calls pass partial configs: hence `any`.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/server/app'
import { startServer } from '../../scripts/server/app'
import { generateToken04 } from '../../scripts/server/token04'
import { configure, LocalZim, resetConfig } from '../../src/zim/local/index'
import type { ZIMError, ZIMMessage, ZimEventName } from '../../src/zim/types'
import { until } from '../helpers/wait'
import { wsSocketFactory } from '../helpers/wsSocket'

const secret = 'standin-test-secret-0123456789ab'
const appID = 777000111

let server: RunningServer
const clients: LocalZim[] = []

interface Seen { name: ZimEventName, data: any }

const EVENTS: ZimEventName[] = [
  'connectionStateChanged',
  'peerMessageReceived',
  'receivePeerMessage',
  'conversationChanged',
  'messageSentStatusChanged',
  'tokenWillExpire',
  'messageRevokeReceived',
]

const nowS = () => Math.floor(Date.now() / 1000)

function tokenFor(userID: string, options: { now?: number, ttl?: number } = {}) {
  return generateToken04({ appID, userID, secret, effectiveTimeInSeconds: options.ttl ?? 3600, now: options.now })
}

function client(): { zim: LocalZim, seen: Seen[] } {
  const zim = LocalZim.createDetached(appID)
  clients.push(zim)
  const seen: Seen[] = []
  for (const name of EVENTS)
    zim.on(name, ((_z: unknown, data: unknown) => seen.push({ name, data })) as never)
  return { zim, seen }
}

async function loggedIn(userID: string) {
  const c = client()
  await c.zim.login(userID, { userName: `${userID} name`, token: tokenFor(userID) } as any)
  return c
}

function states(seen: Seen[]): [number, number][] {
  return seen.filter(e => e.name === 'connectionStateChanged').map(e => [e.data.state, e.data.event])
}


async function rejection(promise: Promise<unknown>): Promise<ZIMError> {
  return promise.then(() => { throw new Error('expected a rejection') }, e => e as ZIMError)
}

const text = (message: string) => ({ type: 1, message }) as ZIMMessage
const CONFIG = { priority: 1 } as any

beforeAll(async () => {
  server = await startServer({ port: 0, dbPath: ':memory:', quiet: true, appID, serverSecret: secret })
})

afterAll(async () => {
  await server?.close()
})

afterEach(() => {
  for (const zim of clients.splice(0))
    zim.destroy()
})

afterAll(() => {
  resetConfig()
})

function useServer(s: RunningServer, retryDelaysMs: number[] = [100]) {
  configure({ url: s.wsUrl, socketFactory: wsSocketFactory, retryDelaysMs })
}

describe('stand-in client against the local service', () => {
  beforeEach(() => useServer(server))

  it('logs in with {2,0} and exchanges text both ways with full message fields', async () => {
    const alice = await loggedIn('alice1')
    const bob = await loggedIn('bob1')
    expect(states(alice.seen)).toEqual([[2, 0]])

    const out = text('hello bob')
    const { message } = await alice.zim.sendMessage(out, 'bob1', 0, CONFIG)
    expect(message).toBe(out)
    expect(message).toMatchObject({ sentStatus: 1, direction: 0, senderUserID: 'alice1', conversationID: 'bob1' })
    expect(message.messageID).not.toBe('')

    await until(() => bob.seen.some(e => e.name === 'peerMessageReceived'), 'bob receives')
    const got = bob.seen.find(e => e.name === 'peerMessageReceived')!.data
    expect(got.fromConversationID).toBe('alice1')
    expect(got.info).toEqual({ isOfflineMessage: false })
    expect(got.messageList).toHaveLength(1)
    expect(got.messageList[0]).toMatchObject({
      type: 1,
      message: 'hello bob',
      messageID: message.messageID,
      senderUserID: 'alice1',
      conversationID: 'alice1',
      conversationType: 0,
      direction: 1,
    })
    expect(typeof got.messageList[0].timestamp).toBe('number')
    expect(got.messageList[0].orderKey).toBe(message.orderKey)
    expect(bob.seen.find(e => e.name === 'receivePeerMessage')!.data).toEqual({ fromConversationID: 'alice1', messageList: got.messageList })

    await bob.zim.sendMessage(text('hi alice'), 'alice1', 0, CONFIG)
    await until(() => alice.seen.some(e => e.name === 'peerMessageReceived'), 'alice receives')
    expect(alice.seen.find(e => e.name === 'peerMessageReceived')!.data.messageList[0]).toMatchObject({ message: 'hi alice', senderUserID: 'bob1', direction: 1 })

    // Both sides see the conversation and its history.
    const list = await bob.zim.queryConversationList({ count: 10 })
    expect(list.conversationList[0]).toMatchObject({ conversationID: 'alice1', type: 0 })
    const history = await bob.zim.queryHistoryMessage('alice1', 0, { count: 10, reverse: false } as any)
    expect(history.messageList.map(m => (m as any).message).sort()).toEqual(['hello bob', 'hi alice'])
    await expect(bob.zim.clearConversationUnreadMessageCount('alice1', 0)).resolves.toEqual({ conversationID: 'alice1', conversationType: 0 })
  })

  it('delivers messages sent while the receiver was away at its next login, marked offline', async () => {
    const alice = await loggedIn('alice2')
    await alice.zim.sendMessage(text('while you were out'), 'bob2', 0, CONFIG)
    const bob = await loggedIn('bob2')
    await until(() => bob.seen.some(e => e.name === 'peerMessageReceived'), 'offline delivery')
    const got = bob.seen.find(e => e.name === 'peerMessageReceived')!.data
    expect(got.info.isOfflineMessage).toBe(true)
    expect(got.messageList[0]).toMatchObject({ message: 'while you were out', senderUserID: 'alice2' })
  })

  it('a second login of the same user kicks the first out with {0,4}; the first stays logged out', async () => {
    const first = await loggedIn('carol')
    const second = await loggedIn('carol')
    await until(() => states(first.seen).some(([s]) => s === 0), 'kick-out')
    expect(states(first.seen)).toEqual([[2, 0], [0, 4]])
    expect((await rejection(first.zim.sendMessage(text('x'), 'dave', 0, CONFIG))).code).toBe(6000121)
    await new Promise(r => setTimeout(r, 300)) // no silent re-login (which would kick back)
    expect(states(first.seen)).toEqual([[2, 0], [0, 4]])
    await expect(second.zim.sendMessage(text('still here'), 'dave', 0, CONFIG)).resolves.toBeDefined()
  })

  it.each([
    ['malformed (right prefix, bad body)', () => `04${'B'.repeat(40)}`, 6000103],
    // The SDK reads expiry 0 from an all-'A' body and refuses it without connecting.
    ['that reads as expiring at 0', () => `04${'A'.repeat(40)}`, 6000106],
    ['signed for another user', () => tokenFor('someone-else'), 6000103],
    ['expired', () => tokenFor('erin', { now: nowS() - 7200, ttl: 3600 }), 6000106],
    ['of the wrong version', () => `03${tokenFor('erin').slice(2)}`, 6000107],
    ['with under 30 s left', () => tokenFor('erin', { ttl: 20 }), 6000108],
  ])('a token %s is refused with its code', async (_what, token, code) => {
    const { zim } = client()
    const error = await rejection(zim.login('erin', { userName: 'Erin', token: token() } as any))
    expect(error.code).toBe(code)
    expect((await rejection(zim.sendMessage(text('x'), 'bob', 0, CONFIG))).code).toBe(6000121)
  })

  it('queryUsersInfo answers the names users signed in with (and no avatar until one is set)', async () => {
    await loggedIn('qu_bob')
    const { zim } = await loggedIn('qu_alice')
    const { userList, errorUserList } = await zim.queryUsersInfo(['qu_bob', 'qu_alice'], { isQueryFromServer: true })
    expect(userList.map(u => [u.baseInfo.userID, u.baseInfo.userName, u.baseInfo.userAvatarUrl])).toEqual([
      ['qu_bob', 'qu_bob name', ''],
      ['qu_alice', 'qu_alice name', ''],
    ])
    expect(errorUserList).toEqual([])
    // More than the 10 a server query may carry is refused with the rule.
    const many = Array.from({ length: 11 }, (_, i) => `qu_${i}`)
    expect((await rejection(zim.queryUsersInfo(many, { isQueryFromServer: true }))).code).toBe(6000001)
  })

  it('sendMessage before login rejects 6000121', async () => {
    const { zim } = client()
    const error = await rejection(zim.sendMessage(text('x'), 'bob', 0, CONFIG))
    expect(error).toEqual({ code: 6000121, message: 'API.sendMessage: Not logged with call.' })
  })

  it('a text over 32 KB is refused by the service (6000001) and reported as failed', async () => {
    const alice = await loggedIn('alice3')
    const message = text('a'.repeat(32 * 1024 + 1))
    const error = await rejection(alice.zim.sendMessage(message, 'bob3', 0, CONFIG))
    expect(error.code).toBe(6000001)
    expect(error.message).toMatch(/^API\.sendMessage: /)
    expect(message.sentStatus).toBe(2)
    const status = alice.seen.filter(e => e.name === 'messageSentStatusChanged').at(-1)!.data
    expect(status.infos[0].status).toBe(2)
    // Exactly 32 KB passes.
    await new Promise(r => setTimeout(r, 110))
    await expect(alice.zim.sendMessage(text('a'.repeat(32 * 1024)), 'bob3', 0, CONFIG)).resolves.toBeDefined()
  })

  it('a second send to the same conversation within 100 ms rejects 6000004; the first arrives', async () => {
    const alice = await loggedIn('alice4')
    const first = alice.zim.sendMessage(text('one'), 'bob4', 0, CONFIG)
    const second = await rejection(alice.zim.sendMessage(text('two'), 'bob4', 0, CONFIG))
    expect(second.code).toBe(6000004)
    await expect(first).resolves.toBeDefined()
    await expect(alice.zim.sendMessage(text('elsewhere'), 'carol4', 0, CONFIG)).resolves.toBeDefined()
  })

  it('a dropped connection reconnects by itself: {3,3} then {2,0}, and messages flow again', async () => {
    const alice = await loggedIn('alice5')
    const bob = await loggedIn('bob5')
    expect(server.faults.dropSession('alice5')).toBe(true)
    await until(() => states(alice.seen).length >= 3, 'reconnect')
    expect(states(alice.seen)).toEqual([[2, 0], [3, 3], [2, 0]])
    await alice.zim.sendMessage(text('back'), 'bob5', 0, CONFIG)
    await until(() => bob.seen.some(e => e.name === 'peerMessageReceived'), 'delivery after reconnect')
  })
})

describe('service restart with a file database', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'standin-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('clients ride out the restart and the history is intact', async () => {
    const dbPath = join(dir, 'zim.sqlite')
    let s = await startServer({ port: 0, dbPath, quiet: true, appID, serverSecret: secret })
    const port = s.port
    try {
      useServer(s, [200])
      const alice = await loggedIn('alice6')
      const bob = await loggedIn('bob6')
      await alice.zim.sendMessage(text('before restart'), 'bob6', 0, CONFIG)
      await until(() => bob.seen.some(e => e.name === 'peerMessageReceived'), 'first delivery')

      await s.close()
      await until(() => states(alice.seen).some(([st, ev]) => st === 3 && ev === 3), 'alice notices')
      s = await startServer({ port, dbPath, quiet: true, appID, serverSecret: secret })
      await until(() => states(alice.seen).at(-1)?.[0] === 2 && states(bob.seen).at(-1)?.[0] === 2, 'both back', 10_000)

      const history = await bob.zim.queryHistoryMessage('alice6', 0, { count: 10, reverse: false } as any)
      expect(history.messageList.map(m => (m as any).message)).toEqual(['before restart'])
      await alice.zim.sendMessage(text('after restart'), 'bob6', 0, CONFIG)
      await until(() => bob.seen.filter(e => e.name === 'peerMessageReceived').length === 2, 'second delivery')
      const again = await alice.zim.queryHistoryMessage('bob6', 0, { count: 10, reverse: false } as any)
      expect(again.messageList.map(m => (m as any).message).sort()).toEqual(['after restart', 'before restart'])
    }
    finally {
      for (const zim of clients.splice(0))
        zim.destroy()
      await s.close()
    }
  })
})

describe('revokeMessage and deleteMessages', () => {
  beforeEach(() => configure({ url: server.wsUrl, socketFactory: wsSocketFactory, retryDelaysMs: [100], sendMinGapMs: 0 }))

  it('alice recalls a message: she gets the revoke message, bob gets messageRevokeReceived; bob deletes one for himself only', async () => {
    const alice = await loggedIn('rv-alice')
    const bob = await loggedIn('rv-bob')
    const { message } = await alice.zim.sendMessage(text('oops'), 'rv-bob', 0, CONFIG)
    const kept = (await alice.zim.sendMessage(text('keep'), 'rv-bob', 0, CONFIG)).message
    await until(() => bob.seen.filter(e => e.name === 'peerMessageReceived').length === 2, 'both messages')

    const { message: revoked } = await alice.zim.revokeMessage(message)
    expect(revoked).toMatchObject({ type: 31, messageID: message.messageID, operatedUserID: 'rv-alice', originalTextMessageContent: 'oops' })
    await until(() => bob.seen.some(e => e.name === 'messageRevokeReceived'), 'the revoke')
    expect(bob.seen.find(e => e.name === 'messageRevokeReceived')!.data.messageList[0]).toMatchObject({ type: 31, messageID: message.messageID, conversationID: 'rv-alice' })
    expect(alice.seen.some(e => e.name === 'messageRevokeReceived')).toBe(false)
    expect(await rejection(alice.zim.revokeMessage(revoked))).toMatchObject({ code: 6000279 })

    const bobsCopy = (await bob.zim.queryHistoryMessage('rv-alice', 0, { count: 10, reverse: true } as any)).messageList
    expect(bobsCopy.map(m => m.type)).toEqual([31, 1])
    await bob.zim.deleteMessages([bobsCopy[1]], 'rv-alice', 0, { isAlsoDeleteServerMessage: true })
    expect((await bob.zim.queryHistoryMessage('rv-alice', 0, { count: 10, reverse: true } as any)).messageList.map(m => m.messageID)).toEqual([message.messageID])
    expect((await alice.zim.queryHistoryMessage('rv-bob', 0, { count: 10, reverse: true } as any)).messageList.map(m => m.messageID)).toEqual([message.messageID, kept.messageID])
  })
})
