// `npm run server` stopped with SIGTERM: every socket is closed with 1001 "going away"
// (clients know at once and reconnect), and whatever was answered is on disk.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer } from '../../scripts/server/app'
import { DEV_APP_ID, DEV_SERVER_SECRET } from '../../scripts/server/config'
import { generateToken04 } from '../../scripts/server/token04'
import type { Reply } from '../../src/zim/local/protocol'
import type { ZIMMessage } from '../../src/zim/types'
import { ProtocolClient } from './helpers/protocolClient'
import { ok } from './helpers/serverUsers'

const dir = mkdtempSync(join(tmpdir(), 'zim-shutdown-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const token = (userID: string) => generateToken04({ appID: DEV_APP_ID, userID, secret: DEV_SERVER_SECRET, effectiveTimeInSeconds: 3600 })
const send = (c: ProtocolClient, text: string) => c.request('send', { message: { type: 1, message: text }, toConversationID: 'stays', conversationType: 0, priority: 1 })

describe('SIGTERM', () => {
  it('closes every socket with 1001 after the answered writes are committed, and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../scripts/server/main.ts')], {
      env: { ...process.env, PORT: '0', ZIM_DATA_DIR: dir, ZIM_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
    const wsUrl = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const found = /WebSocket\s+(ws:\/\/\S+)/.exec(line)
        if (found)
          resolve(found[1]!)
      })
      child.once('exit', code => reject(new Error(`the service exited with ${code} before listening`)))
    })

    const c = await ProtocolClient.connect(wsUrl)
    ok(await c.request('login', { appID: DEV_APP_ID, userID: 'leaver', userName: 'L', token: token('leaver') }))
    ok(await send(c, 'answered before the signal'))
    // Sent together with the signal: if it is answered, it must be stored.
    const late = send(c, 'sent with the signal').catch(() => undefined)
    child.kill('SIGTERM')
    const closed = await c.closed
    expect(closed.code).toBe(1001)
    expect(closed.reason).toMatch(/going away/)
    expect(await exited).toBe(0)
    const lateReply = await Promise.race([late, new Promise<undefined>(resolve => setTimeout(resolve, 50))]) as Reply | undefined

    const again = await startServer({ port: 0, dbPath: join(dir, 'zim.sqlite'), quiet: true })
    try {
      const reader = await ProtocolClient.connect(again.wsUrl)
      ok(await reader.request('login', { appID: DEV_APP_ID, userID: 'leaver', userName: 'L', token: token('leaver') }))
      const list = ok<{ messageList: (ZIMMessage & { message: string })[] }>(
        await reader.request('queryHistory', { conversationID: 'stays', conversationType: 0, count: 10, reverse: true }),
      ).messageList.map(m => m.message)
      expect(list[0]).toBe('answered before the signal')
      if (lateReply?.ok)
        expect(list).toContain('sent with the signal')
      reader.close()
    }
    finally {
      await again.close()
    }
  }, 30_000)
})
