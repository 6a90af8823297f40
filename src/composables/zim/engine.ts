// The ZIM lifecycle behind useZim: one instance, one event router, login with a
// timeout, automatic re-login after a drop the user did not ask for, token renewal,
// per-conversation send queues, and catch-up queries into the stores.
import type { Pinia } from 'pinia'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore, conversationKey } from '@/stores/messages'
import { useSessionStore } from '@/stores/session'
import { resetAllStores } from '@/stores'
import { ConnectionEvent, ConnectionState, ConversationType, MessageDirection, MessagePriority, MessageSentStatus, MessageType } from '@/zim/constants'
import { ErrorCode, isZimError } from '@/zim/errors'
import { checkTextBody, checkUserID, checkUserName, type RuleViolation } from '@/zim/rules'
import type { ZimClient, ZimStatic, ZIMConversationType, ZIMMessage, ZIMTextMessage } from '@/zim/types'
import { createEventRouter, type Routes } from './eventRouter'
import { forgetSession, loadSavedSession, saveSession, type KeyValueStorage } from './persistence'
import { createRetrier, type RetryDelay } from './retry'
import { TimeoutError, withTimeout } from './timeout'
import { TokenServiceError, type FetchToken } from './token'

export interface EngineOptions {
  zim: ZimStatic
  appID: number
  fetchToken: FetchToken
  storage: KeyValueStorage
  loginTimeoutMs: number
  retryDelay: RetryDelay
  autoReconnect: boolean
  messageEvents: 'current' | 'deprecated'
  historyPageSize: number
  /** The SDK rejects a second send to one conversation within 100 ms (6000004). */
  sendGapMs: number
  pinia?: Pinia
}

/** A user-facing failure: `rule` names the broken rule or the ZIM code. */
export class ZimActionError extends Error {
  constructor(message: string, readonly rule?: string, readonly code?: number) {
    super(message)
    this.name = 'ZimActionError'
  }
}

function violation(v: RuleViolation): ZimActionError {
  return new ZimActionError(v.message, v.rule)
}

/** Turns anything thrown by the SDK, the token service or a timeout into words for people. */
export function describeError(err: unknown): ZimActionError {
  if (err instanceof ZimActionError)
    return err
  if (err instanceof TokenServiceError)
    return new ZimActionError(err.message, err.rule ?? 'token.service')
  if (err instanceof TimeoutError)
    return new ZimActionError(err.message, 'network.timeout')
  if (isZimError(err)) {
    const known: Record<number, string> = {
      [ErrorCode.NetworkModuleTokenInvalid]: 'The sign-in token was rejected.',
      [ErrorCode.NetworkModuleTokenVersionError]: 'The sign-in token has the wrong format.',
      [ErrorCode.NetworkModuleTokenExpired]: 'The sign-in token has expired.',
      [ErrorCode.NetworkModuleTokenTimeIsTooShort]: 'The sign-in token expires too soon.',
      [ErrorCode.NetworkModuleUserIsNotLogged]: 'You are not signed in.',
      [ErrorCode.CommonModuleTriggerSDKFrequencyLimit]: 'Sending too fast; try again.',
      [ErrorCode.NetworkModuleNetworkError]: 'The network is unavailable.',
    }
    const prefix = known[err.code]
    return new ZimActionError(prefix ? `${prefix} (${err.code}: ${err.message})` : `${err.message} (${err.code})`, `zim.${err.code}`, err.code)
  }
  return new ZimActionError(err instanceof Error ? err.message : String(err))
}

