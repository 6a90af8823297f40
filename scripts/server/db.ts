// Storage for the local ZIM service. One SQLite file, so history and offline messages
// survive a restart of `npm run server` the way they survive on ZEGO's cloud.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

/** What the sender chose (type, text, extendedData, media URLs…); shared by both sides. */
export type MessageContent = Record<string, unknown> & { type: number }

/** Fields only the sender's own device knows about; never shown to the receiver. */
export interface SenderLocal {
  localMessageID?: string
  localExtendedData?: string
}

export interface StoredMessage {
  /** Global and increasing: both the messageID and the orderKey. */
  id: number
  sender: string
  receiver: string
  conversationType: number
  /** Increasing per pair of users. */
  seq: number
  timestamp: number
  content: MessageContent
  senderLocal: SenderLocal
}

export interface ConversationRow {
  owner: string
  conversationID: string
  type: number
  unread: number
  readSeq: number
  orderKey: number
  lastMessage: StoredMessage
}

interface MessageRecord {
  id: number
  sender: string
  receiver: string
  conversation_type: number
  seq: number
  timestamp: number
  content: string
  sender_local: string
}

type ConversationRecord = MessageRecord & {
  owner: string
  conversation_id: string
  type: number
  unread: number
  read_seq: number
  order_key: number
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  user_id TEXT PRIMARY KEY,
  user_name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pair TEXT NOT NULL,
  sender TEXT NOT NULL,
  receiver TEXT NOT NULL,
  conversation_type INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  content TEXT NOT NULL,
  sender_local TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_pair_seq ON messages (pair, seq);
CREATE INDEX IF NOT EXISTS messages_pair_id ON messages (pair, id);
CREATE TABLE IF NOT EXISTS conversations (
  owner TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  type INTEGER NOT NULL,
  unread INTEGER NOT NULL,
  read_seq INTEGER NOT NULL,
  last_message_id INTEGER NOT NULL REFERENCES messages (id),
  order_key INTEGER NOT NULL,
  PRIMARY KEY (owner, type, conversation_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS conversations_order ON conversations (owner, order_key);
-- A send's idempotency key: the sender's own localMessageID. A repeat of the same key
-- (the reply to the first try was lost, or the user pressed resend) gets the message
-- stored the first time instead of a second copy.
CREATE TABLE IF NOT EXISTS client_messages (
  sender TEXT NOT NULL,
  client_id TEXT NOT NULL,
  message_id INTEGER NOT NULL REFERENCES messages (id),
  PRIMARY KEY (sender, client_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS undelivered (
  owner TEXT NOT NULL,
  message_id INTEGER NOT NULL REFERENCES messages (id),
  PRIMARY KEY (owner, message_id)
) WITHOUT ROWID;
`

/** The key of a one-to-one history; '\n' can never be part of a userID. */
export const pairKey = (a: string, b: string) => (a < b ? `${a}\n${b}` : `${b}\n${a}`)

const MESSAGE_COLUMNS = 'm.id, m.sender, m.receiver, m.conversation_type, m.seq, m.timestamp, m.content, m.sender_local'

function toMessage(r: MessageRecord): StoredMessage {
  return {
    id: r.id,
    sender: r.sender,
    receiver: r.receiver,
    conversationType: r.conversation_type,
    seq: r.seq,
    timestamp: r.timestamp,
    content: JSON.parse(r.content) as MessageContent,
    senderLocal: JSON.parse(r.sender_local) as SenderLocal,
  }
}

function toConversation(r: ConversationRecord): ConversationRow {
  return {
    owner: r.owner,
    conversationID: r.conversation_id,
    type: r.type,
    unread: r.unread,
    readSeq: r.read_seq,
    orderKey: r.order_key,
    lastMessage: toMessage(r),
  }
}

export type ZimDb = ReturnType<typeof openDb>

/** Opens (and creates) the store; ':memory:' gives a throwaway one for tests. */
export function openDb(path: string) {
  if (path !== ':memory:')
    mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  // WAL: readers never wait for the writer, and a crash loses at most the last commit.
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.exec(SCHEMA)

  const conversationSelect = `SELECT c.owner, c.conversation_id, c.type, c.unread, c.read_seq, c.order_key, ${MESSAGE_COLUMNS}
    FROM conversations c JOIN messages m ON m.id = c.last_message_id`
  const s = {
    upsertUser: db.prepare('INSERT INTO users (user_id, user_name) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET user_name = excluded.user_name'),
    userName: db.prepare<[string], { user_name: string }>('SELECT user_name FROM users WHERE user_id = ?'),
    nextSeq: db.prepare<[string], { seq: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM messages WHERE pair = ?'),
    insertMessage: db.prepare(`INSERT INTO messages (pair, sender, receiver, conversation_type, seq, timestamp, content, sender_local)
      VALUES (@pair, @sender, @receiver, @conversationType, @seq, @timestamp, @content, @senderLocal)`),
    message: db.prepare<[number], MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = ?`),
    conversation: db.prepare<[string, number, string], ConversationRecord>(`${conversationSelect}
      WHERE c.owner = ? AND c.type = ? AND c.conversation_id = ?`),
    insertConversation: db.prepare(`INSERT INTO conversations (owner, conversation_id, type, unread, read_seq, last_message_id, order_key)
      VALUES (?, ?, ?, ?, 0, ?, ?)`),
    updateConversation: db.prepare(`UPDATE conversations SET unread = unread + ?, last_message_id = ?, order_key = ?
      WHERE owner = ? AND type = ? AND conversation_id = ?`),
    conversations: db.prepare<[string, number, number], ConversationRecord>(`${conversationSelect}
      WHERE c.owner = ? AND c.order_key < ? ORDER BY c.order_key DESC LIMIT ?`),
    clearUnread: db.prepare(`UPDATE conversations SET unread = 0,
      read_seq = (SELECT seq FROM messages WHERE id = conversations.last_message_id)
      WHERE owner = ? AND type = ? AND conversation_id = ?`),
    deleteConversation: db.prepare('DELETE FROM conversations WHERE owner = ? AND type = ? AND conversation_id = ?'),
    olderInPair: db.prepare<[string, number, number], MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM messages m
      WHERE m.pair = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`),
    newerInPair: db.prepare<[string, number, number], MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM messages m
      WHERE m.pair = ? AND m.id > ? ORDER BY m.id ASC LIMIT ?`),
    enqueue: db.prepare('INSERT OR IGNORE INTO undelivered (owner, message_id) VALUES (?, ?)'),
    pending: db.prepare<[string], MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM undelivered u JOIN messages m ON m.id = u.message_id
      WHERE u.owner = ? ORDER BY m.id`),
    delivered: db.prepare('DELETE FROM undelivered WHERE owner = ? AND message_id = ?'),
    byClientID: db.prepare<[string, string], MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM client_messages c JOIN messages m ON m.id = c.message_id
      WHERE c.sender = ? AND c.client_id = ?`),
    rememberClientID: db.prepare('INSERT OR IGNORE INTO client_messages (sender, client_id, message_id) VALUES (?, ?, ?)'),
    countInPair: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM messages WHERE pair = ?'),
  }

  return {
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)()
    },

    saveUser(userID: string, userName: string): void {
      s.upsertUser.run(userID, userName)
    },

    userName(userID: string): string | undefined {
      return s.userName.get(userID)?.user_name
    },

    /** Stores a message with the next id and the pair's next seq. */
    insertMessage(m: Omit<StoredMessage, 'id' | 'seq'>): StoredMessage {
      return db.transaction(() => {
        const pair = pairKey(m.sender, m.receiver)
        const seq = s.nextSeq.get(pair)!.seq
        const { lastInsertRowid } = s.insertMessage.run({
          pair,
          sender: m.sender,
          receiver: m.receiver,
          conversationType: m.conversationType,
          seq,
          timestamp: m.timestamp,
          content: JSON.stringify(m.content),
          senderLocal: JSON.stringify(m.senderLocal),
        })
        return { ...m, id: Number(lastInsertRowid), seq }
      })()
    },

    conversation(owner: string, type: number, conversationID: string): ConversationRow | undefined {
      const r = s.conversation.get(owner, type, conversationID)
      return r && toConversation(r)
    },

    /** Points the owner's conversation at a new last message; `added` if it was created. */
    touchConversation(owner: string, type: number, conversationID: string, message: StoredMessage, unreadDelta: number) {
      return db.transaction(() => {
        const changed = s.updateConversation.run(unreadDelta, message.id, message.id, owner, type, conversationID).changes
        if (changed === 0)
          s.insertConversation.run(owner, conversationID, type, unreadDelta, message.id, message.id)
        return { added: changed === 0, conversation: toConversation(s.conversation.get(owner, type, conversationID)!) }
      })()
    },

    /** Newest first; `beforeOrderKey` pages on from the last one of the previous page. */
    conversations(owner: string, beforeOrderKey: number | undefined, count: number): ConversationRow[] {
      return s.conversations.all(owner, beforeOrderKey ?? Number.MAX_SAFE_INTEGER, count).map(toConversation)
    },

    clearUnread(owner: string, type: number, conversationID: string): ConversationRow | undefined {
      s.clearUnread.run(owner, type, conversationID)
      return this.conversation(owner, type, conversationID)
    },

    deleteConversation(owner: string, type: number, conversationID: string): boolean {
      return s.deleteConversation.run(owner, type, conversationID).changes > 0
    },

    /**
     * One page of a pair's history, always in ascending order. `reverse` walks back
     * from the newest (or from `fromOrderKey`, exclusive); otherwise forward from the oldest.
     */
    history(a: string, b: string, fromOrderKey: number | undefined, count: number, reverse: boolean): StoredMessage[] {
      const pair = pairKey(a, b)
      if (reverse)
        return s.olderInPair.all(pair, fromOrderKey ?? Number.MAX_SAFE_INTEGER, count).map(toMessage).reverse()
      return s.newerInPair.all(pair, fromOrderKey ?? 0, count).map(toMessage)
    },

    enqueue(owner: string, messageID: number): void {
      s.enqueue.run(owner, messageID)
    },

    undelivered(owner: string): StoredMessage[] {
      return s.pending.all(owner).map(toMessage)
    },

    markDelivered(owner: string, messageIDs: number[]): void {
      db.transaction(() => {
        for (const id of messageIDs)
          s.delivered.run(owner, id)
      })()
    },

    /** The message a sender already stored under this idempotency key, if any. */
    messageByClientID(sender: string, clientID: string): StoredMessage | undefined {
      const r = s.byClientID.get(sender, clientID)
      return r && toMessage(r)
    },

    rememberClientID(sender: string, clientID: string, messageID: number): void {
      s.rememberClientID.run(sender, clientID, messageID)
    },

    /** How many messages two users have exchanged (tests and diagnostics). */
    countBetween(a: string, b: string): number {
      return s.countInPair.get(pairKey(a, b))!.n
    },

    message(id: number): StoredMessage | undefined {
      const r = s.message.get(id)
      return r && toMessage(r)
    },

    close(): void {
      if (db.open)
        db.close()
    },
  }
}
