// Contract tests: the REAL zego-zim-miniprogram (on a recorded wx stub) and zego-zim-web
// (on a minimal browser stub), loaded in Node, and our stand-in LocalZim, side by side.
// Every scenario (scenarios.ts) runs on the three at once; each driver's outcome must
// equal the real mini-program SDK's except for the declared known differences, and the
// app-level checks must hold on every driver. Nothing here reaches ZEGO: the real SDKs'
// sockets fail like a dead network, the stand-in's go to a closed port on 127.0.0.1.
// Tokens come from the real local token service (scripts/server) for all three.
//
// One SDK instance per driver for the whole file (vitest runs each file in its own
// process): the real SDK is a singleton and destroy() leaves a timer that throws
// (lifecycle.contract.test.ts covers create/destroy). Scenarios log out when done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../scripts/server/app'
import { generateToken04 } from '../../scripts/server/token04'
import { createTokenFetcher } from '@/composables/zim/token'
import { createWxStub } from '../helpers/wxStub'
import { closedPort, type Driver, type DriverId, miniprogramDriver, standinDriver, webDriver } from './drivers'
import type { Ctx, Outcome } from './harness'
import { holdContract, type ReportRow, writeReport } from './report'
import { scenarios } from './scenarios'

const APP_ID = 2_468_013_579
const SECRET = 'contract-test-secret-0123456789a'

const wx = createWxStub()
let web: ReturnType<typeof webDriver>
let standin: ReturnType<typeof standinDriver>
let server: RunningServer
let drivers: Driver[]
let ctx: Ctx
const rows: ReportRow[] = []

beforeAll(async () => {
  server = await startServer({ port: 0, quiet: true, appID: APP_ID, serverSecret: SECRET })
  const fetchToken = createTokenFetcher(`${server.httpUrl}/api/token`)
  ctx = {
    appID: APP_ID,
    fetchToken,
    token: async userID => (await fetchToken(userID)).token,
    sign: (userID, o) => generateToken04({ appID: APP_ID, userID, secret: SECRET, effectiveTimeInSeconds: o.ttl ?? 3600, now: o.now }),
  }
  // The SDKs look for their platform when they are loaded: the stubs go first.
  wx.install()
  const mp = miniprogramDriver(wx, APP_ID)
  web = webDriver(APP_ID)
  standin = standinDriver(APP_ID, `ws://127.0.0.1:${await closedPort()}/zim`)
  drivers = [mp, web, standin]
  for (const d of drivers)
    d.client()
})

afterAll(async () => {
  const count = (calls: { api: string, detail?: string }[]) => {
    const counts = new Map<string, number>()
    for (const c of calls) {
      // Paths differ by user and appID; the API is what matters.
      const key = c.api.startsWith('fs.') || c.api.endsWith('StorageSync') ? `${c.api}(${(c.detail ?? '').replace(/\d{6,}/g, '<appID>').replace(/_[^/_.]+\.txt$/, '_<user>.txt')})` : c.api
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    return [...counts.keys()].sort()
  }
  const versions: Partial<Record<DriverId, string>> = {}
  for (const d of drivers ?? [])
    versions[d.id] = d.ZIM.getVersion()
  writeReport({
    file: 'sdk',
    order: 1,
    reference: 'miniprogram',
    drivers: (drivers ?? []).map(d => d.id),
    versions,
    rows,
    notes: {
      'wx APIs zego-zim-miniprogram called (recorded by tests/helpers/wxStub.ts)': count(wx.calls),
      'wx APIs it asked for that the stub lacks': [...wx.missing].sort(),
      'Browser APIs zego-zim-web used (tests/helpers/webStub.ts)': web ? [...count(web.stub.calls), ...web.stub.listening().window.map(e => `window.addEventListener('${e}')`), ...web.stub.listening().document.map(e => `document.addEventListener('${e}')`)] : [],
      'Where the real SDKs tried to connect': [...new Set([...wx.sockets.map(s => s.url), ...(web?.stub.sockets.map(s => s.url) ?? [])].map(u => u.replace(/\?.*$/, '?…')))],
    },
  })
  await server?.close()
})

describe('ZIM contract: real SDKs and the stand-in, side by side', () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.title}`, async () => {
      const results = await Promise.all(drivers.map(async d => [d.id, await scenario.run(d, ctx)] as const))
      holdContract(scenario, Object.fromEntries(results) as Record<DriverId, Outcome>, rows)
    }, 30_000)
  }

  it('the wx stub covered every wx API the SDK asked for', () => {
    expect([...wx.missing]).toEqual([])
  })

  it('the stand-in registered its app/network hooks like the SDK does', () => {
    expect(standin.hooks.listeners()).toMatchObject({ show: 1, network: 1 })
    expect(wx.count('onAppShow')).toBe(1)
    expect(wx.count('onNetworkStatusChange')).toBeGreaterThanOrEqual(1)
  })
})
