// A protocol client for the load bench: raw frames over `ws`, no SDK layer, so the
// figures are the service's and not the client's. Understands coalesced frames (a JSON
// array) and paged offline delivery (acks each page), and works against the bare relay.
import { WebSocket } from 'ws'

type Frame = Record<string, unknown> & { id?: number, push?: string }
interface Batch { messageList: { message: string }[] }

export class WireClient {
  private nextID = 1
  private waiting = new Map<number, (reply: Frame) => void>()
  /** Called for every message pushed to this user (live or offline). */
  onMessage: (text: string, offline: boolean) => void = () => {}

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const parsed = JSON.parse(data.toString()) as Frame | Frame[]
      for (const frame of Array.isArray(parsed) ? parsed : [parsed])
        this.receive(frame)
    })
    ws.on('error', () => {})
  }

  static connect(url: string): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.once('open', () => resolve(new WireClient(ws)))
      ws.once('error', reject)
    })
  }

  request(op: string, fields: Record<string, unknown> = {}): Promise<Frame> {
    const id = this.nextID++
    return new Promise((resolve) => {
      this.waiting.set(id, resolve)
      this.ws.send(JSON.stringify({ id, op, ...fields }))
    })
  }

  /** Sends without waiting for (or keeping) the reply. */
  fire(op: string, fields: Record<string, unknown> = {}): void {
    this.ws.send(JSON.stringify({ id: this.nextID++, op, ...fields }))
  }

  sendText(to: string, text: string): Promise<Frame> {
    return this.request('send', { message: { type: 1, message: text }, toConversationID: to, conversationType: 0, priority: 1 })
  }

  close(): void {
    this.ws.terminate()
  }

  private receive(frame: Frame): void {
    if (frame.push === 'messages') {
      for (const m of (frame as unknown as Batch).messageList)
        this.onMessage(m.message, frame.isOfflineMessage === true)
      return
    }
    if (frame.push === 'offlineMessages') {
      for (const batch of frame.batches as Batch[]) {
        for (const m of batch.messageList)
          this.onMessage(m.message, true)
      }
      this.fire('ackOffline', { cursor: frame.cursor })
      return
    }
    if (typeof frame.id === 'number') {
      const done = this.waiting.get(frame.id)
      this.waiting.delete(frame.id)
      done?.(frame)
    }
  }
}
