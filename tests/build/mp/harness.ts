// A small WeChat mini-program runtime for the compiled output (dist/build/mp-weixin): it
// runs app.js and the page files as the mini-program would, in a separate JS context with
// the globals WeChat provides (wx, App, Page, Component, getApp, getCurrentPages) and its
// module system (relative `require`, `require.async` across packages, no synchronous
// `require` into another package), instantiates pages and their custom components with
// their lifecycles, renders their WXML against their data, and dispatches taps and input
// to the handlers the WXML names. WeChat's own runtime cannot run here; this one runs what
// uni-app emitted, not our sources.
import { existsSync, readFileSync } from 'node:fs'
import { posix } from 'node:path'
import vm from 'node:vm'
import WebSocket from 'ws'
import { parseWxml, render, textOf, toMarkup, walk, type Rendered, type RenderedElement, type WxmlNode } from './wxml'

type AnyFn = (...args: any[]) => any // eslint-disable-line @typescript-eslint/no-explicit-any
type Dict = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

export interface WxRequest { url: string, method: string, data: unknown, header: Record<string, string> }
export interface WxResponse { statusCode: number, data: unknown, header?: Record<string, string> }

export interface LaunchOptions {
  /** The build output (the folder WeChat DevTools would import). */
  root: string
  /**
   * 'offline' (default): requests and sockets fail as with no network.
   * 'loopback': wx.request and wx.connectSocket really go out, to 127.0.0.1/localhost only.
   */
  network?: 'offline' | 'loopback'
  /** Rewrites request and socket URLs before use (a build made for :9800 reaching a test port). */
  mapUrl?: (url: string) => string
  /** Answers wx.request itself (instead of the network). */
  request?: (req: WxRequest) => Promise<WxResponse> | WxResponse
  /** require.async of a file in a subpackage fails, as when the download fails. */
  failSubpackageDownload?: boolean
  /** The phone's language as WeChat reports it (getSystemInfoSync / getAppBaseInfo); default 'en'. */
  language?: string
  /** What uni storage already holds at launch (a choice kept from an earlier run). */
  storage?: Record<string, unknown>
  /** Anything the app writes to its console goes here; default: dropped. */
  console?: Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'>
}

export interface LogEntry { kind: 'wx' | 'require' | 'require.async' | 'navigate' | 'socket' | 'request' | 'missing-api', detail: string }

interface AppJson { pages: string[], subPackages?: Array<{ root: string, pages: string[] }>, subpackages?: Array<{ root: string, pages: string[] }> }

interface ComponentDef { options: Dict, path: string }

/** One page or custom component as WeChat would hold it (`this` inside its methods). */
export interface MpInstance extends Dict {
  data: Dict
  properties: Dict
  setData: (patch: Dict, cb?: () => void) => void
}

function setPath(target: Dict, path: string, value: unknown): void {
  const keys: string[] = []
  path.replace(/[^.[\]]+|\[(\d+)\]/g, (m, index: string | undefined) => {
    keys.push(index ?? m)
    return m
  })
  let at = target
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      at[key] = value
      return
    }
    if (at[key] === undefined || at[key] === null || typeof at[key] !== 'object')
      at[key] = /^\d+$/.test(keys[i + 1]) ? [] : {}
    at = at[key]
  })
}

function camel(name: string): string {
  return name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
}

function datasetOf(attrs: Dict): Dict {
  const out: Dict = {}
  for (const [name, value] of Object.entries(attrs)) {
    if (name.startsWith('data-'))
      out[camel(name.slice(5))] = value
  }
  return out
}

