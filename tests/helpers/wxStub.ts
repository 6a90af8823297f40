// A recorded stand-in for the `wx` APIs zego-zim-miniprogram calls, so the REAL SDK can be
// loaded and driven in Node (tests/contract). What it provides, and nothing more:
// - system info (getAccountInfoSync, getDeviceInfo, getAppBaseInfo, getSystemInfoSync, env);
// - storage (get/set/removeStorageSync) in a Map;
// - a file system manager (the SDK keeps its conversation "DB" and logs in USER_DATA_PATH)
//   in memory, answering success/fail/complete the way the mini-program does;
// - app and network hooks (onAppShow/onAppHide/onNetworkStatusChange) that a test fires;
// - a network that never reaches a server: every connectSocket fails (onError, then
//   onClose 1006) shortly after it is opened, every request/uploadFile/downloadFile fails.
// Every call is recorded (`calls`); a wx API the stub does not know is recorded in
// `missing` and answers undefined, so an SDK upgrade that needs more shows up in a test.
// An exception thrown by an SDK callback the stub calls is caught and kept in
// `runtimeErrors`, as the mini-program runtime reports it (App.onError) and goes on.

type Callback = (arg?: unknown) => void

export interface RecordedCall {
  api: string
  detail?: string
  /** ms since the stub was made */
  at: number
}

interface CallbackOptions {
  success?: Callback
  fail?: Callback
  complete?: Callback
}

export interface StubSocket {
  url: string
  /** 'failed' once the stub reported the dead network; 'closed' when the SDK closed it first. */
  state: 'connecting' | 'failed' | 'closed'
  sent: number
}

/** The app-level hooks a mini-program (and uni-app) offers; a test fires them. */
export function createAppHooks() {
  const show = new Set<Callback>()
  const hide = new Set<Callback>()
  const network = new Set<Callback>()
  const errors: unknown[] = []
  const fire = (set: Set<Callback>, arg?: unknown) => {
    for (const fn of [...set]) {
      try {
        fn(arg)
      }
      catch (error) {
        errors.push(error)
      }
    }
  }
  return {
    api: {
      onAppShow: (fn: Callback) => void show.add(fn),
      offAppShow: (fn: Callback) => void show.delete(fn),
      onAppHide: (fn: Callback) => void hide.add(fn),
      offAppHide: (fn: Callback) => void hide.delete(fn),
      onNetworkStatusChange: (fn: Callback) => void network.add(fn),
      offNetworkStatusChange: (fn: Callback) => void network.delete(fn),
    },
    /** Exceptions thrown by hook listeners. */
    errors,
    listeners: () => ({ show: show.size, hide: hide.size, network: network.size }),
    appShow: () => fire(show, { path: 'pages/index/index', scene: 1001, query: {} }),
    appHide: () => fire(hide),
    networkChange: (isConnected: boolean, networkType = isConnected ? 'wifi' : 'none') => fire(network, { isConnected, networkType }),
  }
}


export interface WxStubOptions {
  /** How long a socket "tries" before the dead network fails it. Default 5 ms. */
  socketFailMs?: number
  /** What getNetworkType reports. Default 'wifi' (the device thinks it is online). */
  networkType?: string
}

const USER_DATA_PATH = 'wxfile://usr'

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'))
}

