// A service for the load bench, in its own process so its peak RSS is its own:
// `child.ts zim <dbPath>` (the local service) or `child.ts relay` (a bare `ws` relay).
// Prints one JSON line {"port"} once it listens.
import { startServer } from '../server/app'
import { startRelay } from './relay'

async function main(): Promise<void> {
  const [kind, dbPath] = process.argv.slice(2)
  const port = kind === 'relay'
    ? await startRelay()
    : (await startServer({ port: 0, dbPath: dbPath ?? ':memory:', quiet: true })).port
  process.stdout.write(`${JSON.stringify({ port })}\n`)
  // Exit (not die) on SIGTERM, so a CPU profile asked for is written.
  process.on('SIGTERM', () => process.exit(0))
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