function parseUrl(url: string): { route: string, query: Record<string, string> } {
  const [path, search = ''] = url.split('?')
  const query: Record<string, string> = {}
  for (const pair of search.split('&').filter(Boolean)) {
    const [k, v = ''] = pair.split('=')
    query[decodeURIComponent(k)] = decodeURIComponent(v)
  }
  return { route: path.replace(/^\//, ''), query }
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1'
  }
  catch {
    return false
  }
}

export class MiniProgram {
  readonly log: LogEntry[] = []
  readonly pages: PageHandle[] = []
  readonly storage = new Map<string, unknown>()
  readonly appJson: AppJson
  private readonly context: vm.Context
  private readonly modules = new Map<string, { exports: Dict }>()
  private readonly defs = new Map<string, ComponentDef>()
  private defining: string | null = null
  private app: Dict | undefined
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private readonly intervals = new Set<ReturnType<typeof setInterval>>()
  private readonly sockets = new Set<WebSocket>()
  private closed = false
  /** Errors thrown inside handlers or timers of the app (a real runtime would log them). */
  readonly errors: unknown[] = []

  constructor(readonly options: LaunchOptions) {
    this.appJson = JSON.parse(readFileSync(posix.join(options.root, 'app.json'), 'utf8')) as AppJson
    for (const [key, value] of Object.entries(options.storage ?? {}))
      this.storage.set(key, value)
    this.context = vm.createContext(this.globals())
    // WeChat's module scope has `global` (uni's runtime hangs createApp etc. on it).
    this.context.global = this.context
    // uni's runtime replaces the global `wx` with a plain copy; keep logging missing APIs.
    let wx = this.context.wx as Dict
    Object.defineProperty(this.context, 'wx', {
      get: () => wx,
      set: (value: Dict) => {
        wx = this.logMissing(value)
      },
    })
  }

  /** The subpackage roots declared in app.json. */
  get subpackageRoots(): string[] {
    return (this.appJson.subPackages ?? this.appJson.subpackages ?? []).map(p => p.root.replace(/\/$/, ''))
  }

  /** '' for the main package, else the subpackage root a file belongs to. */
  packageOf(file: string): string {
    return this.subpackageRoots.find(root => file === root || file.startsWith(`${root}/`)) ?? ''
  }

  get currentPage(): PageHandle {
    const page = this.pages[this.pages.length - 1]
    if (!page)
      throw new Error('no page is open')
    return page
  }

  missingApis(): string[] {
    return [...new Set(this.log.filter(e => e.kind === 'missing-api').map(e => e.detail))]
  }

  // ---- module system -------------------------------------------------------------

  private resolve(from: string, request: string): string {
    if (!request.startsWith('.') && !request.startsWith('/'))
      throw new Error(`module "${request}" is not defined (required from ${from}): only relative paths exist in the build output`)
    let path = request.startsWith('/') ? request.slice(1) : posix.join(posix.dirname(from), request)
    path = posix.normalize(path)
    if (path.startsWith('..'))
      throw new Error(`"${request}" (from ${from}) points outside the mini-program`)
    if (!path.endsWith('.js'))
      path += '.js'
    if (!existsSync(posix.join(this.options.root, path)))
      throw new Error(`module "${path}" is not defined (required from ${from})`)
    return path
  }

  private makeRequire(from: string): AnyFn {
    const require = (request: string) => {
      const path = this.resolve(from, request)
      const own = this.packageOf(from)
      const target = this.packageOf(path)
      // WeChat: the main package and other subpackages cannot require a subpackage's code
      // synchronously (it may not be downloaded); only require.async may.
      if (target !== '' && target !== own)
        throw new Error(`"${from}" requires "${path}" synchronously, but it is in subpackage "${target}": WeChat allows only require.async across packages`)
      this.log.push({ kind: 'require', detail: path })
      return this.load(path)
    }
    require.async = (request: string) => new Promise((resolve, reject) => {
      let path: string
      try {
        path = this.resolve(from, request)
      }
      catch (error) {
        reject(error)
        return
      }
      this.log.push({ kind: 'require.async', detail: path })
      // The subpackage "downloads" in a later task, as it does in WeChat.
      this.later(() => {
        if (this.options.failSubpackageDownload && this.packageOf(path) !== '') {
          reject({ errMsg: `require.async:fail download subpackage "${this.packageOf(path)}" failed` })
          return
        }
        try {
          resolve(this.load(path))
        }
        catch (error) {
          reject(error)
        }
      }, 5)
    })
    return require
  }

  /** Runs a file of the build output as a CommonJS module in the mini-program's context. */
  load(path: string): Dict {
    const cached = this.modules.get(path)
    if (cached)
      return cached.exports
    const module = { exports: {} as Dict }
    this.modules.set(path, module)
    const source = readFileSync(posix.join(this.options.root, path), 'utf8')
    const wrapper = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: path })
    const fn = wrapper.runInContext(this.context) as AnyFn
    const previous = this.defining
    this.defining = path.replace(/\.js$/, '')
    try {
      fn.call(module.exports, module.exports, this.makeRequire(path), module, `/${path}`, `/${posix.dirname(path)}`)
    }
    catch (error) {
      this.modules.delete(path)
      throw error
    }
    finally {
      this.defining = previous
    }
    return module.exports
  }

  // ---- timers ----------------------------------------------------------------------

  /** setTimeout that close() cancels and whose errors are collected. */
  later(fn: () => void, ms = 0): ReturnType<typeof setTimeout> {
    const handle = setTimeout(() => {
      this.timers.delete(handle)
      if (this.closed)
        return
      this.guardCall(fn)
    }, ms)
    this.timers.add(handle)
    return handle
  }

  /** Runs app code the way the runtime would: an exception is recorded, not thrown at the caller. */
  guardCall(fn: () => void): void {
    try {
      fn()
    }
    catch (error) {
      this.errors.push(error)
    }
  }

  // ---- globals -----------------------------------------------------------------------

  private globals(): Dict {
    const quiet = () => {}
    const out = this.options.console ?? { log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet }
    const g: Dict = {
      console: out,
      setTimeout: (fn: AnyFn, ms?: number, ...args: unknown[]) => this.later(() => fn(...args), ms),
      clearTimeout: (h: ReturnType<typeof setTimeout>) => {
        clearTimeout(h)
        this.timers.delete(h)
      },
      setInterval: (fn: AnyFn, ms?: number, ...args: unknown[]) => {
        const h = setInterval(() => !this.closed && this.guardCall(() => fn(...args)), ms)
        this.intervals.add(h)
        return h
      },
      clearInterval: (h: ReturnType<typeof setInterval>) => {
        clearInterval(h)
        this.intervals.delete(h)
      },
      App: (options: Dict) => {
        this.app = options
        options.globalData ??= {}
      },
      getApp: () => this.app,
      getCurrentPages: () => this.pages.map(p => p.instance),
      Component: (options: Dict) => this.define(options),
      Page: (options: Dict) => this.define(options),
      Behavior: (options: Dict) => options,
      requirePlugin: () => ({}),
      TextEncoder,
      TextDecoder,
    }
    g.wx = this.wx()
    return g
  }

  private define(options: Dict): void {
    if (!this.defining)
      throw new Error('Component()/Page() called outside of a page or component file')
    this.defs.set(this.defining, { options, path: this.defining })
  }

  private wx(): Dict {
    const async = (options: Dict | undefined, result: Dict, fail?: Dict) => {
      this.later(() => {
        if (fail) {
          options?.fail?.(fail)
          options?.complete?.(fail)
        }
        else {
          options?.success?.(result)
          options?.complete?.(result)
        }
      })
    }
    const systemInfo = {
      brand: 'devtools', model: 'simulation', pixelRatio: 2, screenWidth: 375, screenHeight: 812,
      windowWidth: 375, windowHeight: 724, statusBarHeight: 44, language: this.options.language ?? 'en', version: '8.0.50',
      system: 'iOS 17.0', platform: 'devtools', SDKVersion: '3.3.4', fontSizeSetting: 16,
      safeArea: { left: 0, right: 375, top: 44, bottom: 778, width: 375, height: 734 },
      theme: 'light', host: { env: 'WeChat' }, enableDebug: false, benchmarkLevel: 1, deviceOrientation: 'portrait',
    }
    const launch = () => ({ path: this.appJson.pages[0], query: {}, scene: 1001, referrerInfo: {}, apiCategory: 'default' })
    const listeners: Dict = {}
    const on = (name: string) => (cb: AnyFn) => {
      (listeners[name] ??= []).push(cb)
    }
    const noFile = (name: string) => (options?: Dict) => async(options, {}, { errMsg: `${name}:fail no such file or directory` })

    const api: Dict = {
      env: { USER_DATA_PATH: 'wxfile://usr' },
      canIUse: () => true,
      getSystemInfoSync: () => ({ ...systemInfo }),
      getSystemInfo: (o: Dict) => async(o, { ...systemInfo }),
      getWindowInfo: () => ({ ...systemInfo }),
      getDeviceInfo: () => ({ ...systemInfo }),
      getAppBaseInfo: () => ({ ...systemInfo }),
      getSystemSetting: () => ({ bluetoothEnabled: false, locationEnabled: false, wifiEnabled: true, deviceOrientation: 'portrait' }),
      getAppAuthorizeSetting: () => ({}),
      getAccountInfoSync: () => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' }, plugin: {} }),
      getLaunchOptionsSync: launch,
      getEnterOptionsSync: launch,
      getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 48, right: 365, bottom: 80, left: 278 }),
      getUpdateManager: () => ({ onCheckForUpdate() {}, onUpdateReady() {}, onUpdateFailed() {}, applyUpdate() {} }),
      onAppShow: on('appShow'), onAppHide: on('appHide'), offAppShow() {}, offAppHide() {},
      onError: on('error'), offError() {}, onUnhandledRejection: on('unhandledRejection'), offUnhandledRejection() {},
      onPageNotFound: on('pageNotFound'), onThemeChange: on('themeChange'), offThemeChange() {},
      onMemoryWarning: on('memoryWarning'), onNetworkStatusChange: on('networkStatusChange'), offNetworkStatusChange() {},
      onNetworkWeakChange: on('networkWeakChange'), offNetworkWeakChange() {},
      getNetworkType: (o: Dict) => async(o, { networkType: 'wifi', signalStrength: 100, hasSystemProxy: false }),
      nextTick: (cb: AnyFn) => this.later(cb),

      getStorageSync: (key: string) => (this.storage.has(key) ? structuredClone(this.storage.get(key)) : ''),
      setStorageSync: (key: string, value: unknown) => {
        this.storage.set(key, structuredClone(value))
      },
      removeStorageSync: (key: string) => {
        this.storage.delete(key)
      },
      clearStorageSync: () => this.storage.clear(),
      getStorageInfoSync: () => ({ keys: [...this.storage.keys()], currentSize: 1, limitSize: 10240 }),
      getStorage: (o: Dict) => (this.storage.has(o.key)
        ? async(o, { data: structuredClone(this.storage.get(o.key)), errMsg: 'getStorage:ok' })
        : async(o, {}, { errMsg: 'getStorage:fail data not found' })),
      setStorage: (o: Dict) => {
        this.storage.set(o.key, structuredClone(o.data))
        async(o, { errMsg: 'setStorage:ok' })
      },
      removeStorage: (o: Dict) => {
        this.storage.delete(o.key)
        async(o, { errMsg: 'removeStorage:ok' })
      },
      getFileSystemManager: () => ({
        access: noFile('access'), accessSync: () => {
          throw new Error('accessSync:fail no such file or directory')
        },
        readFile: noFile('readFile'), writeFile: noFile('writeFile'), appendFile: noFile('appendFile'),
        mkdir: noFile('mkdir'), readdir: noFile('readdir'), unlink: noFile('unlink'), stat: noFile('stat'),
        rmdir: noFile('rmdir'), getFileInfo: noFile('getFileInfo'), removeSavedFile: noFile('removeSavedFile'),
        readFileSync: () => {
          throw new Error('readFileSync:fail no such file or directory')
        },
        writeFileSync() {}, appendFileSync() {}, mkdirSync() {}, readdirSync: () => [], unlinkSync() {},
      }),

      request: (o: Dict) => {
        const req: WxRequest = { url: o.url, method: (o.method ?? 'GET').toUpperCase(), data: o.data, header: o.header ?? {} }
        this.log.push({ kind: 'request', detail: `${req.method} ${req.url} ${JSON.stringify(req.data)}` })
        let aborted = false
        const answer = Promise.resolve().then(() => this.answer(req))
        answer.then(
          res => !aborted && async(o, { statusCode: res.statusCode, data: res.data, header: res.header ?? {}, errMsg: 'request:ok' }),
          (error: unknown) => !aborted && async(o, {}, { errMsg: `request:fail ${error instanceof Error ? error.message : String(error)}` }),
        )
        return { abort: () => {
          aborted = true
        }, onHeadersReceived() {}, offHeadersReceived() {} }
      },
      connectSocket: (o: Dict) => {
        this.log.push({ kind: 'socket', detail: o.url })
        return this.socketTask(o)
      },

      reLaunch: (o: Dict) => this.navigate('reLaunch', o),
      redirectTo: (o: Dict) => this.navigate('redirectTo', o),
      navigateTo: (o: Dict) => this.navigate('navigateTo', o),
      switchTab: (o: Dict) => this.navigate('switchTab', o),
      navigateBack: (o: Dict = {}) => {
        this.log.push({ kind: 'navigate', detail: 'navigateBack' })
        this.later(() => {
          for (let i = 0; i < (o.delta ?? 1) && this.pages.length > 1; i++)
            this.pages.pop()?.unload()
          this.currentPage.show()
          o.success?.({ errMsg: 'navigateBack:ok' })
          o.complete?.({ errMsg: 'navigateBack:ok' })
        })
      },
      setNavigationBarTitle: (o: Dict) => {
        if (this.pages.length)
          this.currentPage.title = o.title
        async(o, { errMsg: 'setNavigationBarTitle:ok' })
      },
      showToast: (o: Dict) => async(o, { errMsg: 'showToast:ok' }),
      hideToast: (o: Dict) => async(o, { errMsg: 'hideToast:ok' }),
      showLoading: (o: Dict) => async(o, { errMsg: 'showLoading:ok' }),
      hideLoading: (o: Dict) => async(o, { errMsg: 'hideLoading:ok' }),
      showModal: (o: Dict) => async(o, { confirm: true, cancel: false, errMsg: 'showModal:ok' }),
      createSelectorQuery: () => selectorQuery(this),
    }
    return this.logMissing(api)
  }

  /** Anything not in `api` is missing, as an API that the base library lacks: logged, undefined. */
  private logMissing(api: Dict): Dict {
    return new Proxy(api, {
      get: (target, name) => {
        if (typeof name !== 'string' || name in target)
          return target[name as string]
        if (!name.startsWith('$') && !name.startsWith('_'))
          this.log.push({ kind: 'missing-api', detail: name })
        return undefined
      },
      set(target, name, value) {
        target[name as string] = value
        return true
      },
      has: (target, name) => name in target,
    })
  }

  private async answer(req: WxRequest): Promise<WxResponse> {
    if (this.options.request)
      return this.options.request(req)
    const url = this.options.mapUrl?.(req.url) ?? req.url
    if (this.options.network !== 'loopback' || !isLoopback(url))
      throw new Error('no network in the simulation')
    const header = Object.fromEntries(Object.entries(req.header).map(([k, v]) => [k.toLowerCase(), v]))
    header['content-type'] ??= 'application/json'
    const body = req.method === 'GET' || req.data === undefined
      ? undefined
      : typeof req.data === 'string' ? req.data : JSON.stringify(req.data)
    const res = await fetch(url, { method: req.method, headers: header, body })
    const text = await res.text()
    let data: unknown = text
    try {
      data = JSON.parse(text)
    }
    catch {
      // not JSON: the text as is, as wx.request gives it
    }
    const headers: Record<string, string> = {}
    res.headers.forEach((value, key) => {
      headers[key] = value
    })
    return { statusCode: res.status, data, header: headers }
  }

  private socketTask(o: Dict): Dict {
    const handlers: Record<string, AnyFn[]> = { open: [], message: [], close: [], error: [] }
    const emit = (name: string, arg: unknown) => this.later(() => handlers[name].forEach(cb => cb(arg)))
    let ws: WebSocket | null = null
    const url = this.options.mapUrl?.(o.url) ?? o.url
    if (this.options.network === 'loopback' && isLoopback(url)) {
      ws = new WebSocket(url)
      this.sockets.add(ws)
      ws.on('open', () => emit('open', { header: {} }))
      ws.on('message', data => emit('message', { data: data.toString() }))
      ws.on('close', (code, reason) => {
        this.sockets.delete(ws!)
        emit('close', { code, reason: reason.toString() })
      })
      ws.on('error', err => emit('error', { errMsg: err.message }))
    }
    else {
      // No network: the socket fails, as wx's does.
      this.later(() => {
        handlers.error.forEach(cb => cb({ errMsg: 'connectSocket:fail no network in the simulation' }))
        handlers.close.forEach(cb => cb({ code: 1006, reason: 'abnormal closure' }))
      }, 20)
    }
    const task = {
      onOpen: (cb: AnyFn) => handlers.open.push(cb),
      onMessage: (cb: AnyFn) => handlers.message.push(cb),
      onClose: (cb: AnyFn) => handlers.close.push(cb),
      onError: (cb: AnyFn) => handlers.error.push(cb),
      send: (s: Dict) => {
        if (ws?.readyState === WebSocket.OPEN) {
          ws.send(s.data)
          s.success?.({ errMsg: 'sendSocketMessage:ok' })
        }
        else {
          s.fail?.({ errMsg: 'sendSocketMessage:fail socket not open' })
        }
        s.complete?.({})
      },
      close: (s: Dict = {}) => {
        if (ws && ws.readyState !== WebSocket.CLOSED) {
          if (ws.readyState === WebSocket.CONNECTING)
            ws.terminate()
          else
            ws.close(s.code ?? 1000, s.reason ?? '')
        }
        s.success?.({ errMsg: 'closeSocket:ok' })
        s.complete?.({})
      },
    }
    this.later(() => o.success?.({ errMsg: 'connectSocket:ok' }))
    return task
  }

  // ---- pages ---------------------------------------------------------------------------

  private knownRoutes(): string[] {
    const sub = (this.appJson.subPackages ?? this.appJson.subpackages ?? [])
      .flatMap(p => p.pages.map(page => posix.join(p.root, page)))
    return [...this.appJson.pages, ...sub]
  }

  private navigate(kind: string, o: Dict): void {
    const { route, query } = parseUrl(o.url)
    this.log.push({ kind: 'navigate', detail: `${kind} /${route}` })
    this.later(() => {
      if (!this.knownRoutes().includes(route)) {
        const fail = { errMsg: `${kind}:fail page "${route}" is not found` }
        o.fail?.(fail)
        o.complete?.(fail)
        return
      }
      if (kind === 'reLaunch') {
        while (this.pages.length)
          this.pages.pop()!.unload()
      }
      else if (kind === 'redirectTo' && this.pages.length) {
        this.pages.pop()!.unload()
      }
      else if (this.pages.length) {
        this.currentPage.hide()
      }
      this.open(route, query)
      o.success?.({ errMsg: `${kind}:ok` })
      o.complete?.({ errMsg: `${kind}:ok` })
    })
  }

  /** Loads a page's file (if not yet), instantiates it and runs its lifecycle. */
  open(route: string, query: Record<string, string> = {}): PageHandle {
    const def = this.definition(route)
    const page = new PageHandle(this, route, def)
    this.pages.push(page)
    page.start(query)
    return page
  }

  definition(path: string): ComponentDef {
    if (!this.defs.has(path))
      this.load(`${path}.js`)
    const def = this.defs.get(path)
    if (!def)
      throw new Error(`${path}.js did not call Component() or Page()`)
    return def
  }

  template(path: string): WxmlNode[] {
    return parseWxml(readFileSync(posix.join(this.options.root, `${path}.wxml`), 'utf8'))
  }

  json(path: string): Dict {
    const file = posix.join(this.options.root, `${path}.json`)
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Dict : {}
  }

  /** Runs app.js (App()), its onLaunch/onShow, and opens the first page of app.json. */
  start(): this {
    this.load('app.js')
    if (!this.app)
      throw new Error('app.js did not call App()')
    const launch = { path: this.appJson.pages[0], query: {}, scene: 1001, referrerInfo: {} }
    this.app.onLaunch?.call(this.app, launch)
    this.app.onShow?.call(this.app, launch)
    this.open(this.appJson.pages[0])
    return this
  }

  /** Polls until `check` returns something truthy (errors count as "not yet"). */
  async waitFor<T>(check: () => T, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
    const until = Date.now() + timeoutMs
    let lastError: unknown
    for (;;) {
      try {
        const value = check()
        if (value)
          return value as NonNullable<T>
      }
      catch (error) {
        lastError = error
      }
      if (Date.now() > until) {
        const page = this.pages.length ? `\ncurrent page ${this.currentPage.route}:\n${this.currentPage.markup()}` : ''
        throw new Error(`timed out waiting for ${what}${lastError ? ` (${String(lastError)})` : ''}${page}`)
      }
      await new Promise(resolve => setTimeout(resolve, 10))
    }
  }

  /** Stops every timer and socket; the context is dropped with this object. */
  close(): void {
    this.closed = true
    for (const h of this.timers)
      clearTimeout(h)
    for (const h of this.intervals)
      clearInterval(h)
    for (const ws of this.sockets)
      ws.terminate()
    this.timers.clear()
    this.intervals.clear()
  }
}

