// The sign-in lifecycle: who is signed in, the connection machine that decides when to log
// in (again), each login attempt (token, SDK login, our timeout), and the connection as the
// session store shows it. The engine hears about a session that is up (`onConnected`), a
// live session that may have missed something (`onWake`) and a user taken on (`onAdopt`).
import type { useSessionStore } from '@/stores/session'
import type { SessionUser } from '@/stores/session'
import { checkUserID, checkUserName } from '@/zim/rules'
import type { ZimClient } from '@/zim/types'
import { describeError, toStoreError, violation, ZimActionError } from './actionError'
import { createConnectionMachine, viewOf, type MachineContext, type MachineEffect, type MachineInput, type Phase } from './connectionMachine'
import { isFatalLoginError } from './failures'
import type { ZimTuning } from './options'
import { forgetSession, loadSavedSession, saveSession, type KeyValueStorage } from './persistence'
import { TimeoutError, withTimeout } from './timeout'
import type { FetchToken } from './token'

export interface SignInDeps {
  session: ReturnType<typeof useSessionStore>
  storage: KeyValueStorage
  fetchToken: FetchToken
  tuning: Pick<ZimTuning, 'loginTimeoutMs' | 'retryDelay' | 'autoReconnect'>
  /** The SDK instance, created on first use. */
  instance: () => ZimClient
  currentClient: () => ZimClient | null
  /** True once the engine is shut down: no more logins. */
  isDestroyed: () => boolean
  /** True while the engine is being destroyed: the SDK gets no logout (it races destroy). */
  isDestroying: () => boolean
  onPhase: (phase: Phase, previous: Phase) => void
}

export function createSignIn(deps: SignInDeps) {
  const { session, tuning } = deps
  /** Who we sign in (or are signed in) as; null after logout. */
  let user: SessionUser | null = null
  let lastFailure: ZimActionError | null = null
  /** Callers of login() waiting for the outcome of the attempt in flight. */
  let waiters: { resolve: () => void, reject: (err: ZimActionError) => void }[] = []
  const connectedListeners: (() => void)[] = []
  const wakeListeners: (() => void)[] = []
  const adoptListeners: ((user: SessionUser) => void)[] = []
  const reenterListeners: ((roomIDs: readonly string[]) => void)[] = []

  function syncSession(ctx: MachineContext): void {
    if (ctx.state.phase === 'idle' && user && lastFailure) {
      const reason = lastFailure.rule === 'network.timeout' ? 'connection.loginTimeout' : 'connection.lost'
      session.setConnection('disconnected', reason, toStoreError(lastFailure))
      return
    }
    const view = viewOf(ctx)
    const refused = ctx.state.phase === 'stopped' && ctx.state.cause === 'refused' && lastFailure
    session.setConnection(view.phase, view.reason, refused ? toStoreError(lastFailure) : null)
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
      deps.onPhase(phase, before)

    if (phase === 'connected') {
      settleWaiters({ ok: true })
    }
    else if (input.type === 'loginFailed' && before === 'signingIn' && phase !== 'signingIn') {
      // runLogin records the failure before it reports it.
      settleWaiters({ ok: false, error: lastFailure as ZimActionError })
    }
    else if (phase === 'idle' && input.type === 'logout') {
      settleWaiters({ ok: false, error: new ZimActionError('login.cancelled', 'login.cancelled') })
    }
    else if (phase === 'kickedOut' && before !== 'kickedOut') {
      settleWaiters({ ok: false, error: new ZimActionError('connection.kickedOut', 'zim.kickedOut') })
    }
    else if (phase === 'stopped' && before !== 'stopped') {
      settleWaiters({ ok: false, error: lastFailure ?? new ZimActionError('connection.unregistered', 'login.stopped') })
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
        if (!deps.isDestroying())
          deps.currentClient()?.logout()
        return
      case 'connected':
        lastFailure = null
        session.clearError()
        if (user)
          saveSession(deps.storage, user)
        for (const listener of connectedListeners)
          listener()
        return
      case 'catchUp':
        for (const listener of wakeListeners)
          listener()
        return
      case 'reenterRooms':
        for (const listener of reenterListeners)
          listener(effect.roomIDs)
    }
  }

  const machine = createConnectionMachine({
    delay: tuning.retryDelay,
    autoRetry: tuning.autoReconnect,
    onEffect: runEffect,
    onChange: afterChange,
  })

  async function runLogin(loginID: number): Promise<void> {
    const who = user
    try {
      if (!who)
        throw new ZimActionError('login.noUser', 'login.noUser')
      const zim = deps.instance()
      const { token } = await deps.fetchToken(who.userID)
      if (!machine.isCurrentLogin(loginID))
        return
      const pending = zim.login(who.userID, { userName: who.userName, token, isOfflineLogin: false, customStatus: '', customStatusDuration: 0 })
      const seconds = Math.round(tuning.loginTimeoutMs / 1000)
      try {
        await withTimeout(pending, tuning.loginTimeoutMs, 'connection.loginTimeout', { seconds })
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
      machine.send({ type: 'loginFailed', loginID, fatal: isFatalLoginError(err) })
    }
  }

  function waitForOutcome(): Promise<void> {
    if (machine.state.phase === 'connected')
      return Promise.resolve()
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }))
  }

  function adopt(next: SessionUser): void {
    user = { userID: next.userID, userName: next.userName }
    session.setUser(user)
    lastFailure = null
    session.clearError()
    for (const listener of adoptListeners)
      listener(user)
  }

  async function login(userID: string, userName: string): Promise<void> {
    const broken = checkUserID(userID) ?? checkUserName(userName)
    if (broken) {
      const err = violation(broken)
      session.setError({ message: err.message, rule: err.rule, params: err.params })
      throw err
    }
    if (deps.isDestroyed())
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
    const saved = loadSavedSession(deps.storage)
    if (!saved || deps.isDestroyed())
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

  return {
    login,
    restoreSession,
    /** The machine's part of a logout: no retry, no pending login, nobody remembered. */
    logout(): void {
      machine.send({ type: 'logout' })
      user = null
      lastFailure = null
      forgetSession(deps.storage)
    },
    /** One's own name changed (updateUserName): the header and the next login use it. */
    renamed(userName: string): void {
      if (!user)
        return
      user = { ...user, userName }
      session.setUser(user)
      saveSession(deps.storage, user)
    },
    /** An input from the SDK or the platform. */
    send: (input: MachineInput) => machine.send(input),
    user: (): SessionUser | null => user,
    phase: (): Phase => machine.state.phase,
    isRetryPending: () => machine.retryPending,
    onConnected: (listener: () => void) => void connectedListeners.push(listener),
    onWake: (listener: () => void) => void wakeListeners.push(listener),
    onAdopt: (listener: (user: SessionUser) => void) => void adoptListeners.push(listener),
    /** A session came (back) up and the user was in these rooms. */
    onReenterRooms: (listener: (roomIDs: readonly string[]) => void) => void reenterListeners.push(listener),
    /** The rooms the connection machine knows the user is in. */
    rooms: (): readonly string[] => machine.context.rooms,
    dispose: () => machine.dispose(),
  }
}