export function createZimEngine(options: EngineOptions) {
  const session = useSessionStore(options.pinia)
  const conversations = useConversationsStore(options.pinia)
  const messages = useMessagesStore(options.pinia)

  let client: ZimClient | null = null
  /** Set by logout(): a Disconnected event after it is the user's own doing. */
  let explicitlyLoggedOut = true
  let kickedOut = false
  let loginInFlight: Promise<void> | null = null
  let activeConversation: { id: string, type: ZIMConversationType } | null = null
  const sendQueues = new Map<string, Promise<unknown>>()

  const retrier = createRetrier(() => void relogin(), options.retryDelay)

  function instance(): ZimClient {
    if (!client) {
      // getInstance first: a hot reload must not create a second SDK instance.
      client = options.zim.getInstance() ?? options.zim.create({ appID: options.appID })
      if (!client)
        throw new ZimActionError('The ZIM SDK could not be created.', 'zim.create')
      router.attach(client)
    }
    return client
  }

  const isCurrent = (source: unknown) => source === client

  const received = (data: { messageList: ZIMMessage[] }) => {
    messages.receive(data.messageList)
    if (activeConversation && data.messageList.some(m => m.conversationID === activeConversation?.id))
      void markActiveRead()
  }

  const messageRoutes: Routes = options.messageEvents === 'deprecated'
    ? { receivePeerMessage: received, receiveRoomMessage: received, receiveGroupMessage: received }
    : { peerMessageReceived: received, roomMessageReceived: received, groupMessageReceived: received }

  const router = createEventRouter({
    error: (err) => {
      session.setError({ code: err.code, message: err.message })
    },
    connectionStateChanged: ({ state, event }) => {
      session.applyConnectionChange(state, event)
      if (state === ConnectionState.Connected) {
        retrier.reset()
        void catchUp()
        return
      }
      if (state !== ConnectionState.Disconnected || explicitlyLoggedOut)
        return
      if (event === ConnectionEvent.KickedOut) {
        kickedOut = true
        retrier.cancel()
        return
      }
      // A drop the user did not ask for (token expired, timeout, interruption): log back in.
      if (options.autoReconnect)
        retrier.schedule()
    },
    tokenWillExpire: () => {
      void renewToken()
    },
    conversationChanged: ({ infoList }) => {
      conversations.applyChanges(infoList)
    },
    messageSentStatusChanged: ({ infos }) => {
      for (const info of infos)
        messages.applySentStatus(info.message, info.reason)
    },
    ...messageRoutes,
  }, isCurrent)

  async function doLogin(userID: string, userName: string): Promise<void> {
    const zim = instance()
    const { token } = await options.fetchToken(userID)
    const pending = zim.login(userID, { userName, token, isOfflineLogin: false, customStatus: '', customStatusDuration: 0 })
    try {
      await withTimeout(pending, options.loginTimeoutMs, `The chat service did not answer within ${Math.round(options.loginTimeoutMs / 1000)} s.`)
    }
    catch (err) {
      // Stop the SDK's own endless retries of this attempt; ours take over.
      if (err instanceof TimeoutError)
        zim.logout()
      throw err
    }
  }

  async function login(userID: string, userName: string): Promise<void> {
    const broken = checkUserID(userID) ?? checkUserName(userName)
    if (broken) {
      const err = violation(broken)
      session.setError({ message: err.message, rule: err.rule })
      throw err
    }
    if (loginInFlight)
      return loginInFlight
    explicitlyLoggedOut = false
    kickedOut = false
    retrier.cancel()
    session.clearError()
    session.setUser({ userID, userName })
    session.setConnecting()
    loginInFlight = (async () => {
      try {
        await doLogin(userID, userName)
        saveSession(options.storage, { userID, userName })
        retrier.reset()
      }
      catch (err) {
        const described = describeError(err)
        session.setError({ code: described.code, message: described.message, rule: described.rule })
        session.setDisconnected(described.message)
        throw described
      }
      finally {
        loginInFlight = null
      }
    })()
    return loginInFlight
  }

  async function relogin(): Promise<void> {
    const user = session.user
    if (!user || explicitlyLoggedOut || kickedOut)
      return
    try {
      await login(user.userID, user.userName)
    }
    catch {
      if (!explicitlyLoggedOut && !kickedOut && options.autoReconnect)
        retrier.schedule()
    }
  }

  /** Signs the saved user back in after a restart or reload; false when nobody was signed in. */
  async function restoreSession(): Promise<boolean> {
    const saved = loadSavedSession(options.storage)
    if (!saved)
      return false
    session.setUser(saved)
    try {
      await login(saved.userID, saved.userName)
    }
    catch {
      if (options.autoReconnect)
        retrier.schedule()
    }
    return true
  }

  async function renewToken(): Promise<void> {
    const user = session.user
    if (!user || !client)
      return
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const { token } = await options.fetchToken(user.userID)
        await client.renewToken(token)
        return
      }
      catch {
        await new Promise(resolve => setTimeout(resolve, 1000 * (attempt + 1)))
      }
    }
    // Renewal kept failing: the SDK will drop us with TokenExpired and the re-login path takes over.
  }

  async function catchUp(): Promise<void> {
    const zim = client
    if (!zim)
      return
    try {
      const { conversationList } = await zim.queryConversationList({ count: 100 })
      conversations.upsertMany(conversationList)
      if (activeConversation)
        await loadLatest(activeConversation.id, activeConversation.type)
    }
    catch (err) {
      session.setError(toStoreError(err))
    }
  }

  async function loadLatest(conversationID: string, type: ZIMConversationType): Promise<void> {
    const { messageList } = await instance().queryHistoryMessage(conversationID, type, { count: options.historyPageSize, reverse: true } as never)
    messages.receive(messageList)
  }

  /** Loads the page of history before the oldest message shown; false when there is no more. */
  async function loadOlder(conversationID: string, type: ZIMConversationType = ConversationType.Peer): Promise<boolean> {
    const oldest = messages.oldestConfirmed(conversationID, type)
    const { messageList } = await instance().queryHistoryMessage(conversationID, type, {
      count: options.historyPageSize,
      reverse: true,
      ...(oldest ? { nextMessage: oldest } : {}),
    } as never)
    messages.receive(messageList)
    return messageList.length >= options.historyPageSize
  }

  async function markActiveRead(): Promise<void> {
    if (!activeConversation || !client)
      return
    const { id, type } = activeConversation
    conversations.markRead(id, type)
    try {
      await client.clearConversationUnreadMessageCount(id, type)
    }
    catch {
      // Unknown on the server yet (a brand-new chat): nothing to clear.
    }
  }

  async function openConversation(conversationID: string, type: ZIMConversationType = ConversationType.Peer): Promise<void> {
    activeConversation = { id: conversationID, type }
    if (session.connection !== 'connected')
      return
    try {
      await loadLatest(conversationID, type)
      await markActiveRead()
    }
    catch (err) {
      session.setError(toStoreError(err))
    }
  }

  function closeConversation(conversationID: string): void {
    if (activeConversation?.id === conversationID)
      activeConversation = null
  }

  const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
  let unsentCounter = 0

  async function sendNow(message: ZIMMessage, toConversationID: string, type: ZIMConversationType, priority: number): Promise<ZIMMessage> {
    try {
      const { message: sent } = await instance().sendMessage(message, toConversationID, type, { priority: priority as never }, {
        onMessageAttached: attached => messages.attach(attached),
      })
      messages.confirmSent(sent)
      return sent
    }
    catch (err) {
      const described = describeError(err)
      if (!message.localMessageID) {
        // Rejected before the SDK attached it (not signed in, too fast, …): keep the
        // content as a failed local copy so it can be sent again, never lose it.
        Object.assign(message, {
          localMessageID: `unsent-${Date.now()}-${++unsentCounter}`,
          messageID: '',
          conversationID: toConversationID,
          conversationType: type,
          senderUserID: session.user?.userID ?? '',
          direction: MessageDirection.Send,
          sentStatus: MessageSentStatus.Failed,
          timestamp: Date.now(),
        })
        messages.attach(message)
      }
      messages.markFailed(message, { code: described.code, message: described.message })
      throw described
    }
  }

  /** Sends one message; the SDK's pacing (one send per conversation per 100 ms) is kept by a queue. */
  function send(message: ZIMMessage, toConversationID: string, type: ZIMConversationType = ConversationType.Peer, priority: number = MessagePriority.Low): Promise<ZIMMessage> {
    const key = conversationKey(toConversationID, type)
    const previous = sendQueues.get(key) ?? Promise.resolve()
    const result = previous.then(() => sendNow(message, toConversationID, type, priority))
    const tail = result.catch(() => undefined).then(() => sleep(options.sendGapMs))
    sendQueues.set(key, tail)
    void tail.then(() => {
      if (sendQueues.get(key) === tail)
        sendQueues.delete(key)
    })
    return result
  }

  function sendText(toConversationID: string, text: string, type: ZIMConversationType = ConversationType.Peer): Promise<ZIMMessage> {
    const broken = checkTextBody(text)
    if (broken)
      return Promise.reject(violation(broken))
    const message: ZIMTextMessage = { type: MessageType.Text, message: text }
    return send(message, toConversationID, type)
  }

  /** Sends a failed message's content again, as a new message replacing the failed entry. */
  function resend(conversationID: string, type: ZIMConversationType, localMessageID: string): Promise<ZIMMessage> {
    const entry = messages.take(conversationID, type, localMessageID)
    if (!entry)
      return Promise.reject(new ZimActionError('That message is no longer waiting to be re-sent.', 'resend.unknown'))
    return sendText(conversationID, entry.text, type)
  }

  function logout(): void {
    explicitlyLoggedOut = true
    retrier.cancel()
    activeConversation = null
    sendQueues.clear()
    client?.logout()
    forgetSession(options.storage)
    resetAllStores(options.pinia)
  }

  function destroy(): void {
    logout()
    router.detach()
    client?.destroy()
    client = null
  }

  return {
    login,
    logout,
    destroy,
    restoreSession,
    openConversation,
    closeConversation,
    loadOlder,
    send,
    sendText,
    resend,
    catchUp,
    /** For tests and diagnostics: the SDK instance, if created. */
    currentClient: () => client,
    isRetryPending: () => retrier.pending,
  }
}

function toStoreError(err: unknown): { code?: number, message: string, rule?: string } {
  const described = describeError(err)
  return { code: described.code, message: described.message, rule: described.rule }
}

export type ZimEngine = ReturnType<typeof createZimEngine>