function selectorQuery(mp: MiniProgram): Dict {
  const callbacks: Array<AnyFn | undefined> = []
  const node = {
    boundingClientRect(cb?: AnyFn) {
      callbacks.push(cb)
      return query
    },
    scrollOffset(cb?: AnyFn) {
      callbacks.push(cb)
      return query
    },
    fields(_: unknown, cb?: AnyFn) {
      callbacks.push(cb)
      return query
    },
    node(cb?: AnyFn) {
      callbacks.push(cb)
      return query
    },
  }
  const query: Dict = {
    in: () => query,
    select: () => node,
    selectAll: () => node,
    selectViewport: () => node,
    exec(cb?: AnyFn) {
      mp.later(() => {
        const results = callbacks.map(() => ({ top: 0, bottom: 0, left: 0, right: 0, width: 375, height: 600, scrollTop: 0, scrollHeight: 600 }))
        callbacks.forEach((c, i) => c?.(results[i]))
        cb?.(results)
      })
    },
  }
  return query
}

/** A page, or a custom component inside one: an instance, its template and its children. */
class MpNode {
  readonly instance: MpInstance
  readonly template: WxmlNode[]
  readonly components: Record<string, string>
  readonly children = new Map<string, ComponentNode>()
  protected rendered: Rendered[] = []
  private renderQueued = false

