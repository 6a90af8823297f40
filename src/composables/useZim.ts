// useZim: the single owner of the ZIM SDK lifecycle (create → listen → login → send →
// receive → logout → destroy), shaped like vueuse's useWebSocket: documented options
// (zim/options.ts), a declared return type with reactive state, an explicit close, and
// cleanup with the caller's scope. Pages call it; the stores receive what it learns.
import { computed, getCurrentScope, onScopeDispose, type ComputedRef } from 'vue'
import { useSessionStore, type ConnectionPhase, type ConnectionReason, type SessionError, type SessionUser } from '@/stores/session'
import { zimConfig } from '@/zim/config'
import { loadZim } from '@/zim/loader'
import type { ZimClient, ZIMConversationType, ZIMMessage } from '@/zim/types'
import { createZimEngine, type EngineEvent, type ZimEngine } from './zim/engine'
import type { EngineOptions, ZimEnvironment } from './zim/options'
import type { OutboxItem } from './zim/outbox'
import { uniStorage } from './zim/persistence'
import { uniPlatform } from './zim/platform'
import { createTokenFetcher } from './zim/token'

/** Every option, with its default, is documented in src/composables/zim/options.ts. */
export type UseZimOptions = Partial<EngineOptions>

/** The connection as pages show it: `reason` is a key for the page to translate. */
export interface ZimConnection {
  phase: ConnectionPhase
  reason: ConnectionReason | ''
  /** Why a sign-in was refused, when that is why the connection is down. */
  error: SessionError | null
}

export interface UseZimReturn {
  /** Reactive: the connection's phase and why. */
  connection: ComputedRef<ZimConnection>
  /** Reactive: who is signed in (or being signed in); null when nobody. */
  user: ComputedRef<SessionUser | null>
  /** Reactive: the last failure worth telling the user (sign-in, catch-up), with its rule. */
  error: ComputedRef<SessionError | null>
  /** Signing in and out (the login page, the banner, the log-out button). */
  session: {
    login: (userID: string, userName: string) => Promise<void>
    /** Signs the remembered user back in; false when nobody was signed in. */
    restore: () => Promise<boolean>
    logout: () => void
    /** The banner's retry / sign-in: the same user again; the outcome shows in `connection`. */
    signInAgain: () => void
  }
  /** The conversation list. */
  conversations: {
    /** Re-queries the list (and the open chat) now. */
    refresh: () => Promise<void>
  }
  /** The open chat. */
  chat: {
    /** Opens it and loads its newest page; false when the server has nothing older. */
    open: (conversationID: string, type?: ZIMConversationType) => Promise<boolean>
    close: (conversationID: string) => void
    /** The page of history before the oldest message shown; false when there is no more. */
    loadOlder: (conversationID: string, type?: ZIMConversationType) => Promise<boolean>
    sendText: (conversationID: string, text: string, type?: ZIMConversationType) => Promise<ZIMMessage>
    send: (message: ZIMMessage, conversationID: string, type?: ZIMConversationType, priority?: number) => Promise<ZIMMessage>
    resend: (conversationID: string, type: ZIMConversationType, localMessageID: string) => Promise<ZIMMessage>
  }
  /** Logs out and destroys the SDK instance; the next useZim() builds a fresh one. */
  close: () => void
}

/** For diagnostics, tests and the benchmark; pages never need it. */
export interface ZimDiagnostics {
  /** The SDK instance, if created. */
  currentClient: ZimEngine['currentClient']
  /** The connection machine's own phase ('idle', 'signingIn', 'sdkReconnecting', …). */
  machinePhase: ZimEngine['connectionPhase']
  isRetryPending: () => boolean
  outboxItems: () => OutboxItem[]
  renewToken: () => Promise<void>
  subscribe: (listener: (event: EngineEvent) => void) => () => void
}

function environment(): ZimEnvironment {
  return {
    zim: loadZim(),
    appID: zimConfig.appID,
    fetchToken: createTokenFetcher(zimConfig.tokenUrl),
    storage: uniStorage(),
    platform: uniPlatform(),
  }
}

