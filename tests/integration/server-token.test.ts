import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/server/app'
import { startServer } from '../../scripts/server/app'
import { verifyToken04 } from '../../scripts/server/token04'

const secret = 'test-secret-0123456789abcdefghij'
const appID = 777000111

let server: RunningServer
let guarded: RunningServer
let open: RunningServer

beforeAll(async () => {
  server = await startServer({
    port: 0,
    dbPath: ':memory:',
    quiet: true,
    appID,
    serverSecret: secret,
    tokenTtl: 3600,
    allowedOrigins: ['https://chat.example.com'],
  })
  guarded = await startServer({
    port: 0,
    quiet: true,
    authenticate: (req, userID) => req.headers.authorization === `Bearer ${userID}`,
  })
  open = await startServer({ port: 0, quiet: true })
})

afterAll(async () => {
  await Promise.all([server?.close(), guarded?.close(), open?.close()])
})

const postToken = (body: unknown, headers: Record<string, string> = {}, base = server) =>
  fetch(`${base.httpUrl}/api/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

async function expectRule(res: Response, status: number, rule: string) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/application\/json/)
  const json = await res.json() as { error: { rule: string, message: string } }
  expect(json.error.rule).toBe(rule)
  expect(json.error.message.length).toBeGreaterThan(0)
}

describe('token service', () => {
  it('listens on loopback and reports its URLs', () => {
    expect(server.httpUrl).toBe(`http://127.0.0.1:${server.port}`)
    expect(server.wsUrl).toBe(`ws://127.0.0.1:${server.port}/zim`)
    expect(server.appID).toBe(appID)
  })

  it('issues a Token04 that the verifier accepts for that user', async () => {
    const before = Math.floor(Date.now() / 1000)
    const res = await postToken({ userID: 'alice' })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const { token, expireAt } = await res.json() as { token: string, expireAt: number }
    expect(token.startsWith('04')).toBe(true)
    expect(expireAt).toBeGreaterThanOrEqual(before + 3600)
    expect(expireAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 3600)
    expect(verifyToken04(token, { appID, userID: 'alice', secret })).toEqual({ ok: true, expire: expireAt, ctime: expireAt - 3600 })
    expect(verifyToken04(token, { appID, userID: 'bob', secret })).toMatchObject({ ok: false, code: 6000103 })
  })

  it('accepts a charset parameter on the content type', async () => {
    const res = await postToken({ userID: 'bob' }, { 'Content-Type': 'application/json; charset=utf-8' })
    expect(res.status).toBe(200)
  })

  it('answers 415 request.contentType for anything but JSON', async () => {
    await expectRule(await postToken('userID=alice', { 'Content-Type': 'application/x-www-form-urlencoded' }), 415, 'request.contentType')
    await expectRule(await postToken('{"userID":"alice"}', { 'Content-Type': 'text/plain' }), 415, 'request.contentType')
  })

  it('answers 413 request.maxBytes for a body over 4 KiB', async () => {
    await expectRule(await postToken({ userID: 'alice', pad: 'x'.repeat(5000) }), 413, 'request.maxBytes')
  })

  it('answers 413 even when the body is streamed without a length', async () => {
    const { status, body } = await new Promise<{ status: number, body: string }>((resolve, reject) => {
      const req = httpRequest(`${server.httpUrl}/api/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      }, (res) => {
        let text = ''
        res.on('data', (c: Buffer) => { text += c.toString() })
        res.on('end', () => resolve({ status: res.statusCode!, body: text }))
      })
      req.on('error', reject)
      req.write(`{"userID":"alice","pad":"${'x'.repeat(3000)}`)
      req.write(`${'x'.repeat(3000)}"}`)
      req.end()
    })
    expect(status).toBe(413)
    expect(JSON.parse(body).error.rule).toBe('request.maxBytes')
  })

  it('answers 400 request.json for bad JSON or a non-object', async () => {
    await expectRule(await postToken('{"userID":'), 400, 'request.json')
    await expectRule(await postToken('["alice"]'), 400, 'request.json')
    await expectRule(await postToken('"alice"'), 400, 'request.json')
    await expectRule(await postToken(''), 400, 'request.json')
  })

  it.each([
    [{}, 'userID.required'],
    [{ userID: '' }, 'userID.required'],
    [{ userID: 12 }, 'userID.required'],
    [{ userID: 'x'.repeat(33) }, 'userID.maxBytes'],
    [{ userID: 'has space' }, 'userID.charset'],
    [{ userID: '张三' }, 'userID.charset'],
  ])('answers 400 for %o with %s', async (body, rule) => {
    await expectRule(await postToken(body), 400, rule)
  })

  it('answers 405 for other methods and 404 for other paths', async () => {
    const get = await fetch(`${server.httpUrl}/api/token`)
    await expectRule(get, 405, 'request.method')
    expect(get.headers.get('allow')).toContain('POST')
    await expectRule(await fetch(`${server.httpUrl}/api/token`, { method: 'PUT' }), 405, 'request.method')
    await expectRule(await fetch(`${server.httpUrl}/healthz`, { method: 'POST' }), 405, 'request.method')
    await expectRule(await fetch(`${server.httpUrl}/nothing`), 404, 'request.path')
    await expectRule(await fetch(`${server.httpUrl}/api/token/x`, { method: 'POST' }), 404, 'request.path')
  })

  it('answers /healthz', async () => {
    const res = await fetch(`${server.httpUrl}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, appID })
  })

  it('refuses a WebSocket upgrade on another path', async () => {
    const { WebSocket } = await import('ws')
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/elsewhere`)
    const error = await new Promise<Error>(resolve => ws.once('error', resolve))
    expect(error.message).toMatch(/404/)
  })
})

