// Where the app finds its IM backend. Everything is build-time configuration
// (VITE_* variables, see README): switching to ZEGO's cloud changes no code.

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

type Env = Partial<Record<'VITE_ZIM_MODE' | 'VITE_ZIM_APP_ID' | 'VITE_TOKEN_URL' | 'VITE_ZIM_LOCAL_URL', string>>

/** In a browser the local service is on the page's own host, so a phone on the LAN works too. */
function localHost(): string {
  const loc = (globalThis as { location?: { hostname?: string } }).location
  return loc?.hostname || '127.0.0.1'
}

export function resolveZimConfig(env: Env): ZimConfig {
  const mode = env.VITE_ZIM_MODE === 'zego' ? 'zego' : 'local'
  const appID = Number(env.VITE_ZIM_APP_ID ?? (mode === 'local' ? LOCAL_DEV_APP_ID : Number.NaN))
  if (!Number.isInteger(appID) || appID <= 0)
    throw new Error(`VITE_ZIM_APP_ID must be your ZEGO AppID (a positive integer) when VITE_ZIM_MODE=${mode}.`)
  const local = `${localHost()}:${LOCAL_DEFAULT_PORT}`
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

export const zimConfig: ZimConfig = resolveZimConfig(import.meta.env as Env)
