// The ZIM lifecycle behind useZim: one instance, one event router, a connection state
// machine (connectionMachine.ts) that decides when to log in again, token renewal, the
// outbox (outbox.ts) that every send goes through, and catch-up queries into the stores.
import type { Pinia } from 'pinia'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore, conversationKey } from '@/stores/messages'
import { useSessionStore, type SessionUser } from '@/stores/session'
import { resetAllStores } from '@/stores'
import { ConversationType, MessageDirection, MessagePriority, MessageSentStatus, MessageType } from '@/zim/constants'
import { ErrorCode, isZimError, zimError } from '@/zim/errors'
import { checkTextBody, checkUserID, checkUserName, type RuleViolation } from '@/zim/rules'
import type { ZimClient, ZimStatic, ZIMConversationType, ZIMMessage, ZIMTextMessage } from '@/zim/types'
import { createConnectionMachine, viewOf, type MachineContext, type MachineEffect, type MachineInput, type Phase } from './connectionMachine'
import { createEventRouter, type Routes } from './eventRouter'
import { classifySendError, isFatalLoginError } from './failures'
import { createOutbox, newOutboxID, OutboxCancelled, type OutboxItem } from './outbox'
import { forgetSession, loadSavedSession, saveSession, type KeyValueStorage } from './persistence'
import { uniPlatform, type PlatformSignals } from './platform'
import { defaultRetryDelay, type RetryDelay } from './retry'
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
  /** Network and foreground signals; default uni's (nothing in Node). */
  platform?: PlatformSignals
  /** Waits between tries of a token renewal; after the last, the re-login on expiry takes over. */
  renewRetryDelaysMs?: readonly number[]
  /** Failed tries of one message while connected before it shows as failed (default 8). */
  maxSendAttempts?: number
  /** Wait after such a failure, by attempt (default 500 ms × attempt, at most 5 s). */
  sendRetryDelay?: (attempt: number) => number
  /** Pages of history a catch-up walks back to close a gap in the open chat (default 10). */
  catchUpMaxPages?: number
  /**
   * A send the SDK has not settled by then is tried again (same id, so never twice on
   * the receiver's side); default 60 s. The SDK itself gives up after 30–50 s offline.
   */
  sendTimeoutMs?: number
}

/** The tuning every deployment starts from (documented in useZim.ts). */
export const ENGINE_DEFAULTS = {
  loginTimeoutMs: 15_000,
  retryDelay: defaultRetryDelay,
  autoReconnect: true,
  messageEvents: 'current',
  historyPageSize: 30,
  sendGapMs: 110,
} as const satisfies Partial<EngineOptions>

/** What the engine reports to `subscribe` listeners (diagnostics, tests, the benchmark). */
export type EngineEvent =
  | { type: 'phase', phase: Phase, previous: Phase }
  | { type: 'caughtUp' }
  | { type: 'tokenRenewed' }
  | { type: 'tokenRenewalFailed', error: ZimActionError }
  | { type: 'sendRetry', id: string, error: ZimActionError }
  | { type: 'sendFailed', id: string, error: ZimActionError }

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
  if (err instanceof OutboxCancelled)
    return new ZimActionError(err.message, 'send.cancelled')
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

/** Fields the SDK (or the service) sets on a message; an outbox item keeps only the content. */
const SDK_FIELDS = ['messageID', 'localMessageID', 'messageSeq', 'orderKey', 'sentStatus', 'direction', 'timestamp',
  'conversationID', 'conversationType', 'senderUserID', 'isUserInserted', 'receiptStatus'] as const

function contentOf(message: ZIMMessage): ZIMMessage {
  const copy = { ...message } as Record<string, unknown>
  for (const field of SDK_FIELDS)
    delete copy[field]
  return copy as unknown as ZIMMessage
}

const defaultSendRetryDelay = (attempt: number) => Math.min(5000, 500 * attempt)

