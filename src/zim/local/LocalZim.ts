// The local stand-in for ZEGO's `ZIM` class: the same API and, as far as the shared notes
// (zim-sdk.md) record it, the same behaviour, over one WebSocket to the local ZIM service.
import type { ZIM } from 'zego-zim-miniprogram'
import type {
  ZIMCombineMessage,
  ZIMCombineMessageDetailQueriedResult,
  ZIMConversationListQueriedResult,
  ZIMConversationQueryConfig,
  ZIMLoginConfig,
  ZIMMessageDeletedResult,
  ZIMMessageQueriedResult,
  ZIMMessageRevokedResult,
  ZIMTokenRenewedResult,
} from 'zego-zim-miniprogram'
import type {
  ZIMConversation,
  ZIMConversationChangeInfo,
  ZIMConversationType,
  ZIMError,
  ZIMEventHandler,
  ZIMMessage,
  ZIMMessageDeleteConfig,
  ZIMMessageQueryConfig,
  ZIMMessageRevokeConfig,
  ZIMRevokeMessage,
  ZIMMessageSendConfig,
  ZIMMessageSendNotification,
  ZIMMessageSentResult,
  ZIMSendingMessageCancelConfig,
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
import { configure, getConfig, type LocalZimConfig } from './config'
import { ConversationCache } from './conversationCache'
import { EventHub } from './events'
import type { Link, RequestBody } from './link'
import type { OfflineBatch, Push, ReplyData } from './protocol'
import { type Session, SessionConnection, type State, type Event } from './session'
import {
  type ApiName,
  checkDeleteArgs,
  checkHistoryArgs,
  checkRevokeArgs,
  checkSendArgs,
  checkTokenFormat,
  isCountConfig,
  paramError,
  sdkError,
} from './validate'
import { onWake } from './wake'
import { conversationFromWire, fromWire as plainFromWire, toWire } from './wire'
import { isMediaType } from '../media'
import { type FileAccess, httpBase, MediaSends, sendMedia, withFileUrls } from './media'
import { checkCombineQuery, prepareCombine } from './combine'
import { LocalGroups } from './groups'
import type { LocalHost } from './host'
import { LocalRooms } from './rooms'
import { LocalConversationCalls } from './conversationCalls'
import { LocalUsers } from './users'

export const LOCAL_ZIM_VERSION = '2.29.0-local'

/** Send pacing for command messages, as the SDK's cloud settings have it. */
const COMMAND_MIN_GAP_MS = 34
const RENEW_TOKEN_MIN_GAP_MS = 500

function convKey(type: number, id: string): string {
  return `${type}:${id}`
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
  private readonly connection: SessionConnection

  private readonly conversations = new ConversationCache()
  private lastSendAt = new Map<string, number>()
  private lastRenewAt = Number.NEGATIVE_INFINITY
  private readonly clientSid = String(Date.now()) + String(Math.floor(Math.random() * 1e6)).padStart(6, '0')
  private clientSeq = 0

  private readonly stopWake: () => void
  /** media sends that cancelSendingMessage may still stop. */
  private readonly mediaSends = new MediaSends()

  // groups and rooms (local/groups.ts, local/rooms.ts)
  private readonly groups: LocalGroups
  private readonly rooms: LocalRooms
  // conversation management and users (local/conversationCalls.ts, local/users.ts)
  private readonly conversationCalls: LocalConversationCalls
  private readonly users: LocalUsers

  private constructor(readonly appID: number) {
    this.connection = new SessionConnection({
      appID,
      destroyed: () => this.destroyed,
      setState: (state, event, extendedData) => this.setState(state, event, extendedData),
      tokenWillExpire: second => this.hub.emit('tokenWillExpire', { second }),
      onPush: (s, link, push) => this.onPush(s, link, push),
    })
    this.stopWake = onWake(() => this.connection.retryNow())
    const host: LocalHost = {
      refuse: (api, badArgs) => this.refuse(api, badArgs),
      call: (api, body, resendable) => this.call(api, body, resendable),
      emit: (type, data) => this.hub.emit(type, data),
      self: () => this.connection.session ?? undefined,
      conversations: this.conversations,
    }
    this.groups = new LocalGroups(host)
    this.rooms = new LocalRooms(host)
    this.conversationCalls = new LocalConversationCalls(host)
    this.users = new LocalUsers(host)
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
    this.hub.emit('connectionStateChanged', { state, event, extendedData })
    // the service's session, and with it every room, ends with the connection.
    if (state === ConnectionState.Reconnecting || state === ConnectionState.Disconnected)
      this.rooms?.connectionLost(state === ConnectionState.Disconnected)
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
    const bad = this.connection.lockedOut() ?? checkTokenFormat(token)
    if (bad)
      return Promise.reject(bad)

    const s = this.connection.session
    if (s) {
      if (s.userID !== userID)
        return Promise.reject(sdkError(ErrorCode.NetworkModuleUserHasAlreadyLogged))
      return this.connection.join(s, token)
    }
    return this.connection.start(userID, userName, token)
  }

  logout(): void {
    if (this.destroyed)
      return
    this.connection.clearLockout()
    const s = this.connection.session
    // As in the SDK: a login with an empty userID cannot be logged out (its logout checks
    // the userID and does nothing); it retries until destroy() (tests/contract).
    if (!s || !s.userID)
      return
    this.connection.sayGoodbye(s)
    // A pending login promise is left unsettled, as the SDK leaves it.
    this.connection.end(s, ConnectionEvent.Success)
    // drafts and known users last one login, as in the SDK
    this.conversations.clear()
    this.users.clear()
  }

  destroy(): void {
    if (this.destroyed)
      return
    const s = this.connection.session
    if (s) {
      this.connection.sayGoodbye(s)
      this.connection.end(s, null)
    }
    this.destroyed = true
    this.stopWake()
    this.hub.clear()
    this.conversations.clear()
  }

  // ---- token ----

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
      if (this.connection.isCurrent(s)) {
        s.token = token
        this.connection.armTokenTimers(s, data.expireAt)
      }
      return { token }
    })
  }

  // ---- requests ----

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
    return this.connection.open(api)
  }

  private call<B extends RequestBody>(api: ApiName, body: B, resendable: boolean): Promise<ReplyData[B['op']]> {
    return this.connection.requests.call(api, body, resendable)
  }

  // ---- pushes ----

  private onPush(s: Session, link: Link, push: Push): void {
    if (!this.connection.isCurrent(s, link))
      return
    switch (push.push) {
      case 'messages':
        this.received(push, !!push.isOfflineMessage)
        return
      case 'offlineMessages': {
        for (const batch of push.batches ?? []) {
          if (!this.connection.isCurrent(s, link))
            return
          this.received(batch, true)
        }
        // Acked once the page is handed on: the service then sends the next one.
        if (this.connection.isCurrent(s, link))
          link.request({ op: 'ackOffline', cursor: push.cursor }, () => {})
        return
      }
      case 'conversationChanged': {
        const infoList: ZIMConversationChangeInfo[] = (push.infoList ?? []).map(info => ({
          event: info.event,
          conversation: this.conversationFromWire(info.conversation),
        }))
        for (const info of infoList)
          this.conversations.remember(info.conversation, info.event === ConversationEvent.Deleted)
        this.hub.emit('conversationChanged', { infoList })
        return
      }
      case 'totalUnread':
        this.hub.emit('conversationTotalUnreadMessageCountUpdated', { totalUnreadMessageCount: push.totalUnreadMessageCount })
        return
      case 'messageRevokeReceived':
        this.hub.emit('messageRevokeReceived', { messageList: (push.messageList ?? []).map(m => this.fromWire(m) as ZIMRevokeMessage) })
        return
      // other members' group and room events
      case 'groupEvent':
        this.groups.onPush(push)
        return
      case 'roomEvent':
        this.rooms.onPush(push)
        return
      case 'sessionEnded': {
        const event = push.event === ConnectionEvent.TokenExpired ? ConnectionEvent.TokenExpired : ConnectionEvent.KickedOut
        this.connection.end(s, event, push.reason ?? '')
      }
    }
  }

  private received(batch: OfflineBatch, isOfflineMessage: boolean): void {
    const names = RECEIVED_EVENTS[batch.conversationType as keyof typeof RECEIVED_EVENTS]
    if (!names)
      return
    const messageList = (batch.messageList ?? []).map(this.fromWire)
    const fromConversationID = batch.fromConversationID
    this.hub.emit(names[0], { messageList, fromConversationID, info: { isOfflineMessage } })
    this.hub.emit(names[1], { messageList, fromConversationID })
  }

  /** Puts `message` as lastMessage of its conversation and reports the change. */
  private showInConversation(message: ZIMMessage): void {
    this.hub.emit('conversationChanged', { infoList: [this.conversations.showMessage(message)] })
  }

  // file addresses from the service are relative; the app gets them absolute, signed for this user.
  private fileAccess(): FileAccess | undefined {
    const s = this.connection.session
    return s?.fileKey ? { base: httpBase(getConfig().url), userID: s.userID, key: s.fileKey } : undefined
  }

  private readonly fromWire = (message: ZIMMessage): ZIMMessage => withFileUrls(plainFromWire(message), () => this.fileAccess())

  private readonly conversationFromWire = (conversation: ZIMConversation): ZIMConversation => {
    const c = conversationFromWire(conversation)
    return c.lastMessage ? { ...c, lastMessage: withFileUrls(c.lastMessage, () => this.fileAccess()) } : c
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

    // As the SDK: a room one is not in is refused before attaching.
    if (conversationType === ConversationType.Room && !this.rooms.isIn(toConversationID))
      return Promise.reject(zimError(ErrorCode.MessageModuleSendMessageFailed, 'Room is not exist or not in the room.'))

    const listed = !staysOutOfConversations(message.type, conversationType)
    const attach = (now: number) => {
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
      if (listed)
        this.showInConversation(message)
    }
    const failed = (error: ZIMError) => {
      message.sentStatus = MessageSentStatus.Failed
      message.timestamp = Date.now()
      this.hub.emit('messageSentStatusChanged', { infos: [{ status: MessageSentStatus.Failed, message, reason: '' }] })
      if (listed)
        this.showInConversation(message)
      throw error
    }
    const deliver = (fields?: Record<string, unknown>, wire?: ZIMMessage) => {
      const body = {
        op: 'send' as const,
        message: wire ?? toWire({ ...message, ...fields }),
        toConversationID,
        conversationType,
        priority: config.priority,
      }
      return this.call(api, body, false).then(
        (data) => {
          const sent = this.fromWire(data.message)
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
        failed,
      )
    }

    // media is not paced; it reads and uploads its file first (media.ts).
    if (isMediaType(message.type)) {
      return sendMedia(message, {
        attach: () => attach(Date.now()),
        base: () => httpBase(getConfig().url),
        call: body => this.call(api, body as unknown as RequestBody, false) as never,
        deliver,
        failed: error => failed(error as ZIMError),
        progress: notification?.onMediaUploadingProgress,
        reportHandlerError: error => getConfig().reportHandlerError(error),
      }, this.mediaSends)
    }

    // Pacing: per conversation; text and command share the clock, commands wait less.
    const key = convKey(conversationType, toConversationID)
    const now = Date.now()
    const last = this.lastSendAt.get(key)
    const textGap = getConfig().sendMinGapMs
    const minGap = message.type === MessageType.Command ? Math.min(COMMAND_MIN_GAP_MS, textGap) : textGap
    // barrage is not paced (the SDK may drop it instead).
    if (message.type !== MessageType.Barrage && last !== undefined && now - last < minGap) {
      message.sentStatus = MessageSentStatus.Failed
      return Promise.reject(sdkError(ErrorCode.CommonModuleTriggerSDKFrequencyLimit))
    }
    this.lastSendAt.set(key, now)
    // A combined message the server already has is forwarded with its children's id.
    const forwardedCombineID = message.type === MessageType.Combine && message.messageID
      ? (message as ZIMCombineMessage).combineID
      : undefined
    attach(now)
    // A combined message's children go up first (the SDK posts them as a file); any other
    // message goes out now, in this turn.
    if (message.type === MessageType.Combine) {
      return prepareCombine(message, forwardedCombineID, children => this.call(api, { op: 'uploadCombine', children }, true))
        .then(wire => deliver(undefined, wire), failed)
    }
    return deliver()
  }

  /**
   * stops a media send still reading, uploading or processing its file: the send
   * rejects 6000206 with messageSentStatusChanged (status 2). Too late once the message went out.
   */
  cancelSendingMessage(message: ZIMMessage, _config?: ZIMSendingMessageCancelConfig): Promise<void> {
    const api: ApiName = 'API.cancelSendingMessage'
    const refused = this.refuse(api, message && typeof message === 'object' ? null : 'message is required.')
    if (refused)
      return refused
    if (!this.mediaSends.cancel(message.localMessageID ?? ''))
      return Promise.reject(paramError(api, 'The message is not being sent (only a media message still uploading can be cancelled).'))
    return Promise.resolve()
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
    }, true).then(data => ({ conversationID, conversationType, messageList: (data.messageList ?? []).map(this.fromWire) }))
  }

  queryConversationList(config: ZIMConversationQueryConfig): Promise<ZIMConversationListQueriedResult> {
    const api: ApiName = 'API.queryConversationList'
    const refused = this.refuse(api, isCountConfig(config) ? null : 'The config or its count is invalid.')
    if (refused)
      return refused
    return this.call(api, {
      op: 'queryConversations',
      nextOrderKey: config.nextConversation?.orderKey,
      // breaks ties between conversations whose last messages share a millisecond
      nextConversationID: config.nextConversation?.conversationID,
      nextConversationType: config.nextConversation?.type,
      count: config.count,
    }, true).then((data) => {
      const conversationList = (data.conversationList ?? []).map(this.conversationFromWire)
      for (const conversation of conversationList)
        this.conversations.remember(conversation)
      return { conversationList }
    })
  }

  revokeMessage(message: ZIMMessage, config?: ZIMMessageRevokeConfig): Promise<ZIMMessageRevokedResult> {
    const api: ApiName = 'API.revokeMessage'
    const refused = this.refuse(api, checkRevokeArgs(message))
    if (refused)
      return refused
    return this.call(api, {
      op: 'revokeMessage' as const,
      conversationID: message.conversationID!,
      conversationType: message.conversationType!,
      messageSeq: message.messageSeq!,
      revokeExtendedData: config?.revokeExtendedData ?? '',
    }, false).then(data => ({ message: this.fromWire(data.message) }))
  }

  /** The children of a combined message, from the service (members of its conversations only). */
  queryCombineMessageDetail(message: ZIMCombineMessage): Promise<ZIMCombineMessageDetailQueriedResult> {
    const api: ApiName = 'API.queryCombineMessageDetail'
    const refused = this.refuse(api, checkCombineQuery(message))
    if (refused)
      return refused
    return this.call(api, { op: 'queryCombine', combineID: message.combineID! }, true).then((data) => {
      message.messageList = (data.messageList ?? []).map(this.fromWire)
      return { message }
    })
  }

  deleteMessages(messageList: ZIMMessage[], conversationID: string, conversationType: ZIMConversationType, config?: ZIMMessageDeleteConfig): Promise<ZIMMessageDeletedResult> {
    const api: ApiName = 'API.deleteMessages'
    // As in the SDK's code (its docs say false): deleting on the server is the default.
    const { isAlsoDeleteServerMessage } = { isAlsoDeleteServerMessage: true, ...config }
    const refused = this.refuse(api, checkDeleteArgs(messageList, conversationID, conversationType))
    if (refused)
      return refused
    const done = { conversationID, conversationType }
    // Messages the server never had (failed sends) and local-only deletes stay on this
    // device; the stand-in keeps no local store, so there is nothing more to do for them.
    const messageIDs = messageList.filter(m => (m.messageSeq ?? 0) > 0 && m.messageID).map(m => m.messageID!)
    if (!isAlsoDeleteServerMessage || messageIDs.length === 0)
      return Promise.resolve(done)
    return this.call(api, { op: 'deleteMessages' as const, conversationID, conversationType, messageIDs }, true).then(() => done)
  }

  // ---- conversation management and users (local/conversationCalls.ts, local/users.ts) ----

  updateConversationPinnedState: ZIM['updateConversationPinnedState'] = (isPinned, id, type) => this.conversationCalls.updateConversationPinnedState(isPinned, id, type)
  setConversationNotificationStatus: ZIM['setConversationNotificationStatus'] = (status, id, type) => this.conversationCalls.setConversationNotificationStatus(status, id, type)
  setConversationDraft: ZIM['setConversationDraft'] = (draft, id, type) => this.conversationCalls.setConversationDraft(draft, id, type)
  deleteConversation: ZIM['deleteConversation'] = (id, type, config) => this.conversationCalls.deleteConversation(id, type, config)
  clearConversationUnreadMessageCount: ZIM['clearConversationUnreadMessageCount'] = (id, type) => this.conversationCalls.clearConversationUnreadMessageCount(id, type)
  deleteAllMessage: ZIM['deleteAllMessage'] = (id, type, config) => this.conversationCalls.deleteAllMessage(id, type, config)
  searchLocalMessages: ZIM['searchLocalMessages'] = (id, type, config) => this.conversationCalls.searchLocalMessages(id, type, config)
  searchGlobalLocalMessages: ZIM['searchGlobalLocalMessages'] = config => this.conversationCalls.searchGlobalLocalMessages(config)
  searchLocalConversations: ZIM['searchLocalConversations'] = config => this.conversationCalls.searchLocalConversations(config)
  updateUserName: ZIM['updateUserName'] = userName => this.users.updateUserName(userName)
  updateUserAvatarUrl: ZIM['updateUserAvatarUrl'] = url => this.users.updateUserAvatarUrl(url)
  queryUsersInfo: ZIM['queryUsersInfo'] = (userIDs, config) => this.users.queryUsersInfo(userIDs, config)

  // ---- groups and rooms (local/groups.ts, local/rooms.ts) ----

  createGroup: ZIM['createGroup'] = (groupInfo, userIDs, config) => this.groups.createGroup(groupInfo, userIDs, config)
  joinGroup: ZIM['joinGroup'] = groupID => this.groups.joinGroup(groupID)
  leaveGroup: ZIM['leaveGroup'] = groupID => this.groups.leaveGroup(groupID)
  dismissGroup: ZIM['dismissGroup'] = groupID => this.groups.dismissGroup(groupID)
  inviteUsersIntoGroup: ZIM['inviteUsersIntoGroup'] = (userIDs, groupID) => this.groups.inviteUsersIntoGroup(userIDs, groupID)
  kickGroupMembers: ZIM['kickGroupMembers'] = (userIDs, groupID) => this.groups.kickGroupMembers(userIDs, groupID)
  setGroupMemberRole: ZIM['setGroupMemberRole'] = (role, forUserID, groupID) => this.groups.setGroupMemberRole(role, forUserID, groupID)
  transferGroupOwner: ZIM['transferGroupOwner'] = (toUserID, groupID) => this.groups.transferGroupOwner(toUserID, groupID)
  queryGroupList: ZIM['queryGroupList'] = (() => this.groups.queryGroupList()) as ZIM['queryGroupList']
  queryGroupInfo: ZIM['queryGroupInfo'] = groupID => this.groups.queryGroupInfo(groupID)
  queryGroupMemberList: ZIM['queryGroupMemberList'] = (groupID, config) => this.groups.queryGroupMemberList(groupID, config)
  updateGroupName: ZIM['updateGroupName'] = (groupName, groupID) => this.groups.updateGroupName(groupName, groupID)
  updateGroupNotice: ZIM['updateGroupNotice'] = (groupNotice, groupID) => this.groups.updateGroupNotice(groupNotice, groupID)
  updateGroupAvatarUrl: ZIM['updateGroupAvatarUrl'] = (url, groupID) => this.groups.updateGroupAvatarUrl(url, groupID)
  createRoom: ZIM['createRoom'] = (roomInfo, config) => this.rooms.createRoom(roomInfo, config)
  enterRoom: ZIM['enterRoom'] = (roomInfo, config) => this.rooms.enterRoom(roomInfo, config)
  joinRoom: ZIM['joinRoom'] = roomID => this.rooms.joinRoom(roomID)
  leaveRoom: ZIM['leaveRoom'] = roomID => this.rooms.leaveRoom(roomID)
  queryRoomMemberList: ZIM['queryRoomMemberList'] = (roomID, config) => this.rooms.queryRoomMemberList(roomID, config)
  queryRoomOnlineMemberCount: ZIM['queryRoomOnlineMemberCount'] = roomID => this.rooms.queryRoomOnlineMemberCount(roomID)
}
