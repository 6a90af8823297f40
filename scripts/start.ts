// `npm start`: the local ZIM + token service and the H5 dev server, together.
// Ctrl-C stops both (uni's dev server runs as a child that must be ended by its group).
import { spawn } from 'node:child_process'
import { loadConfig } from './server/config'
import { startFromEnv } from './server/fromEnv'
import { appBanner, appEnv, boundUrl, explainStartError } from './startInfo'

async function main() {
  // The same service, port and data folder as `npm run server`; its port goes to the app.
  const server = await startFromEnv(process.env).catch((err: unknown) => {
    throw new Error(explainStartError(err, loadConfig(process.env, () => undefined).port))
  })
  const webPort = Number(process.env.WEB_PORT ?? 5173)
  const web = spawn('npx', ['uni', '--port', String(webPort), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
    env: appEnv(process.env, server.port),
  })
  let announced = false
  let output = ''
  web.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk)
    if (announced)
      return
    // The URL Vite really bound: it takes the next free port when WEB_PORT is taken.
    output += chunk.toString()
    const url = boundUrl(output)
    if (url) {
      announced = true
      console.info(`\n${appBanner(url, webPort).join('\n')}\n`)
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