export function createZimEngine(options: EngineOptions) {
  const session = useSessionStore(options.pinia)
  const conversations = useConversationsStore(options.pinia)
  const messages = useMessagesStore(options.pinia)
  const platform = options.platform ?? uniPlatform()
  const renewDelays = options.renewRetryDelaysMs ?? [1000, 2000, 4000, 8000]
  const catchUpMaxPages = Math.max(1, options.catchUpMaxPages ?? 10)

  let client: ZimClient | null = null
  /** Who we sign in (or are signed in) as; null after logout. */
  let user: SessionUser | null = null
  let activeConversation: { id: string, type: ZIMConversationType } | null = null
  let lastFailure: ZimActionError | null = null
  let destroyed = false
  const listeners = new Set<(event: EngineEvent) => void>()
  /** Callers of login() waiting for the outcome of the attempt in flight. */
  let waiters: { resolve: () => void, reject: (err: ZimActionError) => void }[] = []
  /** The SDK's localMessageID → our outbox id, where the SDK replaced ours. */
  const ourIDs = new Map<string, string>()

  function emit(event: EngineEvent): void {
    for (const listener of listeners) {
      try {
        listener(event)
      }
      catch (err) {
        console.error('[zim] engine listener failed', err)
      }
    }
  }

  function instance(): ZimClient {
    if (!client) {
      // create() answers null when an instance exists (a hot reload): reuse that one.
      // Not getInstance() first: after destroy() it still returns the dead instance.
      client = options.zim.create({ appID: options.appID }) ?? options.zim.getInstance() ?? null
      if (!client)
        throw new ZimActionError('The ZIM SDK could not be created.', 'zim.create')
      router.attach(client)
    }
    return client
  }

  // ---- the outbox: every send goes through it (see sendItem below) ----

  const outbox = createOutbox({
    storage: options.storage,
    send: sendItem,
    canSend: () => machine.state.phase === 'connected' && client !== null,
    classify: classifySendError,
    describe: (err) => {
      const d = describeError(err)
      return d.code === undefined ? { message: d.message } : { code: d.code, message: d.message }
    },
    gapMs: options.sendGapMs,
    maxAttempts: Math.max(1, options.maxSendAttempts ?? 8),
    retryDelay: options.sendRetryDelay ?? defaultSendRetryDelay,
    onFailed: (item, error) => {
      messages.markFailed(item.id, conversationKey(item.conversationID, item.conversationType), error)
      emit({ type: 'sendFailed', id: item.id, error: new ZimActionError(error.message, error.code === undefined ? undefined : `zim.${error.code}`, error.code) })
    },
    onRetry: (item, err) => emit({ type: 'sendRetry', id: item.id, error: describeError(err) }),
  })

  // ---- the connection machine and what follows from it ----

  const machine = createConnectionMachine({
    delay: options.retryDelay,
    autoRetry: options.autoReconnect,
    onEffect: runEffect,
    onChange: afterChange,
  })

  function syncSession(ctx: MachineContext): void {
    const view = viewOf(ctx)
    if (ctx.state.phase === 'idle' && user && lastFailure)
      session.$patch({ connection: 'disconnected', reason: lastFailure.message })
    else
      session.$patch({ connection: view.connection, reason: view.reason })
  }

  function settleWaiters(outcome: { ok: true } | { ok: false, error: ZimActionError }): void {
    const list = waiters
    waiters = []
    for (const w of list) {
      if (outcome.ok)
        w.resolve()
      else
        w.reject(outcome.error)
    }
  }

  function afterChange(ctx: MachineContext, previous: MachineContext, input: MachineInput): void {
    const phase = ctx.state.phase
    const before = previous.state.phase
    syncSession(ctx)
    if (phase !== before)
      emit({ type: 'phase', phase, previous: before })

    if (phase === 'connected') {
      settleWaiters({ ok: true })
    }
    else if (input.type === 'loginFailed' && before === 'signingIn' && phase !== 'signingIn') {
      settleWaiters({ ok: false, error: lastFailure ?? new ZimActionError(input.reason) })
    }
    else if (phase === 'idle' && input.type === 'logout') {
      settleWaiters({ ok: false, error: new ZimActionError('Signed out before the sign-in finished.', 'login.cancelled') })
    }
    else if (phase === 'kickedOut' && before !== 'kickedOut') {
      settleWaiters({ ok: false, error: new ZimActionError(viewOf(ctx).reason, `zim.kickedOut`) })
    }
    else if (phase === 'stopped' && before !== 'stopped') {
      settleWaiters({ ok: false, error: new ZimActionError(viewOf(ctx).reason, 'login.stopped') })
    }
  }

  function runEffect(effect: MachineEffect): void {
    switch (effect.type) {
      case 'startLogin':
        void runLogin(effect.loginID)
        return
      case 'abandonLogin':
      case 'logoutSdk':
        // Stops the SDK's own retries; its {0, 0} event is recognised as ours by the machine.
        // Not while destroying: the real SDK's logout() racing destroy() rejects unhandled.
        if (!destroying)
          client?.logout()
        return
      case 'connected':
        lastFailure = null
        session.clearError()
        if (user)
          saveSession(options.storage, user)
        outbox.resume()
        void catchUp()
        return
      case 'catchUp':
        void catchUp()
    }
  }

  async function runLogin(loginID: number): Promise<void> {
    const who = user
    try {
      if (!who)
        throw new ZimActionError('Nobody to sign in.', 'login.noUser')
      const zim = instance()
      const { token } = await options.fetchToken(who.userID)
      if (!machine.isCurrentLogin(loginID))
        return
      const pending = zim.login(who.userID, { userName: who.userName, token, isOfflineLogin: false, customStatus: '', customStatusDuration: 0 })
      try {
        await withTimeout(pending, options.loginTimeoutMs, `The chat service did not answer within ${Math.round(options.loginTimeoutMs / 1000)} s.`)
      }
      catch (err) {
        // Stop the SDK's own endless retries of this attempt; ours take over.
        if (err instanceof TimeoutError && machine.isCurrentLogin(loginID))
          zim.logout()
        throw err
      }
      machine.send({ type: 'loginSucceeded', loginID })
    }
    catch (err) {
      if (!machine.isCurrentLogin(loginID))
        return
      const described = describeError(err)
      lastFailure = described
      session.setError(toStoreError(described))
      machine.send({ type: 'loginFailed', loginID, fatal: isFatalLoginError(err), reason: described.message })
    }
  }

  function waitForOutcome(): Promise<void> {
    if (machine.state.phase === 'connected')
      return Promise.resolve()
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }))
  }

  // ---- SDK events ----

  const isCurrent = (source: unknown) => source === client && !destroyed

  const received = (data: { messageList: ZIMMessage[] }) => {
    messages.receive(data.messageList)
    if (activeConversation && data.messageList.some(m => m.conversationID === activeConversation?.id))
      void markActiveRead()
  }

  const messageRoutes: Routes = options.messageEvents === 'deprecated'
    ? { receivePeerMessage: received, receiveRoomMessage: received, receiveGroupMessage: received }
    : { peerMessageReceived: received, roomMessageReceived: received, groupMessageReceived: received }

  /** Our copy of a message the SDK reports: with the outbox id as its localMessageID. */
  function asOurs(message: ZIMMessage, id?: string): ZIMMessage {
    const ours = id ?? (message.localMessageID ? ourIDs.get(message.localMessageID) : undefined)
    if (id && message.localMessageID && message.localMessageID !== id)
      ourIDs.set(message.localMessageID, id)
    return ours && ours !== message.localMessageID ? { ...message, localMessageID: ours } : message
  }

  const router = createEventRouter({
    error: (err) => {
      session.setError({ code: err.code, message: err.message })
    },
    connectionStateChanged: ({ state, event }) => {
      session.$patch({ rawState: state, rawEvent: event })
      machine.send({ type: 'sdkState', state, event })
    },
    tokenWillExpire: () => {
      void renewToken()
    },
    conversationChanged: ({ infoList }) => {
      conversations.applyChanges(infoList)
    },
    messageSentStatusChanged: ({ infos }) => {
      for (const info of infos) {
        const message = asOurs(info.message)
        // A transient failure of an outbox send: the outbox tries again; it decides "failed".
        if (info.status === MessageSentStatus.Failed && message.localMessageID && outbox.isPending(message.localMessageID))
          continue
        messages.applySentStatus(message, info.reason)
      }
    },
    ...messageRoutes,
  }, isCurrent)

  // ---- platform ----

  const unsubscribePlatform = [
    platform.onNetworkChange(online => machine.send({ type: 'network', online })),
    platform.onAppShow(() => machine.send({ type: 'appShow' })),
    platform.onAppHide(() => machine.send({ type: 'appHide' })),
  ]

  // ---- login / logout ----

  function adopt(next: SessionUser): void {
    user = { userID: next.userID, userName: next.userName }
    session.setUser(user)
    lastFailure = null
    session.clearError()
    // Messages kept from before a reload (or a kick-out) show again, then go out.
    for (const item of outbox.setUser(next.userID))
      showLocalCopy(item)
  }

  async function login(userID: string, userName: string): Promise<void> {
    const broken = checkUserID(userID) ?? checkUserName(userName)
    if (broken) {
      const err = violation(broken)
      session.setError({ message: err.message, rule: err.rule })
      throw err
    }
    if (destroyed)
      throw new ZimActionError('The chat engine was shut down.', 'zim.destroyed')
    const phase = machine.state.phase
    if (user && user.userID !== userID && phase !== 'idle')
      throw new ZimActionError(`Already signed in as ${user.userID}; log out first.`, 'login.otherUser')
    if (phase === 'idle' || phase === 'kickedOut' || !user)
      adopt({ userID, userName })
    const outcome = waitForOutcome()
    machine.send({ type: 'login' })
    return outcome
  }

  /** Signs the saved user back in after a restart or reload; false when nobody was signed in. */
  async function restoreSession(): Promise<boolean> {
    const saved = loadSavedSession(options.storage)
    if (!saved || destroyed)
      return false
    if (machine.state.phase !== 'idle')
      return true
    adopt(saved)
    const outcome = waitForOutcome()
    machine.send({ type: 'login', resume: true })
    try {
      await outcome
    }
    catch {
      // The machine keeps retrying (transient) or the banner says why (refused).
    }
    return true
  }

  let destroying = false

  function logout(): void {
    machine.send({ type: 'logout' })
    outbox.clear()
    ourIDs.clear()
    activeConversation = null
    user = null
    lastFailure = null
    forgetSession(options.storage)
    resetAllStores(options.pinia)
  }

  function destroy(): void {
    destroying = true
    logout()
    destroyed = true
    machine.dispose()
    for (const off of unsubscribePlatform)
      off()
    router.detach()
    client?.destroy()
    client = null
    listeners.clear()
  }

  // ---- token renewal ----

  let renewing: Promise<void> | null = null

  function renewToken(): Promise<void> {
    renewing ??= renewLoop().finally(() => {
      renewing = null
    })
    return renewing
  }

  async function renewLoop(): Promise<void> {
    const who = user
    const zim = client
    const stillOurs = () => !destroyed && user === who && client === zim
      && (machine.state.phase === 'connected' || machine.state.phase === 'sdkReconnecting')
    if (!who || !zim)
      return
    for (let attempt = 0; ; attempt++) {
      if (!stillOurs())
        return
      try {
        const { token } = await options.fetchToken(who.userID)
        if (!stillOurs())
          return
        await zim.renewToken(token)
        emit({ type: 'tokenRenewed' })
        return
      }
      catch (err) {
        if (attempt >= renewDelays.length) {
          // Out of tries: the SDK drops the session with TokenExpired when the token
          // runs out, and the machine logs in again with a new token.
          emit({ type: 'tokenRenewalFailed', error: describeError(err) })
          return
        }
        await sleep(renewDelays[attempt])
      }
    }
  }

  // ---- catch-up ----

  let catchUpRun: Promise<void> | null = null
  let catchUpAgain = false

  /** Re-queries conversations and the open chat's recent history; stores merge and dedup. */
  function catchUp(): Promise<void> {
    if (catchUpRun) {
      catchUpAgain = true
      return catchUpRun
    }
    catchUpRun = (async () => {
      try {
        do {
          catchUpAgain = false
          await catchUpOnce()
        } while (catchUpAgain)
      }
      finally {
        catchUpRun = null
      }
    })()
    return catchUpRun
  }

  async function catchUpOnce(): Promise<void> {
    const zim = client
    if (!zim || machine.state.phase !== 'connected')
      return
    try {
      const { conversationList } = await zim.queryConversationList({ count: 100 })
      conversations.upsertMany(conversationList)
      const open = activeConversation
      if (open) {
        await loadLatest(open.id, open.type)
        await markActiveRead()
      }
      emit({ type: 'caughtUp' })
    }
    catch (err) {
      session.setError(toStoreError(err))
    }
  }

  /**
   * The newest page of a conversation, then older pages until they overlap what the
   * store already had: what arrived while the connection was gone is never skipped.
   */
  async function loadLatest(conversationID: string, type: ZIMConversationType): Promise<void> {
    const known = new Set<string>()
    for (const entry of messages.listFor(conversationID, type)) {
      if (entry.messageID)
        known.add(entry.messageID)
    }
    let before: ZIMMessage | undefined
    for (let page = 0; page < catchUpMaxPages; page++) {
      const { messageList } = await instance().queryHistoryMessage(conversationID, type, {
        count: options.historyPageSize,
        reverse: true,
        ...(before ? { nextMessage: before } : {}),
      } as never)
      messages.receive(messageList)
      if (known.size === 0 || messageList.length < options.historyPageSize)
        return
      if (messageList.some(m => m.messageID && known.has(m.messageID)))
        return
      before = messageList.reduce((oldest, m) => ((m.orderKey ?? 0) < (oldest.orderKey ?? 0) ? m : oldest), messageList[0])
    }
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
    if (machine.state.phase !== 'connected')
      return // the catch-up after the next login loads it
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

  // ---- sending: everything goes through the outbox ----

  function sleep(ms: number): Promise<void> {
    return new Promise(resolve => setTimeout(resolve, ms))
  }

  /** The message as the list shows it before the SDK has seen it. */
  function showLocalCopy(item: OutboxItem): void {
    const local = {
      ...item.message,
      localMessageID: item.id,
      messageID: '',
      conversationID: item.conversationID,
      conversationType: item.conversationType,
      senderUserID: user?.userID ?? '',
      direction: MessageDirection.Send,
      sentStatus: item.state === 'failed' ? MessageSentStatus.Failed : MessageSentStatus.Sending,
      timestamp: item.createdAt,
    } as ZIMMessage
    messages.attach(local)
    if (item.state === 'failed')
      messages.markFailed(item.id, conversationKey(item.conversationID, item.conversationType), item.error ?? { message: 'Not sent.' })
    else
      conversations.touchFromMessage(local) // the list shows it too, even before the SDK has it
  }

  async function sendItem(item: OutboxItem): Promise<ZIMMessage> {
    const zim = client
    if (!zim)
      throw zimError(ErrorCode.NetworkModuleUserIsNotLogged, 'API.sendMessage: Not logged with call.')
    // A fresh object for every try; the id goes with it as the idempotency key.
    const message = { ...item.message, localMessageID: item.id } as ZIMMessage
    const { message: sent } = await withTimeout(zim.sendMessage(message, item.conversationID, item.conversationType, { priority: item.priority as never }, {
      onMessageAttached: attached => messages.attach(asOurs(attached, item.id)),
    }), options.sendTimeoutMs ?? 60_000, 'The chat service did not confirm the message in time.')
    const ours = asOurs(sent, item.id)
    messages.confirmSent(ours)
    return ours
  }

  let unsentCounter = 0

  /** Without a signed-in user there is no outbox: keep the text as a failed copy, say why. */
  function refuseWithoutUser(message: ZIMMessage, toConversationID: string, type: ZIMConversationType): Promise<never> {
    const err = describeError(zimError(ErrorCode.NetworkModuleUserIsNotLogged, 'API.sendMessage: Not logged with call.'))
    const copy = {
      ...message,
      localMessageID: `unsent-${Date.now()}-${++unsentCounter}`,
      messageID: '',
      conversationID: toConversationID,
      conversationType: type,
      senderUserID: '',
      direction: MessageDirection.Send,
      sentStatus: MessageSentStatus.Failed,
      timestamp: Date.now(),
    } as ZIMMessage
    messages.attach(copy)
    messages.markFailed(copy, { code: err.code, message: err.message })
    return Promise.reject(err)
  }

  /**
   * Sends one message: shown at once as "sending", kept until it is through, sent in
   * order and paced per conversation. Resolves with the server's copy; rejects only when
   * it finally fails (then the list shows why and offers resend) or on logout.
   */
  function send(message: ZIMMessage, toConversationID: string, type: ZIMConversationType = ConversationType.Peer, priority: number = MessagePriority.Low): Promise<ZIMMessage> {
    if (!user || destroyed)
      return refuseWithoutUser(message, toConversationID, type)
    const now = Date.now()
    const item: OutboxItem = {
      id: newOutboxID(now),
      conversationID: toConversationID,
      conversationType: type,
      message: contentOf(message),
      priority,
      createdAt: now,
      state: 'pending',
      attempts: 0,
      persist: message.type !== MessageType.Command,
    }
    showLocalCopy(item)
    return outbox.enqueue(item).then(
      (sent) => {
        Object.assign(message, sent)
        return sent
      },
      (err: unknown) => {
        throw describeError(err)
      },
    )
  }

  function sendText(toConversationID: string, text: string, type: ZIMConversationType = ConversationType.Peer): Promise<ZIMMessage> {
    const broken = checkTextBody(text)
    if (broken)
      return Promise.reject(violation(broken))
    const message: ZIMTextMessage = { type: MessageType.Text, message: text }
    return send(message, toConversationID, type)
  }

  /**
   * Sends a failed message again under the same id: if the first try did reach the
   * service after all, the service answers with that copy and the receiver sees it once.
   */
  function resend(conversationID: string, type: ZIMConversationType, localMessageID: string): Promise<ZIMMessage> {
    const key = conversationKey(conversationID, type)
    const item = outbox.get(localMessageID)
    if (item && item.state === 'failed') {
      messages.markResending(localMessageID, key)
      const done = outbox.retry(localMessageID)
      if (done)
        return done.catch((err: unknown) => {
          throw describeError(err)
        })
    }
    if (item)
      return Promise.reject(new ZimActionError('That message is no longer waiting to be re-sent.', 'resend.unknown'))
    // A failed copy the outbox never held (sent while signed out): send its text anew.
    const entry = messages.take(conversationID, type, localMessageID)
    if (!entry)
      return Promise.reject(new ZimActionError('That message is no longer waiting to be re-sent.', 'resend.unknown'))
    return sendText(conversationID, entry.text, type)
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
    /** Renews the token now (normally driven by tokenWillExpire). */
    renewToken,
    /** For tests and diagnostics: the SDK instance, if created. */
    currentClient: () => client,
    isRetryPending: () => machine.retryPending,
    /** The connection machine's phase ('idle', 'signingIn', 'connected', …). */
    connectionPhase: (): Phase => machine.state.phase,
    /** Messages waiting in (or failed out of) the outbox, oldest first. */
    outboxItems: (): OutboxItem[] => outbox.list().map(item => ({ ...item })),
    /** Listens to engine events; returns the unsubscribe. */
    subscribe(listener: (event: EngineEvent) => void): () => void {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}

function toStoreError(err: unknown): { code?: number, message: string, rule?: string } {
  const described = describeError(err)
  return { code: described.code, message: described.message, rule: described.rule }
}

export type ZimEngine = ReturnType<typeof createZimEngine>
