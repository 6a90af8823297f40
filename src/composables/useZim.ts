// useZim: the single owner of the ZIM SDK lifecycle (create → listen → login → send →
// receive → logout → destroy). Pages call it; stores receive what it learns.
import { getCurrentScope, onScopeDispose } from 'vue'
import { useSessionStore } from '@/stores/session'
import { zimConfig } from '@/zim/config'
import { loadZim } from '@/zim/loader'
import type { ZIMConversationType } from '@/zim/types'
import { createZimEngine, ENGINE_DEFAULTS, type EngineOptions, type ZimEngine } from './zim/engine'
import { uniStorage } from './zim/persistence'
import { uniPlatform } from './zim/platform'
import { createTokenFetcher } from './zim/token'

export type UseZimOptions = Partial<EngineOptions>

/**
 * Defaults, each overridable through `useZim(options)` on the first call:
 * - zim: the build's implementation (`@zim-sdk`: local stand-in, or ZEGO's SDK)
 * - appID / fetchToken: from src/zim/config.ts (VITE_ZIM_APP_ID, VITE_TOKEN_URL)
 * - storage: uni storage (remembers who is signed in across restarts)
 * - loginTimeoutMs: 15000 — the SDK's own login can stay pending forever
 * - autoReconnect: true, retryDelay: first try within 1 s, then backoff to 30 s with jitter
 * - messageEvents: 'current' (peer/room/groupMessageReceived), never both with the deprecated ones
 * - historyPageSize: 30, sendGapMs: 110 (the SDK allows one send per conversation per 100 ms)
 * - platform: uni.onNetworkStatusChange / onAppShow / onAppHide feed the connection machine
 * - renewRetryDelaysMs [1000, 2000, 4000, 8000], maxSendAttempts 8, catchUpMaxPages 10
 */
function defaults(): EngineOptions {
  return {
    zim: loadZim(),
    appID: zimConfig.appID,
    fetchToken: createTokenFetcher(zimConfig.tokenUrl),
    storage: uniStorage(),
    ...ENGINE_DEFAULTS,
    platform: uniPlatform(),
  }
}

// Kept on globalThis so that a hot reload of this module finds the engine (and its one
// SDK instance and handler set) instead of building a second one.
const holder = globalThis as { __zimEngine__?: ZimEngine }

export function useZim(options: UseZimOptions = {}) {
  const engine = holder.__zimEngine__ ??= createZimEngine({ ...defaults(), ...options })

  // A page that opened a conversation stops counting as "reading it" when it goes away.
  const opened = new Set<string>()
  if (getCurrentScope()) {
    onScopeDispose(() => {
      for (const id of opened)
        engine.closeConversation(id)
    })
  }

  return {
    ...engine,
    openConversation(conversationID: string, type?: ZIMConversationType) {
      opened.add(conversationID)
      return engine.openConversation(conversationID, type)
    },
    /**
     * The connection banner's retry / sign-in: the same user again. Its outcome shows in
     * the banner and the session error, so the caller has nothing to handle.
     */
    signInAgain(): void {
      const user = useSessionStore().user
      if (user)
        void engine.login(user.userID, user.userName).catch(() => undefined)
    },
  }
}

/** Tears the engine down (logout + destroy); the next useZim() builds a fresh one. */
export function disposeZim(): void {
  holder.__zimEngine__?.destroy()
  holder.__zimEngine__ = undefined
}
