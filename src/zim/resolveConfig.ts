// The rules for the app's IM configuration, as pure functions: config.ts applies them to
// `import.meta.env` at run time, vite.config.ts to the build's environment, so that a
// build for ZEGO's cloud without an AppID or a token service fails at build time.

/** The local service's dev-only AppID; it matches scripts/server/config.ts. */
export const LOCAL_DEV_APP_ID = 1234567890
export const LOCAL_DEFAULT_PORT = 9800

export interface ZimConfig {
  /** 'local': the bundled stand-in and local service; 'zego': ZEGO's SDK and cloud. */
  mode: 'local' | 'zego'
  appID: number
  /** The business server's token endpoint (POST {userID} → {token, expireAt}). */
  tokenUrl: string
  /** The local service's WebSocket URL; unused in 'zego' mode. */
  localServiceUrl: string
}

export type BuildEnv = Partial<Record<'VITE_ZIM_MODE' | 'VITE_ZIM_APP_ID' | 'VITE_TOKEN_URL' | 'VITE_ZIM_LOCAL_URL' | 'VITE_ZIM_LOCAL_PORT', string>>

/** In a browser the local service is on the page's own host, so a phone on the LAN works too. */
function localHost(): string {
  const loc = (globalThis as { location?: { hostname?: string } }).location
  return loc?.hostname || '127.0.0.1'
}

export function resolveZimConfig(env: BuildEnv): ZimConfig {
  const mode = env.VITE_ZIM_MODE === 'zego' ? 'zego' : 'local'
  const appID = Number(env.VITE_ZIM_APP_ID ?? (mode === 'local' ? LOCAL_DEV_APP_ID : Number.NaN))
  if (!Number.isInteger(appID) || appID <= 0)
    throw new Error(`VITE_ZIM_APP_ID must be your ZEGO AppID (a positive integer) when VITE_ZIM_MODE=${mode}.`)
  // `npm start` sets the port the service really listens on (PORT), keeping the page's host.
  const port = Number(env.VITE_ZIM_LOCAL_PORT) || LOCAL_DEFAULT_PORT
  const local = `${localHost()}:${port}`
  const tokenUrl = env.VITE_TOKEN_URL ?? (mode === 'local' ? `http://${local}/api/token` : '')
  if (!tokenUrl)
    throw new Error('VITE_TOKEN_URL must point at your token service when VITE_ZIM_MODE=zego.')
  return {
    mode,
    appID,
    tokenUrl,
    localServiceUrl: env.VITE_ZIM_LOCAL_URL ?? `ws://${local}/zim`,
  }
}

export interface BuildCheck {
  mode: 'local' | 'zego'
  /** Things that build but are probably wrong for a release (printed by vite.config.ts). */
  warnings: string[]
}

/**
 * Checks a build's VITE_* settings (all of `env`, not only the known keys). Throws one
 * error naming every problem. `VITE_*` values are compiled into the bundle, readable by
 * anyone who unpacks it: a secret must never be one.
 */
export function checkBuildEnv(env: Record<string, string | undefined>): BuildCheck {
  const problems: string[] = []
  const warnings: string[] = []
  const rawMode = env.VITE_ZIM_MODE?.trim() || 'local'
  if (rawMode !== 'local' && rawMode !== 'zego')
    problems.push(`VITE_ZIM_MODE must be "local" or "zego" (got "${rawMode}")`)
  const mode = rawMode === 'zego' ? 'zego' : 'local'

  for (const name of Object.keys(env)) {
    if (/SECRET|PRIVATE|PASSWORD/i.test(name) && env[name])
      problems.push(`${name}: a VITE_* variable ends up in the app bundle; the ServerSecret belongs to the token service only (ZIM_SERVER_SECRET)`)
  }

  if (mode === 'zego') {
    const rawAppID = env.VITE_ZIM_APP_ID?.trim() ?? ''
    const appID = Number(rawAppID)
    if (!/^\d+$/.test(rawAppID) || !Number.isSafeInteger(appID) || appID <= 0 || appID > 0xFFFF_FFFF)
      problems.push(`VITE_ZIM_APP_ID must be your ZEGO AppID, a positive integer (got "${rawAppID}")`)
    else if (appID === LOCAL_DEV_APP_ID)
      problems.push(`VITE_ZIM_APP_ID=${LOCAL_DEV_APP_ID} is the local service's dev AppID, not a ZEGO AppID`)

    const rawUrl = env.VITE_TOKEN_URL?.trim() ?? ''
    let url: URL | undefined
    try {
      url = new URL(rawUrl)
    }
    catch {
      problems.push(`VITE_TOKEN_URL must be the absolute URL of your token service, like https://api.example.com/api/token (got "${rawUrl}")`)
    }
    if (url && url.protocol !== 'https:' && url.protocol !== 'http:')
      problems.push(`VITE_TOKEN_URL must be an http(s) URL (got "${rawUrl}")`)
    else if (url && url.protocol === 'http:')
      warnings.push(`VITE_TOKEN_URL is http: WeChat only allows https request domains in a released mini-program.`)
    if (url && /^(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(url.hostname))
      warnings.push(`VITE_TOKEN_URL points at this machine (${url.host}): a phone cannot reach it.`)
  }

  if (problems.length)
    throw new Error(`Build configuration (VITE_ZIM_MODE=${rawMode}) is incomplete:\n  - ${problems.join('\n  - ')}\nSee .env.example and docs/deploy.md.`)
  return { mode, warnings }
}
