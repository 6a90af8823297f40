// Messages that arrived while a user was away, in pages: one frame per page, walked in
// message-id order from an index, the next page only after the client acked the last. A
// page that is never acked (the socket died) comes again at the next login, so nothing is
// lost; the client drops copies it already has by messageID.
import { ConversationType } from '../../../src/zim/constants'
import type { OfflineBatch, Push } from '../../../src/zim/local/protocol'
import type { ZIMMessage } from '../../../src/zim/types'
import type { ZimDb } from '../db'
import type { Logger } from '../log'
import type { Writer } from './connection'
import type { ServiceLimits } from './limits'
import type { Session } from './sessions'
import { messageView } from './views'

export function createOfflineDelivery(db: ZimDb, writer: Writer, limits: ServiceLimits, log: Logger) {
  function sendPage(session: Session): boolean {
    const viewer = session.userID
    const list = db.undeliveredPage(viewer, session.offlineSentUpTo, limits.offlinePageMessages)
    if (list.length === 0)
      return false
    const batches = new Map<string, OfflineBatch>()
    let bytes = 0
    let cursor = session.offlineSentUpTo
    for (const m of list) {
      const view: ZIMMessage = messageView(m, viewer)
      bytes += Buffer.byteLength(JSON.stringify(view))
      if (cursor > session.offlineSentUpTo && bytes > limits.offlinePageBytes)
        break
      const from = m.conversationType === ConversationType.Peer && m.sender !== viewer ? m.sender : m.receiver
      const key = `${m.conversationType}:${from}`
      const batch = batches.get(key) ?? { conversationType: m.conversationType, fromConversationID: from, messageList: [] }
      batches.set(key, batch)
      batch.messageList.push(view)
      cursor = m.id
    }
    session.offlineSentUpTo = cursor
    writer.write(session.conn, { push: 'offlineMessages', cursor, batches: [...batches.values()] } satisfies Push)
    return true
  }

  return {
    /** After a login: the first page (the rest follows the acks). */
    start(session: Session): void {
      session.offlineSentUpTo = 0
      if (sendPage(session))
        log.debug({ user: session.userID }, 'offline delivery started')
    },

    /**
     * The client holds everything up to `cursor`. Answers whether another page follows;
     * it is sent on the next turn of the event loop, so other users go first.
     */
    ack(session: Session, cursor: number): { more: boolean } | { refused: string } {
      if (cursor > session.offlineSentUpTo)
        return { refused: `cursor ${cursor} is beyond the last page sent (${session.offlineSentUpTo}).` }
      db.deliveredUpTo(session.userID, cursor)
      if (cursor < session.offlineSentUpTo)
        return { more: true }
      const more = db.undeliveredPage(session.userID, cursor, 1).length > 0
      if (more) {
        setImmediate(() => {
          if (session.conn.session === session && !session.conn.closing)
            sendPage(session)
        })
      }
      return { more }
    },
  }
}

export type OfflineDelivery = ReturnType<typeof createOfflineDelivery>
