// The local stand-in for ZEGO's `ZIM` class: the same API and, as far as the shared notes
// (zim-sdk.md) record it, the same behaviour, over one WebSocket to the local ZIM service.
import type { ZIM } from 'zego-zim-miniprogram'
import type {
  ZIMConversationDeleteConfig,
  ZIMConversationDeletedResult,
  ZIMConversationListQueriedResult,
  ZIMConversationQueryConfig,
  ZIMConversationUnreadMessageCountClearedResult,
  ZIMLoginConfig,
  ZIMMessageQueriedResult,
  ZIMTokenRenewedResult,
} from 'zego-zim-miniprogram'
import type {
  ZIMConversation,
  ZIMConversationChangeInfo,
  ZIMConversationType,
  ZIMError,
  ZIMEventHandler,
  ZIMMessage,
  ZIMMessageQueryConfig,
  ZIMMessageSendConfig,
  ZIMMessageSendNotification,
  ZIMMessageSentResult,
  ZIMUserInfo,
  ZimClient,
  ZimEventName,
} from '../types'
import { ErrorCode, zimError } from '../errors'
import {
  ConnectionEvent,
  ConnectionState,
  ConversationEvent,
  ConversationType,
  MessageDirection,
  MessageSentStatus,
  MessageType,
} from '../constants'
import { configure, getConfig, type LocalZimConfig, retryDelay } from './config'
import { EventHub } from './events'
import { Link, type RequestBody } from './link'
import type { OfflineBatch, Push, Reply, ReplyData } from './protocol'
import type { ZimSocket } from './transport'
import {
  type ApiName,
  checkConversationArgs,
  checkHistoryArgs,
  checkSendArgs,
  checkTokenFormat,
  isCountConfig,
  notLoggedError,
  paramError,
  sdkError,
} from './validate'
import { onWake } from './wake'
import { conversationFromWire, fromWire, toWire } from './wire'

export const LOCAL_ZIM_VERSION = '2.29.0-local'

/** Send pacing per conversation, as the SDK's cloud settings have it. */
export const SEND_MIN_GAP_MS = 100
export const COMMAND_MIN_GAP_MS = 34
export const RENEW_TOKEN_MIN_GAP_MS = 500
/** tokenWillExpire comes this long before expiry; the connection drops 2 s before it. */
export const TOKEN_WARNING_MS = 30_000
export const TOKEN_DROP_BEFORE_MS = 2_000
const MAX_TIMER_MS = 2 ** 31 - 1

type State = (typeof ConnectionState)[keyof typeof ConnectionState]
type Event = (typeof ConnectionEvent)[keyof typeof ConnectionEvent]
type Timer = ReturnType<typeof setTimeout>

interface Waiter {
  resolve: () => void
  reject: (error: ZIMError) => void
}

/** One login, from the call until logout, kick-out, expiry or a refused login. */
interface Session {
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
  attempt: number
  retryTimer?: Timer
  attemptTimer?: Timer
  warnTimer?: Timer
  expireTimer?: Timer
}

interface Pending {
  api: ApiName
  body: RequestBody
  resolve: (data: unknown) => void
  reject: (error: ZIMError) => void
  timer?: Timer
  link: Link | null
  id: number
  /** Sent again after a reconnect when its link dropped unanswered (never a send). */
  resendable: boolean
}

const NOTIFY = 1 as ZIMConversation['notificationStatus']

function convKey(type: number, id: string): string {
  return `${type}:${id}`
}

function toZimError(reply: Extract<Reply, { ok: false }>): ZIMError {
  return { code: reply.code as ZIMError['code'], message: reply.message }
}

/** Messages of these kinds never show in the conversation list. */
function staysOutOfConversations(type: number, conversationType: number): boolean {
  return type === MessageType.Command || type === MessageType.Barrage || conversationType === ConversationType.Room
}

const RECEIVED_EVENTS = {
  [ConversationType.Peer]: ['peerMessageReceived', 'receivePeerMessage'],
  [ConversationType.Room]: ['roomMessageReceived', 'receiveRoomMessage'],
  [ConversationType.Group]: ['groupMessageReceived', 'receiveGroupMessage'],
} as const satisfies Record<number, readonly [ZimEventName, ZimEventName]>

let shared: LocalZim | undefined

