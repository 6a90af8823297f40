// Read receipts: the SDK's local checks, on the real zego-zim-miniprogram and zego-zim-web
// and on the stand-in (local/receipts.ts). As in messageActions.contract.test.ts, the real
// SDKs get the two fields their login check reads set by hand (no request leaves); the
// stand-in signs in for real. Every call below is refused before a request would leave,
// except where a row says the stand-in asks the local service instead.
import { describe, expect, it } from 'vitest'
import type { ZIMMessage } from 'zego-zim-miniprogram'
import type { ZimClient } from '@/zim/types'
import type { DriverId } from './drivers'
import { type Outcome, outcomeOf } from './harness'
import { holdContract } from './report'
import { useSignedInDrivers } from './signedInDrivers'
import type { KnownDifference } from './scenarios'

const APP_ID = 1_414_213_562
const SECRET = 'receipt-test-secret-0123456789ab'

const { drivers, rows } = useSignedInDrivers({
  appID: APP_ID,
  secret: SECRET,
  report: {
    file: 'receipts',
    order: 8,
    notes: {
      'How the real SDKs are "signed in" here': ['`engine.econf.user.userID` and `engine.econf.token` set by hand: the only fields their login check reads; no request leaves.'],
      'Where the stand-in and the local service differ from ZEGO (read from the SDK\'s code, not observable without ZEGO\'s servers)': [
        'sendConversationMessageReceiptRead: the SDK answers from its own records when nothing new arrived since its last receipt (no request); the stand-in always asks the service, which tells the sender only when something was newly read.',
        'conversationMessageReceiptChanged: the SDK fills messageID with the conversation\'s message seq and readTime 0; the local service sends the last read message\'s ID and the time of the read. The app treats a readTime of 0 as "everything sent so far".',
        'queryMessageReceiptsInfo: the SDK answers from receipt data the server pushed earlier; the stand-in asks the service each time.',
        'Messages in a history page carry receiptStatus 2 (Done) where they are read from the viewer\'s side, 1 (Processing) otherwise; live pushes of a new message carry 1.',
        'More than 10 messages in one sendMessageReceiptsRead: ZEGO\'s server refuses (100039 → 6000282); the local service does the same.',
        'A group message\'s unread count is the group\'s members now, but its sender, who have not read it (ZEGO counts the members when it was sent).',
        'Receipt events reach a sender who is online; one who was offline learns the state from queryMessageReceiptsInfo (the app asks when a chat opens).',
      ],
    },
  },
})

/** A message as the server gave it, received from bob unless the fields say otherwise. */
const message = (fields: Partial<ZIMMessage> = {}) => ({
  type: 1,
  message: 'hi',
  messageID: '7',
  localMessageID: '7',
  messageSeq: 3,
  conversationID: 'bob',
  conversationType: 0,
  senderUserID: 'bob',
  direction: 1,
  sentStatus: 1,
  receiptStatus: 1,
  ...fields,
}) as ZIMMessage

/** One of alice's group messages, sent with a receipt. */
const mine = (fields: Partial<ZIMMessage> = {}) => message({ conversationID: 'g1', conversationType: 2, senderUserID: 'alice', direction: 0, ...fields })

interface ReceiptScenario {
  id: string
  title: string
  run: (zim: ZimClient) => Promise<Outcome>
  check?: (o: Outcome) => void
  differences?: KnownDifference[]
}

async function each(cases: [string, () => unknown][]): Promise<Outcome> {
  const out: Outcome = {}
  for (const [label, call] of cases)
    out[label] = await outcomeOf(call)
  return out
}

const page = { nextFlag: 0, count: 10 }