  constructor(readonly mp: MiniProgram, readonly path: string, readonly def: ComponentDef, extra: Dict) {
    this.template = mp.template(path)
    const using = (mp.json(path).usingComponents ?? {}) as Record<string, string>
    this.components = Object.fromEntries(Object.entries(using).map(([tag, p]) =>
      [tag, p.startsWith('/') ? p.slice(1) : posix.normalize(posix.join(posix.dirname(path), p))]))
    this.instance = this.createInstance(extra)
  }

  private createInstance(extra: Dict): MpInstance {
    const { options } = this.def
    const data: Dict = structuredClone(typeof options.data === 'function' ? options.data() : (options.data ?? {}))
    for (const [name, prop] of Object.entries((options.properties ?? {}) as Dict)) {
      const value = prop && typeof prop === 'object' && 'value' in prop ? prop.value : undefined
      data[name] = value
    }
    const instance: MpInstance = {
      is: this.path,
      id: '',
      dataset: {},
      data,
      properties: data,
      __wxExparserNodeId__: `node-${Math.random().toString(36).slice(2)}`,
      __wxWebviewId__: 1,
      ...extra,
      setData: (patch: Dict, cb?: () => void) => {
        for (const [path, value] of Object.entries(patch))
          setPath(data, path, value)
        this.queueRender()
        if (cb)
          this.mp.later(cb)
      },
      triggerEvent: (name: string, detail?: unknown) => {
        this.triggered(name, detail)
      },
      selectAllComponents: (selector: string) => this.select(selector),
      selectComponent: (selector: string) => this.select(selector)[0] ?? null,
      createSelectorQuery: () => selectorQuery(this.mp),
      getOpenerEventChannel: () => ({ emit() {}, on() {}, once() {}, off() {} }),
      getRelationNodes: () => [],
      hasBehavior: () => false,
    }
    for (const [name, fn] of Object.entries((options.methods ?? {}) as Dict))
      instance[name] = fn
    return instance
  }

