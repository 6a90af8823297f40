// The minimal browser that zego-zim-web needs to load and run in Node (tests/contract):
// window/document event targets, navigator, location, local/sessionStorage, a WebSocket
// that never reaches a server, an XMLHttpRequest that always fails, and an indexedDB
// whose open requests stay blocked (as when another tab holds an older version open),
// so the SDK keeps its data in memory. Everything is recorded; an exception thrown by an
// SDK callback the stub calls is caught into `runtimeErrors`, as a browser reports it to
// window.onerror and goes on.

type Listener = (event: unknown) => void

function eventTarget() {
  const listeners = new Map<string, Set<Listener>>()
  return {
    listeners,
    addEventListener(type: string, fn: Listener) {
      let set = listeners.get(type)
      if (!set)
        listeners.set(type, set = new Set())
      set.add(fn)
    },
    removeEventListener(type: string, fn: Listener) {
      listeners.get(type)?.delete(fn)
    },
  }
}

function memoryStorage() {
  const data = new Map<string, string>()
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: unknown) => void data.set(key, String(value)),
    removeItem: (key: string) => void data.delete(key),
    clear: () => data.clear(),
    key: (i: number) => [...data.keys()][i] ?? null,
    get length() {
      return data.size
    },
  }
}

export interface WebStubOptions {
  /** How long a WebSocket "tries" before the dead network fails it. Default 5 ms. */
  socketFailMs?: number
}

const GLOBALS = ['window', 'self', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'WebSocket', 'XMLHttpRequest', 'indexedDB'] as const

export function createWebStub(options: WebStubOptions = {}) {
  const socketFailMs = options.socketFailMs ?? 5
  const started = Date.now()
  const calls: { api: string, detail?: string, at: number }[] = []
  const runtimeErrors: unknown[] = []
  const record = (api: string, detail?: unknown) => {
    calls.push({ api, at: Date.now() - started, ...(detail === undefined ? {} : { detail: String(detail) }) })
  }
  const deliver = (fn: unknown, arg?: unknown) => {
    if (typeof fn !== 'function')
      return
    try {
      fn(arg)
    }
    catch (error) {
      runtimeErrors.push(error)
    }
  }

  const win = eventTarget()
  const doc = { ...eventTarget(), hidden: false, visibilityState: 'visible' }
  const fire = (target: ReturnType<typeof eventTarget>, event: { type: string, target?: unknown }) => {
    for (const fn of [...(target.listeners.get(event.type) ?? [])])
      deliver(fn, event)
  }

  const sockets: { url: string, state: 'connecting' | 'failed' | 'closed' }[] = []
  class DeadWebSocket {
    static CONNECTING = 0
    static OPEN = 1
    static CLOSING = 2
    static CLOSED = 3
    readonly url: string
    readyState = 0
    binaryType = 'blob'
    onopen: unknown = null
    onmessage: unknown = null
    onerror: unknown = null
    onclose: unknown = null
    private readonly entry: { url: string, state: 'connecting' | 'failed' | 'closed' }
    constructor(url: string) {
      record('WebSocket', url)
      this.url = url
      this.entry = { url, state: 'connecting' }
      sockets.push(this.entry)
      setTimeout(() => {
        if (this.entry.state !== 'connecting')
          return
        this.entry.state = 'failed'
        this.readyState = 3
        deliver(this.onerror, { type: 'error' })
        deliver(this.onclose, { type: 'close', code: 1006, reason: '', wasClean: false })
      }, socketFailMs)
    }

    send() {
      record('WebSocket.send')
      throw new Error('InvalidStateError: WebSocket is not open (test stub)')
    }

    close(code?: number) {
      record('WebSocket.close', code)
      if (this.entry.state !== 'connecting')
        return
      this.entry.state = 'closed'
      this.readyState = 3
      setTimeout(() => deliver(this.onclose, { type: 'close', code: code ?? 1000, reason: '', wasClean: true }), 0)
    }
  }

  class FailingXMLHttpRequest {
    readyState = 0
    status = 0
    responseText = ''
    onreadystatechange: unknown = null
    onerror: unknown = null
    onload: unknown = null
    ontimeout: unknown = null
    private url = ''
    open(_method: string, url: string) {
      this.url = url
    }

    setRequestHeader() {}
    send() {
      record('XMLHttpRequest', this.url)
      setTimeout(() => {
        this.readyState = 4
        deliver(this.onreadystatechange, { type: 'readystatechange' })
        deliver(this.onerror, { type: 'error' })
      }, 0)
    }

    abort() {}
  }

  const indexedDB = {
    open(name: string) {
      record('indexedDB.open', name)
      const request: Record<string, unknown> = { result: undefined, error: null }
      setTimeout(() => deliver(request.onblocked, { type: 'blocked' }), 0)
      return request
    },
    deleteDatabase(name: string) {
      record('indexedDB.deleteDatabase', name)
      return {}
    },
  }

  const location = { origin: 'http://localhost:5173', href: 'http://localhost:5173/', protocol: 'http:', host: 'localhost:5173', hostname: 'localhost', port: '5173', pathname: '/' }
  const navigator = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', appName: 'Netscape', language: 'en', onLine: true }
  const localStorage = memoryStorage()
  const sessionStorage = memoryStorage()
  const window = Object.assign(win, {
    localStorage,
    sessionStorage,
    location,
    navigator,
    crypto: globalThis.crypto,
    document: doc,
    WebSocket: DeadWebSocket,
    XMLHttpRequest: FailingXMLHttpRequest,
    indexedDB,
  })
  const values: Record<(typeof GLOBALS)[number], unknown> = {
    window,
    self: window,
    document: doc,
    navigator,
    location,
    localStorage,
    sessionStorage,
    WebSocket: DeadWebSocket,
    XMLHttpRequest: FailingXMLHttpRequest,
    indexedDB,
  }

  return {
    calls,
    sockets,
    localStorage,
    runtimeErrors: () => [...runtimeErrors],
    count: (name: string) => calls.filter(c => c.api === name).length,
    /** The page becomes visible again (what the SDK treats as "app show"). */
    wake: () => {
      doc.hidden = false
      doc.visibilityState = 'visible'
      fire(doc, { type: 'visibilitychange', target: doc })
    },
    /** The browser reports the network is back. */
    online: () => fire(win, { type: 'online', target: win }),
    offline: () => fire(win, { type: 'offline', target: win }),
    /** Which events the SDK listens to on window and document. */
    listening: () => ({ window: [...win.listeners.keys()], document: [...doc.listeners.keys()] }),
    /** Puts the browser globals on globalThis (before the SDK is loaded); returns the undo. */
    install(): () => void {
      const saved = GLOBALS.map(name => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const)
      for (const name of GLOBALS)
        Object.defineProperty(globalThis, name, { value: values[name], configurable: true, writable: true, enumerable: false })
      return () => {
        for (const [name, descriptor] of saved) {
          if (descriptor)
            Object.defineProperty(globalThis, name, descriptor)
          else
            delete (globalThis as Record<string, unknown>)[name]
        }
      }
    },
  }
}

export type WebStub = ReturnType<typeof createWebStub>
