// Storage of read receipts (schema v8, tables in schema.ts). A message sent with
// `config.hasReceipt` carries `hasReceipt: true` in its content; who has read it is a row
// per reader here, whether they read it one by one (sendMessageReceiptsRead) or all at
// once (sendConversationMessageReceiptRead in a peer chat).
import type { Database } from 'better-sqlite3'

/** A receipt message one member has not read yet. */
export interface PendingReceipt { id: number, seq: number, sender: string }

export function createReceiptStore(db: Database) {
  const s = {
    read: db.prepare('INSERT OR IGNORE INTO receipt_reads (message_id, user_id, read_time) VALUES (?, ?, ?)'),
    // Receipt messages of others in the conversation that the reader has not read.
    unreadOf: db.prepare<[number, string, string], PendingReceipt>(`SELECT m.id, m.seq, m.sender FROM messages m
      WHERE m.conversation = ? AND m.sender <> ? AND json_extract(m.content, '$.hasReceipt') = 1
        AND NOT EXISTS (SELECT 1 FROM receipt_reads r WHERE r.message_id = m.id AND r.user_id = ?)
      ORDER BY m.seq`),
    readers: db.prepare<[number], { user_id: string, read_time: number }>('SELECT user_id, read_time FROM receipt_reads WHERE message_id = ? ORDER BY read_time, user_id'),
    hasRead: db.prepare<[number, string], { ok: number }>('SELECT 1 AS ok FROM receipt_reads WHERE message_id = ? AND user_id = ?'),
  }
  return {
    /** True when this read is new. */
    markRead(messageID: number, userID: string, now: number): boolean {
      return s.read.run(messageID, userID, now).changes > 0
    },
    unreadBy(conversation: number, reader: string): PendingReceipt[] {
      return s.unreadOf.all(conversation, reader, reader)
    },
    /** Who read a message, first reader first. */
    readers(messageID: number): { userID: string, readTime: number }[] {
      return s.readers.all(messageID).map(r => ({ userID: r.user_id, readTime: r.read_time }))
    },
    hasRead(messageID: number, userID: string): boolean {
      return s.hasRead.get(messageID, userID) !== undefined
    },
  }
}

export type ReceiptStore = ReturnType<typeof createReceiptStore>