  /** What this component's parent listens to (bind:x on its tag); pages have none. */
  protected triggered(_name: string, _detail: unknown): void {}

  private select(selector: string): MpInstance[] {
    const cls = selector.replace(/^\./, '')
    return [...this.children.values()]
      .filter(c => String(c.element.attrs.class ?? '').split(/\s+/).includes(cls))
      .map(c => c.instance)
  }

  protected hook(name: string, ...args: unknown[]): void {
    const o = this.def.options
    const fn = o.lifetimes?.[name] ?? o[name]
    if (typeof fn === 'function')
      this.mp.guardCall(() => fn.apply(this.instance, args))
  }

  protected method(name: string, ...args: unknown[]): void {
    const fn = this.instance[name]
    if (typeof fn === 'function')
      this.mp.guardCall(() => fn.apply(this.instance, args))
  }

  queueRender(): void {
    if (this.renderQueued)
      return
    this.renderQueued = true
    queueMicrotask(() => {
      this.renderQueued = false
      this.renderNow()
    })
  }

  /** Renders the template against the data; creates, updates and detaches child components. */
  renderNow(): Rendered[] {
    const seen = new Set<string>()
    this.rendered = render(this.template, this.instance.data, {
      component: (element, path) => {
        const target = this.components[element.tag]
        if (!target)
          return
        seen.add(path)
        let child = this.children.get(path)
        if (!child) {
          child = new ComponentNode(this.mp, target, this.mp.definition(target), this, element)
          this.children.set(path, child)
          child.attach()
        }
        else {
          child.update(element)
        }
        element.component = child
        element.children = child.renderNow()
      },
    })
    for (const [path, child] of this.children) {
      if (!seen.has(path)) {
        child.detach()
        this.children.delete(path)
      }
    }
    for (const element of walk(this.rendered)) {
      (element as RenderedElement & { owner?: MpNode }).owner ??= this
    }
    return this.rendered
  }

