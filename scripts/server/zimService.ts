// The WebSocket half of the local service: a small stand-in for ZEGO's IM cloud that
// speaks src/zim/local/protocol.ts. It answers with the codes the real service uses, so
// the app's error handling is exercised locally before it meets ZEGO.
//
// Stand-in limits: one-to-one (peer) conversations only. Rooms and groups answer 6000203
// as a room the user never joined would; media messages are refused (no upload service).
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import type { RawData } from 'ws'
import { ConnectionEvent, ConversationEvent, ConversationType, MessageDirection, MessageSentStatus, MessageType } from '../../src/zim/constants'
import { ErrorCode } from '../../src/zim/errors'
import type { ZimErrorCode } from '../../src/zim/errors'
import { checkUserID, checkUserName, CONVERSATION_ID_MAX_CHARS } from '../../src/zim/rules'
import type { Push, ReplyData, RequestOp } from '../../src/zim/local/protocol'
import type { ZIMConversation, ZIMMessage } from '../../src/zim/types'
import type { ConversationRow, StoredMessage, ZimDb } from './db'
import { messageContent } from './messageContent'
import { verifyToken04 } from './token04'

/** Well above a 32 KB text in JSON; larger frames are cut off by `ws` itself. */
const MAX_FRAME_BYTES = 256 * 1024
const MAX_PAGE = 100
/** setTimeout fires at once for delays beyond a signed 32-bit ms count. */
const MAX_TIMER_MS = 2 ** 31 - 1
const PING_INTERVAL_MS = 30_000
/** Longest idempotency key kept; longer localMessageIDs are not deduplicated. */
const CLIENT_ID_MAX_CHARS = 128

/** Which frames a fault applies to. `in`: requests from clients; `out`: replies and pushes. */
export interface FrameMatch {
  direction: 'in' | 'out'
  /** Only this user's connection (by its logged-in session). */
  userID?: string
  /** For `in` and for replies: the request op (e.g. 'send'); for pushes: 'push:<kind>'. */
  op?: string
}

export interface FrameDrop extends FrameMatch {
  /** How many matching frames to drop; Infinity until cleared. */
  count: number
}

/** Test-only trouble on the wire, set through RunningServer.faults (never over the network). */
export interface FrameFaults {
  dropFrames: (rule: Partial<FrameMatch> & { direction: FrameMatch['direction'], count?: number }) => void
  /** Holds every frame in `direction` (or both) for `ms` before handling or sending it; 0 stops. */
  delayFrames: (ms: number, direction?: FrameMatch['direction'] | 'both') => void
  clearFrameFaults: () => void
  /** Frames dropped so far. */
  readonly dropped: number
}

/** The SDK method each op stands for, as the SDK names it in its error messages. */
const API_NAME: Record<RequestOp, string> = {
  login: 'login',
  logout: 'logout',
  renewToken: 'renewToken',
  send: 'sendMessage',
  queryConversations: 'queryConversationList',
  queryHistory: 'queryHistoryMessage',
  clearUnread: 'clearConversationUnreadMessageCount',
  deleteConversation: 'deleteConversation',
}

export interface ZimServiceOptions {
  appID: number
  serverSecret: string
  db: ZimDb
  log?: (text: string) => void
}

interface Session {
  userID: string
  userName: string
  conn: Connection
  expire: number
  expiryTimer?: NodeJS.Timeout
}

interface Connection {
  ws: WebSocket
  session?: Session
  alive: boolean
}

/** A refusal that becomes a `{ ok: false }` reply. */
class Refusal extends Error {
  constructor(readonly code: ZimErrorCode, message: string) {
    super(message)
  }
}

type Fields = Record<string, unknown>
type Handler<K extends RequestOp> = (conn: Connection, req: Fields, api: string) => ReplyData[K]

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)

