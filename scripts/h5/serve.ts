// The H5 build against one local service, served statically on 127.0.0.1: what the e2e
// tier and the browser benchmark open in Chromium.
import { execFileSync } from 'node:child_process'
import { createReadStream, existsSync, mkdtempSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, resolve } from 'node:path'
import type { RunningServer } from '../server/app'

/** Builds the H5 app into a fresh temporary folder, its token and ZIM URLs on `service`. */
export function buildH5For(service: RunningServer, prefix: string): string {
  const outDir = mkdtempSync(join(tmpdir(), prefix))
  execFileSync('npx', ['uni', 'build', '--outDir', outDir], {
    stdio: 'pipe',
    env: {
      ...process.env,
      VITE_TOKEN_URL: `${service.httpUrl}/api/token`,
      VITE_ZIM_LOCAL_URL: service.wsUrl,
    },
  })
  return outDir
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

export function serveStatic(root: string): Promise<{ server: Server, url: string }> {
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

