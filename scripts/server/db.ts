// Storage for the local ZIM service. One SQLite file, so history and offline messages
// survive a restart of `npm run server` the way they survive on ZEGO's cloud.
//
// Keyed by conversation, whatever its type: a conversation (peer, room or group) owns
// its messages and their seq; a membership is one user's view of it (name as that user
// sees it, unread count, read position, place in the list). Peer chats are the only
// conversations the ops create today; rooms and groups are a matter of adding ops.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { ConversationType } from '../../src/zim/constants'
import { PINNED_ORDER_BASE } from '../../src/zim/conversationRules'
import { migrate } from './migrate'
import { createCombineStore } from './combineStore'
import { createGroupStore } from './groupStore'
import { createConversationSettingsStore } from './conversationSettingsStore'
import { createUserStore } from './userStore'

/** What the sender chose (type, text, extendedData, media URLs…); shared by every member. */
export type MessageContent = Record<string, unknown> & { type: number }

/** Fields only the sender's own device knows about; never shown to anyone else. */
export interface SenderLocal {
  localMessageID?: string
  localExtendedData?: string
}

export interface StoredMessage {
  /** Global and increasing: both the messageID and the orderKey. */
  id: number
  /** The conversation's row id. */
  conversation: number
  sender: string
  /** What the sender addressed: the peer's userID, or the room / group ID. */
  receiver: string
  conversationType: number
  /** Increasing per conversation. */
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
  // v7: the member's own settings
  isPinned: boolean
  pinnedTime: number
  notificationStatus: number
  /** The member deleted their last message (deleteAllMessage): the list shows none. */
  lastMessageHidden?: boolean
}

interface MessageRecord {
  id: number
  conversation: number
  sender: string
  conversation_type: number
  conversation_key: string
  seq: number
  timestamp: number
  content: string
  sender_local: string
}

type MembershipRecord = MessageRecord & {
  owner: string
  conversation_id: string
  type: number
  unread: number
  read_seq: number
  order_key: number
  pinned: number
  pinned_time: number
  notification_status: number
  last_deleted: number
}

/** The key of a one-to-one conversation; '\n' can never be part of a userID. */
export const pairKey = (a: string, b: string) => (a < b ? `${a}\n${b}` : `${b}\n${a}`)

/** Who the sender addressed, from the conversation's key. */
function receiverOf(type: number, key: string, sender: string): string {
  if (type !== ConversationType.Peer)
    return key
  const [a, b] = key.split('\n')
  return a === sender ? b : a
}

const MESSAGE_COLUMNS = 'm.id, m.conversation, m.sender, k.type AS conversation_type, k.key AS conversation_key, m.seq, m.timestamp, m.content, m.sender_local'
const MESSAGE_FROM = 'messages m JOIN conversations k ON k.id = m.conversation'
/** Not deleted by the viewer (the `?` is the viewer's userID). */
const NOT_DELETED = 'NOT EXISTS (SELECT 1 FROM deleted_messages d WHERE d.owner = ? AND d.message_id = m.id)'
/** The message a row of another table points at, with its conversation. */
const joinMessage = (column: string) => `JOIN messages m ON m.id = ${column} JOIN conversations k ON k.id = m.conversation`

function toMessage(r: MessageRecord): StoredMessage {
  return {
    id: r.id,
    conversation: r.conversation,
    sender: r.sender,
    receiver: receiverOf(r.conversation_type, r.conversation_key, r.sender),
    conversationType: r.conversation_type,
    seq: r.seq,
    timestamp: r.timestamp,
    content: JSON.parse(r.content) as MessageContent,
    senderLocal: JSON.parse(r.sender_local) as SenderLocal,
  }
}

function toConversation(r: MembershipRecord): ConversationRow {
  return {
    owner: r.owner,
    conversationID: r.conversation_id,
    type: r.type,
    unread: r.unread,
    readSeq: r.read_seq,
    // As the SDK: the last message's time, plus the pin base when pinned.
    orderKey: r.timestamp + r.pinned * PINNED_ORDER_BASE,
    lastMessage: toMessage(r),
    isPinned: r.pinned === 1,
    pinnedTime: r.pinned_time,
    notificationStatus: r.notification_status,
    lastMessageHidden: r.last_deleted === 1,
  }
}

export type ZimDb = ReturnType<typeof openDb>

/** A member's conversation after a new message, and whether it (re)appeared in their list. */
export interface Touched { added: boolean, conversation: ConversationRow }

