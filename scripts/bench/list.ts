// `npm run bench` (list part, `npm run bench:list` alone): the chat list in the H5 build in
// Chromium. Messages are put straight into the messages store (as history pages would),
// then the chat is opened: how long until its newest row is on screen with 100 and with
// 10,000 messages loaded, how many rows the DOM holds, and how long a live message takes
// from the store to the screen with 5,000 loaded (p50 / p95).
//
// Options: --runs N (7 opens per size), --live N (100 live messages).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { launch, signIn, tap, typeInto } from '../../tests/e2e/browser'
import { buildH5For, serveStatic } from '../h5/serve'
import { startServer } from '../server/app'

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN
  return Number.isFinite(value) && value > 0 ? value : fallback
}

const RUNS = option('runs', 7)
const LIVE = option('live', 100)

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
const ms = (n: number) => `${n.toFixed(1)} ms`

/** Fills conversation `peer` in the page's messages store with `count` received messages. */
function fill(page: Page, peer: string, count: number, from = 1): Promise<void> {
  return page.evaluate(({ peer, count, from }) => {
    const app = (document.querySelector('#app') as unknown as { __vue_app__: { config: { globalProperties: { $pinia: { _s: Map<string, { receive: (m: unknown[]) => void }> } } } } }).__vue_app__
    const store = app.config.globalProperties.$pinia._s.get('messages')!
    const base = Date.now() - 86_400_000
    const list = Array.from({ length: count }, (_, i) => ({
      type: 1, message: `bench ${from + i}`, conversationID: peer, conversationType: 0,
      messageID: `${peer}-${from + i}`, localMessageID: `rx-${peer}-${from + i}`, senderUserID: i % 3 ? peer : 'benchother',
      direction: 1, sentStatus: 1, timestamp: base + (from + i) * 20_000, orderKey: from + i, messageSeq: from + i,
    }))
    store.receive(list)
  }, { peer, count, from })
}

/** Opens the chat as a person does and returns ms from the tap until its newest row is rendered. */
async function openChat(page: Page, peer: string, last: string): Promise<{ ms: number, rows: number }> {
  await typeInto(page, 'new-chat-input', peer)
  await page.evaluate(() => {
    const w = window as unknown as { benchTap: number }
    document.querySelector('[data-testid="new-chat-submit"]')!.addEventListener('click', () => { w.benchTap = performance.now() }, { capture: true, once: true })
  })
  await tap(page, 'new-chat-submit')
  return page.evaluate(last => new Promise<{ ms: number, rows: number }>((done) => {
    const check = () => {
      const rows = document.querySelectorAll('[data-testid="message-item"]')
      if (rows.length && rows[rows.length - 1].textContent?.includes(last))
        done({ ms: performance.now() - (window as unknown as { benchTap: number }).benchTap, rows: rows.length })
      else
        requestAnimationFrame(check)
    }
    check()
  }), last)
}

async function back(page: Page): Promise<void> {
  await page.evaluate(() => history.back())
  await page.locator('[data-testid="new-chat-input"]').waitFor()
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zim-bench-list-'))
  const service = await startServer({ port: 0, dbPath: join(dataDir, 'zim.sqlite'), quiet: true })
  const outDir = buildH5For(service, 'zim-bench-h5-')
  const web = await serveStatic(outDir)
  const browser = await launch()
  try {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage()
    // tsx keeps function names with a __name helper that the page does not have.
    await page.addInitScript('globalThis.__name = f => f')
    await signIn(page, web.url, 'benchreader', 'Bench Reader')
    const results: string[] = []
    for (const size of [100, 10_000]) {
      const peer = `bench${size}`
      await fill(page, peer, size)
      const times: number[] = []
      let rows = 0
      for (let run = 0; run < RUNS; run++) {
        const opened = await openChat(page, peer, `bench ${size}`)
        times.push(opened.ms)
        rows = Math.max(rows, opened.rows)
        await back(page)
      }
      times.sort((a, b) => a - b)
      results.push(`open with ${String(size).padStart(6)} messages: median ${ms(quantile(times, 0.5))}, worst ${ms(times[times.length - 1])}; rows in the DOM ${rows}`)
    }

    const peer = 'bench5000'
    await fill(page, peer, 5000)
    await openChat(page, peer, 'bench 5000')
    const live: number[] = []
    for (let i = 1; i <= LIVE; i++) {
      const n = 5000 + i
      live.push(await page.evaluate(({ peer, n }) => new Promise<number>((done) => {
        const app = (document.querySelector('#app') as unknown as { __vue_app__: { config: { globalProperties: { $pinia: { _s: Map<string, { receive: (m: unknown[]) => void }> } } } } }).__vue_app__
        const started = performance.now()
        app.config.globalProperties.$pinia._s.get('messages')!.receive([{
          type: 1, message: `bench ${n}`, conversationID: peer, conversationType: 0, messageID: `${peer}-${n}`,
          localMessageID: `rx-${peer}-${n}`, senderUserID: peer, direction: 1, sentStatus: 1,
          timestamp: Date.now(), orderKey: n, messageSeq: n,
        }])
        const check = () => {
          const rows = document.querySelectorAll('[data-testid="message-item"]')
          if (rows[rows.length - 1]?.textContent?.includes(`bench ${n}`))
            done(performance.now() - started)
          else
            requestAnimationFrame(check)
        }
        check()
      }), { peer, n }))
    }
    const rowsAfter = await page.locator('[data-testid="message-item"]').count()
    live.sort((a, b) => a - b)
    results.push(`live message to screen with 5,000 loaded (${LIVE}): p50 ${ms(quantile(live, 0.5))}, p95 ${ms(quantile(live, 0.95))}; rows in the DOM ${rowsAfter}`)
    console.info('chat list in Chromium (H5 build, 390x844):')
    for (const line of results) console.info(`  ${line}`)
  }
  finally {
    await browser.close()
    await new Promise(done => web.server.close(done))
    await service.close()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(outDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
