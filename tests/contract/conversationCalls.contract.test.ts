// Conversation management, users and search: the SDK's local checks and its local-only
// calls, on the real zego-zim-miniprogram and zego-zim-web and on the stand-in. As in
// messageActions.contract.test.ts, the real SDKs are "signed in" by setting the two fields
// their login check reads (no request can leave: the network is a stub); the stand-in signs
// in for real against the local service. What needs ZEGO's servers (the pin limit, the
// 10 users / 10 s limit, events pushed to other devices) is the service's, tested in
// tests/integration/conversationCalls-standin.test.ts and listed below as not observable.
import { describe, expect, it } from 'vitest'
import type { ZimClient } from '@/zim/types'
import type { DriverId } from './drivers'
import { type Outcome, outcomeOf, sleep } from './harness'
import { holdContract } from './report'
import { useSignedInDrivers } from './signedInDrivers'
import type { KnownDifference } from './scenarios'

const APP_ID = 1_414_213_562
const SECRET = 'convcalls-test-secret-0123456789'

const { drivers, rows } = useSignedInDrivers({
  appID: APP_ID,
  secret: SECRET,
  report: {
    file: 'conversationCalls',
    order: 8,
    notes: {
      'How the real SDKs are "signed in" here': ['`engine.econf.user.userID` and `engine.econf.token` set by hand: the only fields their login check reads; no request leaves.'],
      'Where the stand-in and the local service differ from ZEGO (not observable without ZEGO\'s servers)': [
        'Conversation orderKey is the last message\'s timestamp (+ 1e12 when pinned), as the SDK computes it; the service pages the list by it, with the previous page\'s last conversation breaking ties within a millisecond.',
        'pinnedTime is the service\'s clock (ms) when pinned; the SDK copies a value from ZEGO\'s reply (`conv_msg_seq` in its code).',
        'A repeated unpin is refused by the service (6000001 "Repeatedly unpin.", the SDK\'s text); the SDK itself refuses it only for a conversation it has locally, after the server answered.',
        'Pinning or muting a conversation the user has no messages in is 6000603 on the service; ZEGO keeps pin and mute lists for any conversation ID.',
        'Pin limit: 100 conversations (6000604), the stand-in\'s choice; ZEGO\'s is set per app.',
        'updateUserName / updateUserAvatarUrl: the service refuses a name over 256 bytes (or blank) and a URL over 500 bytes (6000001, naming the rule); what ZEGO\'s server answers there is not documented. A login with a non-empty userName sets the name again.',
        'queryUsersInfo: the service allows 10 users every 10 s per user (6000012) and 10 IDs a request (6000001); the stand-in, like the SDK, asks only for users it does not know yet unless isQueryFromServer.',
        'deleteConversation without the server copy: the service only marks it read (the SDK sends the same read position) and the stand-in reports Deleted; the next queryConversationList has it again, since the stand-in keeps no local store. deleteAllMessage without the server copy only clears the unread count, for the same reason.',
        'A conversation that has only a draft is not in the stand-in\'s queryConversationList (the service never hears of drafts); it is reported by conversationChanged when the draft is set, and drafts are gone after logout, as in the SDK.',
        'The local service keeps one session per user (a second login kicks the first): no other device of the user is online to get conversationChanged / messageDeleted pushes.',
      ],
    },
  },
})

interface CallScenario {
  id: string
  title: string
  run: (zim: ZimClient) => Promise<Outcome>
  check?: (o: Outcome) => void
  differences?: KnownDifference[]
}

async function outcomes(cases: [string, () => unknown][]): Promise<Outcome> {
  const out: Outcome = {}
  for (const [label, call] of cases)
    // the stand-in's 6000603 comes from the service: a round trip
    out[label] = await outcomeOf(call, 2000)
  return out
}

const LONG_ID = 'x'.repeat(1025)

