// The local service's settings, from the environment. Development must start with no
// setup at all, so there are defaults; production must never run on them, because the
// dev secret is public (it is in this file) and anyone could mint tokens with it.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { TOKEN_MAX_LIFETIME_SECONDS } from './token04'
import type { Authenticate } from './tokenService'

export const DEV_APP_ID = 1234567890
/** Exactly 32 characters, as a ServerSecret must be, and unmistakable in a log. */
export const DEV_SERVER_SECRET = 'dev-only-secret-do-not-ship-0000'
export const DEFAULT_PORT = 9800
export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_TOKEN_TTL = 86_400
export const DEFAULT_DATA_DIR = './.data'

/** '*' allows any origin (development only); otherwise the exact origins allowed. */
export type AllowedOrigins = '*' | string[]

export interface ServerConfig {
  port: number
  host: string
  appID: number
  serverSecret: string
  tokenTtl: number
  dataDir: string
  allowedOrigins: AllowedOrigins
  production: boolean
  /**
   * ZIM_AUTH_MODULE, resolved: a module exporting `authenticate(req, userID)`, the
   * deployment's own sign-in check for /api/token (load it with loadAuthenticate).
   * Required in production: without it anyone gets a token for any userID.
   */
  authModule?: string
  /** True when the public dev AppID or secret is in use. */
  usingDevDefaults: boolean
}

type Env = Record<string, string | undefined>

export const DEV_DEFAULTS_WARNING = [
  '!!! ================================================================= !!!',
  '!!!  DEV-ONLY AppID / ServerSecret in use (ZIM_APP_ID/ZIM_SERVER_SECRET',
  '!!!  not set). Anyone can mint tokens for this service. Never deploy it.',
  '!!! ================================================================= !!!',
].join('\n')

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '')
    return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`)
  return value
}

function origins(raw: string | undefined): AllowedOrigins | undefined {
  if (raw === undefined || raw.trim() === '')
    return undefined
  const list = raw.split(',').map(s => s.trim()).filter(Boolean)
  if (list.includes('*'))
    return '*'
  for (const origin of list) {
    // An origin is scheme://host[:port] with nothing after it; a trailing slash would
    // never match the browser's Origin header and fail silently.
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      throw new Error(`ZIM_ALLOWED_ORIGINS: "${origin}" is not an origin like https://chat.example.com`)
  }
  return list
}

/**
 * Reads the settings; throws an error naming every problem. `warn` receives the loud
 * dev-defaults warning (main.ts prints it; tests pass a spy).
 */
export function loadConfig(env: Env = process.env, warn: (text: string) => void = console.warn): ServerConfig {
  const production = env.NODE_ENV === 'production'
  const rawAppID = env.ZIM_APP_ID?.trim()
  const rawSecret = env.ZIM_SERVER_SECRET
  const allowedOrigins = origins(env.ZIM_ALLOWED_ORIGINS)

  if (production) {
    const missing: string[] = []
    if (!rawAppID || Number(rawAppID) === DEV_APP_ID)
      missing.push('ZIM_APP_ID (your ZEGO AppID, not the dev default)')
    if (!rawSecret || rawSecret === DEV_SERVER_SECRET)
      missing.push('ZIM_SERVER_SECRET (your ServerSecret, not the dev default)')
    if (allowedOrigins === undefined || allowedOrigins === '*')
      missing.push('ZIM_ALLOWED_ORIGINS (a comma list of exact origins, not *)')
    if (!env.ZIM_AUTH_MODULE?.trim())
      missing.push('ZIM_AUTH_MODULE (the path of a module exporting authenticate(req, userID), your sign-in check)')
    if (missing.length)
      throw new Error(`Refusing to start with NODE_ENV=production: set ${missing.join('; ')}.`)
  }

  const appID = integer(env, 'ZIM_APP_ID', DEV_APP_ID, 1, 0xFFFF_FFFF)
  const serverSecret = rawSecret === undefined || rawSecret === '' ? DEV_SERVER_SECRET : rawSecret
  if (serverSecret.length !== 32 || Buffer.byteLength(serverSecret) !== 32)
    throw new Error(`ZIM_SERVER_SECRET must be exactly 32 ASCII characters (got ${serverSecret.length})`)

  const usingDevDefaults = appID === DEV_APP_ID || serverSecret === DEV_SERVER_SECRET
  if (usingDevDefaults)
    warn(DEV_DEFAULTS_WARNING)

  const rawAuth = env.ZIM_AUTH_MODULE?.trim()
  const authModule = rawAuth ? resolve(rawAuth) : undefined
  if (authModule && !existsSync(authModule))
    throw new Error(`ZIM_AUTH_MODULE: no file at ${authModule}`)

  const tokenTtl = integer(env, 'ZIM_TOKEN_TTL', DEFAULT_TOKEN_TTL, 1, TOKEN_MAX_LIFETIME_SECONDS)
  if (tokenTtl < 60)
    warn(`ZIM_TOKEN_TTL=${tokenTtl}: logins refuse tokens with under 30 s left (6000108).`)

  return {
    port: integer(env, 'PORT', DEFAULT_PORT, 0, 65_535),
    host: env.HOST?.trim() || DEFAULT_HOST,
    appID,
    serverSecret,
    tokenTtl,
    dataDir: env.ZIM_DATA_DIR?.trim() || DEFAULT_DATA_DIR,
    allowedOrigins: allowedOrigins ?? '*',
    production,
    authModule,
    usingDevDefaults,
  }
}

/**
 * Loads the authentication hook named by ZIM_AUTH_MODULE: its export `authenticate`
 * (or a default export that is that function, or holds it).
 */
export async function loadAuthenticate(path: string): Promise<Authenticate> {
  const mod = await import(pathToFileURL(resolve(path)).href) as { authenticate?: unknown, default?: unknown }
  const inner = mod.default as { authenticate?: unknown } | undefined
  const candidate = [mod.authenticate, inner?.authenticate, mod.default].find(f => typeof f === 'function')
  if (!candidate)
    throw new Error(`ZIM_AUTH_MODULE (${path}) must export a function authenticate(req, userID) returning (a promise of) true to allow or false to refuse`)
  return candidate as Authenticate
}
