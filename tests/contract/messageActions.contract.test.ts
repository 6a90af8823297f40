// revokeMessage and deleteMessages: the SDK's local checks, on the real zego-zim-miniprogram
// and zego-zim-web and on the stand-in. Those checks run only when the SDK believes it is
// signed in (its `createNotLoggedError` reads `econf.user.userID` and `econf.token`), and
// the real SDKs cannot reach ZEGO from here: they get those two fields set by hand, which
// is all their local checks look at. The stand-in signs in for real against the local
// service. Every call below is refused (or settled) before any request would leave; one
// that would reach a server is not part of this file (the service's own tests have those).
import { describe, expect, it } from 'vitest'
import type { ZIMMessage } from 'zego-zim-miniprogram'
import type { ZimClient } from '@/zim/types'
import type { DriverId } from './drivers'
import { type Outcome, outcomeOf } from './harness'
import { holdContract } from './report'
import { useSignedInDrivers } from './signedInDrivers'
import type { KnownDifference } from './scenarios'

const APP_ID = 1_618_033_988
const SECRET = 'actions-test-secret-0123456789ab'

const { drivers, rows } = useSignedInDrivers({
  appID: APP_ID,
  secret: SECRET,
  report: {
    file: 'messageActions',
    order: 4,
    notes: {
      'How the real SDKs are "signed in" here': ['`engine.econf.user.userID` and `engine.econf.token` set by hand: the only fields their login check reads; no request leaves.'],
      'Where the stand-in and the local service differ from ZEGO (not observable without ZEGO\'s servers)': [
        'deleteMessages with isAlsoDeleteServerMessage: false resolves but hides nothing: the stand-in keeps no local store, so the next history query returns the message again.',
        'Recalling another member\'s message in a one-to-one chat, or a message the service does not have: 6000007 (the service\'s guess; ZEGO\'s server code for it is not documented).',
        'The local service keeps one session per user (a second login kicks the first), so no other device of the user ever gets messageDeleted.',
        'Recall window: 2 minutes, fixed (ZEGO\'s console can change it).',
      ],
    },
  },
})

/** A message as the server gave it: with messageID and messageSeq. */
const sent = (fields: Partial<ZIMMessage> = {}) => ({
  type: 1,
  message: 'hi',
  messageID: '7',
  localMessageID: '7',
  messageSeq: 3,
  conversationID: 'bob',
  conversationType: 0,
  senderUserID: 'alice',
  direction: 0,
  sentStatus: 1,
  ...fields,
}) as ZIMMessage

interface ActionScenario {
  id: string
  title: string
  run: (zim: ZimClient) => Promise<Outcome>
  check?: (o: Outcome) => void
  differences?: KnownDifference[]
}

const scenarios: ActionScenario[] = [
  {
    id: 'sdk.revoke-local-checks',
    title: 'revokeMessage refuses, before any request, a message without conversationID or messageSeq, a command or tips message, and a room message (6000001)',
    async run(zim) {
      const cases: [string, ZIMMessage | null][] = [
        ['no messageSeq (never sent)', sent({ messageSeq: 0 })],
        ['no conversationID', sent({ conversationID: '' })],
        ['null message', null],
        ['a command message', sent({ type: 2 })],
        ['a tips message', sent({ type: 32 })],
        ['a room message', sent({ conversationType: 1 })],
        ['conversationType 9', sent({ conversationType: 9 as never })],
      ]
      const out: Outcome = {}
      for (const [label, message] of cases)
        out[label] = await outcomeOf(() => zim.revokeMessage(message as ZIMMessage, { revokeExtendedData: '' }))
      return out
    },
    check(o) {
      for (const value of Object.values(o))
        expect(value).toMatch(/^rejected 6000001 API\.revokeMessage: /)
      expect(o['a room message']).toBe('rejected 6000001 API.revokeMessage: The message conversation type is not support.')
    },
  },
  {
    id: 'sdk.delete-local-checks',
    title: 'deleteMessages refuses an empty list, a bad conversation, a room and a message of another conversation (6000001); a message the server never had is deleted locally',
    async run(zim) {
      const unsent = sent({ messageID: '', messageSeq: 0, localMessageID: 'local-1', sentStatus: 2 })
      const cases: [string, () => unknown][] = [
        ['empty list', () => zim.deleteMessages([], 'bob', 0, { isAlsoDeleteServerMessage: true })],
        ['not a list', () => zim.deleteMessages(null as never, 'bob', 0, { isAlsoDeleteServerMessage: true })],
        ['empty conversationID', () => zim.deleteMessages([sent()], '', 0, { isAlsoDeleteServerMessage: true })],
        ['a room', () => zim.deleteMessages([sent({ conversationType: 1 })], 'bob', 1, { isAlsoDeleteServerMessage: true })],
        ['a message of another conversation', () => zim.deleteMessages([sent({ conversationID: 'carol' })], 'bob', 0, { isAlsoDeleteServerMessage: true })],
        ['a message without localMessageID', () => zim.deleteMessages([sent({ localMessageID: '' })], 'bob', 0, { isAlsoDeleteServerMessage: true })],
        ['a failed send (no messageSeq), default config', () => zim.deleteMessages([unsent], 'bob', 0, undefined as never)],
      ]
      const out: Outcome = {}
      for (const [label, call] of cases)
        out[label] = await outcomeOf(call)
      return out
    },
    check(o) {
      expect(o['empty list']).toBe('rejected 6000001 API.deleteMessages: messageList is invalid.')
      expect(o['a room']).toBe('rejected 6000001 API.deleteMessages: conversationType is invalid.')
      expect(o['a message of another conversation']).toMatch(/^rejected 6000001 API\.deleteMessages: Some messages/)
      expect(o['a failed send (no messageSeq), default config']).toBe('resolved')
    },
  },
]

describe('ZIM contract: revokeMessage and deleteMessages local checks', () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.title}`, async () => {
      const outcomes = {} as Record<DriverId, Outcome>
      for (const d of drivers)
        outcomes[d.id] = await scenario.run(d.client())
      holdContract({ ...scenario, layer: 'SDK' }, outcomes, rows)
    }, 30_000)
  }
})