const scenarios: ReceiptScenario[] = [
  {
    id: 'sdk.receipt-send-config',
    title: 'sendMessage with hasReceipt refuses rooms and command messages before attaching (6000001)',
    run: zim => each([
      ['a room text', () => zim.sendMessage({ type: 1, message: 'hi' } as ZIMMessage, 'room1', 1, { priority: 1, hasReceipt: true } as never)],
      ['a peer command', () => zim.sendMessage({ type: 2, message: new Uint8Array([1]) } as never, 'bob', 0, { priority: 1, hasReceipt: true } as never)],
      ['a group command', () => zim.sendMessage({ type: 2, message: new Uint8Array([1]) } as never, 'g1', 2, { priority: 1, hasReceipt: true } as never)],
    ]),
    check(o) {
      for (const value of Object.values(o))
        expect(value).toBe('rejected 6000001 API.sendMessage: The message type is not support setting receipt.')
    },
  },
  {
    id: 'sdk.conversation-receipt-local-checks',
    title: 'sendConversationMessageReceiptRead: peer chats only, a valid conversationID (6000001); a conversation nobody wrote in is 6000603',
    run: async (zim) => {
      const out = await each([
        ['empty conversationID', () => zim.sendConversationMessageReceiptRead('', 0)],
        ['conversationID of 1025 characters', () => zim.sendConversationMessageReceiptRead('x'.repeat(1025), 0)],
        ['a group', () => zim.sendConversationMessageReceiptRead('g1', 2)],
        ['a room', () => zim.sendConversationMessageReceiptRead('room1', 1)],
      ])
      // the texts differ (the SDK's own message, the service's): the code is the contract.
      const unknown = await outcomeOf(() => zim.sendConversationMessageReceiptRead('nobody-here', 0), 2000)
      out['a conversation nobody wrote in (code)'] = unknown.split(' ').slice(0, 2).join(' ')
      return out
    },
    check(o) {
      expect(o['empty conversationID']).toBe('rejected 6000001 API.sendConversationMessageReceiptRead: conversationID is invalid.')
      expect(o['a group']).toBe('rejected 6000001 API.sendConversationMessageReceiptRead: conversationType is invalid.')
      expect(o['a conversation nobody wrote in (code)']).toBe('rejected 6000603')
    },
  },
  {
    id: 'sdk.message-receipts-local-checks',
    title: 'sendMessageReceiptsRead: peer or group, a non-empty list, at least one received message still Processing in that conversation (6000001)',
    run: zim => each([
      ['empty list', () => zim.sendMessageReceiptsRead([], 'bob', 0)],
      ['not a list', () => zim.sendMessageReceiptsRead(null as never, 'bob', 0)],
      ['a room', () => zim.sendMessageReceiptsRead([message({ conversationType: 1 })], 'bob', 1)],
      ['empty conversationID', () => zim.sendMessageReceiptsRead([message()], '', 0)],
      ['our own message', () => zim.sendMessageReceiptsRead([message({ direction: 0, senderUserID: 'alice' })], 'bob', 0)],
      ['no receipt asked', () => zim.sendMessageReceiptsRead([message({ receiptStatus: 0 })], 'bob', 0)],
      ['already read', () => zim.sendMessageReceiptsRead([message({ receiptStatus: 2 })], 'bob', 0)],
      ['another conversation', () => zim.sendMessageReceiptsRead([message({ conversationID: 'carol' })], 'bob', 0)],
      ['never sent (no messageSeq)', () => zim.sendMessageReceiptsRead([message({ messageSeq: 0 })], 'bob', 0)],
    ]),
    check(o) {
      expect(o['empty list']).toBe('rejected 6000001 API.sendMessageReceiptsRead: messageList is invalid.')
      expect(o['a room']).toBe('rejected 6000001 API.sendMessageReceiptsRead: conversationType is invalid.')
      expect(o['our own message']).toBe('rejected 6000001 API.sendMessageReceiptsRead: Every message in the conversationID is not received receipt processing message.')
    },
  },
  {
    id: 'sdk.query-receipts-local-checks',
    title: 'queryMessageReceiptsInfo: peer or group, a non-empty list, at least one message with a receipt in that conversation (6000001)',
    run: zim => each([
      ['empty list', () => zim.queryMessageReceiptsInfo([], 'bob', 0)],
      ['a room', () => zim.queryMessageReceiptsInfo([message({ conversationType: 1 })], 'bob', 1)],
      ['no receipt asked', () => zim.queryMessageReceiptsInfo([message({ receiptStatus: 0 })], 'bob', 0)],
      ['another conversation', () => zim.queryMessageReceiptsInfo([message({ conversationID: 'carol' })], 'bob', 0)],
    ]),
    check(o) {
      expect(o['no receipt asked']).toBe('rejected 6000001 API.queryMessageReceiptsInfo: Every messages in the conversationID is not receipt message.')
    },
  },
  {
    id: 'sdk.receipt-members-local-checks',
    title: 'queryGroupMessageReceiptRead/UnreadMemberList: a valid groupID and count, our own sent group message with a receipt (6000001; the unread list\'s errors say "…ReadMemberList1")',
    run: zim => each([
      ['read: empty groupID', () => zim.queryGroupMessageReceiptReadMemberList(mine(), '', page)],
      ['read: no config', () => zim.queryGroupMessageReceiptReadMemberList(mine(), 'g1', null as never)],
      ['read: count not a number', () => zim.queryGroupMessageReceiptReadMemberList(mine(), 'g1', { nextFlag: 0, count: 'x' } as never)],
      ['read: someone else\'s message', () => zim.queryGroupMessageReceiptReadMemberList(mine({ senderUserID: 'bob' }), 'g1', page)],
      ['read: still sending', () => zim.queryGroupMessageReceiptReadMemberList(mine({ sentStatus: 0 }), 'g1', page)],
      ['read: no receipt asked', () => zim.queryGroupMessageReceiptReadMemberList(mine({ receiptStatus: 0 }), 'g1', page)],
      ['read: a command', () => zim.queryGroupMessageReceiptReadMemberList(mine({ type: 2 }), 'g1', page)],
      ['read: another group', () => zim.queryGroupMessageReceiptReadMemberList(mine(), 'g2', page)],
      ['read: a peer message', () => zim.queryGroupMessageReceiptReadMemberList(mine({ conversationType: 0, conversationID: 'g1' }), 'g1', page)],
      ['unread: empty groupID', () => zim.queryGroupMessageReceiptUnreadMemberList(mine(), '', page)],
      ['unread: someone else\'s message', () => zim.queryGroupMessageReceiptUnreadMemberList(mine({ senderUserID: 'bob' }), 'g1', page)],
    ]),
    check(o) {
      expect(o['read: empty groupID']).toBe('rejected 6000001 API.queryGroupMessageReceiptReadMemberList: groupID is invalid.')
      expect(o['unread: someone else\'s message']).toBe('rejected 6000001 API.queryGroupMessageReceiptReadMemberList1: The message instance is not a successfully sent or not sent by self.')
    },
  },
]

describe('ZIM contract: read receipts local checks', () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.title}`, async () => {
      const outcomes = {} as Record<DriverId, Outcome>
      for (const d of drivers)
        outcomes[d.id] = await scenario.run(d.client())
      holdContract({ ...scenario, layer: 'SDK' }, outcomes, rows)
    }, 30_000)
  }
})
