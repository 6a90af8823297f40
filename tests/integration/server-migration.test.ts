// A data folder written by the service before storage was keyed by conversation (schema
// v1, tests/fixtures/v1-data) opens with the current service and keeps everything.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/server/app'
import { startServer } from '../../scripts/server/app'
import { SCHEMA_VERSION } from '../../scripts/server/schema'
import { generateToken04 } from '../../scripts/server/token04'
import { DEV_APP_ID, DEV_SERVER_SECRET } from '../../scripts/server/config'
import type { ZIMConversation, ZIMMessage } from '../../src/zim/types'
import { ProtocolClient } from './helpers/protocolClient'
import { ok } from './helpers/serverUsers'

type Text = ZIMMessage & { message: string }

let dir: string
let dbPath: string
let server: RunningServer
const clients: ProtocolClient[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zim-migrate-'))
  dbPath = join(dir, 'zim.sqlite')
  copyFileSync(join(__dirname, '../fixtures/v1-data/zim.sqlite'), dbPath)
  server = await startServer({ port: 0, dbPath, quiet: true })
})
afterAll(async () => {
  clients.forEach(c => c.close())
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function login(userID: string): Promise<ProtocolClient> {
  const c = await ProtocolClient.connect(server.wsUrl)
  clients.push(c)
  const token = generateToken04({ appID: DEV_APP_ID, userID, secret: DEV_SERVER_SECRET, effectiveTimeInSeconds: 3600 })
  ok(await c.request('login', { appID: DEV_APP_ID, userID, userName: `${userID} name`, token }))
  return c
}

const conversations = async (c: ProtocolClient) => ok<{ conversationList: ZIMConversation[] }>(await c.request('queryConversations', { count: 10 })).conversationList
const history = async (c: ProtocolClient, with_: string) =>
  ok<{ messageList: Text[] }>(await c.request('queryHistory', { conversationID: with_, conversationType: 0, count: 100, reverse: true })).messageList

describe('migrating a v1 data folder', () => {
  it('keeps every conversation with its unread count, read position and last message', async () => {
    const alice = await login('alice')
    expect((await conversations(alice)).map(c => [c.conversationID, c.unreadMessageCount, (c.lastMessage as Text).message, c.conversationName])).toEqual([
      ['bob', 5, 'after the clear', 'bob name'],
      ['carol', 0, 'carol, are you there?', 'carol name'],
      ['alice', 0, 'note to self', 'alice name'],
    ])
    const bob = await login('bob')
    const withAlice = (await conversations(bob)).find(c => c.conversationID === 'alice')!
    expect(withAlice).toMatchObject({ unreadMessageCount: 1, readMessageSeq: 10 })
  })

  it('keeps the history in order, each side\'s view intact, and the counters going on', async () => {
    const alice = await login('alice')
    const list = await history(alice, 'bob')
    expect(list.map(m => m.message)).toEqual([
      'alice to bob 1', 'bob to alice 1', 'alice to bob 2', 'bob to alice 2', 'alice to bob 3', 'bob to alice 3',
      'alice to bob 4', 'bob to alice 4', 'alice to bob 5', 'bob to alice 5', 'after the clear',
    ])
    expect(list.map(m => m.messageSeq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(list[0]).toMatchObject({ localMessageID: 'a-1', localExtendedData: 'mine', direction: 0, conversationID: 'bob' })
    expect(list[1]).toMatchObject({ direction: 1, conversationID: 'bob', senderUserID: 'bob' })
    const self = await history(alice, 'alice')
    expect(self.map(m => m.message)).toEqual(['note to self'])

    // A repeated idempotency key from before the migration answers the stored message.
    const again = ok<{ message: Text }>(await alice.request('send', { message: { type: 1, message: 'alice to bob 1', localMessageID: 'a-1' }, toConversationID: 'bob', conversationType: 0, priority: 1 })).message
    expect(again.messageID).toBe(list[0]!.messageID)
    const next = ok<{ message: Text }>(await alice.request('send', { message: { type: 1, message: 'after the migration' }, toConversationID: 'bob', conversationType: 0, priority: 1 })).message
    expect(next.messageSeq).toBe(12)
    expect(Number(next.messageID)).toBeGreaterThan(14)
  })

  it('delivers what was still queued for the user who was away', async () => {
    const carol = await login('carol')
    const page = await carol.push('offlineMessages')
    expect(page.batches.map(b => [b.fromConversationID, b.messageList.map(m => (m as Text).message)])).toEqual([
      ['alice', ['carol, are you there?']],
      ['bob', ['hi carol from bob']],
    ])
  })

  it('records the new schema version, so the next start does not migrate again', async () => {
    await server.close()
    const db = new Database(dbPath, { readonly: true })
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      const tables = (db.prepare('SELECT name FROM sqlite_master WHERE type = \'table\'').all() as { name: string }[]).map(t => t.name)
      expect(tables).toEqual(expect.arrayContaining(['conversations', 'memberships', 'messages', 'undelivered', 'client_messages', 'users']))
      expect(tables.some(t => t.startsWith('v1_'))).toBe(false)
    }
    finally {
      db.close()
    }
    server = await startServer({ port: 0, dbPath, quiet: true })
    const alice = await login('alice')
    expect((await history(alice, 'bob')).at(-1)!.message).toBe('after the migration')
  })
})