export function createZimService(options: ZimServiceOptions) {
  const { db, appID } = options
  const log = options.log ?? (() => {})
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  const connections = new Set<Connection>()
  const sessions = new Map<string, Session>()

  // ---- test-only faults (off unless a test sets them) ----
  const drops: FrameDrop[] = []
  const delayMs = { in: 0, out: 0 }
  let droppedCount = 0

  /** True when a drop rule takes this frame (and counts it down). */
  function dropThis(conn: Connection, direction: FrameMatch['direction'], op: string | undefined): boolean {
    for (const rule of drops) {
      if (rule.direction !== direction || rule.count <= 0)
        continue
      if (rule.userID !== undefined && conn.session?.userID !== rule.userID)
        continue
      if (rule.op !== undefined && rule.op !== op)
        continue
      rule.count--
      droppedCount++
      return true
    }
    return false
  }

  function sendFrame(conn: Connection, frame: unknown, onLost?: () => void, op?: string): void {
    const kind = (frame as { push?: string }).push
    if (dropThis(conn, 'out', kind ? `push:${kind}` : op))
      return // gone on the wire: the service believes it was sent
    if (delayMs.out > 0) {
      setTimeout(() => writeFrame(conn, frame, onLost), delayMs.out)
      return
    }
    writeFrame(conn, frame, onLost)
  }

  function writeFrame(conn: Connection, frame: unknown, onLost?: () => void): void {
    // Runs from a socket callback too, possibly after close(): it must never throw.
    const lost = () => {
      try {
        onLost?.()
      }
      catch (error) {
        log(`could not requeue: ${String(error)}`)
      }
    }
    if (conn.ws.readyState !== WebSocket.OPEN) {
      lost()
      return
    }
    conn.ws.send(JSON.stringify(frame), error => error && lost())
  }

  // ---- views: the same stored message looks different from each side ----

  function messageView(m: StoredMessage, viewer: string): ZIMMessage {
    const mine = m.sender === viewer
    return {
      ...m.content,
      messageID: String(m.id),
      localMessageID: mine ? (m.senderLocal.localMessageID ?? String(m.id)) : String(m.id),
      messageSeq: m.seq,
      senderUserID: m.sender,
      conversationID: mine ? m.receiver : m.sender,
      conversationType: m.conversationType,
      direction: mine ? MessageDirection.Send : MessageDirection.Receive,
      sentStatus: MessageSentStatus.Success,
      timestamp: m.timestamp,
      orderKey: m.id,
      isUserInserted: false,
      receiptStatus: 0,
      localExtendedData: mine ? (m.senderLocal.localExtendedData ?? '') : '',
    } as ZIMMessage
  }

  function conversationView(c: ConversationRow): ZIMConversation {
    return {
      conversationID: c.conversationID,
      type: c.type,
      // ZIM names a peer conversation after the other user.
      conversationName: db.userName(c.conversationID) ?? '',
      conversationAvatarUrl: '',
      conversationAlias: '',
      notificationStatus: 1,
      unreadMessageCount: c.unread,
      readMessageSeq: c.readSeq,
      lastMessage: messageView(c.lastMessage, c.owner),
      orderKey: c.orderKey,
      isPinned: false,
      pinnedTime: 0,
      mentionedInfoList: [],
      draft: '',
      marks: [],
    } as ZIMConversation
  }

  function pushConversation(userID: string, event: number, c: ConversationRow): void {
    const session = sessions.get(userID)
    if (session)
      sendFrame(session.conn, { push: 'conversationChanged', infoList: [{ event, conversation: conversationView(c) }] } satisfies Push)
  }

  // ---- sessions ----

  function endSession(session: Session): void {
    clearTimeout(session.expiryTimer)
    if (sessions.get(session.userID) === session)
      sessions.delete(session.userID)
    if (session.conn.session === session)
      session.conn.session = undefined
  }

  /** Tells the client why, then closes its socket (the client reconnects for its next login). */
  function endWithNotice(session: Session, event: number, reason: string): void {
    endSession(session)
    sendFrame(session.conn, { push: 'sessionEnded', event, reason } satisfies Push)
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

  function verify(token: unknown, userID: string, api: string): number {
    const result = verifyToken04(token, { appID, userID, secret: options.serverSecret })
    if (!result.ok)
      throw new Refusal(result.code, `API.${api}: ${result.reason}.`)
    return result.expire
  }

  /** Messages that arrived while the user was away, one push per conversation. */
  function deliverOffline(session: Session): void {
    const bySender = new Map<string, StoredMessage[]>()
    for (const m of db.undelivered(session.userID))
      bySender.set(m.sender, [...(bySender.get(m.sender) ?? []), m])
    for (const [sender, list] of bySender) {
      const frame: Push = {
        push: 'messages',
        conversationType: ConversationType.Peer,
        fromConversationID: sender,
        messageList: list.map(m => messageView(m, session.userID)),
        isOfflineMessage: true,
      }
      // Delivered unless the write fails; then it waits for the next login again.
      const ids = list.map(m => m.id)
      db.markDelivered(session.userID, ids)
      sendFrame(session.conn, frame, () => ids.forEach(id => db.enqueue(session.userID, id)))
    }
  }

  // ---- ops ----

  const login: Handler<'login'> = (conn, req, api) => {
    if (req.appID !== appID)
      throw new Refusal(ErrorCode.NetworkModuleTokenInvalid, `API.${api}: appID does not match this service.`)
    const broken = checkUserID(req.userID) ?? checkUserName(req.userName)
    if (broken)
      throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: ${broken.rule}: ${broken.message}`)
    const userID = req.userID as string
    const userName = req.userName as string
    if (conn.session && conn.session.userID !== userID)
      throw new Refusal(ErrorCode.NetworkModuleUserHasAlreadyLogged, `API.${api}: already logged in as another user; log out first.`)
    const expire = verify(req.token, userID, api)

    const previous = sessions.get(userID)
    if (previous && previous.conn !== conn) {
      log(`kick ${userID}: another device logged in`)
      endWithNotice(previous, ConnectionEvent.KickedOut, 'another device logged in')
    }
    if (conn.session)
      endSession(conn.session)
    const session: Session = { userID, userName, conn, expire }
    conn.session = session
    sessions.set(userID, session)
    db.saveUser(userID, userName)
    scheduleExpiry(session)
    // After the reply has been queued on the socket, so the client is logged in first.
    queueMicrotask(() => {
      try {
        if (conn.session === session)
          deliverOffline(session)
      }
      catch (error) {
        log(`offline delivery to ${userID} failed: ${String(error)}`)
      }
    })
    return { expireAt: expire }
  }

  const logout: Handler<'logout'> = (conn) => {
    if (conn.session)
      endSession(conn.session)
    return {}
  }

  const renewToken: Handler<'renewToken'> = (conn, req, api) => {
    const session = conn.session!
    session.expire = verify(req.token, session.userID, api)
    scheduleExpiry(session)
    return { expireAt: session.expire }
  }

  const send: Handler<'send'> = (conn, req, api) => {
    const bad = (message: string) => new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: ${message}`)
    const { message, toConversationID: to, conversationType: type, priority } = req
    if (typeof message !== 'object' || message === null || Array.isArray(message))
      throw bad('message is required.')
    if (!isInt(priority) || priority < 1 || priority > 3)
      throw bad('priority must be 1, 2 or 3.')
    if (type !== ConversationType.Peer && type !== ConversationType.Room && type !== ConversationType.Group)
      throw bad('conversationType must be 0, 1 or 2.')
    if (typeof to !== 'string' || to.length === 0 || to.length > CONVERSATION_ID_MAX_CHARS)
      throw bad(`toConversationID must be 1 to ${CONVERSATION_ID_MAX_CHARS} characters.`)
    const content = messageContent(message as Fields)
    if ('rule' in content)
      throw bad(`${content.rule}: ${content.message}`)
    if (content.type === MessageType.Barrage && type === ConversationType.Peer)
      throw bad('barrage messages are for rooms only.')
    if (type === ConversationType.Room)
      throw new Refusal(ErrorCode.MessageModuleSendMessageFailed, `API.${api}: room not joined.`)
    if (type === ConversationType.Group)
      throw new Refusal(ErrorCode.MessageModuleSendMessageFailed, `API.${api}: group not joined (groups are not in the local service).`)
    const brokenID = checkUserID(to)
    if (brokenID)
      throw bad(`toConversationID: ${brokenID.rule}: ${brokenID.message}`)

    const sender = conn.session!.userID
    const self = to === sender
    const local = message as { localMessageID?: unknown, localExtendedData?: unknown }
    // The sender's localMessageID is the send's idempotency key: a repeat (lost reply,
    // resend after a failure) answers with the message stored the first time.
    const clientID = typeof local.localMessageID === 'string' && local.localMessageID.length > 0 && local.localMessageID.length <= CLIENT_ID_MAX_CHARS
      ? local.localMessageID
      : undefined
    if (clientID) {
      const earlier = db.messageByClientID(sender, clientID)
      if (earlier) {
        log(`send from ${sender}: ${clientID} already stored as ${earlier.id}, not stored again`)
        return { message: messageView(earlier, sender) }
      }
    }
    const receiverOnline = sessions.get(to)
    const stored = db.transaction(() => {
      const m = db.insertMessage({
        sender,
        receiver: to,
        conversationType: type,
        timestamp: Date.now(),
        content,
        senderLocal: {
          localMessageID: typeof local.localMessageID === 'string' ? local.localMessageID : undefined,
          localExtendedData: typeof local.localExtendedData === 'string' ? local.localExtendedData : undefined,
        },
      })
      if (clientID)
        db.rememberClientID(sender, clientID, m.id)
      const mine = db.touchConversation(sender, type, to, m, 0)
      // A chat with yourself is one conversation, and your own messages are never unread.
      const theirs = self ? undefined : db.touchConversation(to, type, sender, m, 1)
      if (!self && !receiverOnline)
        db.enqueue(to, m.id)
      return { m, mine, theirs }
    })

    if (stored.theirs && receiverOnline) {
      const frame: Push = {
        push: 'messages',
        conversationType: type,
        fromConversationID: sender,
        messageList: [messageView(stored.m, to)],
        isOfflineMessage: false,
      }
      // A socket that dies under the push gets the message at its next login.
      sendFrame(receiverOnline.conn, frame, () => db.enqueue(to, stored.m.id))
    }
    if (stored.theirs)
      pushConversation(to, stored.theirs.added ? ConversationEvent.Added : ConversationEvent.Updated, stored.theirs.conversation)
    pushConversation(sender, stored.mine.added ? ConversationEvent.Added : ConversationEvent.Updated, stored.mine.conversation)
    return { message: messageView(stored.m, sender) }
  }

  function pageSize(count: unknown, api: string): number {
    if (!isInt(count) || count < 1)
      throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: count must be a positive integer.`)
    return Math.min(count, MAX_PAGE)
  }

  function orderKey(value: unknown, api: string): number | undefined {
    if (value === undefined || value === null)
      return undefined
    if (!isInt(value) || value < 0)
      throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: nextOrderKey must be a non-negative integer.`)
    return value
  }

  function conversationKey(req: Fields, api: string): { id: string, type: number } {
    const { conversationID: id, conversationType: type } = req
    if (type !== ConversationType.Peer && type !== ConversationType.Room && type !== ConversationType.Group)
      throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: conversationType must be 0, 1 or 2.`)
    if (typeof id !== 'string' || id.length === 0 || id.length > CONVERSATION_ID_MAX_CHARS)
      throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: conversationID must be 1 to ${CONVERSATION_ID_MAX_CHARS} characters.`)
    return { id, type }
  }

  const queryConversations: Handler<'queryConversations'> = (conn, req, api) => {
    const owner = conn.session!.userID
    const rows = db.conversations(owner, orderKey(req.nextOrderKey, api), pageSize(req.count, api))
    return { conversationList: rows.map(conversationView) }
  }

  const queryHistory: Handler<'queryHistory'> = (conn, req, api) => {
    const { id, type } = conversationKey(req, api)
    const viewer = conn.session!.userID
    const from = orderKey(req.nextOrderKey, api)
    const count = pageSize(req.count, api)
    if (type !== ConversationType.Peer)
      return { messageList: [] }
    const list = db.history(viewer, id, from, count, req.reverse === true)
    return { messageList: list.map(m => messageView(m, viewer)) }
  }

  function existing(owner: string, req: Fields, api: string): { id: string, type: number } {
    const key = conversationKey(req, api)
    if (!db.conversation(owner, key.type, key.id))
      throw new Refusal(ErrorCode.ConversationModuleConversationDoesNotExist, `API.${api}: conversation does not exist.`)
    return key
  }

  const clearUnread: Handler<'clearUnread'> = (conn, req, api) => {
    const owner = conn.session!.userID
    const { id, type } = existing(owner, req, api)
    const row = db.clearUnread(owner, type, id)!
    pushConversation(owner, ConversationEvent.Updated, row)
    return {}
  }

  const deleteConversation: Handler<'deleteConversation'> = (conn, req, api) => {
    const owner = conn.session!.userID
    const { id, type } = existing(owner, req, api)
    db.deleteConversation(owner, type, id)
    return {}
  }

  const handlers: { [K in RequestOp]: Handler<K> } = {
    login, logout, renewToken, send, queryConversations, queryHistory, clearUnread, deleteConversation,
  }

  // ---- frames ----

  function onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
    let req: unknown
    try {
      req = isBinary ? undefined : JSON.parse(data.toString())
    }
    catch {
      req = undefined
    }
    // Without an id there is nobody to answer; the frame is dropped.
    const id = (req as Fields | undefined)?.id
    if (typeof req !== 'object' || req === null || !isInt(id))
      return
    const op = (req as Fields).op
    if (dropThis(conn, 'in', typeof op === 'string' ? op : undefined))
      return
    if (delayMs.in > 0) {
      setTimeout(() => handleRequest(conn, req as Fields, id, op), delayMs.in)
      return
    }
    handleRequest(conn, req as Fields, id, op)
  }

  function handleRequest(conn: Connection, req: Fields, id: number, op: unknown): void {
    // The socket may have closed while the frame was held back by a delay fault.
    if (conn.ws.readyState !== WebSocket.OPEN)
      return
    const reply = (body: object) => sendFrame(conn, { id, ...body }, undefined, typeof op === 'string' ? op : undefined)
    if (typeof op !== 'string' || !Object.prototype.hasOwnProperty.call(handlers, op)) {
      reply({ ok: false, code: ErrorCode.CommonModuleParamsInvalid, message: `Unknown op ${JSON.stringify(op)}.` })
      return
    }
    const api = API_NAME[op as RequestOp]
    if (op !== 'login' && !conn.session) {
      reply({ ok: false, code: ErrorCode.NetworkModuleUserIsNotLogged, message: `API.${api}: Not logged with call.` })
      return
    }
    try {
      const data = (handlers[op as RequestOp] as Handler<RequestOp>)(conn, req, api)
      reply({ ok: true, data })
    }
    catch (error) {
      if (error instanceof Refusal) {
        reply({ ok: false, code: error.code, message: error.message })
        return
      }
      log(`${op} failed: ${error instanceof Error ? error.stack : String(error)}`)
      reply({ ok: false, code: ErrorCode.NetworkModuleCommonError, message: `API.${api}: internal error in the local service.` })
    }
  }

  wss.on('connection', (ws: WebSocket) => {
    const conn: Connection = { ws, alive: true }
    connections.add(conn)
    ws.on('pong', () => { conn.alive = true })
    ws.on('message', (data, isBinary) => onFrame(conn, data, isBinary))
    // Errors (oversized frames, resets) are followed by 'close'; listening keeps them from crashing us.
    ws.on('error', error => log(`socket error: ${error.message}`))
    ws.on('close', () => {
      connections.delete(conn)
      if (conn.session)
        endSession(conn.session)
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

    dropAll(): void {
      for (const conn of connections)
        conn.ws.terminate()
    },

    frameFaults: {
      dropFrames(rule) {
        drops.push({ direction: rule.direction, userID: rule.userID, op: rule.op, count: rule.count ?? 1 })
      },
      delayFrames(ms, direction = 'both') {
        const value = Math.max(0, ms)
        if (direction !== 'out')
          delayMs.in = value
        if (direction !== 'in')
          delayMs.out = value
      },
      clearFrameFaults() {
        drops.length = 0
        delayMs.in = 0
        delayMs.out = 0
      },
      get dropped() {
        return droppedCount
      },
    } satisfies FrameFaults,

    /** Closes every socket (1001 going away), waiting briefly for the close handshakes. */
    async close(): Promise<void> {
      clearInterval(pinger)
      for (const session of sessions.values())
        clearTimeout(session.expiryTimer)
      const closing = [...connections].map(conn => new Promise<void>((resolve) => {
        if (conn.ws.readyState === WebSocket.CLOSED)
          return resolve()
        conn.ws.once('close', () => resolve())
        conn.ws.close(1001, 'server shutting down')
      }))
      const grace = new Promise<void>(resolve => setTimeout(resolve, 500).unref())
      await Promise.race([Promise.all(closing), grace])
      for (const conn of connections)
        conn.ws.terminate()
      await new Promise<void>(resolve => wss.close(() => resolve()))
    },
  }
}

export type ZimService = ReturnType<typeof createZimService>
