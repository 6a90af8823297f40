// The WebSocket half of the local service: a small stand-in for ZEGO's IM cloud that
// speaks src/zim/local/protocol.ts. Every frame gets an answer: a reply (an error naming
// the problem when the frame is malformed or unknown) or, for frames that cannot be read
// at all, a close with the RFC 6455 code for it.
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import * as v from 'valibot'
import { WebSocket, WebSocketServer } from 'ws'
import type { RawData } from 'ws'
import { ErrorCode } from '../../../src/zim/errors'
import { CloseCode } from '../../../src/zim/local/protocol'
import type { Push, Reply } from '../../../src/zim/local/protocol'
import type { ZimDb } from '../db'
import type { Logger } from '../log'
import { createWriter, newConnection, type Connection } from './connection'
import { createFrameFaults, type FrameFaults } from './faults'
import { describeIssues, parseFrame } from './frames'
import { DEFAULT_LIMITS, type ServiceLimits } from './limits'
import { createOfflineDelivery } from './offline'
import type { OpContext } from './ops/context'
import type { MediaService } from '../media/service'
import { Refusal } from './ops/context'
import { findOp } from './ops/index'
import { createSessions } from './sessions'
import { createRooms } from './rooms'
import { leaveAllRooms } from './ops/rooms'
import { conversationView, createNames } from './views'
import { createTotals } from './totals'

const PING_INTERVAL_MS = 30_000
/** How long shutdown waits for clients to answer the close handshake. */
const CLOSE_WAIT_MS = 500

export interface ConnectionStats {
  userID?: string
  inFlight: number
  paused: boolean
  unsentBytes: number
  closing: boolean
}

export interface ZimServiceOptions {
  appID: number
  serverSecret: string
  db: ZimDb
  log: Logger
  limits?: Partial<ServiceLimits>
  /** @default Date.now */
  now?: () => number
  /** the upload and file service (app.ts makes it; it serves HTTP on the same port). */
  media: MediaService
}

