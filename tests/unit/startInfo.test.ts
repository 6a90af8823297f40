// What `npm start` tells the person: the URL Vite bound, the service port handed to the app,
// a busy port in words.
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { startServer } from '../../scripts/server/app'
import { appBanner, appEnv, boundUrl, explainStartError } from '../../scripts/startInfo'
import { resolveZimConfig } from '@/zim/resolveConfig'

const ESC = String.fromCharCode(27)

describe('npm start', () => {
  it('reads the URL Vite bound from its coloured output', () => {
    const chunk = `  ${ESC}[32m➜${ESC}[39m  ${ESC}[1mLocal${ESC}[22m:   ${ESC}[36mhttp://127.0.0.1:${ESC}[1m5174${ESC}[22m/${ESC}[39m\n`
    expect(boundUrl(chunk)).toBe('http://127.0.0.1:5174/')
    expect(boundUrl('  vite v5.2.8 dev server running at:\n')).toBeNull()
  })

  it('prints that URL and says when the asked port was taken', () => {
    expect(appBanner('http://127.0.0.1:5173/', 5173).join('\n')).not.toMatch(/taken/)
    const moved = appBanner('http://127.0.0.1:5174/', 5173).join('\n')
    expect(moved).toContain('http://127.0.0.1:5174/')
    expect(moved).toContain('Port 5173 was taken, so the dev server is on 5174')
  })

  it('carries the service port into the app\'s service URLs, on the page\'s host', () => {
    const env = appEnv({ PATH: '/bin' }, 9911)
    expect(env.VITE_ZIM_LOCAL_PORT).toBe('9911')
    const config = resolveZimConfig({ VITE_ZIM_LOCAL_PORT: env.VITE_ZIM_LOCAL_PORT })
    expect(config.tokenUrl).toBe('http://127.0.0.1:9911/api/token')
    expect(config.localServiceUrl).toBe('ws://127.0.0.1:9911/zim')
    // A port the person set themselves wins.
    expect(appEnv({ VITE_ZIM_LOCAL_PORT: '9000' }, 9911).VITE_ZIM_LOCAL_PORT).toBe('9000')
  })

  it('explains a busy service port instead of a stack trace', async () => {
    const blocker = createServer()
    await new Promise<void>(done => blocker.listen(0, '127.0.0.1', done))
    const port = (blocker.address() as { port: number }).port
    try {
      const error = await startServer({ port, host: '127.0.0.1', dbPath: ':memory:', quiet: true }).then(
        server => server.close().then(() => null),
        (err: unknown) => err,
      )
      expect(explainStartError(error, port)).toBe(`Port ${port} is already in use, so the local ZIM service cannot start. Another "npm start" or "npm run server" may be running: stop it, or start on another port with PORT=<port> npm start (the app follows).`)
    }
    finally {
      await new Promise(done => blocker.close(done))
    }
  })
})
