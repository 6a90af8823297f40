// The one socket the stand-in client needs, and its uni-app implementation.
// Node tests build a `SocketFactory` on the `ws` package instead (tests/helpers/wsSocket.ts),
// so `ws` never reaches the app bundle.

/** A minimal text WebSocket. Callbacks are registered once, right after the factory call. */
export interface ZimSocket {
  send: (text: string) => void
  close: (code?: number, reason?: string) => void
  onOpen: (cb: () => void) => void
  onMessage: (cb: (text: string) => void) => void
  onClose: (cb: (code: number, reason: string) => void) => void
  onError: (cb: (err: unknown) => void) => void
}

/** Opens a socket to `url`; the socket reports `onOpen` or `onError`/`onClose` later. */
export type SocketFactory = (url: string) => ZimSocket

function textOf(data: unknown): string {
  if (typeof data === 'string')
    return data
  if (data instanceof ArrayBuffer && typeof TextDecoder !== 'undefined')
    return new TextDecoder().decode(data)
  return String(data)
}

/** `uni.connectSocket` (a SocketTask per call: `complete` makes uni return the task). */
export const uniSocketFactory: SocketFactory = (url) => {
  if (typeof uni === 'undefined')
    throw new Error('uniSocketFactory: the uni global is missing; pass a socketFactory to LocalZim.configure.')
  const task = uni.connectSocket({ url, complete() {} })
  return {
    send: text => task.send({ data: text }),
    close: (code = 1000, reason = '') => task.close({ code, reason }),
    onOpen: cb => task.onOpen(() => cb()),
    onMessage: cb => task.onMessage(res => cb(textOf(res.data))),
    onClose: cb => task.onClose((res?: { code?: number, reason?: string }) => cb(res?.code ?? 1006, res?.reason ?? '')),
    onError: cb => task.onError(err => cb(err)),
  }
}
