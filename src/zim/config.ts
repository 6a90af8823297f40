// Where the app finds its IM backend. Everything is build-time configuration
// (VITE_* variables, see .env.example and docs/deploy.md): switching to ZEGO's cloud
// changes no code. The rules are in resolveConfig.ts, shared with vite.config.ts.
import { resolveZimConfig, type BuildEnv, type ZimConfig } from './resolveConfig'

export { LOCAL_DEFAULT_PORT, LOCAL_DEV_APP_ID, type ZimConfig } from './resolveConfig'

export const zimConfig: ZimConfig = resolveZimConfig(import.meta.env as BuildEnv)
