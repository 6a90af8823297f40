// The local service under load: a reader that stops reading cannot slow the others down
// or grow the service without bound, and a 16,000-message backlog arrives in pages, once each.
import { beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/server/app'
import { generateToken04 } from '../../scripts/server/token04'
import type { Push } from '../../src/zim/local/protocol'
import type { ZIMMessage } from '../../src/zim/types'
import { ok, sendText, TEST_APP_ID, TEST_SECRET, until, useTestServer } from './helpers/serverUsers'

const MAX_UNSENT = 1024 * 1024
const { server: running, users } = useTestServer({ limits: { maxUnsentBytes: MAX_UNSENT } })
let server: RunningServer
beforeAll(() => {
  server = running()
})

describe('a slow reader', () => {
  it('is closed with its memory bounded, while another user is answered within 1 s', async () => {
    const hoarder = await users.loggedIn('hoarder')
    const friend = await users.loggedIn('hoarder-friend')
    const big = 'x'.repeat(30_000)
    for (let i = 0; i < 40; i++)
      ok(await sendText(friend, 'hoarder', `${i} ${big}`))
    const other = await users.loggedIn('bystander')

    // Stop reading: the kernel buffers fill, then the service's writes stay in its memory.
    ;(hoarder.ws as unknown as { _socket: { pause: () => void } })._socket.pause()
    const hoarderClosed = new Promise<void>(resolve => hoarder.ws.once('close', () => resolve()))
    for (let i = 0; i < 300; i++)
      hoarder.ws.send(JSON.stringify({ id: 1000 + i, op: 'queryHistory', conversationID: 'hoarder-friend', conversationType: 0, count: 100, reverse: true }))

    let worstMs = 0
    let mostUnsent = 0
    let closedByService = false
    void hoarderClosed.then(() => { closedByService = true })
    for (let probe = 0; probe < 20 && !closedByService; probe++) {
      const started = performance.now()
      ok(await other.request('queryConversations', { count: 10 }))
      worstMs = Math.max(worstMs, performance.now() - started)
      const unsent = server.inspect.connections().reduce((sum, c) => sum + c.unsentBytes, 0)
      mostUnsent = Math.max(mostUnsent, unsent)
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    await until(() => !server.inspect.connections().some(c => c.userID === 'hoarder'), 'the slow reader to be closed')
    // Within the bound plus the one reply that crossed it (a page is at most maxReplyBytes).
    expect(mostUnsent).toBeLessThan(MAX_UNSENT + 600 * 1024)
    expect(worstMs).toBeLessThan(1000)
    // The others carry on.
    ok(await other.request('queryConversations', { count: 10 }))
    ok(await sendText(friend, 'bystander', 'still here'))
  })
})

describe('offline delivery of a large backlog', () => {
  it('brings 16,000 messages in pages, none lost or doubled, and nothing at the next login', async () => {
    const total = 16_000
    const sender = await users.loggedIn('backlog-sender')
    let next = 0
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next < total) {
        const n = next++
        ok(await sendText(sender, 'backlog-reader', `b${n}`))
      }
    }))
    expect(server.inspect.undelivered('backlog-reader')).toBe(total)

    const reader = await users.connect()
    const ids: number[] = []
    const texts = new Set<string>()
    let pages = 0
    const all = new Promise<void>((resolve) => {
      reader.ws.on('message', (data) => {
        const parsed = JSON.parse(data.toString()) as Push | Push[]
        for (const frame of Array.isArray(parsed) ? parsed : [parsed]) {
          if (frame.push !== 'offlineMessages')
            continue
          pages++
          for (const m of frame.batches.flatMap(b => b.messageList) as (ZIMMessage & { message: string })[]) {
            ids.push(Number(m.messageID))
            texts.add(m.message)
          }
          if (ids.length >= total)
            resolve()
        }
      })
    })
    const token = generateToken04({ appID: TEST_APP_ID, userID: 'backlog-reader', secret: TEST_SECRET, effectiveTimeInSeconds: 3600 })
    ok(await reader.request('login', { appID: TEST_APP_ID, userID: 'backlog-reader', userName: 'R', token }))
    await all
    expect(ids).toHaveLength(total)
    expect(texts.size).toBe(total)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(pages).toBeGreaterThanOrEqual(total / 500)
    await until(() => server.inspect.undelivered('backlog-reader') === 0, 'the last ack')

    reader.close()
    await reader.closed
    const again = await users.loggedIn('backlog-reader')
    ok(await again.request('queryConversations', { count: 1 }))
    await expect(again.push('offlineMessages', 300)).rejects.toThrow(/no offlineMessages push/)
  }, 120_000)
})
