// Stand-in clients (src/zim/local) signed in against a test service, each recording every
// event it gets in order: the view a real app would have of groups and rooms.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import type { RunningServer, StartServerOptions } from '../../../scripts/server/app'
import { startServer } from '../../../scripts/server/app'
import { generateToken04 } from '../../../scripts/server/token04'
import { configure, LocalZim, resetConfig } from '../../../src/zim/local/index'
import type { ZimEventData, ZimEventName } from '../../../src/zim/types'
import { wsSocketFactory } from '../../helpers/wsSocket'

const SECRET = 'groups-test-secret-0123456789abc'
const APP_ID = 777000222

/** Every event of the SDK a group or room test may look at. */
const RECORDED: ZimEventName[] = [
  'connectionStateChanged',
  'conversationChanged',
  'messageSentStatusChanged',
  'peerMessageReceived',
  'groupMessageReceived',
  'roomMessageReceived',
  'groupStateChanged',
  'groupMemberStateChanged',
  'groupMemberInfoUpdated',
  'groupNameUpdated',
  'groupNoticeUpdated',
  'groupAvatarUrlUpdated',
  'roomStateChanged',
  'roomMemberJoined',
  'roomMemberLeft',
  'messageRevokeReceived',
  // conversation management
  'conversationTotalUnreadMessageCountUpdated',
]

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- events are inspected loosely
export interface Seen { name: ZimEventName, data: any }

export interface User {
  userID: string
  zim: LocalZim
  seen: Seen[]
  /** The data of each event of this name, in order. */
  events: <K extends ZimEventName>(name: K) => ZimEventData<K>[]
  /** Forget what was seen so far. */
  clear: () => void
}

export function useStandinUsers(options: Partial<StartServerOptions> = {}) {
  let server: RunningServer
  const made: LocalZim[] = []

  beforeAll(async () => {
    server = await startServer({ port: 0, dbPath: ':memory:', quiet: true, appID: APP_ID, serverSecret: SECRET, ...options })
  })
  afterAll(async () => {
    resetConfig()
    await server?.close()
  })
  beforeEach(() => {
    // Send pacing (100 ms a conversation) has its own tests; here it would only slow the scenes down.
    configure({ url: server.wsUrl, socketFactory: wsSocketFactory, retryDelaysMs: [50], sendMinGapMs: 0 })
  })
  afterEach(() => {
    for (const zim of made.splice(0))
      zim.destroy()
  })

  function user(userID: string): User {
    const zim = LocalZim.createDetached(APP_ID)
    made.push(zim)
    const seen: Seen[] = []
    for (const name of RECORDED)
      zim.on(name, ((_z: unknown, data: unknown) => seen.push({ name, data })) as never)
    return {
      userID,
      zim,
      seen,
      events: name => seen.filter(e => e.name === name).map(e => e.data),
      clear: () => void seen.splice(0),
    }
  }

  return {
    server: () => server,
    user,
    async loggedIn(userID: string): Promise<User> {
      const u = user(userID)
      await login(u)
      return u
    },
    login,
  }

  function login(u: User): Promise<void> {
    const token = generateToken04({ appID: APP_ID, userID: u.userID, secret: SECRET, effectiveTimeInSeconds: 3600 })
    return u.zim.login(u.userID, { userName: `${u.userID} name`, token } as never)
  }
}

/** A text message as the app makes one. */
export const text = (message: string) => ({ type: 1, message }) as never
export const SEND_CONFIG = { priority: 1 } as never
