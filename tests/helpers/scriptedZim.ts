// A scripted ZIM client for engine unit tests under fake timers: every call is recorded,
// and the test decides how login, renewToken and sendMessage answer. It keeps the SDK's
// habits that matter to the engine: one handler per event, events as (zim, data),
// Connected emitted before login resolves, {0, 0} on logout of a pending or live
// session, onMessageAttached before sendMessage settles, 6000004 for a second send to
// one conversation within 100 ms.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { ZIMError, ZIMMessage, ZimClient, ZimEventName, ZimStatic } from '@/zim/types'

type Handler = (zim: unknown, data: unknown) => void

export type LoginScript = 'succeed' | 'hang' | ZIMError
export type SendScript = 'succeed' | 'hang' | ZIMError

export const zimErr = (code: number, message = `error ${code}`): ZIMError => ({ code, message }) as ZIMError

export class ScriptedZim {
  handlers = new Map<ZimEventName, Handler>()
  calls: { method: string, args: unknown[], at: number }[] = []
  /** Answers for the next login calls, in order; 'succeed' once empty. */
  loginScript: LoginScript[] = []
  renewScript: ('succeed' | ZIMError)[] = []
  sendScript: SendScript[] = []
  /** Where the session is, as the SDK sees it. */
  loggedIn = false
  pendingLogin = false
  destroyed = false
  sendMinGapMs = 100
  private lastSend = new Map<string, number>()
  private seq = 0
  history: ZIMMessage[] = []
  /** Sends scripted to 'hang', until failHung() rejects them (as a dropped link does). */
  private hung: ((error: ZIMError) => void)[] = []

  failHung(error: ZIMError): void {
    for (const reject of this.hung.splice(0))
      reject(error)
  }

  on(type: ZimEventName, handler: Handler): void {
    this.handlers.set(type, handler)
  }

  off(type: ZimEventName): void {
    this.handlers.delete(type)
  }

  emit(type: ZimEventName, data: unknown, source: unknown = this): void {
    this.handlers.get(type)?.(source, data)
  }

  count(method: string): number {
    return this.calls.filter(c => c.method === method).length
  }

  private record(method: string, args: unknown[]): void {
    this.calls.push({ method, args, at: Date.now() })
  }

  login(userID: string, config: any): Promise<void> {
    this.record('login', [userID, config])
    const script = this.loginScript.shift() ?? 'succeed'
    if (script === 'hang') {
      this.pendingLogin = true
      return new Promise(() => {})
    }
    if (script !== 'succeed')
      return Promise.reject(script)
    return Promise.resolve().then(() => {
      this.loggedIn = true
      this.pendingLogin = false
      this.emit('connectionStateChanged', { state: 2, event: 0, extendedData: '' })
    })
  }

  logout(): void {
    this.record('logout', [])
    if (this.loggedIn || this.pendingLogin) {
      this.loggedIn = false
      this.pendingLogin = false
      this.emit('connectionStateChanged', { state: 0, event: 0, extendedData: '' })
    }
  }

  /** The service ends the session: kicked out (4), token expired (5), … */
  drop(event: number, state = 0): void {
    if (state === 0)
      this.loggedIn = false
    this.emit('connectionStateChanged', { state, event, extendedData: '' })
  }

  destroy(): void {
    this.record('destroy', [])
    this.destroyed = true
  }

  renewToken(token: string): Promise<any> {
    this.record('renewToken', [token])
    const script = this.renewScript.shift() ?? 'succeed'
    return script === 'succeed' ? Promise.resolve({ token }) : Promise.reject(script)
  }

  sendMessage(message: any, to: string, type: number, _config: unknown, notification?: any): Promise<any> {
    this.record('sendMessage', [{ ...message }, to, type])
    if (!this.loggedIn)
      return Promise.reject(zimErr(6000121, 'API.sendMessage: Not logged with call.'))
    const key = `${type}:${to}`
    const last = this.lastSend.get(key)
    if (last !== undefined && Date.now() - last < this.sendMinGapMs)
      return Promise.reject(zimErr(6000004, 'frequency limit'))
    this.lastSend.set(key, Date.now())
    const script = this.sendScript.shift() ?? 'succeed'
    Object.assign(message, {
      localMessageID: message.localMessageID || `sdk-${++this.seq}`,
      messageID: '',
      conversationID: to,
      conversationType: type,
      direction: 0,
      sentStatus: 0,
      timestamp: Date.now(),
      senderUserID: 'me',
    })
    notification?.onMessageAttached?.(message)
    if (script === 'hang')
      return new Promise((_, reject) => this.hung.push(reject))
    if (script !== 'succeed') {
      message.sentStatus = 2
      this.emit('messageSentStatusChanged', { infos: [{ status: 2, message, reason: '' }] })
      return Promise.reject(script)
    }
    const id = ++this.seq
    Object.assign(message, { messageID: String(1000 + id), orderKey: 1000 + id, messageSeq: id, sentStatus: 1 })
    this.history.push({ ...message })
    this.emit('messageSentStatusChanged', { infos: [{ status: 1, message, reason: '' }] })
    return Promise.resolve({ message })
  }

  queryConversationList(config: unknown): Promise<any> {
    this.record('queryConversationList', [config])
    if (!this.loggedIn)
      return Promise.reject(zimErr(6000121))
    return Promise.resolve({ conversationList: [] })
  }

  queryHistoryMessage(conversationID: string, type: number, config: any): Promise<any> {
    this.record('queryHistoryMessage', [conversationID, type, config])
    if (!this.loggedIn)
      return Promise.reject(zimErr(6000121))
    const list = this.history.filter(m => m.conversationID === conversationID)
    return Promise.resolve({ conversationID, conversationType: type, messageList: list.slice(-config.count) })
  }

  clearConversationUnreadMessageCount(conversationID: string, type: number): Promise<any> {
    this.record('clearConversationUnreadMessageCount', [conversationID, type])
    return Promise.resolve({ conversationID, conversationType: type })
  }

  deleteConversation(conversationID: string, type: number): Promise<any> {
    return Promise.resolve({ conversationID, conversationType: type })
  }
}

/** A ZimStatic handing out one ScriptedZim per create (the engine calls create once). */
export function scriptedStatic(onCreate?: (zim: ScriptedZim) => void): { zim: ZimStatic, instances: ScriptedZim[] } {
  const instances: ScriptedZim[] = []
  const zim: ZimStatic = {
    create: () => {
      const instance = new ScriptedZim()
      onCreate?.(instance)
      instances.push(instance)
      return instance as unknown as ZimClient
    },
    getInstance: () => undefined,
    getVersion: () => 'scripted',
  }
  return { zim, instances }
}
