// The stand-in's connection and session: one login from the call until logout, kick-out,
// expiry or a refused login; the socket it runs on, the SDK's reconnect schedule, the
// token timers, and the 10 s lockout the SDK keeps after the service refused a login.
import { ErrorCode } from '../errors'
import { ConnectionEvent, ConnectionState } from '../constants'
import type { ZIMError } from '../types'
import { getConfig, retryDelay } from './config'
import { Link } from './link'
import type { Push, Reply, ReplyData } from './protocol'
import { Requests, toZimError } from './requests'
import type { ZimSocket } from './transport'
import { type ApiName, notLoggedError } from './validate'

export type State = (typeof ConnectionState)[keyof typeof ConnectionState]
export type Event = (typeof ConnectionEvent)[keyof typeof ConnectionEvent]
type Timer = ReturnType<typeof setTimeout>
const MAX_TIMER_MS = 2 ** 31 - 1

interface Waiter {
  resolve: () => void
  reject: (error: ZIMError) => void
}

export interface Session {
  userID: string
  userName: string
  token: string
  /** Pending login calls, settled by the next successful (re)login or a refusal. */
  waiters: Waiter[]
  /** A login succeeded: the APIs are open (also while reconnecting). */
  established: boolean
  link: Link | null
  /** Logged in on the current link. */
  ready: boolean
  /** what this user's file addresses carry (from the login reply). */
  fileKey?: string
  attempt: number
  retryTimer?: Timer
  attemptTimer?: Timer
  warnTimer?: Timer
  expireTimer?: Timer
}

/** What the session needs from the instance around it. */
export interface SessionHost {
  appID: number
  destroyed: () => boolean
  /** Reports a connection state change (connectionStateChanged). */
  setState: (state: State, event: Event, extendedData?: string) => void
  tokenWillExpire: (second: number) => void
  onPush: (s: Session, link: Link, push: Push) => void
}

export class SessionConnection {
  session: Session | null = null
  state: State = ConnectionState.Disconnected
  readonly requests = new Requests(() => (this.session?.ready ? this.session.link : null))
  /** The refusal every login gets until `until` (the SDK's notSendError). */
  private lockout: { error: ZIMError, until: number } | null = null

  constructor(private readonly host: SessionHost) {}

  /** The error a login gets at once while a refused login's lockout lasts. */
  lockedOut(): ZIMError | null {
    if (this.lockout && Date.now() < this.lockout.until)
      return this.lockout.error
    this.lockout = null
    return null
  }

  clearLockout(): void {
    this.lockout = null
  }

  isCurrent(s: Session, link?: Link): boolean {
    return this.session === s && !this.host.destroyed() && (link === undefined || s.link === link)
  }

  /** The logged-in session, or the error the SDK gives before login. */
  open(api: ApiName): Session | ZIMError {
    const s = this.session
    if (!s || !s.established)
      return notLoggedError(api)
    return s
  }

  /** A first login: a new session, connected on the SDK's schedule. */
  start(userID: string, userName: string, token: string): Promise<void> {
    const session: Session = { userID, userName, token, waiters: [], established: false, link: null, ready: false, attempt: 0 }
    this.session = session
    this.state = ConnectionState.Connecting // not emitted: the SDK never reports it for a first login
    return new Promise((resolve, reject) => {
      session.waiters.push({ resolve, reject })
      this.connect(session)
    })
  }

  /** A login call for the user already logging in: joins it. */
  join(s: Session, token: string): Promise<void> {
    s.token = token
    if (this.state === ConnectionState.Connected)
      return Promise.resolve()
    return new Promise((resolve, reject) => s.waiters.push({ resolve, reject }))
  }

  sayGoodbye(s: Session): void {
    if (s.ready && s.link)
      s.link.request({ op: 'logout' }, () => {})
  }

  private connect(s: Session): void {
    if (!this.isCurrent(s))
      return
    const config = getConfig()
    let socket: ZimSocket
    try {
      socket = config.socketFactory(config.url)
    }
    catch {
      this.connectionLost(s)
      return
    }
    const link: Link = new Link(socket, {
      onOpen: () => this.onLinkOpen(s, link),
      onPush: push => this.host.onPush(s, link, push),
      onDown: () => this.onLinkDown(s, link),
    })
    s.link = link
    s.attemptTimer = setTimeout(() => {
      if (this.isCurrent(s, link) && !s.ready) {
        link.close(4000, 'login timeout')
        this.onLinkDown(s, link)
      }
    }, config.loginTimeoutMs)
  }

  private onLinkOpen(s: Session, link: Link): void {
    if (!this.isCurrent(s, link))
      return
    link.request(
      { op: 'login', appID: this.host.appID, userID: s.userID, userName: s.userName, token: s.token },
      reply => this.onLoginReply(s, link, reply),
    )
  }