function checkAppID(appConfig: number | { appID: number } | null | undefined): number {
  // As in the SDK, create(null) reads null.appID: a TypeError, not the 6000003 Error.
  const appID = typeof appConfig === 'object' ? (appConfig as { appID: number }).appID : appConfig
  if (!appID || typeof appID !== 'number') {
    const error = { appID, version: LOCAL_ZIM_VERSION, ...sdkError(ErrorCode.CommonModuleInvalidAppID) }
    throw new Error(JSON.stringify(error))
  }
  return appID
}

export class LocalZim implements ZimClient {
  // ---- static side (ZimStatic) ----

  /** The instance the first time (and after `destroy`), `null` while one exists. */
  static create(appConfig: number | { appID: number }): LocalZim | null {
    const appID = checkAppID(appConfig)
    if (shared && !shared.destroyed)
      return null
    shared = new LocalZim(appID)
    return shared
  }

  /** `undefined` before `create`; after `destroy`, still the destroyed instance. */
  static getInstance(): LocalZim | undefined {
    return shared
  }

  static getVersion(): string {
    return LOCAL_ZIM_VERSION
  }

  /** Where the local service is and how to reach it (module-wide). */
  static configure(options: Partial<LocalZimConfig>): void {
    configure(options)
  }

  /**
   * TEST ONLY: an instance outside the create-once singleton, so one process can run
   * several clients (the real SDK cannot). The app must use `create`.
   */
  static createDetached(appConfig: number | { appID: number }): LocalZim {
    return new LocalZim(checkAppID(appConfig))
  }

  // ---- instance state ----

  private readonly hub = new EventHub(() => this as unknown as ZIM)
  private destroyed = false
  private loginState: State = ConnectionState.Disconnected
  private session: Session | null = null
  private pending = new Set<Pending>()
  private lastSendAt = new Map<string, number>()
  private lastRenewAt = Number.NEGATIVE_INFINITY
  private conversations = new Map<string, ZIMConversation>()
  private readonly clientSid = String(Date.now()) + String(Math.floor(Math.random() * 1e6)).padStart(6, '0')
  private clientSeq = 0

  private readonly stopWake: () => void

  private constructor(readonly appID: number) {
    this.stopWake = onWake(() => this.retryNow())
  }

  // ---- events ----

  on<K extends keyof ZIMEventHandler>(type: K, listener: ZIMEventHandler[K]): void {
    if (!this.destroyed)
      this.hub.set(type, listener)
  }

  off<K extends keyof ZIMEventHandler>(type: K): void {
    if (!this.destroyed)
      this.hub.remove(type)
  }

  private setState(state: State, event: Event, extendedData = ''): void {
    this.loginState = state
    this.hub.emit('connectionStateChanged', { state, event, extendedData })
  }

  // ---- login / logout / destroy ----

  login(userInfo: ZIMUserInfo, token: string): Promise<void>
  login(userID: string, config: ZIMLoginConfig): Promise<void>
  login(user: ZIMUserInfo | string, tokenOrConfig: string | ZIMLoginConfig): Promise<void> {
    if (this.destroyed)
      return Promise.reject(sdkError(ErrorCode.CommonModuleNotInit))
    // As in the SDK: a null user or config throws a TypeError right here.
    const userID = typeof user === 'object' ? user.userID : user
    const config = typeof tokenOrConfig === 'object'
      ? tokenOrConfig
      : { token: tokenOrConfig, userName: typeof user === 'object' ? user.userName : '' }
    const token = config.token
    const userName = config.userName ?? ''
    const bad = checkTokenFormat(token)
    if (bad)
      return Promise.reject(bad)

    const s = this.session
    if (s) {
      if (s.userID !== userID)
        return Promise.reject(sdkError(ErrorCode.NetworkModuleUserHasAlreadyLogged))
      s.token = token
      if (this.loginState === ConnectionState.Connected)
        return Promise.resolve()
      return new Promise((resolve, reject) => s.waiters.push({ resolve, reject }))
    }

    const session: Session = { userID, userName, token, waiters: [], established: false, link: null, ready: false, attempt: 0 }
    this.session = session
    this.loginState = ConnectionState.Connecting // not emitted: the SDK never reports it for a first login
    return new Promise((resolve, reject) => {
      session.waiters.push({ resolve, reject })
      this.connect(session)
    })
  }

