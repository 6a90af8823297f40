// The one SDK instance: created on first use, handed to whoever must attach to it (the
// event router), destroyed with the engine.
import type { ZimClient, ZimStatic } from '@/zim/types'
import { ZimActionError } from './actionError'

export function createSdkInstance(zim: ZimStatic, appID: number) {
  let client: ZimClient | null = null
  const created: ((client: ZimClient) => void)[] = []

  return {
    /** The instance if there is one (never creates it). */
    current: (): ZimClient | null => client,
    /** The instance, created on first use. */
    instance(): ZimClient {
      if (!client) {
        // create() answers null when an instance exists (a hot reload): reuse that one.
        // Not getInstance() first: after destroy() it still returns the dead instance.
        client = zim.create({ appID }) ?? zim.getInstance() ?? null
        if (!client)
          throw new ZimActionError('zim.create', 'zim.create')
        for (const listener of created)
          listener(client)
      }
      return client
    },
    onCreate: (listener: (client: ZimClient) => void) => void created.push(listener),
    destroy(): void {
      client?.destroy()
      client = null
    },
  }
}