export function createZimService(options: ZimServiceOptions) {
  const { db, log } = options
  const limits: ServiceLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes })
  const connections = new Set<Connection>()
  const faults = createFrameFaults()
  const writer = createWriter(limits, faults, log)
  const sessions = createSessions(writer, log)
  const names = createNames(db)
  const totals = createTotals(db, writer)
  /** Requests a delay fault still holds, so shutdown can handle them before closing. */
  const delayed = new Map<NodeJS.Timeout, () => void>()
  let stopping = false

  const ctx: OpContext = {
    appID: options.appID,
    serverSecret: options.serverSecret,
    db,
    names,
    sessions,
    writer,
    offline: createOfflineDelivery(db, writer, limits, log),
    limits,
    log,
    now: options.now ?? Date.now,
    media: options.media,
    pushConversation(userID, event, row, lastMessage) {
      const session = sessions.get(userID)
      if (session) {
        writer.write(session.conn, { push: 'conversationChanged', infoList: [{ event, conversation: conversationView(row, names, lastMessage) }] } satisfies Push)
        // a changed conversation may change the total unread
        totals.update(session)
      }
    },
    totals,
    // rooms, which a user leaves when their session ends
    rooms: createRooms(),
  }
  sessions.onEnd(session => leaveAllRooms(ctx, session.userID))

  // Group commit: the frames read in one turn of the event loop are handled together in
  // one SQLite transaction (each send in its own savepoint), committed before any of
  // their replies or pushes is written. Under load one commit serves many sends.
  const inbox: { conn: Connection, data: RawData, isBinary: boolean }[] = []
  let draining = false

  function receive(conn: Connection, data: RawData, isBinary: boolean): void {
    inbox.push({ conn, data, isBinary })
    if (!draining) {
      draining = true
      setImmediate(drain)
    }
  }

  function drain(): void {
    draining = false
    const batch = inbox.splice(0)
    if (batch.length === 0)
      return
    try {
      db.transaction(() => {
        for (const frame of batch)
          read(frame.conn, frame.data, frame.isBinary)
      })
    }
    catch (error) {
      // Nothing of the batch was stored: its replies and pushes (all that is queued now:
      // writes leave in a microtask after this) must not go out. The senders reconnect and resend.
      log.error({ err: error, frames: batch.length }, 'commit failed')
      for (const conn of connections) {
        conn.queue.length = 0
        conn.queuedBytes = 0
      }
      for (const { conn } of batch)
        conn.ws.terminate()
    }
  }

  function answered(conn: Connection): void {
    writer.requestAnswered(conn, (data, isBinary) => receive(conn, data, isBinary))
  }

  function reply(conn: Connection, body: Reply, op?: string): void {
    const done = () => answered(conn)
    writer.write(conn, body, { op, onWritten: done, onLost: done })
  }

  function onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
    if (conn.closing || stopping)
      return
    if (writer.requestStarted(conn, data, isBinary))
      receive(conn, data, isBinary)
  }

  /** One frame, counted in flight until its reply is on the socket. */
  function read(conn: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      writer.closeConnection(conn, CloseCode.UnsupportedData, 'binary frames are not part of the protocol; send JSON text')
      return
    }
    const frame = parseFrame(data.toString())
    if (!frame.ok) {
      reply(conn, { id: frame.id, ok: false, code: ErrorCode.CommonModuleParamsInvalid, message: frame.message })
      return
    }
    if (faults.dropThis(conn.session?.userID, 'in', frame.op)) {
      answered(conn)
      return
    }
    if (faults.delayMs.in > 0) {
      const run = () => {
        delayed.delete(timer)
        handle(conn, frame.id, frame.op, frame.fields)
      }
      const timer = setTimeout(run, faults.delayMs.in)
      delayed.set(timer, run)
      return
    }
    handle(conn, frame.id, frame.op, frame.fields)
  }

  function handle(conn: Connection, id: number, op: string, fields: Record<string, unknown>): void {
    // The socket may have closed while the frame was held back by a delay fault.
    if (conn.ws.readyState !== WebSocket.OPEN) {
      answered(conn)
      return
    }
    const refuse = (code: number, message: string) => reply(conn, { id, ok: false, code, message }, op)
    const spec = findOp(op)
    if (!spec) {
      refuse(ErrorCode.CommonModuleParamsInvalid, `Unknown op ${JSON.stringify(op)}.`)
      return
    }
    const { api } = spec
    const session = conn.session
    if (spec.signedIn && !session) {
      refuse(ErrorCode.NetworkModuleUserIsNotLogged, `API.${api}: Not logged with call.`)
      return
    }
    const parsed = v.safeParse(spec.schema, fields)
    if (!parsed.success) {
      refuse(ErrorCode.CommonModuleParamsInvalid, `API.${api}: ${describeIssues(parsed.issues)}`)
      return
    }
    try {
      const data = spec.handle({ ctx, conn, session: session!, req: parsed.output, api })
      reply(conn, { id, ok: true, data }, op)
    }
    catch (error) {
      if (error instanceof Refusal) {
        refuse(error.code, error.message)
        return
      }
      log.error({ err: error, op }, 'op failed')
      refuse(ErrorCode.NetworkModuleCommonError, `API.${api}: internal error in the local service.`)
    }
  }

  wss.on('connection', (ws: WebSocket) => {
    const conn = newConnection(ws)
    connections.add(conn)
    ws.on('pong', () => { conn.alive = true })
    ws.on('message', (data, isBinary) => onFrame(conn, data, isBinary))
    // Errors (oversized frames: 1009, bad UTF-8: 1007, resets) are followed by 'close'.
    ws.on('error', error => log.debug({ err: error, user: conn.session?.userID }, 'socket error'))
    ws.on('close', () => {
      connections.delete(conn)
      conn.queue.length = 0
      if (conn.session)
        sessions.end(conn.session)
    })
  })

  // A phone that lost its network never sends a close frame; pings find such sockets.
  const pinger = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        conn.ws.terminate()
        continue
      }
      conn.alive = false
      conn.ws.ping()
    }
  }, PING_INTERVAL_MS)
  pinger.unref()

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      wss.handleUpgrade(req, socket, head, ws => wss.emit('connection', ws, req))
    },

    /** Cuts a user's socket with no close frame, as a lost network would. */
    dropSession(userID: string): boolean {
      const session = sessions.get(userID)
      session?.conn.ws.terminate()
      return session !== undefined
    },

    /** rooms that exist now. */
    roomCount: () => ctx.rooms.count(),

    dropAll(): void {
      for (const conn of connections)
        conn.ws.terminate()
    },

    frameFaults: faults.control satisfies FrameFaults,

    stats(): ConnectionStats[] {
      return [...connections].map(conn => ({
        userID: conn.session?.userID,
        inFlight: conn.inFlight,
        paused: conn.paused,
        unsentBytes: conn.ws.bufferedAmount,
        closing: conn.closing,
      }))
    },

    /**
     * Stops reading frames, handles the ones a delay fault still holds (their writes commit),
     * sends what is queued, then closes every socket with 1001 "going away" so clients
     * reconnect at once, waiting briefly for the close handshakes.
     */
    async close(): Promise<void> {
      stopping = true
      clearInterval(pinger)
      drain()
      for (const [timer, run] of delayed) {
        clearTimeout(timer)
        run()
      }
      for (const session of sessions.values())
        clearTimeout(session.expiryTimer)
      ctx.rooms.clear()
      const closing = [...connections].map(conn => new Promise<void>((resolve) => {
        if (conn.ws.readyState === WebSocket.CLOSED)
          return resolve()
        conn.ws.once('close', () => resolve())
        writer.flush(conn)
        conn.ws.close(CloseCode.GoingAway, 'going away: the service is shutting down')
      }))
      const grace = new Promise<void>(resolve => setTimeout(resolve, CLOSE_WAIT_MS).unref())
      await Promise.race([Promise.all(closing), grace])
      for (const conn of connections)
        conn.ws.terminate()
      await new Promise<void>(resolve => wss.close(() => resolve()))
      log.info({ connections: closing.length }, 'stopped')
    },
  }
}

export type ZimService = ReturnType<typeof createZimService>
