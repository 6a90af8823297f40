// The token endpoint under abuse: an oversized body still gets its 413 (read over a raw
// socket, as a client that keeps sending would), and a client over its rate gets 429.
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/server/app'
import { startServer } from '../../scripts/server/app'
import { MAX_DRAIN_BYTES } from '../../scripts/server/tokenService'

let server: RunningServer
let limited: RunningServer

beforeAll(async () => {
  server = await startServer({ port: 0, quiet: true })
  limited = await startServer({ port: 0, quiet: true, tokenRateLimit: { burst: 3, perSecond: 0.5 } })
})
afterAll(() => Promise.all([server.close(), limited.close()]))

/** Writes a request with a `bodyBytes` JSON body in 64 KiB chunks; resolves with all the bytes answered. */
function rawPost(port: number, bodyBytes: number, declareLength = true): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', chunk => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')))
    socket.on('connect', async () => {
      const head = [
        'POST /api/token HTTP/1.1',
        'Host: 127.0.0.1',
        'Content-Type: application/json',
        declareLength ? `Content-Length: ${bodyBytes}` : 'Transfer-Encoding: chunked',
        '',
        '',
      ].join('\r\n')
      socket.write(head)
      const body = Buffer.alloc(bodyBytes, 0x20)
      body.write('{"userID":"alice","pad":"')
      body.write('"}', bodyBytes - 2)
      for (let at = 0; at < bodyBytes; at += 64 * 1024) {
        const piece = body.subarray(at, at + 64 * 1024)
        const frame = declareLength ? piece : Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
        if (!socket.write(frame))
          await new Promise(r => socket.once('drain', r))
      }
      if (!declareLength)
        socket.write('0\r\n\r\n')
    })
  })
}

describe('oversized token requests', () => {
  it('a 2 MB body is drained and its 413 arrives', async () => {
    const answer = await rawPost(server.port, 2 * 1024 * 1024)
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(answer).toContain('request.maxBytes')
  })

  it('a 2 MB chunked body (no length) gets its 413 too', async () => {
    const answer = await rawPost(server.port, 2 * 1024 * 1024, false)
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
  })

  it('a body declared beyond the drain limit is cut at once', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write(`POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${MAX_DRAIN_BYTES + 1}\r\n\r\n{`)
      })
      const chunks: Buffer[] = []
      socket.on('data', c => chunks.push(c))
      socket.on('error', () => {})
      socket.on('close', () => resolve(Buffer.concat(chunks).toString()))
    })
    expect(answer).toBe('')
  })
})

describe('token requests per client', () => {
  it('answers 429 with Retry-After past the burst, and lets others through', async () => {
    const post = () => fetch(`${limited.httpUrl}/api/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"userID":"flood"}' })
    const statuses: number[] = []
    let refused: Response | undefined
    for (let i = 0; i < 5; i++) {
      const res = await post()
      statuses.push(res.status)
      if (res.status === 429)
        refused ??= res
      else
        await res.text()
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200])
    expect(statuses.slice(3)).toEqual([429, 429])
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(await refused!.json()).toMatchObject({ error: { rule: 'request.rate' } })
    // Another server's clients, and the WebSocket side, are not affected.
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200)
  })
})
