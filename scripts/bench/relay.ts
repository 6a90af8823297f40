// The floor the load bench compares against: a `ws` server that parses each frame,
// answers a login, and forwards a send to its recipient with a reply to the sender.
// No storage, no checks: what any relay on this machine costs at the least.
import type { AddressInfo } from 'node:net'
import { WebSocket, WebSocketServer } from 'ws'

export function startRelay(): Promise<number> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  const online = new Map<string, WebSocket>()
  let nextID = 1
  wss.on('connection', (ws) => {
    let me = ''
    ws.on('message', (data) => {
      const req = JSON.parse(data.toString()) as { id: number, op: string, userID?: string, toConversationID?: string, message?: object }
      if (req.op === 'login') {
        me = req.userID ?? ''
        online.set(me, ws)
        ws.send(JSON.stringify({ id: req.id, ok: true, data: { expireAt: 0 } }))
        return
      }
      if (req.op === 'send') {
        const message = { ...req.message, messageID: String(nextID++), senderUserID: me }
        online.get(req.toConversationID ?? '')?.send(JSON.stringify({ push: 'messages', conversationType: 0, fromConversationID: me, messageList: [message], isOfflineMessage: false }))
        ws.send(JSON.stringify({ id: req.id, ok: true, data: { message } }))
        return
      }
      ws.send(JSON.stringify({ id: req.id, ok: true, data: {} }))
    })
    ws.on('close', () => online.get(me) === ws && online.delete(me))
  })
  return new Promise(resolve => wss.on('listening', () => resolve((wss.address() as AddressInfo).port)))
}
