// `npm run server`: the local stand-in for ZEGO's cloud plus the token endpoint.
import { resolve } from 'node:path'
import { startServer } from './app'
import { DEV_DEFAULTS_WARNING, loadAuthenticate, loadConfig } from './config'

async function main(): Promise<void> {
  const config = loadConfig(process.env, text => console.warn(`\n${text}\n`))
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

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) {
      // A second Ctrl-C means "now".
      process.exit(1)
    }
    stopping = true
    console.info(`\n${signal}: stopping…`)
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
