// Users' profile fields beside their names (schema v7: avatar_url). Names stay in db.ts
// (saveUser / userName), which the login path has always written.
import type { Database } from 'better-sqlite3'

export function createUserStore(db: Database) {
  const s = {
    avatar: db.prepare<[string], { avatar_url: string }>('SELECT avatar_url FROM users WHERE user_id = ?'),
    setAvatar: db.prepare(`INSERT INTO users (user_id, user_name, avatar_url) VALUES (?, '', ?)
      ON CONFLICT (user_id) DO UPDATE SET avatar_url = excluded.avatar_url`),
  }
  return {
    /** '' for a user without one (or unknown). */
    avatarUrl(userID: string): string {
      return s.avatar.get(userID)?.avatar_url ?? ''
    },
    saveAvatarUrl(userID: string, url: string): void {
      s.setAvatar.run(userID, url)
    },
  }
}
