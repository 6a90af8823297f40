// The local service's conversation settings and user ops over the raw protocol: pin (and its
// limit), mute and the total unread, deleting all of one's messages, user names and avatars,
// queryUsers' 10 users / 10 s, and schema v7 on a v6 data folder.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { startServer } from '../../scripts/server/app'
import { SCHEMA_VERSION } from '../../scripts/server/schema'
import { generateToken04 } from '../../scripts/server/token04'
import { PINNED_CONVERSATIONS_MAX } from '../../src/zim/conversationRules'
import type { ZIMConversation, ZIMMessage } from '../../src/zim/types'
import type { ProtocolClient } from './helpers/protocolClient'
import { ProtocolClient as Client } from './helpers/protocolClient'
import { ok, sendText, TEST_APP_ID, TEST_SECRET, useTestServer } from './helpers/serverUsers'

let clock = Date.now()
const { users } = useTestServer({ now: () => clock })
const loggedIn = (userID: string) => users.loggedIn(userID)

const list = async (c: ProtocolClient) => ok<{ conversationList: ZIMConversation[] }>(await c.request('queryConversations', { count: 200 })).conversationList
const key = (conversationID: string, conversationType = 0) => ({ conversationID, conversationType })

describe('conversation settings on the service', () => {
  it('pins, unpins and refuses a repeated unpin; past the limit 6000604', async () => {
    const me = await loggedIn('set-pinner')
    for (let i = 0; i < PINNED_CONVERSATIONS_MAX + 1; i++)
      ok(await sendText(me, `set-peer${i}`, 'hi'))
    for (let i = 0; i < PINNED_CONVERSATIONS_MAX; i++)
      ok(await me.request('pinConversation', { ...key(`set-peer${i}`), isPinned: true }))
    const over = await me.request('pinConversation', { ...key(`set-peer${PINNED_CONVERSATIONS_MAX}`), isPinned: true })
    expect(over).toMatchObject({ ok: false, code: 6000604, message: `API.updateConversationPinnedState: at most ${PINNED_CONVERSATIONS_MAX} conversations can be pinned.` })
    // pinning one again is fine, and unpinning makes room
    ok(await me.request('pinConversation', { ...key('set-peer0'), isPinned: true }))
    ok(await me.request('pinConversation', { ...key('set-peer0'), isPinned: false }))
    expect(await me.request('pinConversation', { ...key('set-peer0'), isPinned: false })).toMatchObject({ ok: false, code: 6000001, message: 'Repeatedly unpin.' })
    ok(await me.request('pinConversation', { ...key(`set-peer${PINNED_CONVERSATIONS_MAX}`), isPinned: true }))
    // the first page (the service's 100 at most) is the pinned ones; the unpinned one comes after
    const conversations = await list(me)
    expect(conversations).toHaveLength(PINNED_CONVERSATIONS_MAX)
    expect(conversations.every(c => c.isPinned && c.conversationID !== 'set-peer0')).toBe(true)
    expect(await me.request('pinConversation', { ...key('set-stranger'), isPinned: true })).toMatchObject({ ok: false, code: 6000603 })
    expect(await me.request('pinConversation', { ...key('set-room', 1), isPinned: true })).toMatchObject({ ok: false, code: 6000001 })
  }, 30_000)

  it('pages a pinned-first list without losing or repeating a conversation', async () => {
    const me = await loggedIn('set-pager')
    for (const peer of ['a', 'b', 'c', 'd', 'e'])
      ok(await sendText(me, `set-pg-${peer}`, peer))
    ok(await me.request('pinConversation', { ...key('set-pg-b'), isPinned: true }))
    const seen: string[] = []
    let next: Record<string, unknown> = {}
    for (;;) {
      const page = ok<{ conversationList: ZIMConversation[] }>(await me.request('queryConversations', { count: 2, ...next })).conversationList
      if (page.length === 0)
        break
      seen.push(...page.map(c => c.conversationID))
      const last = page.at(-1)!
      next = { nextOrderKey: last.orderKey, nextConversationID: last.conversationID, nextConversationType: last.type }
    }
    expect(seen).toEqual(['set-pg-b', 'set-pg-e', 'set-pg-d', 'set-pg-c', 'set-pg-a'])
  })

  it('mutes: the total unread leaves the conversation out, and is pushed whenever it changes', async () => {
    const sender = await loggedIn('set-sender')
    const reader = await loggedIn('set-reader')
    ok(await sendText(sender, 'set-reader', 'one'))
    expect(await reader.push('totalUnread')).toMatchObject({ totalUnreadMessageCount: 1 })
    ok(await reader.request('setNotificationStatus', { ...key('set-sender'), status: 2 }))
    expect((await reader.push('totalUnread')).totalUnreadMessageCount).toBe(0)
    ok(await sendText(sender, 'set-reader', 'two'))
    ok(await reader.request('setNotificationStatus', { ...key('set-sender'), status: 1 }))
    expect((await reader.push('totalUnread')).totalUnreadMessageCount).toBe(2)
    expect(await reader.request('setNotificationStatus', { ...key('set-sender'), status: 3 })).toMatchObject({ ok: false, code: 6000001 })
    // a fresh login hears the total at once
    reader.close()
    const again = await loggedIn('set-reader')
    expect((await again.push('totalUnread')).totalUnreadMessageCount).toBe(2)
  })

  it('deleteAllMessages: the caller sees none of them and none unread; the other side keeps theirs', async () => {
    const a = await loggedIn('set-da-a')
    const b = await loggedIn('set-da-b')
    ok(await sendText(a, 'set-da-b', 'x'))
    ok(await sendText(a, 'set-da-b', 'y'))
    ok(await b.request('deleteAllMessages', key('set-da-a')))
    const history = async (c: ProtocolClient, peer: string) => ok<{ messageList: ZIMMessage[] }>(await c.request('queryHistory', { ...key(peer), count: 10, reverse: true })).messageList
    expect(await history(b, 'set-da-a')).toEqual([])
    expect(await history(a, 'set-da-b')).toHaveLength(2)
    const mine = (await list(b)).find(c => c.conversationID === 'set-da-a')!
    expect(mine).toMatchObject({ unreadMessageCount: 0 })
    expect(mine.lastMessage).toBeUndefined()
    ok(await sendText(a, 'set-da-b', 'z'))
    expect(await history(b, 'set-da-a')).toHaveLength(1)
  })
})

