// A bare protocol.ts client over `ws`, so the service is tested without the stand-in SDK.
import { WebSocket } from 'ws'
import type { Push, Reply } from '../../../src/zim/local/protocol'

type Waiter = { match: (p: Push) => boolean, resolve: (p: Push) => void }

export class ProtocolClient {
  private nextId = 1
  private replies = new Map<number, (r: Reply) => void>()
  private pushes: Push[] = []
  private waiters: Waiter[] = []
  readonly closed: Promise<{ code: number, reason: string }>

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const parsed = JSON.parse(data.toString()) as Reply | Push | (Reply | Push)[]
      for (const frame of Array.isArray(parsed) ? parsed : [parsed])
        this.receive(frame)
    })
    this.closed = new Promise(resolve => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  }

  /** Replies with a null id (frames that had no usable id), in arrival order. */
  readonly anonymous: Reply[] = []
  /** Acks offline pages as the stand-in does (tests that hold the acks turn it off). */
  autoAck = true

  private receive(frame: Reply | Push): void {
      if ('push' in frame) {
        if (frame.push === 'offlineMessages' && this.autoAck)
          void this.request('ackOffline', { cursor: frame.cursor })
        const waiter = this.waiters.find(w => w.match(frame))
        if (waiter) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1)
          waiter.resolve(frame)
        }
        else {
          this.pushes.push(frame)
        }
        return
      }
      if (frame.id === null) {
        this.anonymous.push(frame)
        return
      }
      this.replies.get(frame.id)?.(frame)
      this.replies.delete(frame.id)
  }

  static connect(url: string): Promise<ProtocolClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      const client = new ProtocolClient(ws)
      ws.once('open', () => resolve(client))
      ws.once('error', reject)
    })
  }

  request(op: string, fields: Record<string, unknown> = {}): Promise<Reply> {
    const id = this.nextId++
    return this.raw({ id, op, ...fields }, id)
  }

  /** Sends any frame; resolves with the reply to `id` if one is expected. */
  raw(frame: unknown, id?: number): Promise<Reply> {
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${text.slice(0, 80)}`)), 5000)
      if (id !== undefined) {
        this.replies.set(id, (r) => {
          clearTimeout(timer)
          resolve(r)
        })
      }
      this.ws.send(text)
      if (id === undefined) {
        clearTimeout(timer)
        resolve(undefined as unknown as Reply)
      }
    })
  }

  /** The next push of that kind (already received or still to come). */
  push<K extends Push['push']>(kind: K, timeoutMs = 5000): Promise<Extract<Push, { push: K }>> {
    const match = (p: Push) => p.push === kind
    const at = this.pushes.findIndex(match)
    if (at >= 0)
      return Promise.resolve(this.pushes.splice(at, 1)[0] as Extract<Push, { push: K }>)
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { match, resolve: (p) => {
        clearTimeout(timer)
        resolve(p as Extract<Push, { push: K }>)
      } }
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        reject(new Error(`no ${kind} push`))
      }, timeoutMs)
      this.waiters.push(waiter)
    })
  }

  /** Pushes received and not yet taken. */
  pending(): Push[] {
    return [...this.pushes]
  }

  close(): void {
    this.ws.close()
  }
}
