// Builds the H5 app against a local service on a free port, serves the build
// statically, and hands both URLs to the tests. Everything listens on 127.0.0.1
// and stops in teardown.
//
// Tests that need the service to go away and come back (offline.e2e.test.ts) get a
// control URL: POST /service/stop closes the service, POST /service/start starts it
// again on the same port with the same file database. That endpoint belongs to this
// harness, not to the service, listens on 127.0.0.1 only and exists only here.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { GlobalSetupContext } from 'vitest/node'
import { buildH5For, serveStatic } from '../../scripts/h5/serve'
import { startServer, type RunningServer } from '../../scripts/server/app'

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string
    serviceHttpUrl: string
    screenshotDir: string
    /** POST /service/stop, POST /service/start (loopback only; see above). */
    serviceControlUrl: string
  }
}

/** Stops and starts the service on its port; answers 200 with {running}. */
function serveControl(getService: () => RunningServer | null, stop: () => Promise<void>, start: () => Promise<void>): Promise<{ server: Server, url: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (req.method !== 'POST' || (path !== '/service/stop' && path !== '/service/start'))
      return reply(404, { error: 'POST /service/stop or /service/start' })
    const action = path === '/service/stop' ? stop : start
    action().then(
      () => reply(200, { running: getService() !== null }),
      error => reply(500, { error: String(error) }),
    )
  })
  return new Promise(done => server.listen(0, '127.0.0.1', () => {
    const address = server.address()
    done({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })
  }))
}

export default async function setup({ provide }: GlobalSetupContext) {
  // A file database, so what was stored survives a stop/start of the service.
  const dataDir = mkdtempSync(join(tmpdir(), 'zim-e2e-data-'))
  let service: RunningServer | null = await startServer({ port: 0, dbPath: join(dataDir, 'zim.sqlite'), quiet: true })
  const serviceOptions = service.options
  const stopService = async () => {
    const running = service
    service = null
    await running?.close()
  }
  const startService = async () => {
    service ??= await startServer(serviceOptions)
  }
  const started = Date.now()
  const outDir = buildH5For(service, 'zim-e2e-h5-')
  console.info(`e2e: H5 build in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  const web = await serveStatic(outDir)
  const control = await serveControl(() => service, stopService, startService)
  provide('appUrl', web.url)
  provide('serviceHttpUrl', service.httpUrl)
  provide('screenshotDir', resolve('test-results/e2e'))
  provide('serviceControlUrl', control.url)
  return async () => {
    await new Promise(done => web.server.close(done))
    await new Promise(done => control.server.close(done))
    await stopService()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
