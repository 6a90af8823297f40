// The service as `npm run server` and `npm start` run it: configured from the
// environment (scripts/server/config.ts), with its URLs, AppID and warnings printed.
import { resolve } from 'node:path'
import { startServer, type RunningServer } from './app'
import { DEV_DEFAULTS_WARNING, loadAuthenticate, loadConfig } from './config'

export async function startFromEnv(env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const config = loadConfig(env, text => console.warn(`\n${text}\n`))
  const server = await startServer({
    port: config.port,
    host: config.host,
    appID: config.appID,
    serverSecret: config.serverSecret,
    tokenTtl: config.tokenTtl,
    dbPath: resolve(config.dataDir, 'zim.sqlite'),
    allowedOrigins: config.allowedOrigins,
    authenticate: config.authModule ? await loadAuthenticate(config.authModule) : undefined,
  })

  console.info(`Local ZIM service
  token endpoint  POST ${server.httpUrl}/api/token
  WebSocket       ${server.wsUrl}
  AppID           ${server.appID}
  data            ${resolve(config.dataDir, 'zim.sqlite')}
  origins         ${config.allowedOrigins === '*' ? '* (any)' : config.allowedOrigins.join(', ')}
  sign-in check   ${config.authModule ?? 'none (anyone gets a token for any userID; refused in production)'}`)
  // Repeated after the URLs, where it cannot scroll away unseen.
  if (config.usingDevDefaults)
    console.warn(`\n${DEV_DEFAULTS_WARNING}\n`)
  return server
}
