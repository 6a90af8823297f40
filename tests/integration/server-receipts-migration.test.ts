// Schema v8 (read receipts): a data folder of an older version (here v6, before receipts)
// opens with receipt_reads added and every message kept; messages stored before it have
// no receipt (nobody asked for one).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb } from '../../scripts/server/db'
import { SCHEMA_VERSION } from '../../scripts/server/schema'
import { messageView } from '../../scripts/server/zim/views'

let dir: string | undefined
afterEach(() => {
  if (dir)
    rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

describe('schema v8: read receipts', () => {
  it('a v6 folder gains receipt_reads and keeps its messages, which carry no receipt', () => {
    dir = mkdtempSync(join(tmpdir(), 'zim-v8-'))
    const path = join(dir, 'zim.sqlite')
    const db = openDb(path)
    const m = db.transaction(() => db.insertMessage({
      conversation: db.conversationFor(0, 'a\nb'), sender: 'a', receiver: 'b', conversationType: 0, timestamp: 1, content: { type: 1, message: 'old' }, senderLocal: {},
    }))
    db.close()
    // As a v6 service left it: no receipt table, version 6.
    const raw = new Database(path)
    raw.exec('DROP TABLE receipt_reads')
    raw.pragma('user_version = 6')
    raw.close()

    const again = openDb(path)
    try {
      expect(again.handle.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(8)
      const kept = again.messageByID(m.conversation, m.id)!
      expect(kept.content).toEqual({ type: 1, message: 'old' })
      expect(messageView(kept, 'b').receiptStatus).toBe(0)
      expect(again.receipts.markRead(m.id, 'b', 5)).toBe(true)
      expect(again.receipts.markRead(m.id, 'b', 6)).toBe(false)
      expect(again.receipts.readers(m.id)).toEqual([{ userID: 'b', readTime: 5 }])
    }
    finally {
      again.close()
    }
  })
})
