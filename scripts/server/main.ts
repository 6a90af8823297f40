// `npm run server`: the local stand-in for ZEGO's cloud plus the token endpoint.
import { startFromEnv } from './fromEnv'

async function main(): Promise<void> {
  const server = await startFromEnv(process.env)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) {
      // A second Ctrl-C means "now".
      process.exit(1)
    }
    stopping = true
    server.log.info({ signal }, 'stopping: sockets close with 1001 after the writes in flight commit')
    server.close().then(
      () => process.exit(0),
      (error) => {
        server.log.error({ err: error }, 'stopping failed')
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
