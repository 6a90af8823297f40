// Contract scenarios of sdk.contract.test.ts with the REAL zego-zim-miniprogram behind
// src/zim/deferred.ts — the `ZIM` the WeChat build gives the app, where the SDK is fetched
// from a subpackage — side by side with the stand-in. Outcomes must match the stand-in's
// exactly as the bare SDK's do (same known differences). Run here: every app-level
// scenario (the engine on top of the seam) and the SDK ones where the seam itself acts
// (handler replacement and its `source`, synchronous throws, calls passed through); the
// other SDK facts are the bare SDK's. A separate file, so that this process has its own
// SDK singleton (vitest runs each file in its own process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../scripts/server/app'
import { generateToken04 } from '../../scripts/server/token04'
import { createTokenFetcher } from '@/composables/zim/token'
import { createWxStub } from '../helpers/wxStub'
import { closedPort, deferredDriver, type Driver, type DriverId, standinDriver } from './drivers'
import type { Ctx, Outcome } from './harness'
import { compareOutcomes, type ReportRow, writeReport } from './report'
import { scenarios } from './scenarios'

const APP_ID = 3_141_592_653
const SEAM_SCENARIOS = new Set(['sdk.one-handler-per-event', 'sdk.not-logged-in', 'sdk.login-null-arguments'])
const here = scenarios.filter(s => s.layer === 'app' || SEAM_SCENARIOS.has(s.id))
const SECRET = 'deferred-test-secret-0123456789a'

const wx = createWxStub()
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
  wx.install()
  drivers = [await deferredDriver(wx, APP_ID), standinDriver(APP_ID, `ws://127.0.0.1:${await closedPort()}/zim`)]
  for (const d of drivers)
    d.client()
})

afterAll(async () => {
  const versions: Partial<Record<DriverId, string>> = {}
  for (const d of drivers ?? [])
    versions[d.id] = d.ZIM.getVersion()
  writeReport({ file: 'deferred', order: 2, reference: 'deferred', drivers: (drivers ?? []).map(d => d.id), versions, rows, notes: {} })
  await server?.close()
})

describe('ZIM contract through the mini-program\'s deferred seam (src/zim/deferred.ts)', () => {
  for (const scenario of here) {
    it(`${scenario.id}: ${scenario.title}`, async () => {
      const results = await Promise.all(drivers.map(async d => [d.id, await scenario.run(d, ctx)] as const))
      const outcomes = Object.fromEntries(results) as Partial<Record<DriverId, Outcome>>
      // The stand-in's known differences are relative to the real SDK: they hold here too.
      const { row, problems } = compareOutcomes(scenario, outcomes, 'deferred')
      rows.push(row)
      for (const d of drivers) {
        try {
          scenario.check?.(outcomes[d.id] as Outcome)
        }
        catch (error) {
          ;(error as Error).message = `[${d.id}] ${(error as Error).message}`
          throw error
        }
      }
      expect(problems, JSON.stringify(outcomes, null, 2)).toEqual([])
    }, 30_000)
  }
})