  /** The page as it is now. */
  tree(): Rendered[] {
    return this.renderNow()
  }

  markup(): string {
    return toMarkup(this.tree())
  }

  find(testid: string): RenderedElement | undefined {
    for (const element of walk(this.tree())) {
      if (element.attrs['data-testid'] === testid)
        return element
    }
    return undefined
  }

  findAll(testid: string): RenderedElement[] {
    return [...walk(this.tree())].filter(e => e.attrs['data-testid'] === testid)
  }

  /** Elements by tag name (custom components too), in document order. */
  byTag(tag: string): RenderedElement[] {
    return [...walk(this.tree())].filter(e => e.tag === tag)
  }

  text(testid?: string): string {
    if (testid === undefined)
      return textOf(this.tree())
    const element = this.find(testid)
    return element ? textOf(element) : ''
  }

  private dispatch(testid: string, type: string, detail: Dict): boolean {
    const tree = this.tree()
    const chain: RenderedElement[] = []
    const search = (nodes: Rendered[], trail: RenderedElement[]): boolean => {
      for (const node of nodes) {
        if (typeof node === 'string')
          continue
        const next = [...trail, node]
        if (node.attrs['data-testid'] === testid) {
          chain.push(...next.reverse())
          return true
        }
        if (search(node.children, next))
          return true
      }
      return false
    }
    if (!search(tree, []))
      throw new Error(`no element with data-testid="${testid}" on ${this.path}:\n${toMarkup(tree)}`)
    const target = chain[0]
    if (target.attrs.disabled === true || target.attrs.disabled === 'true')
      return false // WeChat sends no tap or input to a disabled control
    const bubbles = type === 'tap'
    for (const element of bubbles ? chain : [target]) {
      const bind = element.attrs[`bind${type}`] ?? element.attrs[`bind:${type}`]
      const capture = element.attrs[`catch${type}`] ?? element.attrs[`catch:${type}`]
      const handler = (capture ?? bind) as string | undefined
      if (handler) {
        const owner = (element as RenderedElement & { owner?: MpNode }).owner ?? this
        const event = {
          type,
          timeStamp: Date.now(),
          detail,
          target: { id: String(target.attrs.id ?? ''), dataset: datasetOf(target.attrs) },
          currentTarget: { id: String(element.attrs.id ?? ''), dataset: datasetOf(element.attrs) },
          mark: {},
          touches: [],
          changedTouches: [],
        }
        const fn = owner.instance[handler]
        if (typeof fn !== 'function')
          throw new Error(`${owner.path}: the WXML binds ${type} to "${handler}", which the instance does not have`)
        this.mp.guardCall(() => fn.call(owner.instance, event))
      }
      if (capture)
        break
    }
    return true
  }