  private onLoginReply(s: Session, link: Link, reply: Reply): void {
    if (!this.isCurrent(s, link))
      return
    clearTimeout(s.attemptTimer)
    if (reply.ok) {
      s.ready = true
      s.established = true
      s.attempt = 0
      this.state = ConnectionState.Connected
      this.host.setState(ConnectionState.Connected, ConnectionEvent.Success)
      for (const waiter of s.waiters.splice(0))
        waiter.resolve()
      if (!this.isCurrent(s, link))
        return
      s.fileKey = (reply.data as ReplyData['login']).fileKey
      this.armTokenTimers(s, (reply.data as ReplyData['login']).expireAt)
      this.requests.flush(link)
      return
    }
    if (reply.code === ErrorCode.NetworkModuleNetworkError || reply.code === ErrorCode.NetworkModuleRequestTimeout) {
      link.close()
      this.onLinkDown(s, link)
      return
    }
    // Refused (bad token, …): the SDK reports LoginInterrupted, or TokenExpired, and stops.
    const waiters = s.waiters.splice(0)
    const error = toZimError(reply)
    const expired = reply.code === ErrorCode.NetworkModuleTokenExpired
    // As the SDK does (its notSendError): logins in the next 10 s get this refusal at once.
    const lockoutMs = getConfig().loginLockoutMs
    if (!expired && lockoutMs > 0)
      this.lockout = { error, until: Date.now() + lockoutMs }
    this.end(s, expired ? ConnectionEvent.TokenExpired : ConnectionEvent.LoginInterrupted, reply.message)
    for (const waiter of waiters)
      waiter.reject(error)
  }

  private onLinkDown(s: Session, link: Link): void {
    if (!this.isCurrent(s, link))
      return
    s.link = null
    s.ready = false
    this.requests.linkDown(link)
    this.connectionLost(s)
  }

  /** Reports Reconnecting/LoginInterrupted and schedules the next attempt. */
  private connectionLost(s: Session): void {
    clearTimeout(s.attemptTimer)
    this.state = ConnectionState.Reconnecting
    this.host.setState(ConnectionState.Reconnecting, ConnectionEvent.LoginInterrupted)
    if (!this.isCurrent(s))
      return
    const delay = retryDelay(s.attempt++)
    s.retryTimer = setTimeout(() => {
      s.retryTimer = undefined
      this.connect(s)
    }, delay)
  }

  /** App back in the foreground or network back: a waiting reconnect goes now. */
  retryNow(): void {
    const s = this.session
    if (!s || this.host.destroyed() || s.link || s.retryTimer === undefined)
      return
    clearTimeout(s.retryTimer)
    s.retryTimer = undefined
    this.connect(s)
  }

  /** Ends the session; emits `{0, event}` unless `event` is null (destroy). */
  end(s: Session, event: Event | null, reason = ''): void {
    clearTimeout(s.retryTimer)
    clearTimeout(s.attemptTimer)
    clearTimeout(s.warnTimer)
    clearTimeout(s.expireTimer)
    const link = s.link
    s.link = null
    s.ready = false
    if (this.session === s)
      this.session = null
    this.state = ConnectionState.Disconnected
    link?.close()
    this.requests.failAll(notLoggedError)
    if (event !== null)
      this.host.setState(ConnectionState.Disconnected, event, reason)
  }

  /** `expireAt` from the service: Unix seconds (token style) or milliseconds. */
  armTokenTimers(s: Session, expireAt: number): void {
    clearTimeout(s.warnTimer)
    clearTimeout(s.expireTimer)
    if (typeof expireAt !== 'number' || !(expireAt > 0))
      return
    const expireAtMs = expireAt < 1e12 ? expireAt * 1000 : expireAt
    const left = expireAtMs - Date.now()
    const { tokenWarningMs: warningMs, tokenDropBeforeMs: dropBeforeMs } = getConfig()
    if (left - warningMs > MAX_TIMER_MS) {
      // setTimeout fires at once beyond ~24.8 days: look again later.
      s.warnTimer = setTimeout(() => this.isCurrent(s) && this.armTokenTimers(s, expireAt), MAX_TIMER_MS)
      return
    }
    const secondsLeft = Math.max(0, Math.floor(left / 1000))
    if (left < warningMs) {
      this.host.tokenWillExpire(secondsLeft)
      if (!this.isCurrent(s))
        return
    }
    else {
      s.warnTimer = setTimeout(() => {
        if (this.isCurrent(s))
          this.host.tokenWillExpire(Math.round(warningMs / 1000))
      }, left - warningMs)
    }
    s.expireTimer = setTimeout(() => {
      if (this.isCurrent(s))
        this.end(s, ConnectionEvent.TokenExpired, `Token expired for timer ${secondsLeft}`)
    }, Math.max(0, left - dropBeforeMs))
  }
}