/** Opens (and creates, or migrates) the store; ':memory:' gives a throwaway one for tests. */
export function openDb(path: string) {
  if (path !== ':memory:')
    mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  // WAL: readers never wait for the writer, and a crash loses at most the last commit.
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  // The service is the file's only user: no file locks or shared-memory index per
  // transaction (a third of a send's cost otherwise). Another process can read the file
  // once the service has stopped.
  db.pragma('locking_mode = EXCLUSIVE')
  // Each send is a savepoint inside its batch's transaction: keep their journals in memory.
  db.pragma('temp_store = MEMORY')
  migrate(db)
  db.pragma('foreign_keys = ON')

  const membershipSelect = `SELECT p.user_id AS owner, p.conversation_id, p.type, p.unread, p.read_seq, p.order_key,
    p.pinned, p.pinned_time, p.notification_status,
    EXISTS (SELECT 1 FROM deleted_messages d WHERE d.owner = p.user_id AND d.message_id = p.last_message_id) AS last_deleted, ${MESSAGE_COLUMNS}
    FROM memberships p ${joinMessage('p.last_message_id')}`
  /** A conversation's place in its member's list (orderKey), and the id that breaks ties. */
  const listKey = `(m.timestamp + p.pinned * ${PINNED_ORDER_BASE})`
  const s = {
    upsertUser: db.prepare('INSERT INTO users (user_id, user_name) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET user_name = excluded.user_name'),
    userName: db.prepare<[string], { user_name: string }>('SELECT user_name FROM users WHERE user_id = ?'),
    findConversation: db.prepare<[number, string], { id: number }>('SELECT id FROM conversations WHERE type = ? AND key = ?'),
    addConversation: db.prepare<[number, string], { id: number }>('INSERT INTO conversations (type, key) VALUES (?, ?) RETURNING id'),
    nextSeq: db.prepare<[number], { seq: number }>('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq AS seq'),
    insertMessage: db.prepare(`INSERT INTO messages (conversation, seq, sender, timestamp, content, sender_local)
      VALUES (@conversation, @seq, @sender, @timestamp, @content, @senderLocal)`),
    // One statement per member and send: create or update, and say which it was.
    touch: db.prepare<[{ owner: string, conversation: number, type: number, conversationID: string, delta: number, message: number }], { unread: number, read_seq: number, pinned: number, pinned_time: number, notification_status: number }>(
      `INSERT INTO memberships (user_id, conversation, type, conversation_id, unread, last_message_id, order_key, listed)
      VALUES (@owner, @conversation, @type, @conversationID, @delta, @message, @message, 1)
      ON CONFLICT (user_id, conversation) DO UPDATE SET
        unread = CASE WHEN listed = 1 THEN unread + @delta ELSE @delta END,
        last_message_id = @message, order_key = @message, listed = 1
      RETURNING unread, read_seq, pinned, pinned_time, notification_status`,
    ),
    wasListed: db.prepare<[string, number], { listed: number }>('SELECT listed FROM memberships WHERE user_id = ? AND conversation = ?'),
    membership: db.prepare<[string, number, string], MembershipRecord>(`${membershipSelect}
      WHERE p.user_id = ? AND p.type = ? AND p.conversation_id = ? AND p.listed = 1`),
    memberships: db.prepare<[{ owner: string, key: number, id: number, count: number }], MembershipRecord>(`${membershipSelect}
      WHERE p.user_id = @owner AND p.listed = 1 AND (${listKey} < @key OR (${listKey} = @key AND m.id < @id))
      ORDER BY ${listKey} DESC, m.id DESC LIMIT @count`),
    clearUnread: db.prepare(`UPDATE memberships SET unread = 0,
      read_seq = (SELECT seq FROM messages WHERE id = memberships.last_message_id)
      WHERE user_id = ? AND type = ? AND conversation_id = ? AND listed = 1`),
    unlist: db.prepare('UPDATE memberships SET listed = 0, unread = 0 WHERE user_id = ? AND type = ? AND conversation_id = ? AND listed = 1'),
    older: db.prepare<[number, number, string, number], MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
      WHERE m.conversation = ? AND m.id < ? AND ${NOT_DELETED} ORDER BY m.id DESC LIMIT ?`),
    newer: db.prepare<[number, number, string, number], MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
      WHERE m.conversation = ? AND m.id > ? AND ${NOT_DELETED} ORDER BY m.id ASC LIMIT ?`),
    bySeq: db.prepare<[number, number], MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} WHERE m.conversation = ? AND m.seq = ?`),
    byID: db.prepare<[number, number], MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} WHERE m.conversation = ? AND m.id = ?`),
    setContent: db.prepare('UPDATE messages SET content = ? WHERE id = ?'),
    markDeleted: db.prepare('INSERT OR IGNORE INTO deleted_messages (owner, message_id) VALUES (?, ?)'),
    newestKept: db.prepare<[number, string], { id: number }>(`SELECT m.id FROM messages m
      WHERE m.conversation = ? AND ${NOT_DELETED} ORDER BY m.id DESC LIMIT 1`),
    membershipOf: db.prepare<[string, number], { last_message_id: number, unread: number, read_seq: number, listed: number }>(
      'SELECT last_message_id, unread, read_seq, listed FROM memberships WHERE user_id = ? AND conversation = ?'),
    setMembership: db.prepare('UPDATE memberships SET last_message_id = ?, unread = ? WHERE user_id = ? AND conversation = ?'),
    enqueue: db.prepare('INSERT OR IGNORE INTO undelivered (owner, message_id) VALUES (?, ?)'),
    pendingPage: db.prepare<[string, number, number], MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM undelivered u ${joinMessage('u.message_id')}
      WHERE u.owner = ? AND u.message_id > ? ORDER BY u.message_id LIMIT ?`),
    deliveredUpTo: db.prepare('DELETE FROM undelivered WHERE owner = ? AND message_id <= ?'),
    pendingCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM undelivered WHERE owner = ?'),
    byClientID: db.prepare<[string, string], MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM client_messages c ${joinMessage('c.message_id')}
      WHERE c.sender = ? AND c.client_id = ?`),
    rememberClientID: db.prepare('INSERT OR IGNORE INTO client_messages (sender, client_id, message_id) VALUES (?, ?, ?)'),
    countIn: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM messages WHERE conversation = ?'),
    // deleteAllMessage (v7)
    deleteAllFor: db.prepare('INSERT OR IGNORE INTO deleted_messages (owner, message_id) SELECT ?, id FROM messages WHERE conversation = ?'),
    readAll: db.prepare(`UPDATE memberships SET unread = 0, read_seq = (SELECT last_seq FROM conversations WHERE id = memberships.conversation)
      WHERE user_id = ? AND conversation = ?`),
  }

  // One transaction function, made once (better-sqlite3 builds several statements per call).
  const runInTransaction = db.transaction((fn: () => unknown) => fn())

  function conversationRow(type: number, key: string): number | undefined {
    return s.findConversation.get(type, key)?.id
  }

  // members and group info, beside the conversations.
  const groups = createGroupStore(db)

  return {
    /** Combined messages' children and who may read them (v6). */
    combines: createCombineStore(db),
    groups,
    // v7: a member's conversation settings and users' avatars
    settings: createConversationSettingsStore(db),
    users: createUserStore(db),

    /** Runs `fn` in one transaction (the caller's whole send, for instance). */
    transaction<T>(fn: () => T): T {
      return runInTransaction(fn) as T
    },

    saveUser(userID: string, userName: string): void {
      s.upsertUser.run(userID, userName)
    },

    userName(userID: string): string | undefined {
      return s.userName.get(userID)?.user_name
    },

    /** The conversation's row id, created when it does not exist yet. */
    conversationFor(type: number, key: string): number {
      return conversationRow(type, key) ?? s.addConversation.get(type, key)!.id
    },

    /** The row id of a peer chat between two users, if they ever exchanged a message. */
    peerConversation(a: string, b: string): number | undefined {
      return conversationRow(ConversationType.Peer, pairKey(a, b))
    },

    /** Stores a message with the next id and its conversation's next seq (call inside a transaction). */
    insertMessage(m: Omit<StoredMessage, 'id' | 'seq'>): StoredMessage {
      const seq = s.nextSeq.get(m.conversation)!.seq
      const { lastInsertRowid } = s.insertMessage.run({
        conversation: m.conversation,
        seq,
        sender: m.sender,
        timestamp: m.timestamp,
        content: JSON.stringify(m.content),
        senderLocal: JSON.stringify(m.senderLocal),
      })
      return Object.assign({}, m, { id: Number(lastInsertRowid), seq })
    },

    /** Points a member's conversation at a new message, answering the row without a re-read. */
    touchMembership(owner: string, conversationID: string, message: StoredMessage, unreadDelta: number): Touched {
      const listed = s.wasListed.get(owner, message.conversation)?.listed === 1
      const r = s.touch.get({ owner, conversation: message.conversation, type: message.conversationType, conversationID, delta: unreadDelta, message: message.id })!
      return {
        added: !listed,
        conversation: {
          owner,
          conversationID,
          type: message.conversationType,
          unread: r.unread,
          readSeq: r.read_seq,
          orderKey: message.timestamp + r.pinned * PINNED_ORDER_BASE,
          lastMessage: message,
          isPinned: r.pinned === 1,
          pinnedTime: r.pinned_time,
          notificationStatus: r.notification_status,
        },
      }
    },

    conversation(owner: string, type: number, conversationID: string): ConversationRow | undefined {
      const r = s.membership.get(owner, type, conversationID)
      return r && toConversation(r)
    },

    /**
     * Newest first (pinned ones first); `beforeOrderKey` pages on from the last one of the
     * previous page, and `after` (that conversation) breaks ties between equal orderKeys.
     */
    conversations(owner: string, beforeOrderKey: number | undefined, count: number, after?: { type: number, conversationID: string }): ConversationRow[] {
      const anchor = after && beforeOrderKey !== undefined ? s.membership.get(owner, after.type, after.conversationID) : undefined
      const id = anchor && anchor.timestamp + anchor.pinned * PINNED_ORDER_BASE === beforeOrderKey ? anchor.id : 0
      return s.memberships.all({ owner, key: beforeOrderKey ?? Number.MAX_SAFE_INTEGER, id, count }).map(toConversation)
    },

    clearUnread(owner: string, type: number, conversationID: string): ConversationRow | undefined {
      s.clearUnread.run(owner, type, conversationID)
      return this.conversation(owner, type, conversationID)
    },

    deleteConversation(owner: string, type: number, conversationID: string): boolean {
      return s.unlist.run(owner, type, conversationID).changes > 0
    },

    /**
     * One page of a conversation's history, always in ascending order. `reverse` walks
     * back from the newest (or from `fromOrderKey`, exclusive); otherwise forward from the oldest.
     */
    history(conversation: number, viewer: string, fromOrderKey: number | undefined, count: number, reverse: boolean): StoredMessage[] {
      if (reverse)
        return s.older.all(conversation, fromOrderKey ?? Number.MAX_SAFE_INTEGER, viewer, count).map(toMessage).reverse()
      return s.newer.all(conversation, fromOrderKey ?? 0, viewer, count).map(toMessage)
    },

    messageBySeq(conversation: number, seq: number): StoredMessage | undefined {
      const r = s.bySeq.get(conversation, seq)
      return r && toMessage(r)
    },

    messageByID(conversation: number, id: number): StoredMessage | undefined {
      const r = s.byID.get(conversation, id)
      return r && toMessage(r)
    },

    /** What a message says from now on, for every member (a revoke replaces it in place). */
    replaceContent(message: StoredMessage, content: MessageContent): StoredMessage {
      s.setContent.run(JSON.stringify(content), message.id)
      return { ...message, content }
    },

    /**
     * A member's own state after one of their messages changed: `unreadDrop` messages fewer
     * unread, and a deleted last message replaced by the newest one they still have.
     * False when nothing they see changed (or the conversation is not in their list).
     */
    adjustMembership(owner: string, conversation: number, change: { unreadDrop: number, lastMessageGone: (lastID: number) => boolean }): boolean {
      const m = s.membershipOf.get(owner, conversation)
      if (!m || m.listed !== 1)
        return false
      const gone = change.lastMessageGone(m.last_message_id)
      if (!gone && change.unreadDrop === 0)
        return false
      const last = gone ? (s.newestKept.get(conversation, owner)?.id ?? m.last_message_id) : m.last_message_id
      s.setMembership.run(last, Math.max(0, m.unread - change.unreadDrop), owner, conversation)
      return true
    },

    /** A member's unread count, read position and last message in a conversation, if listed. */
    membershipState(owner: string, conversation: number): { lastMessageID: number, unread: number, readSeq: number } | undefined {
      const m = s.membershipOf.get(owner, conversation)
      return m && m.listed === 1 ? { lastMessageID: m.last_message_id, unread: m.unread, readSeq: m.read_seq } : undefined
    },

    /** The member no longer sees these messages; the others keep theirs. */
    deleteFor(owner: string, messageIDs: number[]): void {
      for (const id of messageIDs)
        s.markDeleted.run(owner, id)
    },

    /** deleteAllMessage: the member no longer sees any message of the conversation, and none is unread. */
    deleteAllFor(owner: string, conversation: number): void {
      s.deleteAllFor.run(owner, conversation)
      s.readAll.run(owner, conversation)
    },

    enqueue(owner: string, messageID: number): void {
      s.enqueue.run(owner, messageID)
    },

    /** Up to `count` queued messages after message id `after`, in id order. */
    undeliveredPage(owner: string, after: number, count: number): StoredMessage[] {
      return s.pendingPage.all(owner, after, count).map(toMessage)
    },

    /** The client has every queued message up to this id. */
    deliveredUpTo(owner: string, messageID: number): void {
      s.deliveredUpTo.run(owner, messageID)
    },

    undeliveredCount(owner: string): number {
      return s.pendingCount.get(owner)!.n
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
      const id = conversationRow(ConversationType.Peer, pairKey(a, b))
      return id === undefined ? 0 : s.countIn.get(id)!.n
    },

    /** The connection itself, for an area that keeps its own tables and statements (media/store.ts). */
    handle: db,
    /** messages stored in conversations of one type (tests and diagnostics). */
    countOfType(type: number): number {
      return (db.prepare('SELECT COUNT(*) AS n FROM messages m JOIN conversations k ON k.id = m.conversation WHERE k.type = ?').get(type) as { n: number }).n
    },

    close(): void {
      if (db.open)
        db.close()
    },
  }
}
