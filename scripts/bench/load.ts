// `npm run bench` (load part): the local service under load, beside a bare `ws` relay
// measured in the same run on the same machine.
//
// 1. Throughput: N clients in pairs, each keeps W sends in flight to its partner for
//    T seconds; messages delivered per second, p50/p95 from send to the partner's push,
//    peak RSS of the service process. The same load against the bare relay.
// 2. Offline backlog: K messages queued for a user who is away; time from its login
//    request to the last of them received (2,000 and 16,000 by default).
// 3. Slow reader: one user stops reading its socket while asking for large history
//    pages; another user's requests (WebSocket and token endpoint) are timed meanwhile,
//    and the service's RSS is read during and after.
//
// Options: --clients N (20), --window W (8), --seconds T (5), --backlog 2000,16000,
//          --slow-requests R (300). Each service runs in a child process.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { DEV_APP_ID, DEV_SERVER_SECRET } from '../server/config'
import { generateToken04 } from '../server/token04'
import { WireClient } from './wireClient'

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const CLIENTS = Math.max(2, Number(option('clients', '20')) & ~1)
const WINDOW = Number(option('window', '8'))
const SECONDS = Number(option('seconds', '5'))
const BACKLOGS = option('backlog', '2000,16000').split(',').map(Number)
const SLOW_REQUESTS = Number(option('slow-requests', '300'))
/** Comma list of parts to run: throughput, backlog, slow (all by default). */
const ONLY = option('only', 'throughput,backlog,slow').split(',')

interface Child { proc: ChildProcess, port: number }

async function spawnService(kind: 'zim' | 'relay', dbPath?: string): Promise<Child> {
  // BENCH_PROFILE=<dir>: a CPU profile of each service, written when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []
  const proc = spawn(process.execPath, [...profile, '--import', 'tsx', join(__dirname, 'child.ts'), kind, ...(dbPath ? [dbPath] : [])], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', resolve)
    proc.once('exit', code => reject(new Error(`${kind} exited with ${code}`)))
  })
  return { proc, port: (JSON.parse(line) as { port: number }).port }
}

function stop(child: Child): Promise<void> {
  return new Promise((resolve) => {
    child.proc.once('exit', () => resolve())
    child.proc.kill('SIGTERM')
  })
}

/** kB figures from /proc: the current and the peak resident set. */
function memory(pid: number): { rssMiB: number, peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const pct = (sorted: number[], p: number) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : Number.NaN

async function client(port: number, userID: string): Promise<WireClient> {
  const c = await WireClient.connect(`ws://127.0.0.1:${port}/zim`)
  const token = generateToken04({ appID: DEV_APP_ID, userID, secret: DEV_SERVER_SECRET, effectiveTimeInSeconds: 3600 })
  const reply = await c.request('login', { appID: DEV_APP_ID, userID, userName: userID, token })
  if (reply.ok !== true)
    throw new Error(`login ${userID}: ${JSON.stringify(reply)}`)
  return c
}

interface LoadResult { perSecond: number, p50: number, p95: number, peakMiB: number }

async function throughput(child: Child): Promise<LoadResult> {
  const clients = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(child.port, `load-${i}`)))
  const latencies: number[] = []
  let delivered = 0
  let measuring = false
  for (const c of clients) {
    c.onMessage = (text) => {
      if (!measuring)
        return
      delivered++
      latencies.push(performance.now() - Number(text.split(' ')[0]))
    }
  }
  const end = performance.now() + SECONDS * 1000
  measuring = true
  const start = performance.now()
  await Promise.all(clients.map(async (c, i) => {
    const partner = `load-${i ^ 1}`
    await Promise.all(Array.from({ length: WINDOW }, async () => {
      while (performance.now() < end)
        await c.sendText(partner, `${performance.now()} load`)
    }))
  }))
  const elapsed = (performance.now() - start) / 1000
  await sleep(200)
  measuring = false
  const { peakMiB } = memory(child.proc.pid!)
  for (const c of clients)
    c.close()
  latencies.sort((a, b) => a - b)
  return { perSecond: delivered / elapsed, p50: pct(latencies, 0.5), p95: pct(latencies, 0.95), peakMiB }
}

async function backlog(count: number): Promise<{ ms: number, received: number, peakMiB: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'zim-bench-load-'))
  const child = await spawnService('zim', join(dir, 'zim.sqlite'))
  try {
    const away = await client(child.port, 'away')
    away.close()
    const sender = await client(child.port, 'sender')
    let sent = 0
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (sent < count) {
        sent++
        await sender.sendText('away', `${sent} backlog`)
      }
    }))
    const back = await WireClient.connect(`ws://127.0.0.1:${child.port}/zim`)
    let received = 0
    const all = new Promise<void>((resolve) => {
      back.onMessage = () => {
        if (++received >= count)
          resolve()
      }
    })
    const token = generateToken04({ appID: DEV_APP_ID, userID: 'away', secret: DEV_SERVER_SECRET, effectiveTimeInSeconds: 3600 })
    const start = performance.now()
    void back.request('login', { appID: DEV_APP_ID, userID: 'away', userName: 'away', token })
    await Promise.race([all, sleep(120_000)])
    const ms = performance.now() - start
    const { peakMiB } = memory(child.proc.pid!)
    back.close()
    sender.close()
    return { ms, received, peakMiB }
  }
  finally {
    await stop(child)
    rmSync(dir, { recursive: true, force: true })
  }
}

