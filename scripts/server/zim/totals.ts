// conversationTotalUnreadMessageCountUpdated: each session is told the user's total unread
// (muted and room conversations left out) whenever it changes, as the SDK reports it.
import type { Push } from '../../../src/zim/local/protocol'
import type { ZimDb } from '../db'
import type { Writer } from './connection'
import type { Session } from './sessions'

export function createTotals(db: ZimDb, writer: Writer) {
  // The SDK starts every login at 0 and reports only changes.
  const told = new WeakMap<Session, number>()
  return {
    /** Tells the session the total if it is not what it last heard. */
    update(session: Session): void {
      const total = db.settings.totalUnread(session.userID)
      if ((told.get(session) ?? 0) === total)
        return
      told.set(session, total)
      writer.write(session.conn, { push: 'totalUnread', totalUnreadMessageCount: total } satisfies Push)
    },
  }
}

export type Totals = ReturnType<typeof createTotals>
