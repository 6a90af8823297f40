// Groups and rooms on the REAL zego-zim-miniprogram and on the stand-in, side by side:
// the SDK's local checks and codes, and the order of the events and the promise for the
// caller's own actions.
// - Real SDK: loaded on the wx stub, "signed in" by hand (engine.econf, as in
//   messageActions.contract.test.ts); its requests to ZEGO (group/create, group/quit,
//   room/enter, room/quit, the room heartbeat room/info) are answered by a script at its
//   connection manager (engine.cnMgr.send / sendHB). What the SDK does with a reply (the
//   events, their order, the codes it maps ZEGO's into) is its own code.
// - Stand-in: LocalZim signed in for real against the local service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../scripts/server/app'
import { generateToken04 } from '../../scripts/server/token04'
import type { ZimClient, ZimGroupExtras } from '@/zim/types'
import { createWxStub } from '../helpers/wxStub'
import { type Driver, type DriverId, miniprogramDriver, standinDriver } from './drivers'
import { loginConfig, type Outcome, outcomeOf, sleep, until } from './harness'
import { holdContract, type ReportRow, writeReport } from './report'
import type { KnownDifference } from './scenarios'

const APP_ID = 1_732_050_807
const SECRET = 'groups-contract-secret-012345678'
const CONFIG = { priority: 1 } as never

const wx = createWxStub()
let server: RunningServer
let drivers: Driver[]
const rows: ReportRow[] = []
/** Commands the real SDK sent to its (scripted) server, in order. */
const sdkCommands: string[] = []

function markSignedIn(client: ZimClient, userID: string, token: string): void {
  const econf = (client as unknown as { engine: { econf: { user: { userID?: string, userName?: string }, token?: string } } }).engine.econf
  econf.user.userID = userID
  econf.user.userName = 'Alice'
  econf.token = token
}

type Reply = Record<string, unknown>
/** What the scripted ZEGO answers, by command (the part after the last '/', or the whole). */
const script: Record<string, (body: Record<string, unknown>) => Reply | Promise<Reply>> = {}

function member(userID: string, role: number, enterType: number) {
  return { user_id: userID, member_seq: 1, member_data: { user_name: userID === 'alice' ? 'Alice' : userID, user_avatar: '', role, enter_type: enterType, enter_time: Date.now() } }
}

