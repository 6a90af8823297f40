// One app instance for delivery tests in Node: the real engine with its own Pinia, its
// own detached stand-in SDK client, its own storage and a manual platform, talking to
// the real local service over real WebSockets.
import { createPinia } from 'pinia'
import { createZimEngine, type EngineEvent, type EngineOptions, type ZimEngine } from '@/composables/zim/engine'
import { memoryStorage, type KeyValueStorage } from '@/composables/zim/persistence'
import { manualPlatform } from '@/composables/zim/platform'
import { createTokenFetcher } from '@/composables/zim/token'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { useSessionStore } from '@/stores/session'
import { LocalZim } from '@/zim/local/index'
import type { ZimStatic } from '@/zim/types'

export interface DeliveryApp {
  engine: ZimEngine
  session: ReturnType<typeof useSessionStore>
  messages: ReturnType<typeof useMessagesStore>
  conversations: ReturnType<typeof useConversationsStore>
  storage: KeyValueStorage
  platform: ReturnType<typeof manualPlatform>
  events: EngineEvent[]
  /** Every value session.connection took, in order (sync). */
  connections: string[]
  sdk: () => LocalZim | undefined
}

/** `service`: where the token endpoint is and which AppID it signs for. */
export function deliveryApp(service: { httpUrl: string, appID: number }, options: Partial<EngineOptions> = {}): DeliveryApp {
  const pinia = createPinia()
  let instance: LocalZim | undefined
  const zim: ZimStatic = {
    create: (config) => {
      instance = LocalZim.createDetached(config)
      return instance
    },
    getInstance: () => undefined,
    getVersion: () => LocalZim.getVersion(),
  }
  const platform = manualPlatform()
  const storage = options.storage ?? memoryStorage()
  const engine = createZimEngine({
    zim,
    appID: service.appID,
    fetchToken: createTokenFetcher(`${service.httpUrl}/api/token`),
    storage,
    loginTimeoutMs: 4000,
    retryDelay: attempt => Math.min(1000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2),
    autoReconnect: true,
    messageEvents: 'current',
    historyPageSize: 50,
    sendGapMs: 110,
    pinia,
    platform: platform.signals,
    ...options,
  })
  const session = useSessionStore(pinia)
  const events: EngineEvent[] = []
  engine.subscribe(e => events.push(e))
  const connections: string[] = []
  session.$subscribe(() => {
    if (connections[connections.length - 1] !== session.connection)
      connections.push(session.connection)
  }, { flush: 'sync' })
  return {
    engine,
    session,
    messages: useMessagesStore(pinia),
    conversations: useConversationsStore(pinia),
    storage,
    platform,
    events,
    connections,
    sdk: () => instance,
  }
}

/** A small seeded PRNG (mulberry32), so a failing fault schedule can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
