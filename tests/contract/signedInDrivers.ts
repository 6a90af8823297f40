// The setup shared by the contract files whose calls the SDKs check before a request would
// leave: the real zego-zim-miniprogram (wx stubbed) and zego-zim-web get the two fields
// their login check reads set by hand (no request leaves); the stand-in signs in for real
// against a local service. The file's report (docs/contract.md) is written after its tests.
import { afterAll, beforeAll } from 'vitest'
import { startServer, type RunningServer } from '../../scripts/server/app'
import { generateToken04 } from '../../scripts/server/token04'
import type { ZimClient } from '@/zim/types'
import { createWxStub } from '../helpers/wxStub'
import { type Driver, type DriverId, miniprogramDriver, standinDriver, webDriver } from './drivers'
import { loginConfig } from './harness'
import { type ContractReport, type ReportRow, writeReport } from './report'

export interface SignedInDriversOptions {
  appID: number
  secret: string
  /** The report's file, place and notes (the drivers, versions and rows are filled in). */
  report: Pick<ContractReport, 'file' | 'order' | 'notes'>
}

function markSignedIn(client: ZimClient, userID: string, token: string): void {
  const econf = (client as unknown as { engine: { econf: { user: { userID?: string }, token?: string } } }).engine.econf
  econf.user.userID = userID
  econf.token = token
}

/** The three drivers, signed in as alice before the file's tests; the rows its report holds. */
export function useSignedInDrivers(options: SignedInDriversOptions): { drivers: Driver[], rows: ReportRow[] } {
  const { appID, secret } = options
  const wx = createWxStub()
  let server: RunningServer | undefined
  const drivers: Driver[] = []
  const rows: ReportRow[] = []

  beforeAll(async () => {
    server = await startServer({ port: 0, quiet: true, appID, serverSecret: secret })
    const token = generateToken04({ appID, userID: 'alice', secret, effectiveTimeInSeconds: 3600 })
    wx.install()
    drivers.push(miniprogramDriver(wx, appID), webDriver(appID), standinDriver(appID, server.wsUrl))
    for (const d of drivers) {
      if (d.id === 'standin')
        await d.client().login('alice', loginConfig(token))
      else
        markSignedIn(d.client(), 'alice', token)
    }
  })

  afterAll(async () => {
    const versions: Partial<Record<DriverId, string>> = {}
    for (const d of drivers)
      versions[d.id] = d.ZIM.getVersion()
    const { file, order, notes } = options.report
    writeReport({ file, order, reference: 'miniprogram', drivers: drivers.map(d => d.id), versions, rows, notes })
    for (const d of drivers)
      d.client().logout()
    await server?.close()
  })

  return { drivers, rows }
}
