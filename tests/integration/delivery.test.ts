// The delivery guarantee under injected faults, end to end in Node: two users, each an
// app (engine + own stores + own stand-in SDK client), exchange 1,000 messages through
// the real local service while the test cuts their sessions 20 times at random and
// restarts the service once (file database, same port). Every message must arrive
// exactly once, in send order per sender, and every sender must end with all of its
// messages 'sent'.
//
// Time is compressed where the SDK's pacing would make the run long: the stand-in's
// per-conversation gap is 20 ms here (100 ms in the SDK) and the engine paces at 25 ms;
// reconnect delays are short. The fault schedule comes from a seed printed with the
// counts (replay with DELIVERY_SEED=…). On top of the drops, a few replies to sends are
// lost on the wire (the service stored the message, the sender never hears so): the
// sender tries again under the same id and the service must not store a second copy.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../scripts/server/app'
import type { MessageEntry } from '@/stores/messages'
import { configure, resetConfig } from '@/zim/local/index'
import { deliveryApp, seeded, type DeliveryApp } from '../helpers/deliveryApp'
import { roundTrip, sleep, until } from '../helpers/wait'
import { wsSocketFactory } from '../helpers/wsSocket'

const appID = 777000222
const serverSecret = 'delivery-test-secret-0123456789a'
const PER_USER = 500
const DROPS = 20
const LOST_REPLIES = 5
/** The schedule CI always runs (CI=true); any other seed comes from DELIVERY_SEED or the clock. */
const CI_SEED = 20_261_201

let dir: string
let server: RunningServer
const apps: DeliveryApp[] = []


beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zim-delivery-'))
  server = await startServer({ port: 0, dbPath: join(dir, 'zim.sqlite'), quiet: true, appID, serverSecret })
  configure({
    url: server.wsUrl,
    socketFactory: wsSocketFactory,
    retryDelaysMs: [30, 60, 120, 250],
    loginTimeoutMs: 3000,
    sendTimeoutMs: 1000,
    sendMinGapMs: 20,
  })
})

afterAll(async () => {
  for (const app of apps.splice(0))
    app.engine.destroy()
  await server?.close()
  resetConfig()
  rmSync(dir, { recursive: true, force: true })
})

function incoming(app: DeliveryApp, peer: string): MessageEntry[] {
  return app.messages.listFor(peer, 0).filter(e => e.direction === 'in')
}

function outgoing(app: DeliveryApp, peer: string): MessageEntry[] {
  return app.messages.listFor(peer, 0).filter(e => e.direction === 'out')
}

