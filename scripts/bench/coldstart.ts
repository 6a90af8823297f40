// `npm run bench:coldstart` (also part of `npm run bench`): the instant cold start in the
// H5 build in Chromium. A reader gets 50 conversations × 200 messages from 50 senders
// through the service's protocol; the app writes its cache; then the app is loaded again
// (its start page, the remembered user) and we time, from the navigation: the conversation
// list painted (from the cache) and the login finished; the same without a cache; the
// cache's size in storage (bytes, keys); and the write cost per flush (time in
// localStorage.setItem for the cache's keys in the page, and the writer's whole cost —
// serialising included — for the same data in Node).
//
// Options: --runs N (5 loads each way), --conversations N (50), --messages N (200).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { launch, signIn } from '../../tests/e2e/browser'
import { createCacheWriter } from '../../src/cache/writer'
import { ENGINE_DEFAULTS } from '../../src/composables/zim/options'
import { memoryStorage } from '../../src/composables/zim/persistence'
import { toEntry } from '../../src/stores/messageList'
import type { ZIMMessage } from '../../src/zim/types'
import { buildH5For, serveStatic } from '../h5/serve'
import { startServer } from '../server/app'
import { DEV_APP_ID, DEV_SERVER_SECRET } from '../server/config'
import { generateToken04 } from '../server/token04'
import { WireClient } from './wireClient'

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN
  return Number.isFinite(value) && value > 0 ? value : fallback
}

const RUNS = option('runs', 5)
const CONVERSATIONS = option('conversations', 50)
const MESSAGES = option('messages', 200)
const READER = 'coldreader'
const PREFIX = `zim-chat.cache.${READER}.`

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const ms = (n: number) => `${n.toFixed(1)} ms`
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

async function sender(port: number, userID: string): Promise<WireClient> {
  const c = await WireClient.connect(`ws://127.0.0.1:${port}/zim`)
  const token = generateToken04({ appID: DEV_APP_ID, userID, secret: DEV_SERVER_SECRET, effectiveTimeInSeconds: 3600 })
  const reply = await c.request('login', { appID: DEV_APP_ID, userID, userName: userID, token })
  if (reply.ok !== true)
    throw new Error(`login ${userID}: ${JSON.stringify(reply)}`)
  return c
}

/** Text of a realistic length (chat messages are mostly short, some long). */
const text = (peer: number, i: number) => `message ${i} from sender ${peer}: ${'lorem ipsum dolor '.repeat(1 + (i % 5))}`

// In the page from its first script: time of each cache write, and when the list / login land.
const PROBE = `
  globalThis.__name = f => f;
  window.__cacheWrites = [];
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const started = performance.now();
    try { return setItem.call(this, key, value) }
    finally { if (String(key).startsWith(${JSON.stringify(PREFIX)})) window.__cacheWrites.push({ key, chars: String(value).length, ms: performance.now() - started, at: started }) }
  };
  window.__marks = {};
  // Chromium hands the renderer an origin's whole localStorage on its first use: time that.
  { const t0 = performance.now(); localStorage.getItem('zim-chat.probe'); window.__marks.storage = performance.now() - t0 }
  const look = () => {
    const m = window.__marks;
    if (m.boot === undefined && document.querySelector('uni-page-body')) m.boot = performance.now();
    if (m.first === undefined && document.querySelector('[data-testid="conversation-item"]')) m.first = performance.now();
    if (m.list === undefined && document.querySelectorAll('[data-testid="conversation-item"]').length >= ${CONVERSATIONS}) m.list = performance.now();
    const app = document.querySelector('#app') && document.querySelector('#app').__vue_app__;
    const session = app && app.config.globalProperties.$pinia && app.config.globalProperties.$pinia._s.get('session');
    if (m.login === undefined && session && session.connection === 'connected') m.login = performance.now();
    if (m.list === undefined || m.login === undefined) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
`

interface CacheState { bytes: number, chars: number, keys: number, conversations: number, full: number }

