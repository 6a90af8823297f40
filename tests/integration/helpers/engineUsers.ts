// One app instance per user against the real local service: the engine behind useZim with
// its own Pinia, SDK instance (the stand-in) and storage, over real WebSockets on 127.0.0.1.
// `useEngineUsers()` starts the service for the test file and destroys the engines after each test.
import { createPinia, type Pinia } from 'pinia'
import { afterAll, afterEach, beforeAll, vi } from 'vitest'
import { startServer, type RunningServer } from '../../../scripts/server/app'
import { createZimEngine, type ZimEngine } from '@/composables/zim/engine'
import { memoryStorage, type KeyValueStorage } from '@/composables/zim/persistence'
import type { RetryDelay } from '@/composables/zim/retry'
import { createTokenFetcher } from '@/composables/zim/token'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { useSessionStore } from '@/stores/session'
import { ConversationType } from '@/zim/constants'
import { configure, LocalZim, resetConfig } from '@/zim/local/index'
import type { ZimStatic } from '@/zim/types'
import { wsSocketFactory } from '../../helpers/wsSocket'

export interface Harness {
  engine: ZimEngine
  /** This app's own Pinia, for the stores a test reads beyond the three below. */
  pinia: Pinia
  session: ReturnType<typeof useSessionStore>
  conversations: ReturnType<typeof useConversationsStore>
  messages: ReturnType<typeof useMessagesStore>
  storage: KeyValueStorage
  fetchToken: ReturnType<typeof vi.fn>
  /** The SDK instance this engine got, once it asked for one. */
  sdk: () => LocalZim | undefined
}

export interface AppOptions { storage?: KeyValueStorage, retryDelay?: RetryDelay, historyPageSize?: number }

export interface EngineUsersOptions {
  /** More of the stand-in's module configuration (e.g. `fileIO` for media). */
  standin?: Omit<Parameters<typeof configure>[0], 'url' | 'socketFactory'>
}

export function useEngineUsers(options: EngineUsersOptions = {}) {
  let server: RunningServer
  let tokenUrl: string
  const running: ZimEngine[] = []
  let serial = 0
  /** A fresh user ID per test, so no test sees another's conversations. */
  const user = (name: string) => `${name}-${++serial}`


  /** One app instance: engine + its own Pinia + its own SDK instance + storage. */
  function app(options: AppOptions = {}): Harness {
    const pinia = createPinia()
    let instance: LocalZim | undefined
    const zim: ZimStatic = {
      create: (config) => {
        instance = LocalZim.createDetached(config)
        return instance
      },
      getInstance: () => instance,
      getVersion: () => LocalZim.getVersion(),
    }
    const fetchToken = vi.fn(createTokenFetcher(tokenUrl))
    const storage = options.storage ?? memoryStorage()
    const engine = createZimEngine({
      zim,
      appID: server.appID,
      fetchToken,
      storage,
      loginTimeoutMs: 5000,
      // Quick, so a re-login that should not happen would happen within the test.
      retryDelay: options.retryDelay ?? (() => 50),
      autoReconnect: true,
      messageEvents: 'current',
      historyPageSize: options.historyPageSize ?? 30,
      sendGapMs: 110,
      pinia,
    })
    running.push(engine)
    return {
      engine,
      pinia,
      session: useSessionStore(pinia),
      conversations: useConversationsStore(pinia),
      messages: useMessagesStore(pinia),
      storage,
      fetchToken,
      sdk: () => instance,
    }
  }

  async function signedIn(userID: string, options?: AppOptions): Promise<Harness> {
    const h = app(options)
    await h.engine.login(userID, `${userID} name`)
    return h
  }

  /** What the server says about `owner`'s conversation with `peer`. */
  async function serverView(h: Harness, peer: string) {
    const { conversationList } = await h.sdk()!.queryConversationList({ count: 100 })
    return conversationList.find(c => c.conversationID === peer && c.type === ConversationType.Peer)
  }

  beforeAll(async () => {
    server = await startServer({ port: 0, dbPath: ':memory:', quiet: true })
    tokenUrl = `${server.httpUrl}/api/token`
    // Module-wide for the stand-in: every instance reaches this server through `ws`.
    configure({ url: server.wsUrl, socketFactory: wsSocketFactory, retryDelaysMs: [50], ...options.standin })
  })

  afterEach(() => {
    for (const engine of running.splice(0))
      engine.destroy()
  })

  afterAll(async () => {
    await server?.close()
    resetConfig()
  })

  /** The running service (its fault levers, for tests that cut connections). */
  const service = () => server

  return { app, signedIn, user, serverView, service }
}