export function createWxStub(options: WxStubOptions = {}) {
  const socketFailMs = options.socketFailMs ?? 5
  const started = Date.now()
  const calls: RecordedCall[] = []
  const missing = new Set<string>()
  const runtimeErrors: unknown[] = []
  const storage = new Map<string, unknown>()
  const files = new Map<string, string>()
  /** Binary files (a picked image, a recording): readFile without an encoding answers an ArrayBuffer. */
  const binaryFiles = new Map<string, Uint8Array>()
  /** What uploadFile does; the default is the dead network. A test scripts a server with it. */
  let uploadHandler: UploadHandler | undefined
  const dirs = new Set<string>([USER_DATA_PATH])
  const sockets: StubSocket[] = []
  const hooks = createAppHooks()

  const record = (api: string, detail?: unknown) => {
    calls.push({ api, at: Date.now() - started, ...(detail === undefined ? {} : { detail: String(detail) }) })
  }

  /** Calls an SDK callback as the runtime does: an exception goes to runtimeErrors. */
  const deliver = (fn: Callback | undefined, arg?: unknown) => {
    if (typeof fn !== 'function')
      return
    try {
      fn(arg)
    }
    catch (error) {
      runtimeErrors.push(error)
    }
  }

  /** Answers an async wx call on a later task, as the mini-program does. */
  const answer = (o: CallbackOptions | undefined, ok: boolean, res: Record<string, unknown>) => {
    setTimeout(() => {
      deliver(ok ? o?.success : o?.fail, res)
      deliver(o?.complete, res)
    }, 0)
  }
  const ok = (o: CallbackOptions | undefined, api: string, res: Record<string, unknown> = {}) => answer(o, true, { errMsg: `${api}:ok`, ...res })
  const fail = (o: CallbackOptions | undefined, api: string, why: string) => answer(o, false, { errMsg: `${api}:fail ${why}` })

  const exists = (path: string) => files.has(path) || dirs.has(path)

  const fsImpl = {
    access(o: CallbackOptions & { path: string }) {
      record('fs.access', o.path)
      if (exists(o.path)) ok(o, 'access')
      else fail(o, 'access', `no such file or directory ${o.path}`)
    },
    accessSync(path: string) {
      record('fs.accessSync', path)
      if (!exists(path))
        throw new Error(`accessSync:fail no such file or directory ${path}`)
    },
    mkdir(o: CallbackOptions & { dirPath: string }) {
      record('fs.mkdir', o.dirPath)
      if (dirs.has(o.dirPath)) return fail(o, 'mkdir', 'file already exists')
      dirs.add(o.dirPath)
      ok(o, 'mkdir')
    },
    mkdirSync(path: string) {
      record('fs.mkdirSync', path)
      if (dirs.has(path))
        throw new Error(`mkdirSync:fail file already exists ${path}`)
      dirs.add(path)
    },
    writeFile(o: CallbackOptions & { filePath: string, data: unknown }) {
      record('fs.writeFile', o.filePath)
      if (!dirs.has(parentOf(o.filePath))) return fail(o, 'writeFile', `no such file or directory ${o.filePath}`)
      files.set(o.filePath, String(o.data))
      ok(o, 'writeFile')
    },
    writeFileSync(path: string, data: unknown) {
      record('fs.writeFileSync', path)
      if (!dirs.has(parentOf(path)))
        throw new Error(`writeFileSync:fail no such file or directory ${path}`)
      files.set(path, String(data))
    },
    appendFile(o: CallbackOptions & { filePath: string, data: unknown }) {
      record('fs.appendFile', o.filePath)
      const old = files.get(o.filePath)
      if (old === undefined) return fail(o, 'appendFile', `no such file or directory ${o.filePath}`)
      files.set(o.filePath, old + String(o.data))
      ok(o, 'appendFile')
    },
    appendFileSync(path: string, data: unknown) {
      record('fs.appendFileSync', path)
      const old = files.get(path)
      if (old === undefined)
        throw new Error(`appendFileSync:fail no such file or directory ${path}`)
      files.set(path, old + String(data))
    },
    readFile(o: CallbackOptions & { filePath: string, encoding?: string }) {
      record('fs.readFile', o.filePath)
      const bytes = binaryFiles.get(o.filePath)
      if (bytes && !o.encoding)
        return ok(o, 'readFile', { data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) })
      const data = files.get(o.filePath)
      if (data === undefined) fail(o, 'readFile', `no such file or directory ${o.filePath}`)
      else ok(o, 'readFile', { data })
    },
    readFileSync(path: string) {
      record('fs.readFileSync', path)
      const data = files.get(path)
      if (data === undefined)
        throw new Error(`readFileSync:fail no such file or directory ${path}`)
      return data
    },
    unlink(o: CallbackOptions & { filePath: string }) {
      record('fs.unlink', o.filePath)
      if (files.delete(o.filePath)) ok(o, 'unlink')
      else fail(o, 'unlink', `no such file or directory ${o.filePath}`)
    },
    unlinkSync(path: string) {
      record('fs.unlinkSync', path)
      if (!files.delete(path))
        throw new Error(`unlinkSync:fail no such file or directory ${path}`)
    },
    readdir(o: CallbackOptions & { dirPath: string }) {
      record('fs.readdir', o.dirPath)
      if (!dirs.has(o.dirPath)) return fail(o, 'readdir', `no such file or directory ${o.dirPath}`)
      const names = [...files.keys(), ...dirs].filter(p => parentOf(p) === o.dirPath).map(p => p.slice(o.dirPath.length + 1))
      ok(o, 'readdir', { files: names })
    },
    getFileInfo(o: CallbackOptions & { filePath: string }) {
      record('fs.getFileInfo', o.filePath)
      const data = files.get(o.filePath)
      if (data === undefined) fail(o, 'getFileInfo', `no such file or directory ${o.filePath}`)
      else ok(o, 'getFileInfo', { size: Buffer.byteLength(data) })
    },
    stat(o: CallbackOptions & { path: string }) {
      record('fs.stat', o.path)
      if (!exists(o.path)) return fail(o, 'stat', `no such file or directory ${o.path}`)
      const isDir = dirs.has(o.path)
      ok(o, 'stat', { stats: { size: isDir ? 0 : Buffer.byteLength(files.get(o.path) ?? ''), isDirectory: () => isDir, isFile: () => !isDir } })
    },
  }
  const fileSystemManager = new Proxy(fsImpl, {
    get(target, key) {
      if (key in target)
        return target[key as keyof typeof target]
      if (typeof key === 'string')
        missing.add(`FileSystemManager.${key}`)
      return undefined
    },
  })

  function connectSocket(o: CallbackOptions & { url: string }) {
    record('connectSocket', o.url)
    const socket: StubSocket = { url: o.url, state: 'connecting', sent: 0 }
    sockets.push(socket)
    const cb: Record<string, Callback | undefined> = {}
    const task = {
      onOpen: (fn: Callback) => void (cb.open = fn),
      onMessage: (fn: Callback) => void (cb.message = fn),
      onError: (fn: Callback) => void (cb.error = fn),
      onClose: (fn: Callback) => void (cb.close = fn),
      send(s?: CallbackOptions) {
        record('SocketTask.send')
        socket.sent++
        fail(s, 'sendSocketMessage', 'WebSocket is not connected')
      },
      close(c?: CallbackOptions & { code?: number, reason?: string }) {
        record('SocketTask.close', c?.code)
        if (socket.state !== 'connecting')
          return
        socket.state = 'closed'
        setTimeout(() => deliver(cb.close, { code: c?.code ?? 1000, reason: c?.reason ?? '' }), 0)
      },
    }
    // The dead network: the handshake never completes.
    setTimeout(() => {
      if (socket.state !== 'connecting')
        return
      socket.state = 'failed'
      deliver(cb.error, { errMsg: 'connectSocket:fail network unreachable (test stub)' })
      deliver(cb.close, { code: 1006, reason: 'abnormal closure' })
    }, socketFailMs)
    ok(o, 'connectSocket')
    return task
  }

  const transfer = (api: string) => (o: CallbackOptions & { url?: string }) => {
    record(api, o.url)
    fail(o, api, 'network unreachable (test stub)')
    return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {} }
  }

  const systemInfo = { brand: 'devtools', model: 'node', system: 'Node', platform: 'devtools', version: '8.0.50', SDKVersion: '3.4.0', language: 'en', pixelRatio: 2, windowWidth: 375, windowHeight: 667 }

  const api = {
    env: { USER_DATA_PATH },
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion: 'develop', version: '' } }),
    getDeviceInfo: () => ({ brand: systemInfo.brand, model: systemInfo.model, system: systemInfo.system, platform: systemInfo.platform, memorySize: 4096, benchmarkLevel: 1 }),
    getAppBaseInfo: () => ({ version: systemInfo.version, SDKVersion: systemInfo.SDKVersion, language: 'en', theme: 'light' }),
    getSystemInfoSync: () => ({ ...systemInfo }),
    getStorageSync: (key: string) => {
      record('getStorageSync', key)
      return storage.has(key) ? storage.get(key) : ''
    },
    setStorageSync: (key: string, value: unknown) => {
      record('setStorageSync', key)
      storage.set(key, value)
    },
    removeStorageSync: (key: string) => {
      record('removeStorageSync', key)
      storage.delete(key)
    },
    getFileSystemManager: () => {
      record('getFileSystemManager')
      return fileSystemManager
    },
    getNetworkType: (o: CallbackOptions) => {
      record('getNetworkType')
      ok(o, 'getNetworkType', { networkType: options.networkType ?? 'wifi' })
    },
    connectSocket,
    request: transfer('request'),
    uploadFile: (o: CallbackOptions & UploadFileCall) => {
      if (!uploadHandler)
        return transfer('uploadFile')(o)
      record('uploadFile', o.url)
      const progress: ((res: UploadProgress) => void)[] = []
      let settled = false
      const settle = (fn: () => void) => {
        if (!settled) {
          settled = true
          fn()
        }
      }
      const task = {
        abort: () => settle(() => fail(o, 'uploadFile', 'abort')),
        onProgressUpdate: (fn: (res: UploadProgress) => void) => void progress.push(fn),
        offProgressUpdate() {},
      }
      uploadHandler(o, {
        progress: (res: UploadProgress) => {
          if (!settled)
            progress.forEach(fn => deliver(fn as Callback, res))
        },
        succeed: (statusCode = 200, data = '{}') => settle(() => ok(o, 'uploadFile', { statusCode, data })),
        fail: (why: string) => settle(() => fail(o, 'uploadFile', why)),
      })
      return task
    },
    downloadFile: transfer('downloadFile'),
    onAppShow: (fn: Callback) => {
      record('onAppShow')
      hooks.api.onAppShow(fn)
    },
    offAppShow: (fn: Callback) => {
      record('offAppShow')
      hooks.api.offAppShow(fn)
    },
    onAppHide: (fn: Callback) => {
      record('onAppHide')
      hooks.api.onAppHide(fn)
    },
    offAppHide: (fn: Callback) => {
      record('offAppHide')
      hooks.api.offAppHide(fn)
    },
    onNetworkStatusChange: (fn: Callback) => {
      record('onNetworkStatusChange')
      hooks.api.onNetworkStatusChange(fn)
    },
    offNetworkStatusChange: (fn: Callback) => {
      record('offNetworkStatusChange')
      hooks.api.offNetworkStatusChange(fn)
    },
  }

  // Reads of underscore names are the SDK probing for its own markers (`wx._zimmini_`).
  const wx = new Proxy(api, {
    get(target, key) {
      if (key in target)
        return target[key as keyof typeof target]
      if (typeof key === 'string' && !key.startsWith('_'))
        missing.add(key)
      return undefined
    },
  })

  return {
    wx,
    calls,
    missing,
    runtimeErrors: () => [...runtimeErrors, ...hooks.errors],
    storage,
    files,
    binaryFiles,
    /** Scripts wx.uploadFile (undefined: back to the dead network). */
    setUploadHandler: (handler: UploadHandler | undefined) => {
      uploadHandler = handler
    },
    sockets,
    hooks,
    appShow: hooks.appShow,
    appHide: hooks.appHide,
    networkChange: hooks.networkChange,
    /** How many times `api` was called. */
    count: (name: string) => calls.filter(c => c.api === name).length,
    /** Puts the stub on globalThis.wx (before the SDK is loaded); returns the undo. */
    install(): () => void {
      const g = globalThis as { wx?: unknown }
      const before = g.wx
      g.wx = wx
      return () => {
        g.wx = before
      }
    },
  }
}

export type WxStub = ReturnType<typeof createWxStub>

/** What the SDK passes to wx.uploadFile. */
export interface UploadFileCall {
  url: string
  name: string
  filePath: string
  header?: Record<string, string>
  formData?: Record<string, string>
  timeout?: number
}
export interface UploadProgress { progress: number, totalBytesSent: number, totalBytesExpectedToSend: number }
/** A scripted upload: report progress, then succeed or fail (an abort by the SDK settles it first). */
export type UploadHandler = (call: UploadFileCall, control: { progress: (res: UploadProgress) => void, succeed: (statusCode?: number, data?: string) => void, fail: (why: string) => void }) => void
