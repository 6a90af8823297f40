// The token fetcher: against a tiny scripted HTTP server, the real token service, and
// uni.request where the app runs inside uni.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startServer, type RunningServer } from '../../../scripts/server/app'
import { createTokenFetcher, TokenServiceError } from '@/composables/zim/token'

interface Scripted { status: number, body: string, contentType?: string }

let tiny: Server
let tinyUrl: string
let next: Scripted = { status: 200, body: '{}' }
const received: { method?: string, contentType?: string, authorization?: string, body: string }[] = []

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString()
    })
    req.on('end', () => resolve(text))
  })
}

let real: RunningServer

beforeAll(async () => {
  tiny = createServer((req, res) => {
    void readAll(req).then((body) => {
      received.push({ method: req.method, contentType: req.headers['content-type'], authorization: req.headers.authorization, body })
      res.writeHead(next.status, { 'content-type': next.contentType ?? 'application/json' })
      res.end(next.body)
    })
  })
  await new Promise<void>(resolve => tiny.listen(0, '127.0.0.1', resolve))
  tinyUrl = `http://127.0.0.1:${(tiny.address() as AddressInfo).port}/api/token`
  real = await startServer({ port: 0, dbPath: ':memory:', quiet: true })
})

afterAll(async () => {
  await new Promise<void>(resolve => tiny.close(() => resolve()))
  await real.close()
})

afterEach(() => {
  received.length = 0
  vi.unstubAllGlobals()
})

async function failure(promise: Promise<unknown>): Promise<TokenServiceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(TokenServiceError)
  return error as TokenServiceError
}

describe('createTokenFetcher with fetch (Node)', () => {
  it('POSTs {userID} as JSON and returns token and expiry', async () => {
    next = { status: 200, body: JSON.stringify({ token: '04abc', expireAt: 1_900_000_000 }) }
    await expect(createTokenFetcher(tinyUrl)('alice')).resolves.toEqual({ token: '04abc', expireAt: 1_900_000_000 })
    expect(received).toEqual([{ method: 'POST', contentType: 'application/json', body: '{"userID":"alice"}' }])
  })

  it('sends the deployment\'s credential headers, asked for on every request', async () => {
    next = { status: 200, body: JSON.stringify({ token: '04abc', expireAt: 1_900_000_000 }) }
    let n = 0
    const fetchToken = createTokenFetcher(tinyUrl, { headers: async () => ({ Authorization: `Bearer key-${++n}` }) })
    await fetchToken('alice')
    await fetchToken('alice')
    expect(received.map(r => [r.authorization, r.contentType])).toEqual([['Bearer key-1', 'application/json'], ['Bearer key-2', 'application/json']])
  })

  it('an error reply becomes a TokenServiceError with its status, message and rule', async () => {
    next = { status: 400, body: JSON.stringify({ error: { rule: 'userID.charset', message: 'No spaces.' } }) }
    const error = await failure(createTokenFetcher(tinyUrl)('a b'))
    expect(error).toMatchObject({ status: 400, rule: 'userID.charset', message: 'token.refused', params: { status: 400, detail: 'No spaces.' }, name: 'TokenServiceError' })
  })

  it('a reply that is not JSON names the HTTP status', async () => {
    next = { status: 502, body: '<html>Bad gateway</html>', contentType: 'text/html' }
    const error = await failure(createTokenFetcher(tinyUrl)('alice'))
    expect(error.status).toBe(502)
    expect(error.rule).toBeUndefined()
    expect(error.message).toBe('token.refused')
    expect(error.params).toEqual({ status: 502 })
  })

  it('a 200 without a token is an error, not a login with undefined', async () => {
    next = { status: 200, body: JSON.stringify({ expireAt: 1 }) }
    const error = await failure(createTokenFetcher(tinyUrl)('alice'))
    expect(error.status).toBe(200)
  })

  it('an unreachable service is a TokenServiceError saying so', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer()
    await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
    const port = (probe.address() as AddressInfo).port
    await new Promise<void>(resolve => probe.close(() => resolve()))
    const error = await failure(createTokenFetcher(`http://127.0.0.1:${port}/api/token`)('alice'))
    expect(error.message).toBe('token.unreachable')
    expect(error.params?.detail).toBeTruthy()
    expect(error.status).toBeUndefined()
  })
})

describe('createTokenFetcher against the real token service', () => {
  it('gets a Token04 for a valid user', async () => {
    const { token, expireAt } = await createTokenFetcher(`${real.httpUrl}/api/token`)('alice')
    expect(token).toMatch(/^04/)
    expect(expireAt).toBeGreaterThan(Date.now() / 1000)
  })

  it.each([
    ['al ice', 'userID.charset'],
    ['a'.repeat(33), 'userID.maxBytes'],
    ['', 'userID.required'],
  ])('refuses %j naming the rule %s', async (userID, rule) => {
    const error = await failure(createTokenFetcher(`${real.httpUrl}/api/token`)(userID))
    expect(error.status).toBe(400)
    expect(error.rule).toBe(rule)
    expect(error.message.length).toBeGreaterThan(0)
  })
})

describe('createTokenFetcher with uni.request', () => {
  function uniWith(answer: (options: UniApp.RequestOptions) => void) {
    const request = vi.fn(answer)
    vi.stubGlobal('uni', { request })
    return request
  }

  it('uses uni.request where uni is present', async () => {
    const request = uniWith(o => o.success?.({ statusCode: 200, data: { token: '04x', expireAt: 5 }, header: {}, cookies: [] } as never))
    await expect(createTokenFetcher('https://example.test/api/token')('alice')).resolves.toEqual({ token: '04x', expireAt: 5 })
    expect(request).toHaveBeenCalledTimes(1)
    expect(request.mock.calls[0][0]).toMatchObject({
      url: 'https://example.test/api/token',
      method: 'POST',
      data: { userID: 'alice' },
      header: { 'content-type': 'application/json' },
    })
  })

  it('maps an error reply and a failed request to TokenServiceError', async () => {
    uniWith(o => o.success?.({ statusCode: 400, data: { error: { rule: 'userID.charset', message: 'No spaces.' } }, header: {}, cookies: [] } as never))
    expect(await failure(createTokenFetcher('u')('a b'))).toMatchObject({ status: 400, rule: 'userID.charset' })
    uniWith(o => o.fail?.({ errMsg: 'request:fail timeout' } as never))
    expect(await failure(createTokenFetcher('u')('alice'))).toMatchObject({ message: 'token.unreachable', params: { detail: 'request:fail timeout' } })
  })
})