  /** A tap on the element with this data-testid (false if it is disabled). */
  tap(testid: string): boolean {
    return this.dispatch(testid, 'tap', { x: 10, y: 10 })
  }

  /** Typing `value` into an input (one input event with the whole value). */
  input(testid: string, value: string): boolean {
    return this.dispatch(testid, 'input', { value, cursor: value.length, keyCode: 0 })
  }

  confirm(testid: string): boolean {
    const element = this.find(testid)
    return this.dispatch(testid, 'confirm', { value: String(element?.attrs.value ?? '') })
  }
}

class ComponentNode extends MpNode {
  constructor(mp: MiniProgram, path: string, def: ComponentDef, readonly parent: MpNode, public element: RenderedElement) {
    super(mp, path, def, {})
    this.applyProperties(element, false)
  }

  private applyProperties(element: RenderedElement, observe: boolean): void {
    const props = (this.def.options.properties ?? {}) as Dict
    for (const [attr, value] of Object.entries(element.attrs)) {
      const name = camel(attr)
      if (!(name in props) || this.instance.data[name] === value)
        continue
      this.instance.data[name] = value
      const observer = this.def.options.observers?.[name]
      if (observe && typeof observer === 'function')
        this.mp.guardCall(() => observer.call(this.instance, value))
    }
  }