const scenarios: CallScenario[] = [
  {
    id: 'sdk.pin-local-checks',
    title: 'updateConversationPinnedState refuses an empty or over-long ID and any type but 0 and 2, rooms included (6000001), before any request',
    run: zim => outcomes([
      ['empty conversationID', () => zim.updateConversationPinnedState(true, '', 0)],
      ['1025-character ID', () => zim.updateConversationPinnedState(true, LONG_ID, 0)],
      ['a room', () => zim.updateConversationPinnedState(true, 'r1', 1)],
      ['conversationType 9', () => zim.updateConversationPinnedState(false, 'bob', 9 as never)],
    ]),
    check(o) {
      expect(o['a room']).toBe('rejected 6000001 API.updateConversationPinnedState: conversationType is invalid.')
    },
  },
  {
    id: 'sdk.notification-local-checks',
    title: 'setConversationNotificationStatus takes status 1 or 2 for peer and group only (rooms: "not support"), 6000001 before any request',
    run: zim => outcomes([
      ['empty conversationID', () => zim.setConversationNotificationStatus(2, '', 0)],
      ['a room', () => zim.setConversationNotificationStatus(2, 'r1', 1)],
      ['status 0', () => zim.setConversationNotificationStatus(0 as never, 'bob', 0)],
      ['status 3', () => zim.setConversationNotificationStatus(3 as never, 'bob', 2)],
    ]),
    check(o) {
      expect(o['a room']).toBe('rejected 6000001 API.setConversationNotificationStatus: conversationType is not support.')
      expect(o['status 0']).toBe('rejected 6000001 API.setConversationNotificationStatus: status is invalid.')
    },
  },
  {
    id: 'sdk.draft-local-checks',
    title: 'setConversationDraft refuses a bad ID, a room and a draft that is not a string (6000001)',
    run: zim => outcomes([
      ['empty conversationID', () => zim.setConversationDraft('x', '', 0)],
      ['a room', () => zim.setConversationDraft('x', 'r1', 1)],
      ['draft null', () => zim.setConversationDraft(null as never, 'bob', 0)],
      ['draft 5', () => zim.setConversationDraft(5 as never, 'bob', 0)],
    ]),
    check(o) {
      expect(o['draft null']).toBe('rejected 6000001 API.setConversationDraft: draft is invalid.')
    },
  },
  {
    id: 'sdk.draft-local-only',
    title: 'setConversationDraft is local: it resolves at once, creates the conversation (conversationChanged Updated, the draft on it, orderKey = now); an empty draft on a conversation with nothing else resolves with no event',
    async run(zim) {
      const seen: { event: number, draft: string, orderKey: number }[] = []
      zim.on('conversationChanged', (_z, data) => {
        for (const info of data.infoList)
          seen.push({ event: info.event, draft: info.conversation.draft, orderKey: info.conversation.orderKey })
      })
      const before = Date.now()
      const set = await outcomeOf(() => zim.setConversationDraft('see you at 5', 'draft-peer', 0))
      const first = seen.splice(0)
      const empty = await outcomeOf(() => zim.setConversationDraft('', 'draft-nobody', 2))
      const afterEmpty = seen.splice(0)
      zim.off('conversationChanged')
      return {
        'set a draft': set,
        'events': first.map(e => `${e.event}:${e.draft}`).join(', ') || '(none)',
        'orderKey is now': first.length === 1 && first[0].orderKey >= before && first[0].orderKey <= Date.now(),
        'an empty draft on an unknown conversation': empty,
        'events after it': afterEmpty.length,
      }
    },
    check(o) {
      expect(o['set a draft']).toBe('resolved')
      expect(o.events).toBe('1:see you at 5')
    },
  },
  {
    id: 'sdk.delete-clear-local-checks',
    title: 'deleteConversation, clearConversationUnreadMessageCount and deleteAllMessage refuse a bad ID and rooms (6000001); an unknown conversation is 6000603',
    run: zim => outcomes([
      ['delete: empty ID', () => zim.deleteConversation('', 0, { isAlsoDeleteServerConversation: true })],
      ['delete: a room', () => zim.deleteConversation('r1', 1, { isAlsoDeleteServerConversation: true })],
      ['delete: unknown conversation (code)', () => zim.deleteConversation('never-talked', 0, { isAlsoDeleteServerConversation: true }).catch(e => Promise.reject({ code: e.code, message: '' }))],
      ['clear: a room', () => zim.clearConversationUnreadMessageCount('r1', 1)],
      ['clear: unknown conversation (code)', () => zim.clearConversationUnreadMessageCount('never-talked', 2).catch(e => Promise.reject({ code: e.code, message: '' }))],
      ['deleteAll: empty ID', () => zim.deleteAllMessage('', 0, { isAlsoDeleteServerMessage: true })],
      ['deleteAll: a room', () => zim.deleteAllMessage('r1', 1, { isAlsoDeleteServerMessage: true })],
    ]),
    check(o) {
      expect(o['delete: a room']).toBe('rejected 6000001 API.deleteConversation: conversationType is invalid.')
      expect(o['delete: unknown conversation (code)']).toBe('rejected 6000603 ')
    },
  },
  {
    id: 'sdk.user-local-checks',
    title: 'updateUserName / updateUserAvatarUrl take any string of at most 2048 characters (the documented 256 / 500 bytes are the server\'s); queryUsersInfo refuses an empty list or a non-string ID (6000001)',
    run: zim => outcomes([
      ['name: not a string', () => zim.updateUserName(5 as never)],
      ['name: 2049 characters', () => zim.updateUserName('n'.repeat(2049))],
      ['avatar: not a string', () => zim.updateUserAvatarUrl(null as never)],
      ['avatar: 2049 characters', () => zim.updateUserAvatarUrl('u'.repeat(2049))],
      ['query: empty list', () => zim.queryUsersInfo([], { isQueryFromServer: true })],
      ['query: an empty ID', () => zim.queryUsersInfo([''], { isQueryFromServer: true })],
      ['query: not a list', () => zim.queryUsersInfo('bob' as never, { isQueryFromServer: true })],
    ]),
    check(o) {
      expect(o['name: 2049 characters']).toBe('rejected 6000001 API.updateUser: userName is invalid.')
      expect(o['avatar: not a string']).toBe('rejected 6000001 API.updateUser: userAvatarUrl is invalid.')
      expect(o['query: empty list']).toBe('rejected 6000001 API.queryUsersInfo: userIDs is invalid or each of its elements must be a valid string type.')
    },
  },
  {
    id: 'sdk.search-resolves-empty',
    title: 'searchLocalMessages / searchGlobalLocalMessages / searchLocalConversations resolve empty on the mini-program, whatever the arguments (messages live in memory only): the app searches its own cache',
    async run(zim) {
      // zego-zim-web waits on an IndexedDB the stub does not have: "pending" after a moment.
      const answer = (call: () => Promise<unknown>) => Promise.race([
        call().then(value => JSON.stringify(value), (error: { code?: number }) => `rejected ${error?.code}`),
        sleep(300).then(() => 'pending'),
      ])
      return {
        'searchLocalMessages': await answer(() => zim.searchLocalMessages('bob', 0, { count: 10, keywords: ['hi'] } as never)),
        'searchLocalMessages, bad arguments': await answer(() => zim.searchLocalMessages('', 9 as never, null as never)),
        'searchGlobalLocalMessages': await answer(() => zim.searchGlobalLocalMessages({ count: 10, keywords: ['hi'] } as never)),
        'searchLocalConversations': await answer(() => zim.searchLocalConversations({ totalConversationCount: 10, conversationMessageCount: 3, keywords: ['hi'] } as never)),
      }
    },
    check(o) {
      if (o.searchGlobalLocalMessages !== '{"messageList":[]}')
        return // zego-zim-web searches its IndexedDB: a known difference below
      expect(o.searchLocalConversations).toBe('{"conversationSearchInfoList":[],"nextFlag":0}')
    },
    differences: [
      { driver: 'web', key: 'searchLocalMessages', why: 'zego-zim-web searches its IndexedDB (here a stub without one); the app merges it in on H5 with ZEGO\'s SDK.' },
      { driver: 'web', key: 'searchLocalMessages, bad arguments', why: 'zego-zim-web checks the arguments first (6000001).' },
      { driver: 'web', key: 'searchGlobalLocalMessages', why: 'zego-zim-web searches its IndexedDB.' },
      { driver: 'web', key: 'searchLocalConversations', why: 'zego-zim-web searches its IndexedDB.' },
    ],
  },
]

describe('ZIM contract: conversation management, users and search', () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.title}`, async () => {
      const outcomes = {} as Record<DriverId, Outcome>
      for (const d of drivers)
        outcomes[d.id] = await scenario.run(d.client())
      holdContract({ ...scenario, layer: 'SDK' }, outcomes, rows)
    }, 30_000)
  }
})
