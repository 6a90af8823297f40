// Brings a data folder to the current schema (db.ts), keeping its history. PRAGMA
// user_version holds the schema version; 0 with a `messages.pair` column is v1, where
// everything was keyed by the pair of users.
import type { Database } from 'better-sqlite3'
import { SCHEMA, SCHEMA_VERSION } from './schema'

function hasColumn(db: Database, table: string, column: string): boolean {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).some(c => c.name === column)
}

/** v1 → v2: conversations get a row of their own; messages and memberships point at it. */
function fromPairs(db: Database): void {
  db.exec(`
    ALTER TABLE messages RENAME TO v1_messages;
    ALTER TABLE conversations RENAME TO v1_conversations;
    DROP INDEX IF EXISTS messages_pair_seq;
    DROP INDEX IF EXISTS messages_pair_id;
    DROP INDEX IF EXISTS conversations_order;
  `)
  db.exec(SCHEMA)
  db.exec(`
    INSERT INTO conversations (type, key, last_seq)
      SELECT conversation_type, pair, MAX(seq) FROM v1_messages GROUP BY conversation_type, pair;
    -- The same ids: client_messages and undelivered keep pointing at the right messages.
    INSERT INTO messages (id, conversation, seq, sender, timestamp, content, sender_local)
      SELECT m.id, k.id, m.seq, m.sender, m.timestamp, m.content, m.sender_local
      FROM v1_messages m JOIN conversations k ON k.type = m.conversation_type AND k.key = m.pair
      ORDER BY m.id;
    INSERT INTO memberships (user_id, conversation, type, conversation_id, unread, read_seq, last_message_id, order_key, listed)
      SELECT c.owner, m.conversation, c.type, c.conversation_id, c.unread, c.read_seq, c.last_message_id, c.order_key, 1
      FROM v1_conversations c JOIN messages m ON m.id = c.last_message_id;
    DROP TABLE v1_conversations;
    DROP TABLE v1_messages;
  `)
}

// v7: columns added to tables older data folders already have (CREATE TABLE IF NOT EXISTS skips them).
const V7_COLUMNS: [table: string, column: string, definition: string][] = [
  ['users', 'avatar_url', "TEXT NOT NULL DEFAULT ''"],
  ['memberships', 'pinned', 'INTEGER NOT NULL DEFAULT 0'],
  ['memberships', 'pinned_time', 'INTEGER NOT NULL DEFAULT 0'],
  ['memberships', 'notification_status', 'INTEGER NOT NULL DEFAULT 1'],
]

function addV7Columns(db: Database): void {
  for (const [table, column, definition] of V7_COLUMNS) {
    if (!hasColumn(db, table, column))
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`)
  }
}

export function migrate(db: Database): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version === SCHEMA_VERSION)
    return
  if (version > SCHEMA_VERSION)
    throw new Error(`The data folder was written by a newer local service (schema ${version}; this one knows up to ${SCHEMA_VERSION}).`)
  // Renaming tables must not rewrite the other tables' references to them.
  db.pragma('foreign_keys = OFF')
  db.pragma('legacy_alter_table = ON')
  db.transaction(() => {
    if (hasColumn(db, 'messages', 'pair'))
      fromPairs(db)
    else
      db.exec(SCHEMA)
    addV7Columns(db)
    const broken = db.pragma('foreign_key_check') as unknown[]
    if (broken.length > 0)
      throw new Error(`Migrating the data folder left ${broken.length} broken references; nothing was changed.`)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  })()
  db.pragma('legacy_alter_table = OFF')
}