function cacheState(page: Page): Promise<CacheState> {
  return page.evaluate(({ prefix, messages }) => {
    let bytes = 0
    let chars = 0
    let keys = 0
    let full = 0
    const encoder = new TextEncoder()
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!
      if (!key.startsWith(prefix)) continue
      const value = localStorage.getItem(key)!
      keys++
      chars += key.length + value.length
      bytes += encoder.encode(value).length
      if (key.startsWith(`${prefix}m.`) && (JSON.parse(value) as unknown[]).length === messages) full++
    }
    const index = JSON.parse(localStorage.getItem(`${prefix}index`) ?? '{"used":{}}') as { used: Record<string, number> }
    return { bytes, chars, keys, conversations: Object.keys(index.used).length, full }
  }, { prefix: PREFIX, messages: MESSAGES })
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise(done => setTimeout(done, 100))
  }
}

/** Loads the app's start page anew; ms from the navigation to the list painted and to the login. */
interface Marks { boot: number, first: number, list: number, login: number, storage: number }

async function coldLoad(page: Page, url: string, online = true): Promise<Marks> {
  await page.goto('about:blank')
  await page.goto(url)
  await page.waitForFunction((online) => {
    const m = (window as unknown as { __marks: { list?: number, login?: number } }).__marks
    return m.list !== undefined && (m.login !== undefined || !online)
  }, online, { timeout: 60_000, polling: 50 })
  return page.evaluate(() => (window as unknown as { __marks: Marks }).__marks)
}

