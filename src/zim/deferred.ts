// A `ZIM` whose implementation arrives later. In the WeChat mini-program the SDK (or the
// stand-in) lives in a subpackage and is fetched with `require.async`, so the main package
// stays small. The app still sees the synchronous `ZimStatic` it is written against:
// `create()` answers at once with a client whose calls wait for the download, in the order
// they were made, and then go to the real instance.
import type { ZimClient, ZimStatic } from './types'

/** What the subpackage's module exports (`module.exports.ZIM`, as the SDK's UMD does). */
export interface ZimModule { ZIM?: unknown, default?: unknown }

type AnyFn = (...args: unknown[]) => unknown
type Handler = (source: unknown, ...rest: unknown[]) => unknown

interface Configurable { configure?: (options: Record<string, unknown>) => void }

export interface DeferredZim extends ZimStatic {
  /** Remembered and handed to the implementation's own `configure` (the stand-in has one). */
  configure: (options: Record<string, unknown>) => void
  /** Starts the download (or joins the one under way); resolves with the real `ZIM`. */
  load: () => Promise<ZimStatic>
  /** True once the implementation has arrived. */
  readonly loaded: boolean
}

/** The download of the subpackage failed (no network, subpackage missing, …). */
export class ZimLoadError extends Error {
  constructor(readonly cause: unknown) {
    // The key pages translate; `cause` keeps the platform's reason for the console.
    super('zimLoad.download')
    this.name = 'ZimLoadError'
  }
}

/** The SDK's instance methods that return nothing (everything else returns a Promise). */
const SYNC_METHODS = new Set(['on', 'off', 'logout', 'destroy', 'setLogConfig', 'beginRoomAttributesBatchOperation'])

/** Property names that must never look like methods (a thenable client would be awaited). */
function isMethodName(name: PropertyKey): name is string {
  return typeof name === 'string' && name !== 'then' && name !== 'toJSON' && name !== 'constructor'
}

function pickZim(mod: unknown): ZimStatic {
  const m = mod as ZimModule | undefined
  const candidates = [m?.ZIM, (m?.default as ZimModule | undefined)?.ZIM, m?.default, m]
  const zim = candidates.find(c => c && typeof (c as ZimStatic).create === 'function')
  if (!zim)
    throw new Error('the downloaded module has no ZIM export')
  return zim as ZimStatic
}

export function createDeferredZim(loadModule: () => Promise<unknown>): DeferredZim {
  let real: ZimStatic | null = null
  let loading: Promise<ZimStatic> | null = null
  const configureCalls: Record<string, unknown>[] = []
  let current: DeferredClient | null = null

  function load(): Promise<ZimStatic> {
    if (real)
      return Promise.resolve(real)
    loading ??= Promise.resolve()
      .then(loadModule)
      .then((mod) => {
        const zim = pickZim(mod)
        for (const options of configureCalls)
          (zim as Configurable).configure?.(options)
        real = zim
        return zim
      })
      .catch((error: unknown) => {
        loading = null // the next call tries again
        throw error instanceof ZimLoadError ? error : new ZimLoadError(error)
      })
    return loading
  }

  interface DeferredClient {
    proxy: ZimClient
    target: ZimClient | null
    destroyed: boolean
  }

  /**
   * One client over one (future) SDK instance. Handlers are kept as state (the SDK keeps
   * one per event) and wrapped so that their `source` argument is this client, which is
   * the object the app holds; every other call is queued until the instance exists.
   */
  function deferredClient(createArgs: Parameters<ZimStatic['create']>, existing: ZimClient | null): DeferredClient {
    const handlers = new Map<string, Handler>()
    const queue: Array<{ run: (target: ZimClient) => void, fail: (error: unknown) => void }> = []
    let flushing = false
    const state: DeferredClient = { proxy: null as unknown as ZimClient, target: existing, destroyed: false }

    const wrap = (handler: Handler): Handler => (source, ...rest) =>
      handler(source === state.target ? state.proxy : source, ...rest)

    function attach(target: ZimClient) {
      for (const [name, handler] of handlers)
        (target.on as AnyFn)(name, wrap(handler))
    }

    function failAll(error: unknown) {
      for (const op of queue.splice(0))
        op.fail(error)
    }

    function flush(zim: ZimStatic) {
      if (!state.target) {
        if (state.destroyed) {
          failAll(new Error('zim.destroyed'))
          return
        }
        const target = zim.create(...createArgs)
        if (!target) {
          failAll(new Error('zim.create'))
          return
        }
        state.target = target
        attach(target)
      }
      const target = state.target
      for (const op of queue.splice(0))
        op.run(target)
    }

    function schedule() {
      if (flushing)
        return
      flushing = true
      load().then(
        (zim) => {
          flushing = false
          flush(zim)
        },
        (error: unknown) => {
          flushing = false
          failAll(error)
        },
      )
    }

    function call(name: string, args: unknown[]): unknown {
      if (name === 'on') {
        const [event, handler] = args as [string, Handler]
        handlers.set(event, handler)
        if (state.target)
          return (state.target.on as AnyFn)(event, wrap(handler))
        return undefined
      }
      if (name === 'off') {
        handlers.delete(args[0] as string)
        if (state.target)
          return (state.target.off as AnyFn)(...args)
        return undefined
      }
      if (name === 'destroy') {
        state.destroyed = true
        if (current === state)
          current = null
      }
      const target = state.target
      if (target)
        return ((target as unknown as Record<string, AnyFn>)[name]).apply(target, args)
      if (SYNC_METHODS.has(name)) {
        // logout/destroy before the instance exists: replayed in order once it does.
        queue.push({ run: t => (t as unknown as Record<string, AnyFn>)[name].apply(t, args), fail: () => {} })
        schedule()
        return undefined
      }
      return new Promise((resolve, reject) => {
        queue.push({
          run: (t) => {
            try {
              resolve((t as unknown as Record<string, AnyFn>)[name].apply(t, args))
            }
            catch (error) {
              reject(error)
            }
          },
          fail: reject,
        })
        schedule()
      })
    }

    state.proxy = new Proxy({} as ZimClient, {
      get(_, name) {
        if (!isMethodName(name))
          return undefined
        if (state.target) {
          const value = (state.target as unknown as Record<string, unknown>)[name]
          if (typeof value !== 'function')
            return value
        }
        return (...args: unknown[]) => call(name, args)
      },
    })
    if (existing)
      attach(existing)
    return state
  }

  const facade: DeferredZim = {
    get loaded() {
      return real !== null
    },
    load,
    configure(options) {
      configureCalls.push(options)
      if (real)
        (real as Configurable).configure?.(options)
    },
    create(...args) {
      if (current && !current.destroyed)
        return current.proxy
      if (real) {
        const target = real.create(...args)
        if (!target)
          return null
        current = deferredClient(args, target)
        return current.proxy
      }
      current = deferredClient(args, null)
      void load().catch(() => {}) // start the download now; calls report its failure
      return current.proxy
    },
    getInstance() {
      if (current && !current.destroyed)
        return current.proxy
      const existing = real?.getInstance()
      if (existing) {
        current = deferredClient([0], existing)
        return current.proxy
      }
      return null
    },
    getVersion() {
      return real ? real.getVersion() : 'not loaded'
    },
  }
  return facade
}
