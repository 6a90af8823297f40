// A SocketFactory on the `ws` package, for running the stand-in client in Node (tests).
// Kept out of src/ so `ws` never reaches the app bundle.
import WebSocket from 'ws'
import type { SocketFactory } from '@/zim/local/transport'

export const wsSocketFactory: SocketFactory = (url) => {
  const ws = new WebSocket(url)
  return {
    send: text => ws.send(text),
    close: (code, reason) => {
      if (ws.readyState === WebSocket.CLOSED)
        return
      if (ws.readyState === WebSocket.CONNECTING)
        ws.terminate()
      else
        ws.close(code, reason)
    },
    onOpen: cb => ws.on('open', () => cb()),
    onMessage: cb => ws.on('message', data => cb(data.toString())),
    onClose: cb => ws.on('close', (code, reason) => cb(code, reason.toString())),
    onError: cb => ws.on('error', err => cb(err)),
  }
}
