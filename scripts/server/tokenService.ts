// The business server's one job in a ZIM app: hand a signed login token to a user the
// deployment trusts. The ServerSecret stays here; a client that signed its own tokens
// would ship the secret to anyone who unpacks the mini-program.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { checkUserID } from '../../src/zim/rules'
import type { AllowedOrigins } from './config'
import { createRateLimiter, DEFAULT_TOKEN_RATE, type RateLimit } from './rateLimit'
import { generateToken04 } from './token04'

/** Nothing a token request carries comes close; a cap keeps junk cheap to refuse. */
export const MAX_BODY_BYTES = 4 * 1024
/**
 * An oversized body is read and thrown away up to this size, so the client has sent it
 * all and can read the 413 (closing while it still sends resets the connection and loses
 * the answer). Beyond it the connection is cut: that is no client, that is a flood.
 */
export const MAX_DRAIN_BYTES = 8 * 1024 * 1024

/**
 * Where a deployment checks who is asking (session cookie, OAuth, …). Return false to
 * refuse; true or nothing lets the request through. Without a hook, anyone gets a
 * token for any userID: fine for the local stand-in, never for a real app.
 */
export type Authenticate = (req: IncomingMessage, userID: string) => Promise<boolean | void> | boolean | void

export interface TokenServiceOptions {
  appID: number
  serverSecret: string
  tokenTtl: number
  allowedOrigins: AllowedOrigins
  authenticate?: Authenticate
  /** Where unexpected failures are reported; nothing about them goes to the client. */
  logError?: (error: unknown) => void
  /** Token requests per client (remote address). */
  rateLimit?: RateLimit
}

interface Failure { status: number, rule: string, message: string }

const fail = (status: number, rule: string, message: string): Failure => ({ status, rule, message })

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent)
    return
  res.setHeader('X-Content-Type-Options', 'nosniff')
  for (const [k, v] of Object.entries(headers))
    res.setHeader(k, v)
  if (body === undefined) {
    res.writeHead(status).end()
    return
  }
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

function sendFailure(res: ServerResponse, f: Failure, headers?: Record<string, string>): void {
  send(res, f.status, { error: { rule: f.rule, message: f.message } }, headers)
}

/**
 * Resolves with the body, or null when it is over the cap; an oversized body is drained
 * (read and discarded to its end) so the reply that follows reaches the client.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > MAX_DRAIN_BYTES) {
    req.socket.destroy()
    return Promise.resolve(null)
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_DRAIN_BYTES)
        req.socket.destroy()
      else if (size <= limit)
        chunks.push(chunk)
    })
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)))
    req.on('error', reject)
    req.on('close', () => resolve(null))
  })
}

function isJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
  return type === 'application/json'
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
  }
  catch {
    return undefined
  }
}

function corsHeaders(req: IncomingMessage, allowed: AllowedOrigins): Record<string, string> | null {
  const origin = req.headers.origin
  if (origin === undefined)
    return {}
  if (allowed === '*')
    return { 'Access-Control-Allow-Origin': '*' }
  if (allowed.includes(origin))
    return { 'Access-Control-Allow-Origin': origin, 'Vary': 'Origin' }
  return null
}

const PREFLIGHT = {
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
  'Access-Control-Max-Age': '600',
}

/** The HTTP side of the local service: /api/token and /healthz; everything else is 404. */
export function createTokenService(options: TokenServiceOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const logError = options.logError ?? ((e: unknown) => console.error('[token]', e))
  const limiter = createRateLimiter(options.rateLimit ?? DEFAULT_TOKEN_RATE)

  async function issue(req: IncomingMessage): Promise<Failure | { token: string, expireAt: number }> {
    if (!isJson(req))
      return fail(415, 'request.contentType', 'Send the request as Content-Type: application/json.')
    const body = await readBody(req, MAX_BODY_BYTES)
    if (body === null)
      return fail(413, 'request.maxBytes', `The request body must be at most ${MAX_BODY_BYTES} bytes.`)
    const json = parseJson(body)
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      return fail(400, 'request.json', 'The body must be a JSON object like {"userID":"alice"}.')
    const userID = (json as { userID?: unknown }).userID
    const broken = checkUserID(userID)
    if (broken)
      return fail(400, broken.rule, broken.message)
    if (options.authenticate) {
      let verdict: boolean | void
      try {
        verdict = await options.authenticate(req, userID as string)
      }
      catch (error) {
        logError(error)
        return fail(500, 'auth.error', 'The sign-in check failed; try again later.')
      }
      if (verdict === false)
        return fail(401, 'auth.refused', 'Not allowed to get a token for this user.')
    }
    const now = Math.floor(Date.now() / 1000)
    const token = generateToken04({
      appID: options.appID,
      userID: userID as string,
      secret: options.serverSecret,
      effectiveTimeInSeconds: options.tokenTtl,
      now,
    })
    return { token, expireAt: now + options.tokenTtl }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = corsHeaders(req, options.allowedOrigins)
    if (cors === null) {
      // CORS alone only stops a browser from reading the answer; refusing outright also
      // keeps other sites from spending tokens on a user's behalf.
      sendFailure(res, fail(403, 'cors.origin', 'This origin is not allowed (ZIM_ALLOWED_ORIGINS).'))
      return
    }
    const path = new URL(req.url ?? '/', 'http://local').pathname
    const method = req.method ?? 'GET'
    const routes: Record<string, string[]> = { '/api/token': ['POST'], '/healthz': ['GET', 'HEAD'] }
    const methods = routes[path]
    if (!methods) {
      sendFailure(res, fail(404, 'request.path', `Nothing at ${path}.`), cors)
      return
    }
    if (method === 'OPTIONS') {
      send(res, 204, undefined, { ...cors, ...PREFLIGHT })
      return
    }
    if (!methods.includes(method)) {
      sendFailure(res, fail(405, 'request.method', `Use ${methods.join(' or ')} for ${path}.`), { ...cors, Allow: [...methods, 'OPTIONS'].join(', ') })
      return
    }
    if (path === '/healthz') {
      send(res, 200, { ok: true, appID: options.appID }, cors)
      return
    }
    const wait = limiter.take(req.socket.remoteAddress ?? '')
    if (wait > 0) {
      req.resume()
      sendFailure(res, fail(429, 'request.rate', `Too many token requests; try again in ${wait} s.`), { ...cors, 'Retry-After': String(wait) })
      return
    }
    const result = await issue(req)
    if ('status' in result) {
      // The body was drained, so the client reads this; then the connection goes.
      const close: Record<string, string> = result.status === 413 ? { Connection: 'close' } : {}
      sendFailure(res, result, { ...cors, ...close })
      return
    }
    send(res, 200, result, { ...cors, 'Cache-Control': 'no-store' })
  }

  return (req, res) => {
    handle(req, res).catch((error) => {
      logError(error)
      sendFailure(res, fail(500, 'server.error', 'Unexpected server error.'))
    })
  }
}
