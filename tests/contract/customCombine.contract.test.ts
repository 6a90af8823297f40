// Custom (200) and combined (100) messages: sendMessage's and queryCombineMessageDetail's
// local checks, on the real zego-zim-miniprogram and zego-zim-web and on the stand-in. Those checks run only when the SDK believes it is
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

const APP_ID = 1_414_213_562
const SECRET = 'combine-test-secret-0123456789ab'

const { drivers, rows } = useSignedInDrivers({
  appID: APP_ID,
  secret: SECRET,
  report: {
    file: 'customCombine',
    order: 5,
    notes: {
      'How the real SDKs are "signed in" here': ['`engine.econf.user.userID` and `engine.econf.token` set by hand: the only fields their login check reads; no request leaves.'],
      'Read from zego-zim-miniprogram 2.29.0 (_checkMsgContent, _checkSubMsg, queryCombineMsg)': [
        'Combine title ≤ cloudSetting.scale.cb_msg_title_len (100) bytes and summary ≤ cb_msg_summary_len (500), both non-empty strings.',
        'Children: a list, non-empty unless the combined message has a messageID (forwarding one the server has); each sent (sentStatus 1), not user-inserted, broadcast or group-targeted, and not of type 0, 2, 20, 31 or 32.',
        'Custom: body as a text body (non-blank string ≤ 49,152 bytes), subType compared as subType < 0 || 200 < subType (undefined passes).',
      ],
      'Where the stand-in differs (not observable without ZEGO\'s servers)': [
        'The SDK posts the children as a protobuf file (wx.request multipart) and fetches them with wx.downloadFile; the stand-in sends them as an uploadCombine op and reads them with queryCombine on its socket; the local service lets only the uploader and members of a conversation the combined message went into read them (else 6000007, its own guess).',
        'The SDK builds the combineID on the device (0-<type>_<localMessageID>_<aesKey>-<conversationID>); the local service hands out its own.',
        'The local service also holds a custom body to the documented 32 KB; command messages it relays to an online receiver and stores none (no history, no unread, no offline delivery).',
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

interface LocalScenario {
  id: string
  title: string
  run: (zim: ZimClient) => Promise<Outcome>
  check?: (o: Outcome) => void
  differences?: KnownDifference[]
}

const CONFIG = { priority: 1 } as never
let peer = 0
/** A fresh conversation per call: the SDK paces sends per conversation, checks come first anyway. */
const nextPeer = () => `peer${++peer}`

const custom = (fields: Record<string, unknown>) => ({ type: 200, message: 'card', subType: 1, searchedContent: '', ...fields }) as unknown as ZIMMessage
const child = (fields: Partial<ZIMMessage> = {}) => sent({ messageID: '11', ...fields })
const combine = (fields: Record<string, unknown>) => ({ type: 100, title: 'Chat history', summary: 'a: hi', messageList: [child()], ...fields }) as unknown as ZIMMessage

const scenarios: LocalScenario[] = [
  {
    id: 'sdk.custom-local-checks',
    title: 'sendMessage refuses a custom message with subType outside 0–200 or a blank or oversized body (6000001), before any request',
    async run(zim) {
      const cases: [string, ZIMMessage][] = [
        ['subType -1', custom({ subType: -1 })],
        ['subType 201', custom({ subType: 201 })],
        ['subType "300" (a string)', custom({ subType: '300' })],
        ['empty body', custom({ message: '' })],
        ['blank body', custom({ message: '  ' })],
        ['body of 49,153 bytes', custom({ message: 'x'.repeat(49_153) })],
        ['body not a string', custom({ message: 42 })],
      ]
      const out: Outcome = {}
      for (const [label, message] of cases)
        out[label] = await outcomeOf(() => zim.sendMessage(message, nextPeer(), 0, CONFIG))
      return out
    },
    check(o) {
      expect(o['subType 201']).toBe('rejected 6000001 API.sendMessage: The message of subType is invalid.')
      expect(o['body of 49,153 bytes']).toBe('rejected 6000001 API.sendMessage: The message body is empty or its byte size exceeds.')
      for (const value of Object.values(o))
        expect(value).toMatch(/^rejected 6000001 API\.sendMessage: /)
    },
  },
  {
    id: 'sdk.combine-local-checks',
    title: 'sendMessage refuses a combined message with a title over 100 bytes, a summary over 500, no children, or a child not sent or of type command / barrage / tips / revoke (6000001)',
    async run(zim) {
      const cases: [string, ZIMMessage][] = [
        ['no title', combine({ title: undefined })],
        ['empty title', combine({ title: '' })],
        ['title of 101 bytes', combine({ title: 'x'.repeat(101) })],
        ['title of 34 CJK characters (102 bytes)', combine({ title: '聊'.repeat(34) })],
        ['no summary', combine({ summary: undefined })],
        ['summary of 501 bytes', combine({ summary: 'x'.repeat(501) })],
        ['messageList not a list', combine({ messageList: 'x' })],
        ['empty messageList, no messageID', combine({ messageList: [] })],
        ['a child that failed to send', combine({ messageList: [child({ sentStatus: 2 })] })],
        ['a child still sending', combine({ messageList: [child({ sentStatus: 0 })] })],
        ['a user-inserted child', combine({ messageList: [child({ isUserInserted: true })] })],
        ['a null child', combine({ messageList: [null] })],
        ['a command child', combine({ messageList: [child({ type: 2 })] })],
        ['a barrage child', combine({ messageList: [child({ type: 20 })] })],
        ['a tips child', combine({ messageList: [child({ type: 32 })] })],
        ['a revoke child', combine({ messageList: [child({ type: 31 })] })],
        ['a good child after a bad one', combine({ messageList: [child({ type: 2 }), child()] })],
      ]
      const out: Outcome = {}
      for (const [label, message] of cases)
        out[label] = await outcomeOf(() => zim.sendMessage(message, nextPeer(), 0, CONFIG))
      return out
    },
    check(o) {
      expect(o['title of 101 bytes']).toBe('rejected 6000001 API.sendMessage: The combine message title is invalid or its byte size exceeds 100.')
      expect(o['summary of 501 bytes']).toBe('rejected 6000001 API.sendMessage: The combine message summary is invalid or its byte size exceeds 500.')
      expect(o['empty messageList, no messageID']).toBe('rejected 6000001 API.sendMessage: The combine message list is invalid.')
      expect(o['a command child']).toBe('rejected 6000001 API.sendMessage: The combine message list includes invalid message.')
      for (const value of Object.values(o))
        expect(value).toMatch(/^rejected 6000001 API\.sendMessage: /)
    },
  },
  {
    id: 'sdk.combine-detail-check',
    title: 'queryCombineMessageDetail refuses anything but a combined message with a combineID (6000001)',
    async run(zim) {
      const cases: [string, unknown][] = [
        ['null', null],
        ['a text message', sent()],
        ['a combined message without combineID', combine({ messageID: '12', messageSeq: 4, sentStatus: 1 })],
      ]
      const out: Outcome = {}
      for (const [label, message] of cases)
        out[label] = await outcomeOf(() => zim.queryCombineMessageDetail(message as never))
      return out
    },
    check(o) {
      for (const value of Object.values(o))
        expect(value).toMatch(/^rejected 6000001 .*The combine message is invalid\.$/)
    },
  },
]

describe('ZIM contract: custom and combined messages, local checks', () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.title}`, async () => {
      const outcomes = {} as Record<DriverId, Outcome>
      for (const d of drivers)
        outcomes[d.id] = await scenario.run(d.client())
      holdContract({ ...scenario, layer: 'SDK' }, outcomes, rows)
    }, 30_000)
  }
})
