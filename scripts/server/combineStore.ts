// Storage of combined messages' children (schema v6, tables in schema.ts): what the SDK uploads as a file before it
// sends a combine message (wx.request multipart on ZEGO's cloud, an op here), and which
// conversations a combine was sent into, so only their members can read it.
import type { Database } from 'better-sqlite3'

export interface StoredCombine {
  combineID: string
  owner: string
  children: Record<string, unknown>[]
}

export function createCombineStore(db: Database) {
  const s = {
    insert: db.prepare('INSERT INTO combines (combine_id, owner, children, created) VALUES (?, ?, ?, ?)'),
    get: db.prepare<[string], { combine_id: string, owner: string, children: string }>('SELECT combine_id, owner, children FROM combines WHERE combine_id = ?'),
    grant: db.prepare('INSERT OR IGNORE INTO combine_access (combine_id, conversation) VALUES (?, ?)'),
    // A member of any conversation the combine went into (their membership row exists).
    readable: db.prepare<[string, string, string], { ok: number }>(`SELECT 1 AS ok FROM combines c WHERE c.combine_id = ? AND (c.owner = ? OR EXISTS (
      SELECT 1 FROM combine_access a JOIN memberships p ON p.conversation = a.conversation
      WHERE a.combine_id = c.combine_id AND p.user_id = ?))`),
  }
  return {
    save(combineID: string, owner: string, children: Record<string, unknown>[], now: number): void {
      s.insert.run(combineID, owner, JSON.stringify(children), now)
    },
    get(combineID: string): StoredCombine | undefined {
      const r = s.get.get(combineID)
      return r && { combineID: r.combine_id, owner: r.owner, children: JSON.parse(r.children) as Record<string, unknown>[] }
    },
    grant(combineID: string, conversation: number): void {
      s.grant.run(combineID, conversation)
    },
    canRead(combineID: string, viewer: string): boolean {
      return s.readable.get(combineID, viewer, viewer) !== undefined
    },
  }
}

export type CombineStore = ReturnType<typeof createCombineStore>
