// One socket to the local ZIM service: numbered JSON requests, replies matched by id,
// pushes handed on. It reports its end exactly once and never reconnects by itself.
import type { Push, Reply, Request, ServerFrame } from './protocol'
import type { ZimSocket } from './transport'

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
export type RequestBody = DistributiveOmit<Request, 'id'>

export interface LinkHandlers {
  onOpen: () => void
  onPush: (push: Push) => void
  /** The socket closed or failed; called once, not after `close()`. */
  onDown: (why: string) => void
}

export class Link {
  private nextId = 1
  private waiting = new Map<number, (reply: Reply) => void>()
  private ended = false
  open = false

  constructor(private readonly socket: ZimSocket, private readonly handlers: LinkHandlers) {
    socket.onOpen(() => {
      if (this.ended)
        return
      this.open = true
      handlers.onOpen()
    })
    socket.onMessage(text => this.receive(text))
    socket.onClose((code, reason) => this.down(`closed ${code}${reason ? ` ${reason}` : ''}`))
    socket.onError(err => this.down(`error ${err instanceof Error ? err.message : String((err as { errMsg?: string })?.errMsg ?? err)}`))
  }

  get alive(): boolean {
    return !this.ended
  }

  /** Sends a request; `onReply` gets its reply unless the link ends first. Returns the id. */
  request(body: RequestBody, onReply: (reply: Reply) => void): number {
    const id = this.nextId++
    this.waiting.set(id, onReply)
    try {
      this.socket.send(JSON.stringify({ ...body, id }))
    }
    catch (error) {
      this.waiting.delete(id)
      void Promise.resolve().then(() => this.down(`send failed: ${String(error)}`))
    }
    return id
  }

  /** Stops waiting for a reply (the request timed out). */
  forget(id: number): void {
    this.waiting.delete(id)
  }

  /** Closes by our own decision: `onDown` is not called. */
  close(code = 1000, reason = ''): void {
    if (this.ended)
      return
    this.ended = true
    this.open = false
    this.waiting.clear()
    try {
      this.socket.close(code, reason)
    }
    catch {
      // already closed
    }
  }

  private down(why: string): void {
    if (this.ended)
      return
    this.ended = true
    this.open = false
    this.waiting.clear()
    try {
      this.socket.close()
    }
    catch {
      // already closed
    }
    this.handlers.onDown(why)
  }

  private receive(text: string): void {
    if (this.ended)
      return
    let parsed: ServerFrame | ServerFrame[]
    try {
      parsed = JSON.parse(text) as ServerFrame | ServerFrame[]
    }
    catch {
      return
    }
    // The service coalesces the frames of one tick into an array.
    for (const frame of Array.isArray(parsed) ? parsed : [parsed]) {
      if (this.ended)
        return
      this.receiveOne(frame)
    }
  }

  private receiveOne(frame: ServerFrame): void {
    if (typeof frame !== 'object' || frame === null)
      return
    if ('push' in frame) {
      this.handlers.onPush(frame)
      return
    }
    if (typeof frame.id === 'number') {
      const onReply = this.waiting.get(frame.id)
      if (onReply) {
        this.waiting.delete(frame.id)
        onReply(frame)
      }
    }
  }
}
