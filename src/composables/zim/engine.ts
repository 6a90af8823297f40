// The ZIM lifecycle behind useZim, wired together here: one SDK instance, its event
// routes (sdkRoutes.ts), a connection state machine (connectionMachine.ts) that decides
// when to log in again, token renewal (tokenRenewal.ts), the outbox (outbox.ts) that every
// send goes through (sending.ts, sdkSend.ts), and catch-up queries (catchUp.ts).
import type { Pinia } from 'pinia'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore, conversationKey } from '@/stores/messages'
import { useSessionStore, type SessionUser } from '@/stores/session'
import { resetAllStores } from '@/stores'
import { checkUserID, checkUserName } from '@/zim/rules'
import type { ZimClient, ZimStatic } from '@/zim/types'
import { describeError, toStoreError, violation, ZimActionError } from './actionError'
import { createCatchUp } from './catchUp'
import { createConnectionMachine, viewOf, type MachineContext, type MachineEffect, type MachineInput, type Phase } from './connectionMachine'
import { createEventRouter } from './eventRouter'
import { classifySendError, isFatalLoginError } from './failures'
import { createOutbox, type OutboxItem } from './outbox'
import { forgetSession, loadSavedSession, saveSession, type KeyValueStorage } from './persistence'
import { uniPlatform, type PlatformSignals } from './platform'
import { defaultRetryDelay, type RetryDelay } from './retry'
import { createSdkRoutes } from './sdkRoutes'
import { createSdkSend } from './sdkSend'
import { createSending } from './sending'
import { TimeoutError, withTimeout } from './timeout'
import type { FetchToken } from './token'
import { createTokenRenewal } from './tokenRenewal'

export { describeError, ZimActionError } from './actionError'

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

const defaultSendRetryDelay = (attempt: number) => Math.min(5000, 500 * attempt)

export function createZimEngine(options: EngineOptions) {
  const session = useSessionStore(options.pinia)
  const conversations = useConversationsStore(options.pinia)
  const messages = useMessagesStore(options.pinia)
  const platform = options.platform ?? uniPlatform()

  let client: ZimClient | null = null
  /** Who we sign in (or are signed in) as; null after logout. */
  let user: SessionUser | null = null
  let lastFailure: ZimActionError | null = null
  let destroyed = false
  const listeners = new Set<(event: EngineEvent) => void>()
  /** Callers of login() waiting for the outcome of the attempt in flight. */
  let waiters: { resolve: () => void, reject: (err: ZimActionError) => void }[] = []

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
        throw new ZimActionError('zim.create', 'zim.create')
      router.attach(client)
    }
    return client
  }

  // ---- the outbox: every send goes through it, and out to the SDK through sdkSend ----

  const sdkSend = createSdkSend({
    messages,
    currentClient: () => client,
    sendTimeoutMs: options.sendTimeoutMs ?? 60_000,
  })

  const outbox = createOutbox({
    storage: options.storage,
    send: sdkSend.sendItem,
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

  const sending = createSending({
    conversations,
    messages,
    outbox,
    currentUserID: () => user?.userID,
    canQueue: () => user !== null && !destroyed,
  })

  // ---- catch-up and token renewal ----

  const catchUp = createCatchUp({
    session,
    conversations,
    messages,
    currentClient: () => client,
    instance,
    isConnected: () => machine.state.phase === 'connected',
    historyPageSize: options.historyPageSize,
    maxPages: Math.max(1, options.catchUpMaxPages ?? 10),
    onCaughtUp: () => emit({ type: 'caughtUp' }),
  })

  const renewal = createTokenRenewal({
    fetchToken: options.fetchToken,
    delaysMs: options.renewRetryDelaysMs ?? [1000, 2000, 4000, 8000],
    currentUser: () => user,
    currentClient: () => client,
    isLive: () => !destroyed && (machine.state.phase === 'connected' || machine.state.phase === 'sdkReconnecting'),
    onRenewed: () => emit({ type: 'tokenRenewed' }),
    onGaveUp: err => emit({ type: 'tokenRenewalFailed', error: describeError(err) }),
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
      settleWaiters({ ok: false, error: new ZimActionError('login.cancelled', 'login.cancelled') })
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
        void catchUp.catchUp()
        return
      case 'catchUp':
        void catchUp.catchUp()
    }
  }

  async function runLogin(loginID: number): Promise<void> {
    const who = user
    try {
      if (!who)
        throw new ZimActionError('login.noUser', 'login.noUser')
      const zim = instance()
      const { token } = await options.fetchToken(who.userID)
      if (!machine.isCurrentLogin(loginID))
        return
      const pending = zim.login(who.userID, { userName: who.userName, token, isOfflineLogin: false, customStatus: '', customStatusDuration: 0 })
      try {
        await withTimeout(pending, options.loginTimeoutMs, 'connection.loginTimeout')
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

  const router = createEventRouter(createSdkRoutes({
    session,
    conversations,
    messages,
    messageEvents: options.messageEvents,
    sendToMachine: input => machine.send(input),
    renewToken: renewal.renewToken,
    asOurs: message => sdkSend.asOurs(message),
    isPendingSend: localMessageID => outbox.isPending(localMessageID),
    activeConversationID: () => catchUp.activeConversation()?.id,
    markActiveRead: catchUp.markActiveRead,
  }), isCurrent)

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
      sending.showLocalCopy(item)
  }

  async function login(userID: string, userName: string): Promise<void> {
    const broken = checkUserID(userID) ?? checkUserName(userName)
    if (broken) {
      const err = violation(broken)
      session.setError({ message: err.message, rule: err.rule })
      throw err
    }
    if (destroyed)
      throw new ZimActionError('zim.destroyed', 'zim.destroyed')
    const phase = machine.state.phase
    if (user && user.userID !== userID && phase !== 'idle')
      throw new ZimActionError('login.otherUser', 'login.otherUser', undefined, { userID: user.userID })
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
    sdkSend.forgetIDs()
    catchUp.forgetActive()
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

  return {
    login,
    logout,
    destroy,
    restoreSession,
    openConversation: catchUp.openConversation,
    closeConversation: catchUp.closeConversation,
    loadOlder: catchUp.loadOlder,
    send: sending.send,
    sendText: sending.sendText,
    resend: sending.resend,
    catchUp: catchUp.catchUp,
    /** Renews the token now (normally driven by tokenWillExpire). */
    renewToken: renewal.renewToken,
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

export type ZimEngine = ReturnType<typeof createZimEngine>
