// The service's logs: JSON lines with levels (pino), naming users and ops, never what a
// message says, and nothing at all when quiet (as every other test runs it).
import { describe, expect, it } from 'vitest'
import { ok, sendText, until, useTestServer } from './helpers/serverUsers'

const lines: string[] = []
const { users } = useTestServer({
  quiet: false,
  logLevel: 'debug',
  logDestination: { write: line => lines.push(line) },
  limits: { maxUnsentBytes: 64 * 1024 },
})

describe('logs', () => {
  it('are JSON lines with levels that name users and events, never the text of a message', async () => {
    const alice = await users.loggedIn('log-alice')
    await users.loggedIn('log-bob')
    const secret = 'the words only bob may read'
    ok(await sendText(alice, 'log-bob', secret))
    ok(await alice.request('send', { message: { type: 1, message: secret, localMessageID: 'k1' }, toConversationID: 'log-bob', conversationType: 0, priority: 1 }))
    ok(await alice.request('send', { message: { type: 1, message: secret, localMessageID: 'k1' }, toConversationID: 'log-bob', conversationType: 0, priority: 1 }))
    await until(() => lines.some(l => l.includes('repeated send')), 'the repeated send to be logged')

    const entries = lines.map(l => JSON.parse(l) as { level: number, msg: string, user?: string })
    expect(entries.find(e => e.msg === 'logged in' && e.user === 'log-alice')).toMatchObject({ level: 30 })
    expect(entries.find(e => e.msg.includes('repeated send'))).toMatchObject({ level: 20, user: 'log-alice' })
    expect(lines.join('\n')).not.toContain(secret)
  })

  it('a slow reader closed is a warning', async () => {
    const slow = await users.loggedIn('log-slow')
    ;(slow.ws as unknown as { _socket: { pause: () => void } })._socket.pause()
    for (let i = 0; i < 200; i++)
      slow.ws.send(JSON.stringify({ id: 10 + i, op: 'queryConversations', count: 100 }))
    const friend = await users.loggedIn('log-friend')
    for (let i = 0; i < 20; i++)
      ok(await sendText(friend, 'log-slow', 'x'.repeat(20_000)))
    await until(() => lines.some(l => l.includes('slow reader closed')), 'the warning', 10_000)
    expect(JSON.parse(lines.find(l => l.includes('slow reader closed'))!)).toMatchObject({ level: 40, user: 'log-slow' })
  })
})
