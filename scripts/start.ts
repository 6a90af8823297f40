// `npm start`: the local ZIM + token service and the H5 dev server, together.
// Ctrl-C stops both (uni's dev server runs as a child that must be ended by its group).
import { spawn } from 'node:child_process'
import { startFromEnv } from './server/fromEnv'

async function main() {
  // The same service, port and data folder as `npm run server` (the app expects port 9800).
  const server = await startFromEnv(process.env)
  const webPort = Number(process.env.WEB_PORT ?? 5173)
  const web = spawn('npx', ['uni', '--port', String(webPort), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
    env: process.env,
  })
  let announced = false
  web.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk)
    if (!announced && /Local:|ready in|DONE/i.test(chunk.toString())) {
      announced = true
      console.info(`\n  Chat app:  http://127.0.0.1:${webPort}/  (open it in two browser windows, one per user;`)
      console.info('             a private window keeps the second user separate)\n')
    }
  })
  const stop = async () => {
    try {
      if (web.pid)
        process.kill(-web.pid, 'SIGTERM')
    }
    catch {
      // already gone
    }
    await server.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
  web.on('exit', code => {
    console.error(`H5 dev server exited (${code}).`)
    void stop()
  })
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