describe('CORS', () => {
  const origin = 'https://chat.example.com'

  it('echoes an allowed origin', async () => {
    const res = await postToken({ userID: 'alice' }, { Origin: origin })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(origin)
    expect(res.headers.get('vary')).toMatch(/Origin/)
  })

  it('puts the header on errors too, so the page can read them', async () => {
    const res = await postToken({ userID: 'has space' }, { Origin: origin })
    expect(res.headers.get('access-control-allow-origin')).toBe(origin)
    await expectRule(res, 400, 'userID.charset')
  })

  it('answers a preflight with 204', async () => {
    const res = await fetch(`${server.httpUrl}/api/token`, {
      method: 'OPTIONS',
      headers: { 'Origin': origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(origin)
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type')
  })

  it('refuses other origins with 403 cors.origin and no allow header', async () => {
    const res = await postToken({ userID: 'alice' }, { Origin: 'https://evil.example' })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    await expectRule(res, 403, 'cors.origin')
    const pre = await fetch(`${server.httpUrl}/api/token`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } })
    expect(pre.status).toBe(403)
  })

  it('allows any origin with "*" (the dev default)', async () => {
    const res = await postToken({ userID: 'alice' }, { Origin: 'http://localhost:5173' }, open)
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const pre = await fetch(`${open.httpUrl}/api/token`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173' } })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('needs no CORS header without an Origin (non-browser clients)', async () => {
    const res = await postToken({ userID: 'alice' })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('authenticate hook', () => {
  it('lets through what it accepts', async () => {
    const res = await postToken({ userID: 'carol' }, { Authorization: 'Bearer carol' }, guarded)
    expect(res.status).toBe(200)
  })

  it('answers 401 auth.refused when it refuses', async () => {
    await expectRule(await postToken({ userID: 'carol' }, {}, guarded), 401, 'auth.refused')
    await expectRule(await postToken({ userID: 'carol' }, { Authorization: 'Bearer mallory' }, guarded), 401, 'auth.refused')
  })

  it('checks the user rules before asking the hook', async () => {
    await expectRule(await postToken({ userID: '' }, {}, guarded), 400, 'userID.required')
  })

  it('answers 500 auth.error when the hook throws, without its details', async () => {
    const failing = await startServer({ port: 0, quiet: true, authenticate: async () => { throw new Error('db down: secret detail') } })
    try {
      const res = await postToken({ userID: 'carol' }, {}, failing)
      expect(res.status).toBe(500)
      const text = await res.text()
      expect(JSON.parse(text).error.rule).toBe('auth.error')
      expect(text).not.toContain('secret detail')
    }
    finally {
      await failing.close()
    }
  })
})

describe('startServer options', () => {
  it('refuses bad settings before listening', async () => {
    await expect(startServer({ quiet: true, serverSecret: 'short' })).rejects.toThrow(/serverSecret/)
    await expect(startServer({ quiet: true, appID: 0 })).rejects.toThrow(/appID/)
    await expect(startServer({ quiet: true, tokenTtl: 24 * 86_400 + 1 })).rejects.toThrow(/tokenTtl/)
  })

  it('closes twice without error', async () => {
    const s = await startServer({ port: 0, quiet: true })
    await s.close()
    await s.close()
    await expect(fetch(`${s.httpUrl}/healthz`)).rejects.toThrow()
  })
})
