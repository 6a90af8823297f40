// One client's socket as the service writes to it: frames queued in one tick leave as one
// WebSocket message (a JSON array when there are several), unsent bytes are bounded (a
// reader that stops reading is closed and its memory freed) and so are requests in flight
// (past the bound the socket is not read, and TCP slows the client down).
import { WebSocket } from 'ws'
import type { RawData } from 'ws'
import { CloseCode } from '../../../src/zim/local/protocol'
import type { Logger } from '../log'
import type { Faults } from './faults'
import type { ServiceLimits } from './limits'
import type { Session } from './sessions'

export interface Connection {
  ws: WebSocket
  session?: Session
  alive: boolean
  /** Frames waiting for this tick's write, and their size. */
  queue: Queued[]
  queuedBytes: number
  /** Requests read and not yet answered onto the socket. */
  inFlight: number
  /** Frames that arrived past the in-flight bound (before the pause took hold), handled in order later. */
  held: { data: RawData, isBinary: boolean }[]
  paused: boolean
  /** Being closed by the service: nothing more is written. */
  closing: boolean
}

interface Queued {
  text: string
  /** The frame could not be written (socket gone or closing). */
  onLost?: () => void
  /** The frame reached the socket (or was dropped by a fault). */
  onWritten?: () => void
}

export interface WriteOptions {
  onLost?: () => void
  onWritten?: () => void
  /** For fault matching: the request op a reply answers. */
  op?: string
}

export function newConnection(ws: WebSocket): Connection {
  return { ws, alive: true, queue: [], queuedBytes: 0, inFlight: 0, held: [], paused: false, closing: false }
}

export function createWriter(limits: ServiceLimits, faults: Faults, log: Logger) {
  function safely(fn: (() => void) | undefined): void {
    try {
      fn?.()
    }
    catch (error) {
      log.error({ err: error }, 'frame callback failed')
    }
  }

  function lose(items: Queued[]): void {
    for (const item of items)
      safely(item.onLost)
  }

  /** Closes a connection on the service's own decision; the socket is cut if the close frame cannot get out. */
  function closeConnection(conn: Connection, code: number, reason: string): void {
    if (conn.closing)
      return
    conn.closing = true
    conn.queuedBytes = 0
    lose(conn.queue.splice(0))
    conn.ws.close(code, reason)
    setTimeout(() => conn.ws.terminate(), limits.closeGraceMs).unref()
  }

  function flush(conn: Connection): void {
    const items = conn.queue.splice(0)
    conn.queuedBytes = 0
    if (items.length === 0)
      return
    if (conn.closing || conn.ws.readyState !== WebSocket.OPEN) {
      lose(items)
      return
    }
    const text = items.length === 1 ? items[0].text : `[${items.map(i => i.text).join(',')}]`
    conn.ws.send(text, (error) => {
      if (error)
        lose(items)
      else
        items.forEach(i => safely(i.onWritten))
    })
  }

  /** Queues a frame unless the client has more unsent than allowed: then it is too slow and closed. */
  function enqueue(conn: Connection, item: Queued): void {
    if (conn.closing || conn.ws.readyState !== WebSocket.OPEN) {
      lose([item])
      return
    }
    const unsent = conn.ws.bufferedAmount + conn.queuedBytes + item.text.length
    if (unsent > limits.maxUnsentBytes) {
      log.warn({ user: conn.session?.userID, unsentBytes: unsent }, 'slow reader closed')
      lose([item])
      // Nothing more is written; the socket (and its buffers) go after the grace period.
      closeConnection(conn, CloseCode.PolicyViolation, 'reading too slowly: unsent bytes over the limit')
      return
    }
    conn.queue.push(item)
    conn.queuedBytes += item.text.length
    if (conn.queue.length === 1)
      queueMicrotask(() => flush(conn))
  }

  function write(conn: Connection, frame: object, options: WriteOptions = {}): void {
    const kind = (frame as { push?: string }).push
    if (faults.dropThis(conn.session?.userID, 'out', kind ? `push:${kind}` : options.op)) {
      // Gone on the wire: the service believes it was sent.
      safely(options.onWritten)
      return
    }
    const item: Queued = { text: JSON.stringify(frame), onLost: options.onLost, onWritten: options.onWritten }
    if (faults.delayMs.out > 0)
      setTimeout(() => enqueue(conn, item), faults.delayMs.out)
    else
      enqueue(conn, item)
  }

  /**
   * A request was read. False when it is past the in-flight bound: it is held (the frames
   * of one TCP read arrive together) and the socket is not read until replies go out.
   */
  function requestStarted(conn: Connection, data: RawData, isBinary: boolean): boolean {
    if (conn.inFlight >= limits.maxInFlight || conn.held.length > 0) {
      conn.held.push({ data, isBinary })
      if (!conn.paused) {
        conn.paused = true
        conn.ws.pause()
      }
      return false
    }
    conn.inFlight++
    return true
  }

  /** A reply reached the socket: held frames go next, then reading resumes. */
  function requestAnswered(conn: Connection, handleFrame: (data: RawData, isBinary: boolean) => void): void {
    conn.inFlight--
    while (conn.inFlight < limits.maxInFlight && conn.held.length > 0 && !conn.closing) {
      const next = conn.held.shift()!
      conn.inFlight++
      handleFrame(next.data, next.isBinary)
    }
    if (conn.paused && conn.held.length === 0 && conn.inFlight < limits.maxInFlight) {
      conn.paused = false
      conn.ws.resume()
    }
  }

  return { write, flush, closeConnection, requestStarted, requestAnswered }
}

export type Writer = ReturnType<typeof createWriter>