function tokenRequest(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ userID: 'probe' })
    const req = request({ host: '127.0.0.1', port, path: '/api/token', method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function slowReader(): Promise<{ worstWsMs: number, worstTokenMs: number, duringMiB: number, afterMiB: number, peakMiB: number, closedWith?: number, keptMiB: number }> {
  const child = await spawnService('zim')
  try {
    const hoarder = await client(child.port, 'hoarder')
    const friend = await client(child.port, 'friend')
    const big = 'x'.repeat(30_000)
    for (let i = 0; i < 100; i++)
      await friend.sendText('hoarder', `${i} ${big}`)
    const probe = await client(child.port, 'probe')
    let closeCode: number | undefined
    let readBack = 0
    hoarder.ws.on('close', (code) => { closeCode = code })
    hoarder.ws.on('message', (data: Buffer) => { readBack += data.length })
    // Stop reading: the kernel buffers fill and the service's writes pile up in memory.
    ;(hoarder.ws as unknown as { _socket: { pause: () => void } })._socket.pause()
    for (let i = 0; i < SLOW_REQUESTS; i++)
      hoarder.fire('queryHistory', { conversationID: 'friend', conversationType: 0, count: 100, reverse: true })
    let worstWsMs = 0
    let worstTokenMs = 0
    let duringMiB = 0
    const until = performance.now() + 5000
    while (performance.now() < until) {
      const t0 = performance.now()
      await probe.request('queryConversations', { count: 10 })
      worstWsMs = Math.max(worstWsMs, performance.now() - t0)
      const t1 = performance.now()
      await tokenRequest(child.port)
      worstTokenMs = Math.max(worstTokenMs, performance.now() - t1)
      duringMiB = Math.max(duringMiB, memory(child.proc.pid!).rssMiB)
      await sleep(100)
    }
    // A paused socket sees no close: read again, and see what was kept for it and whether it was closed.
    ;(hoarder.ws as unknown as { _socket: { resume: () => void } })._socket.resume()
    await Promise.race([new Promise(resolve => hoarder.ws.once('close', resolve)), sleep(3000)])
    const closedWith = closeCode
    const keptMiB = readBack / 2 ** 20
    hoarder.close()
    await sleep(2000)
    const { rssMiB: afterMiB, peakMiB } = memory(child.proc.pid!)
    probe.close()
    friend.close()
    return { worstWsMs, worstTokenMs, duringMiB, afterMiB, peakMiB, closedWith, keptMiB }
  }
  finally {
    await stop(child)
  }
}

const f = (n: number, d = 0) => n.toFixed(d)

async function main(): Promise<void> {
  if (ONLY.includes('throughput'))
    await throughputs()
  if (ONLY.includes('backlog'))
    await backlogs()
  if (ONLY.includes('slow'))
    await slow()
}

async function throughputs(): Promise<void> {
  console.info(`load bench: ${CLIENTS} clients in pairs, ${WINDOW} sends in flight each, ${SECONDS} s per service`)
  const dir = mkdtempSync(join(tmpdir(), 'zim-bench-load-'))
  try {
    const relayChild = await spawnService('relay')
    const relay = await throughput(relayChild)
    await stop(relayChild)
    const zimChild = await spawnService('zim', join(dir, 'zim.sqlite'))
    const zim = await throughput(zimChild)
    await stop(zimChild)
    for (const [name, r] of [['bare ws relay', relay], ['local service', zim]] as const)
      console.info(`  ${name.padEnd(14)} ${f(r.perSecond).padStart(7)} msgs/s   p50 ${f(r.p50, 1).padStart(6)} ms   p95 ${f(r.p95, 1).padStart(6)} ms   peak RSS ${f(r.peakMiB).padStart(5)} MiB`)
    console.info(`  throughput ratio service/relay: ${f(zim.perSecond / relay.perSecond, 2)}x`)
  }
  finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function backlogs(): Promise<void> {
  const backlogs: number[] = []
  for (const count of BACKLOGS) {
    const r = await backlog(count)
    backlogs.push(r.ms)
    console.info(`offline backlog ${String(count).padStart(6)}: ${f(r.ms).padStart(6)} ms until the last arrived (${r.received} received), peak RSS ${f(r.peakMiB)} MiB`)
  }
  if (backlogs.length >= 2)
    console.info(`  backlog ratio ${BACKLOGS.at(-1)}/${BACKLOGS[0]}: ${f(backlogs.at(-1)! / backlogs[0], 1)}x (linear would be ${f(BACKLOGS.at(-1)! / BACKLOGS[0], 1)}x)`)

}

async function slow(): Promise<void> {
  const s = await slowReader()
  console.info(`slow reader (${SLOW_REQUESTS} history pages of ~3 MB requested, socket not read):`)
  console.info(`  another user's worst wait: WebSocket ${f(s.worstWsMs)} ms, token endpoint ${f(s.worstTokenMs)} ms`)
  console.info(`  service RSS: ${f(s.duringMiB)} MiB during, ${f(s.afterMiB)} MiB 2 s after the reader left (peak ${f(s.peakMiB)} MiB)`)
  console.info(`  the reader, reading again: got ${f(s.keptMiB)} MiB in 3 s, ${s.closedWith === undefined ? 'still open' : `closed (${s.closedWith})`}`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