describe('users on the service', () => {
  it('keeps a name (≤ 256 bytes) and an avatar URL (≤ 500 bytes), answered by queryUsers and on peer conversations', async () => {
    const me = await loggedIn('usr-me')
    const other = await loggedIn('usr-other')
    ok(await sendText(other, 'usr-me', 'hello'))
    expect(ok(await me.request('updateUserInfo', { field: 'name', value: 'Me Renamed' }))).toEqual({ value: 'Me Renamed' })
    ok(await me.request('updateUserInfo', { field: 'avatarUrl', value: 'http://127.0.0.1/api/avatars/abc.jpg' }))
    ok(await other.request('updateUserInfo', { field: 'avatarUrl', value: 'http://x/o.png' }))
    expect(await me.request('updateUserInfo', { field: 'name', value: 'n'.repeat(257) })).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('userName.maxBytes') })
    expect(await me.request('updateUserInfo', { field: 'name', value: '  ' })).toMatchObject({ ok: false, code: 6000001 })
    expect(await me.request('updateUserInfo', { field: 'avatarUrl', value: `http://x/${'u'.repeat(500)}` })).toMatchObject({ ok: false, code: 6000001, message: 'API.updateUser: userAvatarUrl must be at most 500 bytes.' })
    const { users: found } = ok<{ users: { userID: string, userName: string, userAvatarUrl: string }[] }>(await other.request('queryUsers', { userIDs: ['usr-me'] }))
    expect(found).toEqual([{ userID: 'usr-me', userName: 'Me Renamed', userAvatarUrl: 'http://127.0.0.1/api/avatars/abc.jpg' }])
    expect((await list(other))[0]).toMatchObject({ conversationID: 'usr-me', conversationName: 'Me Renamed', conversationAvatarUrl: 'http://127.0.0.1/api/avatars/abc.jpg' })
    expect((await list(me))[0]).toMatchObject({ conversationID: 'usr-other', conversationAvatarUrl: 'http://x/o.png' })
  })

  it('answers at most 10 users every 10 s to one user (6000012), then again', async () => {
    const me = await loggedIn('usr-asker')
    const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => `usr-q${from + i}`)
    ok(await me.request('queryUsers', { userIDs: ids(0, 6) }))
    ok(await me.request('queryUsers', { userIDs: ids(6, 4) }))
    expect(await me.request('queryUsers', { userIDs: ids(10, 1) })).toMatchObject({ ok: false, code: 6000012 })
    clock += 10_001
    ok(await me.request('queryUsers', { userIDs: ids(10, 10) }))
  })
})

describe('schema v7 on a v6 data folder', () => {
  it('adds the settings and avatar columns with their defaults and keeps the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zim-v6-'))
    const dbPath = join(dir, 'zim.sqlite')
    try {
      let server = await startServer({ port: 0, dbPath, quiet: true, appID: TEST_APP_ID, serverSecret: TEST_SECRET })
      const login = async (userID: string) => {
        const c = await Client.connect(server.wsUrl)
        ok(await c.request('login', { appID: TEST_APP_ID, userID, userName: `${userID} name`, token: generateToken04({ appID: TEST_APP_ID, userID, secret: TEST_SECRET, effectiveTimeInSeconds: 3600 }) }))
        return c
      }
      const a = await login('v6a')
      ok(await sendText(a, 'v6b', 'kept'))
      a.close()
      await server.close()
      // back to what v6 wrote: no v7 columns
      const db = new Database(dbPath)
      for (const [table, column] of [['users', 'avatar_url'], ['memberships', 'pinned'], ['memberships', 'pinned_time'], ['memberships', 'notification_status']])
        db.exec(`ALTER TABLE ${table} DROP COLUMN ${column}`)
      db.pragma('user_version = 6')
      db.close()

      server = await startServer({ port: 0, dbPath, quiet: true, appID: TEST_APP_ID, serverSecret: TEST_SECRET })
      const b = await login('v6b')
      expect((await list(b))[0]).toMatchObject({ conversationID: 'v6a', isPinned: false, pinnedTime: 0, notificationStatus: 1, unreadMessageCount: 1, conversationAvatarUrl: '' })
      ok(await b.request('pinConversation', { ...key('v6a'), isPinned: true }))
      b.close()
      await server.close()
      const after = new Database(dbPath)
      expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      after.close()
    }
    finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
