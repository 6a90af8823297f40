// `npm run bench`: how long from "the service is back" to "logged in and caught up".
//
// One app (the real engine, stores and stand-in SDK client, in Node) is signed in with
// a conversation open. Each run stops the local service (file database), keeps it down
// for a while, starts it again on the same port, and measures from the moment it
// listens again until the engine reports its catch-up done (conversations and the open
// chat's history re-queried and merged). The stand-in reconnects on the SDK's own
// schedule (random 0.5–2 s, then 2, 2, 4, 4, 8 … s), which dominates the figure.
//
// Options: --runs N (20), --down MS (1500), --quiet.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPinia } from 'pinia'
import { startServer, type RunningServer } from '../server/app'
import { createZimEngine, ENGINE_DEFAULTS, type EngineEvent, type ZimEngine } from '../../src/composables/zim/engine'
import { memoryStorage } from '../../src/composables/zim/persistence'
import { manualPlatform } from '../../src/composables/zim/platform'
import { createTokenFetcher } from '../../src/composables/zim/token'
import { configure, LocalZim } from '../../src/zim/local/index'
import { wsSocketFactory } from '../../tests/helpers/wsSocket'
import type { ZimStatic } from '../../src/zim/types'

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN
  return Number.isFinite(value) && value >= 0 ? value : fallback
}

const RUNS = option('runs', 20)
const DOWN_MS = option('down', 1500)
const QUIET = process.argv.includes('--quiet')


function app(server: RunningServer): { engine: ZimEngine, events: (EngineEvent & { at: number })[] } {
  const zim: ZimStatic = {
    create: config => LocalZim.createDetached(config),
    getInstance: () => undefined,
    getVersion: () => LocalZim.getVersion(),
  }
  // The app's own defaults (useZim), except the things that need a browser.
  const engine = createZimEngine({
    zim,
    appID: server.appID,
    fetchToken: createTokenFetcher(`${server.httpUrl}/api/token`),
    storage: memoryStorage(),
    ...ENGINE_DEFAULTS,
    pinia: createPinia(),
    platform: manualPlatform().signals,
  })
  const events: (EngineEvent & { at: number })[] = []
  engine.subscribe(e => events.push({ ...e, at: performance.now() }))
  return { engine, events }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

async function until<T>(find: () => T | undefined, what: string, ms = 120_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const found = find()
    if (found !== undefined)
      return found
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}`)
    await sleep(2)
  }
}

function stats(values: number[]): { median: number, worst: number, best: number, mean: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { median, worst: sorted[sorted.length - 1], best: sorted[0], mean: values.reduce((s, v) => s + v, 0) / values.length }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zim-bench-'))
  let server = await startServer({ port: 0, dbPath: join(dir, 'zim.sqlite'), quiet: true })
  configure({ url: server.wsUrl, socketFactory: wsSocketFactory })
  const me = app(server)
  const peer = app(server)
  try {
    await me.engine.login('bench-me', 'Me')
    await peer.engine.login('bench-peer', 'Peer')
    for (let i = 0; i < 30; i++)
      await peer.engine.sendText('bench-me', `history ${i}`)
    await me.engine.openConversation('bench-peer')
    peer.engine.destroy()

    console.info(`reconnect bench: ${RUNS} runs, service down ${DOWN_MS} ms each, SDK reconnect schedule, one open chat`)
    const total: number[] = []
    const toConnected: number[] = []
    for (let run = 1; run <= RUNS; run++) {
      await server.close()
      await until(() => (me.engine.connectionPhase() !== 'connected' ? true : undefined), 'the app to notice', 10_000)
      await sleep(DOWN_MS)
      server = await startServer(server.options)
      const back = performance.now()
      const connected = await until(() => me.events.find(e => e.at >= back && e.type === 'phase' && e.phase === 'connected'), 'connected')
      const caughtUp = await until(() => me.events.find(e => e.at >= connected.at && e.type === 'caughtUp'), 'caught up')
      total.push(caughtUp.at - back)
      toConnected.push(connected.at - back)
      if (!QUIET)
        console.info(`  run ${String(run).padStart(2)}: connected ${(connected.at - back).toFixed(0).padStart(5)} ms, caught up ${(caughtUp.at - back).toFixed(0).padStart(5)} ms`)
    }
    const t = stats(total)
    const c = stats(toConnected)
    console.info(`service back → logged in and caught up: median ${t.median.toFixed(0)} ms, worst ${t.worst.toFixed(0)} ms (best ${t.best.toFixed(0)} ms, mean ${t.mean.toFixed(0)} ms, ${RUNS} runs)`)
    console.info(`  of which until connected:              median ${c.median.toFixed(0)} ms, worst ${c.worst.toFixed(0)} ms`)
  }
  finally {
    me.engine.destroy()
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
