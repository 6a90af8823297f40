// Signed-in ProtocolClients against a test server, for the service's own tests.
import { afterAll, beforeAll, expect } from 'vitest'
import type { RunningServer, StartServerOptions } from '../../../scripts/server/app'
import { startServer } from '../../../scripts/server/app'
import { generateToken04 } from '../../../scripts/server/token04'
import type { Reply } from '../../../src/zim/local/protocol'
import { ProtocolClient } from './protocolClient'

export { until } from '../../helpers/wait'

export const TEST_SECRET = 'limits-test-secret-0123456789abc'
export const TEST_APP_ID = 555000444

function serverUsers(getServer: () => RunningServer) {
  const clients: ProtocolClient[] = []
  return {
    async connect(): Promise<ProtocolClient> {
      const c = await ProtocolClient.connect(getServer().wsUrl)
      clients.push(c)
      return c
    },
    async loggedIn(userID: string): Promise<ProtocolClient> {
      const c = await this.connect()
      const token = generateToken04({ appID: TEST_APP_ID, userID, secret: TEST_SECRET, effectiveTimeInSeconds: 3600 })
      expect(await c.request('login', { appID: TEST_APP_ID, userID, userName: `${userID} name`, token })).toMatchObject({ ok: true })
      return c
    },
    closeAll(): void {
      for (const c of clients.splice(0))
        c.close()
    },
  }
}

/** A service for one test file (port 0, quiet, the test AppID), started before and stopped after its tests. */
export function useTestServer(options: Partial<StartServerOptions> = {}) {
  let server: RunningServer
  const users = serverUsers(() => server)
  beforeAll(async () => {
    server = await startServer({ port: 0, quiet: true, appID: TEST_APP_ID, serverSecret: TEST_SECRET, ...options })
  })
  afterAll(async () => {
    users.closeAll()
    await server?.close()
  })
  return { server: () => server, users }
}

export function ok<T>(reply: Reply): T {
  if (!reply.ok)
    throw new Error(`expected ok, got ${reply.code} ${reply.message}`)
  return reply.data as T
}

export function sendText(c: ProtocolClient, to: string, text: string) {
  return c.request('send', { message: { type: 1, message: text }, toConversationID: to, conversationType: 0, priority: 1 })
}
