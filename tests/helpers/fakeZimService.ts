// An in-memory stand-in for the local ZIM service, for unit tests of the client:
// every socket the client opens is recorded, and the test decides how the "server"
// answers (a default script answers everything successfully).
import type { Push, Reply, Request } from '@/zim/local/protocol'
import type { SocketFactory, ZimSocket } from '@/zim/local/transport'

/** How a new socket behaves: opens, fails to connect, or never answers. */
export type SocketMode = 'open' | 'refuse' | 'hang'

export type Answer = { ok: true, data: unknown } | { ok: false, code: number, message: string } | 'silent'

export class FakeSocket implements ZimSocket {
  readonly requests: Request[] = []
  closedByClient = false
  private cbOpen: () => void = () => {}
  private cbMessage: (text: string) => void = () => {}
  private cbClose: (code: number, reason: string) => void = () => {}
  private cbError: (err: unknown) => void = () => {}

  constructor(readonly url: string, private readonly service: FakeZimService) {}

  send(text: string): void {
    const request = JSON.parse(text) as Request
    this.requests.push(request)
    this.service.received(this, request)
  }

  close(): void {
    this.closedByClient = true
  }

  onOpen(cb: () => void): void { this.cbOpen = cb }
  onMessage(cb: (text: string) => void): void { this.cbMessage = cb }
  onClose(cb: (code: number, reason: string) => void): void { this.cbClose = cb }
  onError(cb: (err: unknown) => void): void { this.cbError = cb }

  // ---- the server's side ----
  open(): void { this.cbOpen() }
  reply(id: number, answer: Exclude<Answer, 'silent'>): void {
    this.cbMessage(JSON.stringify({ id, ...answer } as Reply))
  }

  push(frame: Push): void { this.cbMessage(JSON.stringify(frame)) }
  /** Any text as one WebSocket message (the service coalesces frames into a JSON array). */
  pushText(text: string): void { this.cbMessage(text) }
  /** The connection breaks (network loss, server restart). */
  drop(code = 1006): void {
    this.cbError(new Error('connection lost'))
    this.cbClose(code, '')
  }

  ops(): string[] {
    return this.requests.map(r => r.op)
  }

  last(op: Request['op']): Request | undefined {
    return [...this.requests].reverse().find(r => r.op === op)
  }
}

let seq = 0

/** Successful answers for every op; login tokens live one hour. */
function defaultAnswer(request: Request): Answer {
  switch (request.op) {
    case 'login':
    case 'renewToken':
      return { ok: true, data: { expireAt: Math.floor(Date.now() / 1000) + 3600 } }
    case 'send': {
      seq += 1
      return {
        ok: true,
        data: { message: { ...request.message, messageID: `srv-${seq}`, messageSeq: seq, orderKey: seq, sentStatus: 1, timestamp: Date.now() } },
      }
    }
    case 'queryConversations':
      return { ok: true, data: { conversationList: [] } }
    case 'queryHistory':
      return { ok: true, data: { messageList: [] } }
    default:
      return { ok: true, data: {} }
  }
}

export class FakeZimService {
  readonly sockets: FakeSocket[] = []
  /** Behaviour of the next sockets. */
  mode: SocketMode = 'open'
  /** Decides each answer; replies arrive on a microtask, like network frames. */
  answer: (request: Request, socket: FakeSocket) => Answer = defaultAnswer

  readonly factory: SocketFactory = (url) => {
    const socket = new FakeSocket(url, this)
    this.sockets.push(socket)
    const mode = this.mode
    queueMicrotask(() => {
      if (mode === 'open')
        socket.open()
      else if (mode === 'refuse')
        socket.drop()
    })
    return socket
  }

  get current(): FakeSocket {
    const socket = this.sockets.at(-1)
    if (!socket)
      throw new Error('no socket opened yet')
    return socket
  }

  received(socket: FakeSocket, request: Request): void {
    const answer = this.answer(request, socket)
    if (answer === 'silent')
      return
    queueMicrotask(() => socket.reply(request.id, answer))
  }

  allRequests(): Request[] {
    return this.sockets.flatMap(s => s.requests)
  }
}