  logout(): void {
    const s = this.session
    // As in the SDK: a login with an empty userID cannot be logged out (its logout checks
    // the userID and does nothing); it retries until destroy() (tests/contract).
    if (this.destroyed || !s || !s.userID)
      return
    this.sayGoodbye(s)
    // A pending login promise is left unsettled, as the SDK leaves it.
    this.endSession(s, ConnectionEvent.Success)
  }

  destroy(): void {
    if (this.destroyed)
      return
    const s = this.session
    if (s) {
      this.sayGoodbye(s)
      this.endSession(s, null)
    }
    this.destroyed = true
    this.stopWake()
    this.hub.clear()
    this.conversations.clear()
  }

  private sayGoodbye(s: Session): void {
    if (s.ready && s.link)
      s.link.request({ op: 'logout' }, () => {})
  }

  // ---- connection ----

  private isCurrent(s: Session, link?: Link): boolean {
    return this.session === s && !this.destroyed && (link === undefined || s.link === link)
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
      onPush: push => this.onPush(s, link, push),
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
      { op: 'login', appID: this.appID, userID: s.userID, userName: s.userName, token: s.token },
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
      this.setState(ConnectionState.Connected, ConnectionEvent.Success)
      for (const waiter of s.waiters.splice(0))
        waiter.resolve()
      if (!this.isCurrent(s, link))
        return
      this.armTokenTimers(s, (reply.data as ReplyData['login']).expireAt)
      this.flushPending(s)
      return
    }
    if (reply.code === ErrorCode.NetworkModuleNetworkError || reply.code === ErrorCode.NetworkModuleRequestTimeout) {
      link.close()
      this.onLinkDown(s, link)
      return
    }
    // Refused (bad token, …): the SDK reports LoginInterrupted, or TokenExpired, and stops.
    const waiters = s.waiters.splice(0)
    const event = reply.code === ErrorCode.NetworkModuleTokenExpired ? ConnectionEvent.TokenExpired : ConnectionEvent.LoginInterrupted
    this.endSession(s, event, reply.message)
    for (const waiter of waiters)
      waiter.reject(toZimError(reply))
  }

  private onLinkDown(s: Session, link: Link): void {
    if (!this.isCurrent(s, link))
      return
    s.link = null
    s.ready = false
    for (const p of this.pending) {
      if (p.link !== link)
        continue
      p.link = null
      if (!p.resendable)
        this.settle(p, sdkError(ErrorCode.NetworkModuleNetworkError, p.api))
    }
    this.connectionLost(s)
  }

  /** Reports Reconnecting/LoginInterrupted and schedules the next attempt. */
  private connectionLost(s: Session): void {
    clearTimeout(s.attemptTimer)
    this.setState(ConnectionState.Reconnecting, ConnectionEvent.LoginInterrupted)
    if (!this.isCurrent(s))
      return
    const delay = retryDelay(s.attempt++)
    s.retryTimer = setTimeout(() => {
      s.retryTimer = undefined
      this.connect(s)
    }, delay)
  }

  /** App back in the foreground or network back: a waiting reconnect goes now. */
  private retryNow(): void {
    const s = this.session
    if (!s || this.destroyed || s.link || s.retryTimer === undefined)
      return
    clearTimeout(s.retryTimer)
    s.retryTimer = undefined
    this.connect(s)
  }

  /** Ends the session; emits `{0, event}` unless `event` is null (destroy). */
  private endSession(s: Session, event: Event | null, reason = ''): void {
    clearTimeout(s.retryTimer)
    clearTimeout(s.attemptTimer)
    clearTimeout(s.warnTimer)
    clearTimeout(s.expireTimer)
    const link = s.link
    s.link = null
    s.ready = false
    if (this.session === s)
      this.session = null
    this.loginState = ConnectionState.Disconnected
    link?.close()
    for (const p of [...this.pending])
      this.settle(p, notLoggedError(p.api))
    if (event !== null)
      this.setState(ConnectionState.Disconnected, event, reason)
  }

  // ---- token ----

  /** `expireAt` from the service: Unix seconds (token style) or milliseconds. */
  private armTokenTimers(s: Session, expireAt: number): void {
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
      this.hub.emit('tokenWillExpire', { second: secondsLeft })
      if (!this.isCurrent(s))
        return
    }
    else {
      s.warnTimer = setTimeout(() => {
        if (this.isCurrent(s))
          this.hub.emit('tokenWillExpire', { second: Math.round(warningMs / 1000) })
      }, left - warningMs)
    }
    s.expireTimer = setTimeout(() => {
      if (this.isCurrent(s))
        this.endSession(s, ConnectionEvent.TokenExpired, `Token expired for timer ${secondsLeft}`)
    }, Math.max(0, left - dropBeforeMs))
  }

  renewToken(token: string): Promise<ZIMTokenRenewedResult> {
    const api: ApiName = 'API.renewToken'
    const s = this.openSession(api)
    if (!('userID' in s))
      return Promise.reject(s)
    const bad = checkTokenFormat(token)
    if (bad)
      return Promise.reject(bad)
    const now = Date.now()
    if (now - this.lastRenewAt < RENEW_TOKEN_MIN_GAP_MS)
      return Promise.reject(sdkError(ErrorCode.CommonModuleTriggerSDKFrequencyLimit))
    this.lastRenewAt = now
    return this.call(api, { op: 'renewToken', token }, true).then((data) => {
      if (this.isCurrent(s)) {
        s.token = token
        this.armTokenTimers(s, data.expireAt)
      }
      return { token }
    })
  }

  // ---- requests ----

  /** The logged-in session, or the error the SDK gives before login / after destroy. */
  /**
   * The SDK's order of checks for a request that needs a session: signed in first
   * (6000002 / 6000121), then the arguments (6000001). Null when the call may go ahead.
   */
  private refuse(api: ApiName, badArgs: string | null | undefined): Promise<never> | null {
    const s = this.openSession(api)
    if (!('userID' in s))
      return Promise.reject(s)
    if (badArgs)
      return Promise.reject(paramError(api, badArgs))
    return null
  }

  private openSession(api: ApiName): Session | ZIMError {
    if (this.destroyed)
      return sdkError(ErrorCode.CommonModuleNotInit)
    const s = this.session
    if (!s || !s.established)
      return notLoggedError(api)
    return s
  }

  /** Sends now if logged in on a live link, else when it is; 6000104 after sendTimeoutMs. */
  private call<B extends RequestBody>(api: ApiName, body: B, resendable: boolean): Promise<ReplyData[B['op']]> {
    return new Promise((resolve, reject) => {
      const p: Pending = { api, body, resolve: resolve as (data: unknown) => void, reject, link: null, id: 0, resendable }
      p.timer = setTimeout(() => this.settle(p, sdkError(ErrorCode.NetworkModuleNetworkError, api)), getConfig().sendTimeoutMs)
      this.pending.add(p)
      const s = this.session
      if (s?.ready && s.link)
        this.dispatch(p, s.link)
    })
  }

  private dispatch(p: Pending, link: Link): void {
    p.link = link
    p.id = link.request(p.body, (reply) => {
      if (reply.ok)
        this.settle(p, null, reply.data)
      else
        this.settle(p, toZimError(reply))
    })
  }

  private flushPending(s: Session): void {
    for (const p of this.pending) {
      if (!p.link && s.ready && s.link)
        this.dispatch(p, s.link)
    }
  }

  private settle(p: Pending, error: ZIMError | null, data?: unknown): void {
    if (!this.pending.delete(p))
      return
    clearTimeout(p.timer)
    if (p.link)
      p.link.forget(p.id)
    if (error)
      p.reject(error)
    else
      p.resolve(data)
  }

  // ---- pushes ----

  private onPush(s: Session, link: Link, push: Push): void {
    if (!this.isCurrent(s, link))
      return
    switch (push.push) {
      case 'messages':
        this.received(push, !!push.isOfflineMessage)
        return
      case 'offlineMessages': {
        for (const batch of push.batches ?? []) {
          if (!this.isCurrent(s, link))
            return
          this.received(batch, true)
        }
        // Acked once the page is handed on: the service then sends the next one.
        if (this.isCurrent(s, link))
          link.request({ op: 'ackOffline', cursor: push.cursor }, () => {})
        return
      }
      case 'conversationChanged': {
        const infoList: ZIMConversationChangeInfo[] = (push.infoList ?? []).map(info => ({
          event: info.event,
          conversation: conversationFromWire(info.conversation),
        }))
        for (const info of infoList)
          this.remember(info.conversation, info.event === ConversationEvent.Deleted)
        this.hub.emit('conversationChanged', { infoList })
        return
      }
      case 'sessionEnded': {
        const event = push.event === ConnectionEvent.TokenExpired ? ConnectionEvent.TokenExpired : ConnectionEvent.KickedOut
        this.endSession(s, event, push.reason ?? '')
      }
    }
  }

  private received(batch: OfflineBatch, isOfflineMessage: boolean): void {
    const names = RECEIVED_EVENTS[batch.conversationType as keyof typeof RECEIVED_EVENTS]
    if (!names)
      return
    const messageList = (batch.messageList ?? []).map(fromWire)
    const fromConversationID = batch.fromConversationID
    this.hub.emit(names[0], { messageList, fromConversationID, info: { isOfflineMessage } })
    this.hub.emit(names[1], { messageList, fromConversationID })
  }

  // ---- conversations (the local view the SDK keeps) ----

  private remember(conversation: ZIMConversation, deleted = false): void {
    const key = convKey(conversation.type, conversation.conversationID)
    if (deleted)
      this.conversations.delete(key)
    else
      this.conversations.set(key, conversation)
  }

  /** Puts `message` as lastMessage of its conversation and reports the change. */
  private showInConversation(message: ZIMMessage): void {
    const conversationID = message.conversationID as string
    const type = message.conversationType as ZIMConversationType
    const known = this.conversations.get(convKey(type, conversationID))
    const lastMessage = { ...message }
    const conversation: ZIMConversation = known
      ? { ...known, lastMessage }
      : {
          conversationID,
          type,
          conversationName: '',
          conversationAvatarUrl: '',
          conversationAlias: '',
          notificationStatus: NOTIFY,
          unreadMessageCount: 0,
          readMessageSeq: 0,
          lastMessage,
          orderKey: message.timestamp ?? Date.now(),
          isPinned: false,
          pinnedTime: 0,
          mentionedInfoList: [],
          draft: '',
          marks: [],
        }
    this.remember(conversation)
    this.hub.emit('conversationChanged', {
      infoList: [{ event: known ? ConversationEvent.Updated : ConversationEvent.Added, conversation }],
    })
  }

  // ---- messages ----

  sendMessage(
    message: ZIMMessage,
    toConversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageSendConfig,
    notification?: ZIMMessageSendNotification,
  ): Promise<ZIMMessageSentResult> {
    const api: ApiName = 'API.sendMessage'
    const s = this.openSession(api)
    if (!('userID' in s))
      return Promise.reject(s)
    const bad = checkSendArgs(message, toConversationID, conversationType, config)
    if (bad)
      return Promise.reject(paramError(api, bad))

    // The stand-in has no rooms to join: the SDK refuses a room it is not in, before attaching.
    if (conversationType === ConversationType.Room)
      return Promise.reject(zimError(ErrorCode.MessageModuleSendMessageFailed, 'Room is not exist or not in the room.'))

    // Pacing: per conversation; text and command share the clock, commands wait less.
    const key = convKey(conversationType, toConversationID)
    const now = Date.now()
    const last = this.lastSendAt.get(key)
    const textGap = getConfig().sendMinGapMs
    const minGap = message.type === MessageType.Command ? Math.min(COMMAND_MIN_GAP_MS, textGap) : textGap
    if (last !== undefined && now - last < minGap) {
      message.sentStatus = MessageSentStatus.Failed
      return Promise.reject(sdkError(ErrorCode.CommonModuleTriggerSDKFrequencyLimit))
    }
    this.lastSendAt.set(key, now)

    this.attach(message, s.userID, toConversationID, conversationType, now)
    const onAttached = notification?.onMessageAttached
    if (typeof onAttached === 'function') {
      try {
        onAttached(message)
      }
      catch (error) {
        getConfig().reportHandlerError(error)
      }
    }
    const listed = !staysOutOfConversations(message.type, conversationType)
    if (listed)
      this.showInConversation(message)

    const body = {
      op: 'send' as const,
      message: toWire({ ...message }),
      toConversationID,
      conversationType,
      priority: config.priority,
    }
    return this.call(api, body, false).then(
      (data) => {
        const sent = fromWire(data.message)
        Object.assign(message, sent, {
          localMessageID: message.localMessageID,
          direction: MessageDirection.Send,
          sentStatus: MessageSentStatus.Success,
        })
        this.hub.emit('messageSentStatusChanged', { infos: [{ status: MessageSentStatus.Success, message, reason: '' }] })
        if (listed)
          this.showInConversation(message)
        return { message }
      },
      (error: ZIMError) => {
        message.sentStatus = MessageSentStatus.Failed
        message.timestamp = Date.now()
        this.hub.emit('messageSentStatusChanged', { infos: [{ status: MessageSentStatus.Failed, message, reason: '' }] })
        if (listed)
          this.showInConversation(message)
        throw error
      },
    )
  }

  /** The fields the SDK sets on the caller's own object before `onMessageAttached`. */
  private attach(message: ZIMMessage, senderUserID: string, conversationID: string, conversationType: ZIMConversationType, now: number): void {
    const resentServerMessage = !!(message.messageID && message.messageSeq)
    const localMessageID = !resentServerMessage && message.localMessageID
      ? message.localMessageID
      : `${conversationType}${this.clientSid}${++this.clientSeq}`
    Object.assign(message, {
      messageID: '',
      messageSeq: 0,
      orderKey: 0,
      localMessageID,
      conversationID,
      conversationType,
      senderUserID,
      direction: MessageDirection.Send,
      sentStatus: MessageSentStatus.Sending,
      timestamp: now,
      isUserInserted: false,
      isBroadcastMessage: false,
      isServerMessage: false,
      extendedData: message.extendedData || '',
      localExtendedData: message.localExtendedData || '',
      isMentionAll: !!message.isMentionAll,
      mentionedUserIDs: message.mentionedUserIDs ? [...new Set(message.mentionedUserIDs.filter(Boolean))] : [],
    })
  }

  queryHistoryMessage(conversationID: string, conversationType: ZIMConversationType, config: ZIMMessageQueryConfig): Promise<ZIMMessageQueriedResult> {
    const api: ApiName = 'API.queryHistoryMessage'
    const refused = this.refuse(api, checkHistoryArgs(conversationID, conversationType, config))
    if (refused)
      return refused
    if (config.count < 1)
      return Promise.resolve({ conversationID, conversationType, messageList: [] })
    return this.call(api, {
      op: 'queryHistory',
      conversationID,
      conversationType,
      nextOrderKey: config.nextMessage?.orderKey,
      count: config.count,
      reverse: !!config.reverse,
    }, true).then(data => ({ conversationID, conversationType, messageList: (data.messageList ?? []).map(fromWire) }))
  }

  queryConversationList(config: ZIMConversationQueryConfig): Promise<ZIMConversationListQueriedResult> {
    const api: ApiName = 'API.queryConversationList'
    const refused = this.refuse(api, isCountConfig(config) ? null : 'The config or its count is invalid.')
    if (refused)
      return refused
    return this.call(api, {
      op: 'queryConversations',
      nextOrderKey: config.nextConversation?.orderKey,
      count: config.count,
    }, true).then((data) => {
      const conversationList = (data.conversationList ?? []).map(conversationFromWire)
      for (const conversation of conversationList)
        this.remember(conversation)
      return { conversationList }
    })
  }

  clearConversationUnreadMessageCount(conversationID: string, conversationType: ZIMConversationType): Promise<ZIMConversationUnreadMessageCountClearedResult> {
    const api: ApiName = 'API.clearConversationUnreadMessageCount'
    const refused = this.refuse(api, checkConversationArgs(conversationID, conversationType))
    if (refused)
      return refused
    return this.call(api, { op: 'clearUnread', conversationID, conversationType }, true).then(() => {
      const known = this.conversations.get(convKey(conversationType, conversationID))
      if (known)
        this.remember({ ...known, unreadMessageCount: 0 })
      return { conversationID, conversationType }
    })
  }

  deleteConversation(conversationID: string, conversationType: ZIMConversationType, _config: ZIMConversationDeleteConfig): Promise<ZIMConversationDeletedResult> {
    const api: ApiName = 'API.deleteConversation'
    const refused = this.refuse(api, checkConversationArgs(conversationID, conversationType))
    if (refused)
      return refused
    return this.call(api, { op: 'deleteConversation', conversationID, conversationType }, true).then(() => {
      this.conversations.delete(convKey(conversationType, conversationID))
      return { conversationID, conversationType }
    })
  }
}
