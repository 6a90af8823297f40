// Builds the H5 app against a local service on a free port, serves the build
// statically, and hands both URLs to the tests. Everything listens on 127.0.0.1
// and stops in teardown.
import { execFileSync } from 'node:child_process'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join, resolve } from 'node:path'
import type { GlobalSetupContext } from 'vitest/node'
import { startServer } from '../../scripts/server/app'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

function serveStatic(root: string): Promise<{ server: Server, url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0])
    let file = resolve(root, `.${path}`)
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory())
      file = join(root, 'index.html')
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
  })
  return new Promise(done => server.listen(0, '127.0.0.1', () => {
    const address = server.address()
    done({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` })
  }))
}

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string
    serviceHttpUrl: string
    screenshotDir: string
  }
}

export default async function setup({ provide }: GlobalSetupContext) {
  const service = await startServer({ port: 0, dbPath: ':memory:', quiet: true })
  const outDir = mkdtempSync(join(tmpdir(), 'zim-e2e-h5-'))
  const started = Date.now()
  execFileSync('npx', ['uni', 'build', '--outDir', outDir], {
    stdio: 'pipe',
    env: {
      ...process.env,
      VITE_TOKEN_URL: `${service.httpUrl}/api/token`,
      VITE_ZIM_LOCAL_URL: service.wsUrl,
    },
  })
  console.info(`e2e: H5 build in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  const web = await serveStatic(outDir)
  provide('appUrl', web.url)
  provide('serviceHttpUrl', service.httpUrl)
  provide('screenshotDir', resolve('test-results/e2e'))
  return async () => {
    await new Promise(done => web.server.close(done))
    await service.close()
  }
}