  attach(): void {
    this.hook('created')
    this.hook('attached')
    this.mp.later(() => this.hook('ready'))
  }

  update(element: RenderedElement): void {
    this.element = element
    this.applyProperties(element, true)
  }

  detach(): void {
    for (const child of this.children.values())
      child.detach()
    this.hook('detached')
  }

  protected override triggered(name: string, detail: unknown): void {
    const a = this.element.attrs
    const handler = (a[`bind:${name}`] ?? a[`bind${name}`] ?? a[`catch:${name}`] ?? a[`catch${name}`]) as string | undefined
    if (!handler)
      return
    const fn = this.parent.instance[handler]
    if (typeof fn === 'function')
      fn.call(this.parent.instance, { type: name, detail, target: { dataset: {} }, currentTarget: { dataset: datasetOf(a) } })
  }
}

export class PageHandle extends MpNode {
  title = ''

  constructor(mp: MiniProgram, readonly route: string, def: ComponentDef) {
    super(mp, route, def, { route })
  }

  start(query: Record<string, string>): void {
    this.hook('created')
    this.hook('attached')
    this.method('onLoad', query)
    this.show()
    this.mp.later(() => {
      this.hook('ready')
      this.method('onReady')
    })
  }

  show(): void {
    this.method('onShow')
    this.def.options.pageLifetimes?.show?.call(this.instance)
  }

  hide(): void {
    this.method('onHide')
    this.def.options.pageLifetimes?.hide?.call(this.instance)
  }

  unload(): void {
    this.method('onUnload')
    for (const child of this.children.values())
      child.detach()
    this.hook('detached')
  }
}

/** Starts the mini-program in `root`: app.js, then the first page. */
export function launch(options: LaunchOptions): MiniProgram {
  return new MiniProgram(options).start()
}
