// One HTTP server on one port for both halves of the local service (token endpoint and
// the WebSocket), so the app needs a single address. Tests start it on port 0.
import { createServer } from 'node:http'
import { dirname, join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { PROTOCOL_PATH } from '../../src/zim/local/protocol'
import type { AllowedOrigins } from './config'
import { DEFAULT_HOST, DEFAULT_TOKEN_TTL, DEV_APP_ID, DEV_SERVER_SECRET } from './config'
import { openDb } from './db'
import { createMediaService } from './media/service'
import { createAvatarService } from './avatars'
import { createLogger, type Logger } from './log'
import type { RateLimit } from './rateLimit'
import { TOKEN_MAX_LIFETIME_SECONDS } from './token04'
import type { Authenticate } from './tokenService'
import { createTokenService } from './tokenService'
import type { FrameFaults } from './zim/faults'
import type { ServiceLimits } from './zim/limits'
import { type ConnectionStats, createZimService } from './zim/service'

export interface StartServerOptions {
  /** 0 (the default here) picks a free port; main.ts passes PORT (9800). */
  port: number
  /** Loopback unless told otherwise: the dev secret must not face a network by accident. */
  host: string
  appID: number
  serverSecret: string
  /** Lifetime of issued tokens, in seconds. */
  tokenTtl: number
  /** A file path, or ':memory:' (the default here). */
  dbPath: string
  allowedOrigins: AllowedOrigins
  /** The deployment's own sign-in check for /api/token (see tokenService.ts). */
  authenticate?: Authenticate
  /** No logging (tests): the same as logLevel 'silent'. */
  quiet: boolean
  /** pino level: 'debug', 'info' (default, or ZIM_LOG_LEVEL), 'warn', 'error', 'silent'. */
  logLevel?: string
  /** Where log lines go instead of stdout (tests). */
  logDestination?: { write: (line: string) => void }
  /** What one client may cost (see zim/limits.ts); tests shrink them. */
  limits?: Partial<ServiceLimits>
  /** The ZIM service's clock (tests move it past the revoke window). @default Date.now */
  now?: () => number
  /** Token requests per client. */
  tokenRateLimit?: RateLimit
  /**
   * where uploaded files go. Default: `files/` beside a file dbPath (ZIM_DATA_DIR/files),
   * or a temporary folder removed at close with ':memory:'.
   */
  filesDir?: string
}

/** Test-only levers for network trouble; never reachable over the network. */
export interface FaultControl {
  /** Cuts the user's socket without a close frame; false if the user had no session. */
  dropSession: (userID: string) => boolean
  /** Cuts every socket without a close frame. */
  dropAll: () => void
  /** Refuses WebSocket upgrades (503) for the next `ms` milliseconds. */
  refuseConnections: (ms: number) => void
  /** The token endpoint answers 503 for the next `ms` milliseconds. */
  failTokenRequests: (ms: number) => void
  /** Drops frames matching a rule (see zim/faults.ts's FrameMatch), `count` of them (default 1). */
  dropFrames: FrameFaults['dropFrames']
  /** Holds frames back for `ms` in one or both directions; 0 stops. */
  delayFrames: FrameFaults['delayFrames']
  clearFrameFaults: () => void
  /** How many frames the drop rules have taken so far. */
  readonly droppedFrames: number
}

export interface RunningServer {
  port: number
  httpUrl: string
  wsUrl: string
  appID: number
  /** The options it runs with (the port resolved), so a restart can reuse them. */
  options: Readonly<StartServerOptions>
  close: () => Promise<void>
  /**
   * Closes this server and starts a new one on the same port with the same options
   * (use a file dbPath to keep the data), after `downMs`. Returns the new server.
   */
  restart: (downMs?: number) => Promise<RunningServer>
  faults: FaultControl
  log: Logger
  /** Read-only looks into the store, for tests. */
  inspect: {
    messagesBetween: (a: string, b: string) => number
    /** Each open socket's load: requests in flight, whether reading is paused, unsent bytes. */
    connections: () => ConnectionStats[]
    /** Messages still queued for a user who was away. */
    undelivered: (userID: string) => number
    // groups and rooms
    /** Messages stored in conversations of this type (0 peer, 1 room, 2 group). */
    storedMessagesOfType: (conversationType: number) => number
    /** Rooms that exist now (memory only). */
    rooms: () => number
  }
}

/** A token request is tiny; it must arrive whole within this. */
const SMALL_REQUEST_TIMEOUT_MS = 15_000

function checkOptions(o: StartServerOptions): void {
  if (!Number.isInteger(o.appID) || o.appID <= 0 || o.appID > 0xFFFF_FFFF)
    throw new Error('startServer: appID must be a non-zero uint32')
  if (typeof o.serverSecret !== 'string' || Buffer.byteLength(o.serverSecret) !== 32 || o.serverSecret.length !== 32)
    throw new Error('startServer: serverSecret must be exactly 32 ASCII characters')
  if (!Number.isInteger(o.tokenTtl) || o.tokenTtl < 1 || o.tokenTtl > TOKEN_MAX_LIFETIME_SECONDS)
    throw new Error(`startServer: tokenTtl must be 1..${TOKEN_MAX_LIFETIME_SECONDS} seconds`)
  // Embedding code skips config.ts's checks; the public secret still must not go live.
  if (process.env.NODE_ENV === 'production' && (o.serverSecret === DEV_SERVER_SECRET || o.appID === DEV_APP_ID))
    throw new Error('startServer: refusing the dev AppID/ServerSecret with NODE_ENV=production')
}

/** The host as it goes into a URL that works from this machine. */
function urlHost(host: string): string {
  if (host === '0.0.0.0')
    return '127.0.0.1'
  if (host === '::')
    return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

export async function startServer(options: Partial<StartServerOptions> = {}): Promise<RunningServer> {
  const o: StartServerOptions = {
    port: 0,
    host: DEFAULT_HOST,
    appID: DEV_APP_ID,
    serverSecret: DEV_SERVER_SECRET,
    tokenTtl: DEFAULT_TOKEN_TTL,
    dbPath: ':memory:',
    allowedOrigins: '*',
    quiet: false,
    ...options,
  }
  checkOptions(o)
  const log = createLogger(o.quiet ? 'silent' : (o.logLevel ?? process.env.ZIM_LOG_LEVEL ?? 'info'), o.logDestination)
  const logError = (error: unknown) => log.error({ err: error }, 'token service error')

  const db = openDb(o.dbPath)
  const media = createMediaService({ db, serverSecret: o.serverSecret, log, dir: o.filesDir ?? (o.dbPath === ':memory:' ? undefined : join(dirname(o.dbPath), 'files')) })
  const zim = createZimService({ appID: o.appID, serverSecret: o.serverSecret, db, log, limits: o.limits, now: o.now, media })
  // profile pictures, beside the token service (avatars.ts)
  const avatars = createAvatarService({ appID: o.appID, serverSecret: o.serverSecret, allowedOrigins: o.allowedOrigins, log, dir: o.dbPath === ':memory:' ? undefined : join(dirname(o.dbPath), 'avatars') })
  const tokenService = createTokenService({
    appID: o.appID,
    serverSecret: o.serverSecret,
    tokenTtl: o.tokenTtl,
    allowedOrigins: o.allowedOrigins,
    authenticate: o.authenticate,
    logError,
    rateLimit: o.tokenRateLimit,
  })
  let tokenDownUntil = 0
  const http = createServer((req, res) => {
    // uploads and downloads; an upload may take the SDK's 600 s.
    if (media.handle(req, res))
      return
    // Anything else is small: a slow trickle of it is an attack, not a client.
    const cut = setTimeout(() => req.destroy(), SMALL_REQUEST_TIMEOUT_MS)
    res.on('close', () => clearTimeout(cut))
    // an avatar (at most 5 MB) is small enough for the same bound
    if (avatars.handle(req, res))
      return
    if (Date.now() < tokenDownUntil && (req.url ?? '').startsWith('/api/token') && req.method === 'POST') {
      req.resume()
      const body = JSON.stringify({ error: { rule: 'service.unavailable', message: 'The token service is briefly unavailable (injected fault).' } })
      res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Access-Control-Allow-Origin': '*' })
      res.end(body)
      return
    }
    tokenService(req, res)
  })
  http.headersTimeout = 10_000
  // The whole-request bound is per route (above): an upload gets the SDK's 600 s.
  http.requestTimeout = 610_000

  let refuseUntil = 0
  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy())
    const path = new URL(req.url ?? '/', 'http://local').pathname
    if (path !== PROTOCOL_PATH)
      return refuseUpgrade(socket, 404, 'Not Found')
    if (Date.now() < refuseUntil)
      return refuseUpgrade(socket, 503, 'Service Unavailable')
    zim.handleUpgrade(req, socket, head)
  })
  http.on('clientError', (_error, socket) => socket.destroy())

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject)
      http.listen(o.port, o.host, () => {
        http.off('error', reject)
        resolve()
      })
    })
  }
  catch (error) {
    db.close()
    throw error
  }

  const port = (http.address() as AddressInfo).port
  const base = `${urlHost(o.host)}:${port}`
  let closing: Promise<void> | undefined
  const resolved: StartServerOptions = { ...o, port }

  const running: RunningServer = {
    port,
    httpUrl: `http://${base}`,
    wsUrl: `ws://${base}${PROTOCOL_PATH}`,
    appID: o.appID,
    options: resolved,
    log,
    close() {
      closing ??= (async () => {
        await zim.close()
        await new Promise<void>((resolve) => {
          http.close(() => resolve())
          http.closeAllConnections()
        })
        await media.close()
        avatars.close()
        db.close()
      })()
      return closing
    },
    async restart(downMs = 0) {
      await running.close()
      if (downMs > 0)
        await new Promise(resolve => setTimeout(resolve, downMs))
      return startServer(resolved)
    },
    faults: {
      dropSession: userID => zim.dropSession(userID),
      dropAll: () => zim.dropAll(),
      refuseConnections: (ms) => {
        refuseUntil = Date.now() + Math.max(0, ms)
      },
      failTokenRequests: (ms) => {
        tokenDownUntil = Date.now() + Math.max(0, ms)
      },
      dropFrames: rule => zim.frameFaults.dropFrames(rule),
      delayFrames: (ms, direction) => zim.frameFaults.delayFrames(ms, direction),
      clearFrameFaults: () => zim.frameFaults.clearFrameFaults(),
      get droppedFrames() {
        return zim.frameFaults.dropped
      },
    },
    inspect: {
      messagesBetween: (a, b) => db.countBetween(a, b),
      connections: () => zim.stats(),
      undelivered: userID => db.undeliveredCount(userID),
      storedMessagesOfType: type => db.countOfType(type),
      rooms: () => zim.roomCount(),
    },
  }
  return running
}