// Kept on globalThis so that a hot reload of this module finds the engine (and its one
// SDK instance and handler set) instead of building a second one.
const holder = globalThis as { __zimEngine__?: ZimEngine, __zimOptions__?: UseZimOptions }

function sameOptions(a: UseZimOptions, b: UseZimOptions): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof UseZimOptions>
  for (const key of keys) {
    if (a[key] !== b[key])
      return false
  }
  return true
}

function engineFor(options: UseZimOptions): ZimEngine {
  const existing = holder.__zimEngine__
  if (existing) {
    // The engine is built once; options given later would be silently ignored.
    if (import.meta.env?.DEV && Object.keys(options).length && !sameOptions(options, holder.__zimOptions__ ?? {}))
      console.warn('[useZim] options differ from the first call and are ignored; the engine is already built with the first ones.')
    return existing
  }
  holder.__zimOptions__ = options
  holder.__zimEngine__ = createZimEngine({ ...environment(), ...options })
  return holder.__zimEngine__
}

/** vueuse's tryOnScopeDispose: cleanup with the caller's scope, when there is one. */
function tryOnScopeDispose(fn: () => void): boolean {
  if (!getCurrentScope())
    return false
  onScopeDispose(fn)
  return true
}

export function useZim(options: UseZimOptions = {}): UseZimReturn {
  const engine = engineFor(options)
  const session = useSessionStore(options.pinia)
  // Guards against a replaced instance: after close() (or disposeZim) this caller's engine
  // is dead; its verbs go to the live one, and its cleanup leaves the new one alone.
  const live = () => (holder.__zimEngine__ === engine ? engine : engineFor({}))

  // A page that opened a conversation stops counting as "reading it" when it goes away.
  const opened = new Set<string>()
  tryOnScopeDispose(() => {
    if (holder.__zimEngine__ !== engine)
      return
    for (const id of opened)
      engine.closeConversation(id)
  })

  return {
    connection: computed(() => ({ phase: session.connection, reason: session.reason, error: session.connectionError })),
    user: computed(() => session.user),
    error: computed(() => session.lastError),
    session: {
      login: (userID, userName) => live().login(userID, userName),
      restore: () => live().restoreSession(),
      logout: () => live().logout(),
      signInAgain() {
        const user = session.user
        if (user)
          void live().login(user.userID, user.userName).catch(() => undefined)
      },
    },
    conversations: {
      refresh: () => live().catchUp(),
    },
    chat: {
      open(conversationID, type) {
        opened.add(conversationID)
        return live().openConversation(conversationID, type)
      },
      close(conversationID) {
        opened.delete(conversationID)
        live().closeConversation(conversationID)
      },
      loadOlder: (conversationID, type) => live().loadOlder(conversationID, type),
      sendText: (conversationID, text, type) => live().sendText(conversationID, text, type),
      send: (message, conversationID, type, priority) => live().send(message, conversationID, type, priority),
      resend: (conversationID, type, localMessageID) => live().resend(conversationID, type, localMessageID),
    },
    close: disposeZim,
  }
}

/** The engine's internals for diagnostics and tests (builds the engine if needed). */
export function useZimDiagnostics(options: UseZimOptions = {}): ZimDiagnostics {
  const engine = engineFor(options)
  return {
    currentClient: engine.currentClient,
    machinePhase: engine.connectionPhase,
    isRetryPending: engine.isRetryPending,
    outboxItems: engine.outboxItems,
    renewToken: engine.renewToken,
    subscribe: engine.subscribe,
  }
}

/** The one engine, for the feature composables over it (useMessageActions); built if needed. */
export function liveEngine(): ZimEngine {
  return engineFor({})
}

/** The SDK instance if one exists (never creates it): for feature composables over the engine. */
export function currentZimClient(): ZimClient | null {
  return holder.__zimEngine__?.currentClient() ?? null
}

/** Tears the engine down (logout + destroy); the next useZim() builds a fresh one. */
export function disposeZim(): void {
  holder.__zimEngine__?.destroy()
  holder.__zimEngine__ = undefined
  holder.__zimOptions__ = undefined
}
