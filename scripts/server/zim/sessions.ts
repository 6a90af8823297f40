// Who is signed in on which socket: one live session per user (a second login kicks the
// first), each ending at its token's expiry unless renewed.
import { ConnectionEvent } from '../../../src/zim/constants'
import type { Logger } from '../log'
import type { Connection, Writer } from './connection'

/** setTimeout fires at once for delays beyond a signed 32-bit ms count. */
const MAX_TIMER_MS = 2 ** 31 - 1

export interface Session {
  userID: string
  userName: string
  conn: Connection
  expire: number
  expiryTimer?: NodeJS.Timeout
  /** Offline delivery: the last message id sent in a page and not yet acked (0: none). */
  offlineSentUpTo: number
}

export function createSessions(writer: Writer, log: Logger) {
  const sessions = new Map<string, Session>()
  // what else ends with a session (its rooms).
  const endListeners: ((session: Session) => void)[] = []

  function end(session: Session): void {
    clearTimeout(session.expiryTimer)
    const current = sessions.get(session.userID) === session
    if (current)
      sessions.delete(session.userID)
    if (session.conn.session === session)
      session.conn.session = undefined
    if (current) {
      for (const listener of endListeners)
        listener(session)
    }
  }

  /** Tells the client why, then closes its socket (the client reconnects for its next login). */
  function endWithNotice(session: Session, event: number, reason: string): void {
    end(session)
    writer.write(session.conn, { push: 'sessionEnded', event, reason })
    writer.flush(session.conn)
    session.conn.ws.close(4000 + event, reason)
  }

  function scheduleExpiry(session: Session): void {
    clearTimeout(session.expiryTimer)
    const delay = session.expire * 1000 - Date.now()
    session.expiryTimer = setTimeout(() => {
      if (session.expire * 1000 > Date.now())
        scheduleExpiry(session)
      else
        endWithNotice(session, ConnectionEvent.TokenExpired, 'token expired')
    }, Math.max(0, Math.min(delay, MAX_TIMER_MS)))
    session.expiryTimer.unref()
  }

  /** Starts a session on `conn`, kicking the user's session elsewhere. */
  function start(conn: Connection, userID: string, userName: string, expire: number): Session {
    const previous = sessions.get(userID)
    if (previous && previous.conn !== conn) {
      log.info({ user: userID }, 'kicked out: another device logged in')
      endWithNotice(previous, ConnectionEvent.KickedOut, 'another device logged in')
    }
    if (conn.session)
      end(conn.session)
    const session: Session = { userID, userName, conn, expire, offlineSentUpTo: 0 }
    conn.session = session
    sessions.set(userID, session)
    scheduleExpiry(session)
    return session
  }

  return {
    get: (userID: string) => sessions.get(userID),
    values: () => sessions.values(),
    start,
    end,
    scheduleExpiry,
    onEnd: (listener: (session: Session) => void) => void endListeners.push(listener),
  }
}

export type Sessions = ReturnType<typeof createSessions>
