// What the real SDK does after ZEGO's server refuses a login cannot be observed here (it
// needs ZEGO's servers), so this row is the stand-in's, against the real local service,
// checked against the SDK's own code: zego-zim-miniprogram 2.29.0 sets
// `loginExecutor.notSendError` to the refusal for 10 s (`setTimeout(…, 1e4)`), unless the
// refusal is a network error (6000104/6000105), an expired token or a kick-out; `login()`
// rejects with it at once meanwhile, and `logout()` (`onLogout`) clears it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../scripts/server/app'
import { generateToken04 } from '../../scripts/server/token04'
import { type Driver, standinDriver } from './drivers'
import { loginConfig, type Outcome, sleep, stateText, track, until } from './harness'
import { type ReportRow, writeReport } from './report'

const APP_ID = 2_718_281_828
const SECRET = 'refusal-test-secret-0123456789ab'
const OTHER_SECRET = 'another-secret-for-bad-tokens-00'

let server: RunningServer
let driver: Driver
const rows: ReportRow[] = []

beforeAll(async () => {
  server = await startServer({ port: 0, quiet: true, appID: APP_ID, serverSecret: SECRET })
  driver = standinDriver(APP_ID, server.wsUrl)
})

afterAll(async () => {
  writeReport({
    file: 'refusal',
    order: 3,
    reference: 'standin',
    drivers: ['standin'],
    versions: { standin: driver.ZIM.getVersion() },
    rows,
    notes: {
      'The real SDK, read from its code (zego-zim-miniprogram 2.29.0, `loginExecutor.notSendError`)': [
        'A login the server refuses (other than a network error, an expired token or a kick-out) emits (0, 3) and keeps the refusal for 10 s.',
        'Every login() in those 10 s rejects at once with that refusal, before its token format is checked and without a connection.',
        'logout() clears it.',
      ],
    },
  })
  await server?.close()
})

const sign = (secret: string) => generateToken04({ appID: APP_ID, userID: 'alice', secret, effectiveTimeInSeconds: 3600 })

describe('after the service refuses a login', () => {
  it('standin.login-lockout: logins in the next 10 s reject at once with the same error; logout() lifts it', async () => {
    const zim = driver.client()
    const out: Outcome = {}
    const refused = track(zim.login('alice', loginConfig(sign(OTHER_SECRET))))
    await until(() => refused.state !== 'pending', 'the refusal')
    out['login with a token the service refuses'] = stateText(refused)

    const before = driver.connectAttempts()
    const good = track(zim.login('alice', loginConfig(sign(SECRET))))
    const badFormat = track(zim.login('alice', loginConfig('')))
    await sleep(50)
    out['a good token at once'] = stateText(good)
    out['a malformed token at once'] = stateText(badFormat)
    out['connections opened meanwhile'] = driver.connectAttempts() - before

    zim.logout()
    const afterLogout = track(zim.login('alice', loginConfig(sign(SECRET))))
    await until(() => afterLogout.state !== 'pending', 'the login after logout()')
    out['a good token after logout()'] = stateText(afterLogout)
    zim.logout()

    rows.push({ id: 'standin.login-lockout', layer: 'SDK', title: 'After the service refuses a login, logins in the next 10 s reject at once with the same error; logout() lifts it', outcomes: { standin: out }, differences: [], findings: [] })
    expect(out).toEqual({
      'login with a token the service refuses': expect.stringMatching(/^rejected 6000103 /),
      'a good token at once': out['login with a token the service refuses'],
      'a malformed token at once': out['login with a token the service refuses'],
      'connections opened meanwhile': 0,
      'a good token after logout()': 'resolved',
    })
  }, 30_000)
})