describe('delivery under faults', () => {
  it('1,000 messages both ways through 20 random drops and a restart: each once, in order, all sent', { timeout: 120_000 }, async () => {
    // CI runs one fixed schedule; elsewhere each run tries a new one. Either way the seed is
    // printed first, so a failure can be replayed with DELIVERY_SEED.
    const seed = Number(process.env.DELIVERY_SEED ?? (process.env.CI ? CI_SEED : Date.now() % 1_000_000_007))
    console.info(`delivery: seed ${seed} (replay with DELIVERY_SEED=${seed})`)
    const rand = seeded(seed)
    const started = Date.now()
    const alice = deliveryApp(server, { sendGapMs: 25 })
    const bob = deliveryApp(server, { sendGapMs: 25 })
    apps.push(alice, bob)
    const A = 'dl-alice'
    const B = 'dl-bob'
    await alice.engine.login(A, 'Alice')
    await bob.engine.login(B, 'Bob')
    await alice.engine.openConversation(B)
    await bob.engine.openConversation(A)

    let reconnects = 0
    let retries = 0
    for (const app of [alice, bob]) {
      app.engine.subscribe((e) => {
        if (e.type === 'phase' && e.phase === 'connected')
          reconnects++
        if (e.type === 'sendRetry')
          retries++
      })
    }

    // Each user writes at about the pace the outbox can send, so queues build up during
    // outages and drain after them.
    async function write(app: DeliveryApp, to: string, name: string): Promise<unknown[]> {
      const sent: Promise<unknown>[] = []
      for (let i = 0; i < PER_USER; i++) {
        sent.push(app.engine.sendText(to, `${name}#${i}`))
        await sleep(15 + rand() * 20)
      }
      return Promise.all(sent)
    }

    const faultLog: string[] = []
    async function faults(): Promise<void> {
      await sleep(400)
      for (let k = 0; k < DROPS; k++) {
        if (k === DROPS / 2) {
          server = await server.restart(200 + Math.round(rand() * 300))
          faultLog.push('restart')
          await sleep(200)
        }
        if (k % 4 === 1 && faultLog.filter(f => f === 'lost-reply').length < LOST_REPLIES) {
          server.faults.dropFrames({ direction: 'out', op: 'send', userID: rand() < 0.5 ? A : B })
          faultLog.push('lost-reply')
        }
        const pick = rand()
        if (pick < 0.4)
          server.faults.dropSession(A)
        else if (pick < 0.8)
          server.faults.dropSession(B)
        else
          server.faults.dropAll()
        faultLog.push(pick < 0.4 ? 'A' : pick < 0.8 ? 'B' : 'all')
        await sleep(250 + rand() * 450)
      }
    }

    const [sentByAlice, sentByBob] = await Promise.all([write(alice, B, 'alice'), write(bob, A, 'bob'), faults()])
    expect(sentByAlice).toHaveLength(PER_USER)
    expect(sentByBob).toHaveLength(PER_USER)

    await until(() => incoming(bob, A).length >= PER_USER && incoming(alice, B).length >= PER_USER,
      'both receivers to hold every message', 30_000)
    // Anything late would have arrived before these barriers: as a duplicate or an extra.
    for (const app of [alice, bob]) {
      await until(() => app.engine.connectionPhase() === 'connected', 'the session to be up after the last fault')
      await roundTrip(app.engine.currentClient())
    }

    for (const [receiver, peer, sender] of [[bob, A, 'alice'], [alice, B, 'bob']] as const) {
      const got = incoming(receiver, peer)
      const texts = got.map(e => e.text)
      expect(texts).toEqual(Array.from({ length: PER_USER }, (_, i) => `${sender}#${i}`))
      expect(new Set(got.map(e => e.messageID)).size).toBe(PER_USER)
    }
    for (const [sender, peer, name] of [[alice, B, 'alice'], [bob, A, 'bob']] as const) {
      const mine = outgoing(sender, peer)
      expect(mine.map(e => e.text)).toEqual(Array.from({ length: PER_USER }, (_, i) => `${name}#${i}`))
      expect(mine.filter(e => e.status !== 'sent')).toEqual([])
      expect(sender.engine.outboxItems()).toEqual([])
    }
    const stored = server.inspect.messagesBetween(A, B)
    expect(stored).toBe(2 * PER_USER)

    const dropsDone = faultLog.filter(f => f === 'A' || f === 'B' || f === 'all').length
    expect(dropsDone).toBe(DROPS)
    expect(faultLog).toContain('restart')
    console.info([
      `delivery: seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  faults: ${dropsDone} drops, 1 restart, ${faultLog.filter(f => f === 'lost-reply').length} send replies lost (${faultLog.join(' ')})`,
      `  sent: alice ${sentByAlice.length}, bob ${sentByBob.length}; stored on the service: ${stored}`,
      `  received: bob ${incoming(bob, A).length} from alice, alice ${incoming(alice, B).length} from bob; duplicates 0, out of order 0`,
      `  senders' views: alice ${outgoing(alice, B).filter(e => e.status === 'sent').length}/${PER_USER} sent, bob ${outgoing(bob, A).filter(e => e.status === 'sent').length}/${PER_USER} sent`,
      `  reconnects: ${reconnects}; send tries repeated: ${retries}`,
    ].join('\n'))
  })
})
