// The local service's tables (current version); migrate.ts brings older data folders here.
export const SCHEMA_VERSION = 7

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  user_id TEXT PRIMARY KEY,
  user_name TEXT NOT NULL,
  -- v7: the user's avatar URL (updateUserAvatarUrl)
  avatar_url TEXT NOT NULL DEFAULT ''
);
-- key: a peer chat's pairKey, or the room / group ID.
CREATE TABLE IF NOT EXISTS conversations (
  id INTEGER PRIMARY KEY,
  type INTEGER NOT NULL,
  key TEXT NOT NULL,
  last_seq INTEGER NOT NULL DEFAULT 0,
  UNIQUE (type, key)
);
-- listed = 0: the member deleted it from their list (the next message lists it again).
CREATE TABLE IF NOT EXISTS memberships (
  user_id TEXT NOT NULL,
  conversation INTEGER NOT NULL REFERENCES conversations (id),
  type INTEGER NOT NULL,
  conversation_id TEXT NOT NULL,
  unread INTEGER NOT NULL DEFAULT 0,
  read_seq INTEGER NOT NULL DEFAULT 0,
  last_message_id INTEGER REFERENCES messages (id),
  order_key INTEGER NOT NULL DEFAULT 0,
  listed INTEGER NOT NULL DEFAULT 1,
  -- v7: the member's own settings (updateConversationPinnedState, setConversationNotificationStatus)
  pinned INTEGER NOT NULL DEFAULT 0,
  pinned_time INTEGER NOT NULL DEFAULT 0,
  notification_status INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (user_id, conversation)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS memberships_by_id ON memberships (user_id, type, conversation_id);
CREATE INDEX IF NOT EXISTS memberships_order ON memberships (user_id, order_key);
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation INTEGER NOT NULL REFERENCES conversations (id),
  seq INTEGER NOT NULL,
  sender TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  content TEXT NOT NULL,
  sender_local TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_conversation_seq ON messages (conversation, seq);
CREATE INDEX IF NOT EXISTS messages_conversation_id ON messages (conversation, id);
-- A send's idempotency key: the sender's own localMessageID. A repeat of the same key
-- (the reply to the first try was lost, or the user pressed resend) gets the message
-- stored the first time instead of a second copy.
CREATE TABLE IF NOT EXISTS client_messages (
  sender TEXT NOT NULL,
  client_id TEXT NOT NULL,
  message_id INTEGER NOT NULL REFERENCES messages (id),
  PRIMARY KEY (sender, client_id)
) WITHOUT ROWID;
-- v3: messages one member deleted for themselves (deleteMessages); the others keep them.
CREATE TABLE IF NOT EXISTS deleted_messages (
  owner TEXT NOT NULL,
  message_id INTEGER NOT NULL REFERENCES messages (id),
  PRIMARY KEY (owner, message_id)
) WITHOUT ROWID;
-- v4: uploaded files, content-addressed by MD5 (the bytes live under ZIM_DATA_DIR/files),
-- with what was read from them; message_files says which conversations may fetch which file.
CREATE TABLE IF NOT EXISTS files (
  md5 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  ext TEXT NOT NULL,
  mime TEXT NOT NULL,
  name TEXT NOT NULL,
  uploader TEXT NOT NULL,
  created INTEGER NOT NULL,
  meta TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS message_files (
  md5 TEXT NOT NULL,
  conversation INTEGER NOT NULL REFERENCES conversations (id),
  message_id INTEGER NOT NULL REFERENCES messages (id),
  PRIMARY KEY (md5, conversation, message_id)
) WITHOUT ROWID;
-- Offline delivery, walked in message-id order and acknowledged by the client up to an id.
CREATE TABLE IF NOT EXISTS undelivered (
  owner TEXT NOT NULL,
  message_id INTEGER NOT NULL REFERENCES messages (id),
  PRIMARY KEY (owner, message_id)
) WITHOUT ROWID;
-- v6: the children of a combined message, uploaded by its owner before the
-- message is sent, and the conversations it was sent into (their members may read it).
CREATE TABLE IF NOT EXISTS combines (
  combine_id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  children TEXT NOT NULL,
  created INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS combine_access (
  combine_id TEXT NOT NULL REFERENCES combines (combine_id),
  conversation INTEGER NOT NULL REFERENCES conversations (id),
  PRIMARY KEY (combine_id, conversation)
) WITHOUT ROWID;
-- v5 (groups): a group and its members; its messages live in conversations/messages
-- (type 2, key = groupID) like any other conversation's. dismissed = 1 keeps the ID taken
-- and the members' history readable.
CREATE TABLE IF NOT EXISTS groups (
  group_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  avatar_url TEXT NOT NULL,
  notice TEXT NOT NULL,
  max_members INTEGER NOT NULL,
  create_time INTEGER NOT NULL,
  dismissed INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
-- The rowid is the order of joining: the earliest member is the smallest.
CREATE TABLE IF NOT EXISTS group_members (
  group_id TEXT NOT NULL REFERENCES groups (group_id),
  user_id TEXT NOT NULL,
  role INTEGER NOT NULL,
  enter_time INTEGER NOT NULL,
  enter_type INTEGER NOT NULL,
  operated_by TEXT NOT NULL DEFAULT '',
  UNIQUE (group_id, user_id)
);
CREATE INDEX IF NOT EXISTS group_members_by_user ON group_members (user_id);
`
