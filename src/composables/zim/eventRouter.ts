// The one place where SDK events meet the app: every event we listen to is in
// `routes`, so `attach` and `detach` can never disagree (the SDK keeps one handler per
// event, and a second `on` silently steals it).
import type { ZimClient, ZimEventData, ZimEventName } from '@/zim/types'

export type Routes = { [K in ZimEventName]?: (data: ZimEventData<K>) => void }

export interface EventRouter {
  attach: (zim: ZimClient) => void
  detach: () => void
}

/**
 * `isCurrent` guards against events from an instance that was replaced or destroyed:
 * they are dropped, not routed into the stores.
 * A route that throws is reported, never rethrown: an exception escaping a handler stops
 * the real SDK's reconnect loop until the next logout (tests/contract).
 */
export function createEventRouter(
  routes: Routes,
  isCurrent: (zim: unknown) => boolean,
  report: (error: unknown, event: ZimEventName) => void = (error, event) => console.error(`[useZim] ${event} handler failed`, error),
): EventRouter {
  let attached: ZimClient | null = null
  const names = Object.keys(routes) as ZimEventName[]
  return {
    attach(zim) {
      if (attached === zim)
        return
      if (attached)
        this.detach()
      for (const name of names) {
        const route = routes[name] as (data: unknown) => void
        zim.on(name, ((source: unknown, data: unknown) => {
          if (!isCurrent(source))
            return
          try {
            route(data)
          }
          catch (error) {
            report(error, name)
          }
        }) as never)
      }
      attached = zim
    },
    detach() {
      // off(type) for each; never off() with no argument, which also clears the SDK's own listeners.
      for (const name of names)
        attached?.off(name)
      attached = null
    },
  }
}