function scriptSdkServer(client: ZimClient): void {
  const cn = (client as unknown as { engine: { cnMgr: Record<string, (cmd: { cmd: string }, body: Record<string, unknown>, ...rest: unknown[]) => Promise<unknown>> } }).engine.cnMgr
  for (const method of ['send', 'sendHB']) {
    const dead = cn[method].bind(cn)
    cn[method] = (cmd, body, ...rest) => {
      sdkCommands.push(cmd.cmd)
      const answer = script[cmd.cmd.replace(/^\/im\//, '')]
      if (answer)
        return Promise.resolve(answer(body))
      if (cmd.cmd.endsWith('fetch_user_info'))
        return Promise.resolve({ code: 0, user_infos: [] })
      return dead(cmd, body, ...rest)
    }
  }
}

beforeAll(async () => {
  server = await startServer({ port: 0, quiet: true, appID: APP_ID, serverSecret: SECRET })
  const token = generateToken04({ appID: APP_ID, userID: 'alice', secret: SECRET, effectiveTimeInSeconds: 3600 })
  wx.install()
  drivers = [miniprogramDriver(wx, APP_ID), standinDriver(APP_ID, server.wsUrl)]
  for (const d of drivers) {
    if (d.id === 'standin') {
      await d.client().login('alice', loginConfig(token))
    }
    else {
      markSignedIn(d.client(), 'alice', token)
      scriptSdkServer(d.client())
    }
  }
})

afterAll(async () => {
  writeReport({
    file: 'groupsRooms',
    order: 7,
    reference: 'miniprogram',
    drivers: (drivers ?? []).map(d => d.id),
    versions: Object.fromEntries((drivers ?? []).map(d => [d.id, d.ZIM.getVersion()])),
    rows,
    notes: {
      'How the real SDK runs here': [
        'zego-zim-miniprogram 2.29.0 on the wx stub, signed in by hand (engine.econf); engine.cnMgr.send and sendHB answer group/create, group/quit, group/destroy, group/invite, group/kickout, room/enter, room/create, room/quit and room/info as a script (ZEGO\'s reply fields as the bundle reads them; room errors with ZEGO\'s codes, e.g. 103021 "room does not exist", which the SDK maps to 6000322).',
        `Commands the real SDK sent: ${[...new Set(sdkCommands)].join(', ') || '(none)'}.`,
      ],
      'Where the stand-in and the local service differ from ZEGO (not observable without ZEGO\'s servers)': [
        'Other members\' events (invited, joined, left, kicked out, dismissed, role and info changes) are the local service\'s pushes in the SDK\'s event shapes; their exact order and fields on ZEGO\'s side cannot be observed here.',
        'A dropped connection ends the user\'s rooms on the service; the stand-in reports (0, NetworkDisconnected 2) for each and the app enters again after the reconnect. The real SDK reports (1, NetworkInterrupted) and re-enters by itself when it can (read from the bundle, not run here).',
        'A group conversation is reported (conversationChanged) and listed once it has a message, in the stand-in as in the real SDK (it keeps one from createGroup on, but reports only conversations with a message): a leave or removal before any message reports no conversationChanged.',
        'A session that ends (logout, kick-out, token expiry) ends its rooms with (0, Success), as the real SDK\'s logout does.',
        'Limits are the service\'s reading of ZEGO\'s docs: group name 100 bytes, avatar URL 500, notice 300 (6000001 naming the rule), 100 user IDs a call, 500 members (6000525), 5 rooms a user (6000325).',
      ],
    },
  })
  for (const d of drivers ?? [])
    d.client().logout()
  await server?.close()
})

interface ContractScenario {
  id: string
  title: string
  /** Prepares the scripted server for the real SDK (the stand-in has the real service). */
  scriptReal?: () => void
  run: (zim: ZimClient, d: Driver) => Promise<Outcome>
  check?: (o: Outcome) => void
  differences?: KnownDifference[]
  finding?: (o: Outcome) => string | null
}

const EVENTS = ['groupStateChanged', 'groupMemberStateChanged', 'conversationChanged', 'roomStateChanged', 'roomMemberJoined', 'roomMemberLeft'] as const

/** Records events and the promise's settling in one timeline. */
function timeline(zim: ZimClient, names: readonly string[] = EVENTS) {
  const list: string[] = []
  for (const name of names) {
    zim.on(name as never, ((_z: unknown, data: Record<string, unknown>) => {
      if (name === 'conversationChanged') {
        const infos = data.infoList as { event: number, conversation: { type: number } }[]
        list.push(`${name} ${infos.map(i => `${i.event}/type ${i.conversation.type}`).join(' ')}`)
      }
      else {
        const users = (data.userList ?? data.memberList) as { userID: string, memberRole?: number }[] | undefined
        const who = users ? ` [${users.map(u => u.memberRole ? `${u.userID}:${u.memberRole}` : u.userID).join(' ')}]` : ''
        list.push(`${name} ${data.state},${data.event}${who}`)
      }
    }) as never)
  }
  return {
    list,
    settle: <T>(p: Promise<T>) => p.then((v) => {
      list.push('resolved')
      return v
    }, (e: { code: number }) => {
      list.push(`rejected ${e.code}`)
      return undefined
    }),
    text: () => list.join(' → '),
    off: () => {
      for (const name of names)
        zim.off(name as never)
    },
  }
}

const scenarios: ContractScenario[] = [
  {
    id: 'sdk.group-local-checks',
    title: 'The group APIs\' local checks (6000001, the SDK\'s texts); joinGroup, leaveGroup, dismissGroup, queryGroupInfo and queryGroupMemberCount check nothing (the SDK\'s validID tests the parameter\'s name)',
    async run(zim) {
      const cases: [string, () => unknown][] = [
        ['createGroup with a "#" groupID', () => zim.createGroup({ groupID: '#g', groupName: 'x', groupAvatarUrl: '' }, [])],
        ['createGroup with no groupName', () => zim.createGroup({ groupID: 'g', groupAvatarUrl: '' } as never, [])],
        ['createGroup with userIDs not a list', () => zim.createGroup({ groupID: 'g', groupName: 'x', groupAvatarUrl: '' }, 'bob' as never)],
        ['joinGroup("")', () => zim.joinGroup('')],
        ['leaveGroup("")', () => zim.leaveGroup('')],
        ['dismissGroup(a 1025-character ID)', () => zim.dismissGroup('g'.repeat(1025))],
        ['inviteUsersIntoGroup([])', () => zim.inviteUsersIntoGroup([], 'g')],
        ['kickGroupMembers with an empty ID', () => zim.kickGroupMembers([''], 'g')],
        ['setGroupMemberRole with a string role', () => zim.setGroupMemberRole('2' as never, 'bob', 'g')],
        ['setGroupMemberRole with no groupID', () => zim.setGroupMemberRole(2, 'bob', '')],
        ['transferGroupOwner("")', () => zim.transferGroupOwner('', 'g')],
        ['queryGroupInfo("")', () => zim.queryGroupInfo('')],
        ['queryGroupMemberCount("")', () => (zim as ZimClient & Required<ZimGroupExtras>).queryGroupMemberCount('')],
        ['queryGroupMemberList with count -1', () => zim.queryGroupMemberList('g', { count: -1, nextFlag: 0 })],
        ['queryGroupMemberList with count 0', () => zim.queryGroupMemberList('g', { count: 0, nextFlag: 0 })],
        ['updateGroupName(5)', () => zim.updateGroupName(5 as never, 'g')],
        ['updateGroupNotice on ""', () => zim.updateGroupNotice('hi', '')],
      ]
      const out: Outcome = {}
      // Long enough for a refusal that comes back from a server (the stand-in's service).
      for (const [label, call] of cases)
        out[label] = await outcomeOf(call, 1000)
      return out
    },
    check(o) {
      expect(o['createGroup with a "#" groupID']).toBe('rejected 6000001 API.createGroup: The groupInfo instance of groupID is invalid.')
      expect(o['queryGroupMemberList with count 0']).toBe('resolved')
    },
    finding: o => String(o['joinGroup("")']).includes('6000001')
      ? null
      : 'The SDK\'s validID (joinGroup, leaveGroup, dismissGroup, queryGroupInfo) tests the parameter\'s name, not its value: an empty or too long groupID goes to the server. The app checks IDs itself (src/zim/groupRules.ts).',
    differences: ['joinGroup("")', 'leaveGroup("")', 'dismissGroup(a 1025-character ID)', 'queryGroupInfo("")', 'queryGroupMemberCount("")'].map(key => ({
      driver: 'standin' as const,
      key,
      why: 'The real SDK sends it (no server answers here: 6000104); the stand-in sends it too and the local service refuses it (6000001, naming the rule).',
    })),
  },
  {
    id: 'sdk.room-local-checks',
    title: 'The room APIs: the SDK\'s local checks (6000001, named API.enterRoom for every way in), a room one is not in (6000321, 6000203), leaveRoom of such a room resolves',
    async run(zim) {
      const cases: [string, () => unknown][] = [
        ['enterRoom(null)', () => zim.enterRoom(null as never)],
        ['enterRoom with roomID ""', () => zim.enterRoom({ roomID: '', roomName: '' })],
        ['createRoom with a number roomName', () => zim.createRoom({ roomID: 'r', roomName: 5 as never })],
        ['joinRoom("")', () => zim.joinRoom('')],
        ['leaveRoom("")', () => zim.leaveRoom('')],
        ['leaveRoom of a room not entered', () => zim.leaveRoom('c-not-in')],
        ['queryRoomMemberList of a room not entered', () => zim.queryRoomMemberList('c-not-in', { count: 10, nextFlag: '' })],
        ['queryRoomMemberList with no config', () => zim.queryRoomMemberList('c-not-in', undefined as never)],
        ['queryRoomOnlineMemberCount of a room not entered', () => zim.queryRoomOnlineMemberCount('c-not-in')],
        ['sendMessage to a room not entered', () => zim.sendMessage({ type: 1, message: 'hi' } as never, 'c-not-in', 1, CONFIG)],
      ]
      const out: Outcome = {}
      for (const [label, call] of cases)
        out[label] = await outcomeOf(call)
      return out
    },
    check(o) {
      expect(o['leaveRoom of a room not entered']).toBe('resolved')
      expect(o['queryRoomOnlineMemberCount of a room not entered']).toBe('rejected 6000321 The user is not in the room.')
      expect(o['sendMessage to a room not entered']).toBe('rejected 6000203 Room is not exist or not in the room.')
    },
  },
  {
    id: 'sdk.group-create-order',
    title: 'createGroup: groupStateChanged (1, Created) → groupMemberStateChanged (1, Joined, self) → (1, Invited, the others) → the promise; every member with their role',
    scriptReal() {
      script['group/create'] = body => ({
        code: 0,
        group_id: body.group_id,
        error_users: [],
        group_attribute_seq: 0,
        member_count: 2,
        group_create_time: Date.now(),
        member_all_seq: 2,
        group_list_seq: 1,
        members: [member('alice', 1, 1), member('bob', 3, 4)],
      })
    },
    async run(zim) {
      const t = timeline(zim, ['groupStateChanged', 'groupMemberStateChanged'])
      const result = await t.settle(zim.createGroup({ groupID: 'cg1', groupName: 'Contract', groupAvatarUrl: '' }, ['bob', '']))
      t.off()
      return {
        'order': t.text(),
        'groupID': result?.groupInfo.baseInfo.groupID ?? null,
        'groupName': result?.groupInfo.baseInfo.groupName ?? null,
        'userList': result?.userList.map(m => `${m.userID}:${m.memberRole}`).join(' ') ?? null,
        'errorUserList': result ? JSON.stringify(result.errorUserList) : null,
      }
    },
    check(o) {
      expect(o.order).toBe('groupStateChanged 1,1 → groupMemberStateChanged 1,1 [alice:1] → groupMemberStateChanged 1,5 [bob:3] → resolved')
    },
  },
  {
    id: 'sdk.group-leave-order',
    title: 'leaveGroup: groupStateChanged (0, Left) → groupMemberStateChanged (0, Left, self) → the promise',
    scriptReal() {
      script['group/quit'] = () => ({ code: 0 })
    },
    async run(zim) {
      const t = timeline(zim, ['groupStateChanged', 'groupMemberStateChanged', 'conversationChanged'])
      await t.settle(zim.leaveGroup('cg1'))
      t.off()
      return { order: t.text() }
    },
    check(o) {
      expect(o.order).toBe('groupStateChanged 0,5 → groupMemberStateChanged 0,2 [alice:1] → resolved')
    },
  },
  {
    id: 'sdk.group-dismiss-order',
    title: 'dismissGroup by its owner: the events before the promise',
    scriptReal() {
      script['group/create'] = body => ({
        code: 0,
        group_id: body.group_id,
        error_users: [],
        group_attribute_seq: 0,
        member_count: 1,
        group_create_time: Date.now(),
        member_all_seq: 1,
        group_list_seq: 2,
        members: [member('alice', 1, 1)],
      })
      script['group/destroy'] = () => ({ code: 0 })
    },
    async run(zim) {
      await zim.createGroup({ groupID: 'cg2', groupName: 'Short-lived', groupAvatarUrl: '' }, [])
      const t = timeline(zim, ['groupStateChanged', 'groupMemberStateChanged', 'conversationChanged'])
      await t.settle(zim.dismissGroup('cg2'))
      t.off()
      return { order: t.text() }
    },
  },
  {
    id: 'sdk.group-invite-kick-order',
    title: 'inviteUsersIntoGroup and kickGroupMembers: an ID over 1024 characters (and, when inviting, the caller\'s own) answered 6000001 without asking, an empty one refuses the call; groupMemberStateChanged (1, Invited) / (0, KickedOut) before the promise',
    scriptReal() {
      script['group/invite'] = () => ({ code: 0, member_count: 2, member_all_seq: 3, error_users: [], members: [member('carol', 3, 4)] })
      script['group/kickout'] = () => ({ code: 0, member_count: 1, member_all_seq: 4, error_users: [] })
    },
    async run(zim) {
      await zim.createGroup({ groupID: 'cg3', groupName: 'Invites', groupAvatarUrl: '' }, [])
      const t = timeline(zim, ['groupStateChanged', 'groupMemberStateChanged'])
      const tooLong = 'x'.repeat(1025)
      const invited = await t.settle(zim.inviteUsersIntoGroup(['carol', 'alice', tooLong], 'cg3'))
      const invite = t.text()
      t.list.length = 0
      const kicked = await t.settle(zim.kickGroupMembers(['carol', tooLong], 'cg3'))
      t.off()
      return {
        'invite': invite,
        'invited': invited?.userList.map(m => `${m.userID}:${m.memberRole}`).join(' ') ?? null,
        'invite errorUserList': JSON.stringify(invited?.errorUserList.map(e => ({ ...e, userID: e.userID.slice(0, 8) })) ?? null),
        'kick': t.text(),
        'kickedUserIDs': kicked?.kickedUserIDs.join(' ') ?? null,
        'kick errorUserList': JSON.stringify(kicked?.errorUserList.map(e => ({ ...e, userID: e.userID.slice(0, 8) })) ?? null),
      }
    },
    check(o) {
      expect(o.invite).toBe('groupMemberStateChanged 1,5 [carol:3] → resolved')
      expect(o.kick).toBe('groupMemberStateChanged 0,4 [carol:3] → resolved')
    },
  },
  {
    id: 'sdk.room-enter-order',
    title: 'enterRoom: roomStateChanged (1, ActiveEnter) at the call, the promise resolves, then (2, Success); leaveRoom: (0, Success) then the promise',
    scriptReal() {
      script['room/enter'] = body => ({ code: 0, sub_room_id: 0, room_session_id: '11', room_user_session_id: '12', room_name: body.room_name, user_count: 1, room_info_interval: 15000, userlist_enable: 0 })
      // The heartbeat's answer takes a round trip, as over a network.
      script['room/info'] = () => sleep(5).then(() => ({ code: 0, user_count: 1, sub_room_id: 0 }))
      script['room/quit'] = () => ({ code: 0 })
    },
    async run(zim) {
      const t = timeline(zim, ['roomStateChanged'])
      const entered = await t.settle(zim.enterRoom({ roomID: 'cr1', roomName: 'Lobby' }))
      await until(() => t.list.length >= 3, 'the room is connected', 3000)
      const count = await zim.queryRoomOnlineMemberCount('cr1').then(r => r.count)
      const enter = t.text()
      t.list.length = 0
      await t.settle(zim.leaveRoom('cr1'))
      await sleep(20)
      t.off()
      return { 'enter': enter, 'roomInfo': JSON.stringify(entered?.roomInfo ?? null), 'member count': count, 'leave': t.text() }
    },
    check(o) {
      expect(o.enter).toBe('roomStateChanged 1,6 → resolved → roomStateChanged 2,0')
      expect(o.leave).toBe('roomStateChanged 0,0 → resolved')
    },
  },
  {
    id: 'sdk.room-join-missing',
    title: 'joinRoom of a room that does not exist: roomStateChanged (1, ActiveEnter) → (0, RoomNotExist) → rejected 6000322',
    scriptReal() {
      script['room/enter'] = () => ({ code: 103021, message: 'room not exist' })
    },
    async run(zim) {
      const t = timeline(zim, ['roomStateChanged'])
      await t.settle(zim.joinRoom('cr-missing'))
      t.off()
      return { order: t.text() }
    },
    check(o) {
      expect(o.order).toBe('roomStateChanged 1,6 → roomStateChanged 0,3 → rejected 6000322')
    },
  },
]

describe('ZIM contract: groups and rooms', () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.title}`, async () => {
      scenario.scriptReal?.()
      const outcomes = {} as Record<DriverId, Outcome>
      for (const d of drivers)
        outcomes[d.id] = await scenario.run(d.client(), d)
      holdContract({ ...scenario, layer: 'SDK' }, outcomes, rows)
    }, 30_000)
  }
})