/** The writer's whole cost (serialise + write) in Node for the same shape of data. */
function nodeFlushCost(): { one: number, all: number } {
  const held: Record<string, ReturnType<typeof toEntry>[]> = {}
  for (let p = 0; p < CONVERSATIONS; p++) {
    held[`0:s${p}`] = Array.from({ length: MESSAGES }, (_, i) => toEntry({
      type: 1, message: text(p, i), conversationID: `s${p}`, conversationType: 0, messageID: `s${p}-${i}`,
      localMessageID: `l${p}-${i}`, senderUserID: `s${p}`, direction: 1, sentStatus: 1, timestamp: 1e12 + i, orderKey: i + 1, messageSeq: i + 1,
    } as unknown as ZIMMessage))
  }
  const writer = createCacheWriter({
    storage: memoryStorage(),
    bounds: ENGINE_DEFAULTS.cache,
    source: { conversations: () => [], messages: key => (held[key] ?? []) as never },
  })
  writer.setUser(READER)
  const time = (keys: string[]) => {
    const started = performance.now()
    for (const key of keys) writer.markMessages(key)
    writer.flushNow()
    return performance.now() - started
  }
  time(Object.keys(held)) // warm up
  const all = median([0, 1, 2].map(() => time(Object.keys(held))))
  const one = median(Array.from({ length: 21 }, () => time(['0:s7'])))
  writer.dispose()
  return { one, all }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zim-bench-cold-'))
  let service = await startServer({ port: 0, dbPath: join(dataDir, 'zim.sqlite'), quiet: true })
  let serviceClosed = false
  const outDir = buildH5For(service, 'zim-bench-h5-')
  const web = await serveStatic(outDir)
  const browser = await launch()
  const senders: WireClient[] = []
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    await context.addInitScript(PROBE)
    const page = await context.newPage()
    await signIn(page, web.url, READER, 'Cold Reader')

    const port = Number(new URL(service.wsUrl).port)
    const seeded = Date.now()
    for (let p = 0; p < CONVERSATIONS; p += 10) {
      const batch = await Promise.all(Array.from({ length: Math.min(10, CONVERSATIONS - p) }, (_, k) => sender(port, `s${p + k}`)))
      senders.push(...batch)
      await Promise.all(batch.map(async (c, k) => {
        for (let i = 0; i < MESSAGES; i++) {
          const reply = await c.sendText(READER, text(p + k, i))
          if (reply.ok !== true) throw new Error(`send: ${JSON.stringify(reply)}`)
        }
      }))
    }
    const seedSeconds = (Date.now() - seeded) / 1000
    await until(async () => {
      const state = await cacheState(page)
      return state.conversations === CONVERSATIONS && state.full === CONVERSATIONS
    }, 'the cache holds every conversation in full')
    const state = await cacheState(page)

    // Write cost per flush in the page: one new message → its conversation, the list, the index.
    await page.evaluate(() => { (window as unknown as { __cacheWrites: unknown[] }).__cacheWrites = [] })
    const flushes: { keys: number, ms: number, chars: number }[] = []
    for (let run = 0; run < 10; run++) {
      await page.evaluate(() => { (window as unknown as { __cacheWrites: unknown[] }).__cacheWrites = [] })
      await senders[3].sendText(READER, `live ${run}`)
      // A flush here writes the conversation, the list and the index after each: wait for the last.
      await until(() => page.evaluate(() => {
        const writes = (window as unknown as { __cacheWrites: { key: string }[] }).__cacheWrites
        const list = writes.findIndex(w => w.key.endsWith('.list'))
        return writes.some(w => w.key.endsWith('m.0%3As3')) && list >= 0 && writes.slice(list + 1).some(w => w.key.endsWith('.index'))
      }), 'a flush')
      const writes = await page.evaluate(() => (window as unknown as { __cacheWrites: { ms: number, chars: number }[] }).__cacheWrites)
      flushes.push({ keys: writes.length, ms: writes.reduce((s, w) => s + w.ms, 0), chars: writes.reduce((s, w) => s + w.chars, 0) })
    }

    const warm: Marks[] = []
    for (let run = 0; run < RUNS; run++) warm.push(await coldLoad(page, web.url))
    // The service stopped: the list from the cache with no login competing for the main thread.
    await service.close()
    serviceClosed = true
    const offline: Marks[] = []
    for (let run = 0; run < RUNS; run++) offline.push(await coldLoad(page, web.url, false))
    service = await startServer(service.options)
    serviceClosed = false
    await coldLoad(page, web.url) // signed in again before the runs without a cache
    const cold: Marks[] = []
    for (let run = 0; run < RUNS; run++) {
      await page.evaluate((prefix) => {
        for (const key of Object.keys(localStorage)) if (key.startsWith(prefix) && !key.endsWith('.index')) localStorage.removeItem(key)
        localStorage.removeItem(`${prefix}index`)
      }, PREFIX)
      cold.push(await coldLoad(page, web.url))
    }
    const node = nodeFlushCost()

    console.info(`cold start in Chromium (H5 build, 390x844), ${CONVERSATIONS} conversations × ${MESSAGES} messages (seeded in ${seedSeconds.toFixed(1)} s), ${RUNS} loads each:`)
    console.info(`  load → first page in the DOM (uni booted): median ${ms(median(warm.map(r => r.boot)))}; localStorage's first read ${ms(median(warm.map(r => r.storage)))} (without a cache ${ms(median(cold.map(r => r.storage)))})`)
    console.info(`  load → list painted from the cache: median ${ms(median(warm.map(r => r.list)))} (first row ${ms(median(warm.map(r => r.first)))}; runs: ${warm.map(r => r.list.toFixed(0)).join(', ')})`)
    console.info(`  load → logged in:                    median ${ms(median(warm.map(r => r.login)))}`)
    console.info(`  service stopped, load → list painted from the cache: median ${ms(median(offline.map(r => r.list)))} (uni booted ${ms(median(offline.map(r => r.boot)))})`)
    console.info(`  without a cache, load → list painted: median ${ms(median(cold.map(r => r.list)))}; → logged in ${ms(median(cold.map(r => r.login)))} (uni booted ${ms(median(cold.map(r => r.boot)))})`)
    console.info(`  cache in storage: ${state.bytes} bytes UTF-8 (${kb(state.bytes)}; ${state.chars} UTF-16 characters in localStorage), ${state.keys} keys (list, index, ${state.conversations} conversations)`)
    const perFlush = flushes.map(f => f.ms)
    console.info(`  write cost per flush after one new message, in the page: median ${ms(median(perFlush))} in setItem over ${median(flushes.map(f => f.keys))} writes (${kb(median(flushes.map(f => f.chars)))})`)
    console.info(`  writer's whole cost (serialise + write, Node, memory storage): one conversation ${ms(node.one)}, all ${CONVERSATIONS} ${ms(node.all)}`)
  }
  finally {
    for (const c of senders) c.close()
    await browser.close()
    await new Promise(done => web.server.close(done))
    if (!serviceClosed) await service.close()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(outDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
