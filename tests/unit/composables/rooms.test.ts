// The rooms engine (src/composables/zim/rooms.ts) over a fake client, with ZIM's room
// events through the real sdkRoutes: entering, the live count, leaving (nothing kept),
// re-entering after a new session, and the machine told which rooms the user is in.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMessageSync } from '@/composables/zim/messageSync'
import { createRooms, type Rooms } from '@/composables/zim/rooms'
import { createSdkRoutes } from '@/composables/zim/sdkRoutes'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { useRoomsStore } from '@/stores/rooms'
import { useSessionStore } from '@/stores/session'
import { ConversationType, RoomEvent, RoomState } from '@/zim/constants'
import type { ZimClient, ZimEventData, ZimEventName } from '@/zim/types'
import { until } from '../../helpers/wait'
import { attached, incoming } from '../stores/factories'
import { createPresence } from '@/composables/zim/presence'

const ROOM = ConversationType.Room

function fakeClient() {
  let online = 1
  return {
    setOnline: (n: number) => void (online = n),
    enterRoom: vi.fn(async (roomInfo: { roomID: string }) => ({ roomInfo: { baseInfo: { roomID: roomInfo.roomID, roomName: roomInfo.roomID } } })),
    leaveRoom: vi.fn(async (roomID: string) => ({ roomID })),
    queryRoomOnlineMemberCount: vi.fn(async (roomID: string) => ({ roomID, count: online })),
    queryRoomMemberList: vi.fn(),
  }
}

let zim: ReturnType<typeof fakeClient>
let rooms: Rooms
let noted: [string, boolean][]
let routes: ReturnType<typeof createSdkRoutes>
const store = () => useRoomsStore()
const fire = <K extends ZimEventName>(name: K, data: unknown) => (routes[name] as (d: ZimEventData<K>) => void)(data as ZimEventData<K>)

beforeEach(() => {
  setActivePinia(createPinia())
  zim = fakeClient()
  noted = []
  const conversations = useConversationsStore()
  const sync = createMessageSync({ messages: useMessagesStore(), conversations })
  rooms = createRooms({
    rooms: useRoomsStore(),
    sync,
    currentClient: () => zim as unknown as ZimClient,
    noteRoom: (roomID, inside) => void noted.push([roomID, inside]),
    isConnected: () => true,
    currentUserID: () => 'alice',
  })
  routes = createSdkRoutes({
    session: useSessionStore(),
    conversations,
    sync,
    messageEvents: 'current',
    presence: createPresence({ currentClient: () => null, isConnected: () => true }),
    sendToMachine: vi.fn(),
    renewToken: vi.fn(async () => undefined),
    asOurs: m => m,
    isPendingSend: () => false,
    activeConversationID: () => undefined,
    markActiveRead: vi.fn(async () => undefined),
    roomEvents: rooms.events,
  })
})

describe('entering', () => {
  it('checks the room ID first, then enters (ZIM creates a missing room) and counts who is online', async () => {
    await expect(rooms.enter('')).rejects.toMatchObject({ rule: 'room.rule.idRequired' })
    await expect(rooms.enter('a b')).rejects.toMatchObject({ rule: 'room.rule.idSpaces' })
    await expect(rooms.enter('r'.repeat(1025))).rejects.toMatchObject({ rule: 'room.rule.idMaxChars', params: { max: 1024 } })
    expect(zim.enterRoom).not.toHaveBeenCalled()
    zim.setOnline(2)
    await rooms.enter('lobby')
    expect(zim.enterRoom).toHaveBeenCalledWith({ roomID: 'lobby', roomName: 'lobby' })
    expect(store().get('lobby')).toMatchObject({ phase: 'connected', memberCount: 2 })
    expect(noted).toEqual([['lobby', true]])
  })

  it('a user is in at most 5 rooms', async () => {
    for (const id of ['r1', 'r2', 'r3', 'r4', 'r5'])
      await rooms.enter(id)
    await expect(rooms.enter('r6')).rejects.toMatchObject({ rule: 'room.rule.maxRooms', params: { max: 5 } })
  })

  it('a refused enter shows as failed with ZIM\'s code, and the machine is not told', async () => {
    zim.enterRoom.mockRejectedValueOnce({ code: 6000322, message: 'enter failed' })
    await expect(rooms.enter('lobby')).rejects.toMatchObject({ code: 6000322 })
    expect(store().get('lobby')).toMatchObject({ phase: 'failed', error: { code: 6000322 } })
    expect(noted).toEqual([])
  })
})

describe('in the room', () => {
  it('members joining and leaving move the count at once; a query then corrects it', async () => {
    await rooms.enter('lobby')
    fire('roomMemberJoined', { roomID: 'lobby', memberList: [{ userID: 'bob', userName: 'Bob' }, { userID: 'carol', userName: 'Carol' }] })
    expect(store().get('lobby')!.memberCount).toBe(3)
    zim.setOnline(2)
    fire('roomMemberLeft', { roomID: 'lobby', memberList: [{ userID: 'carol', userName: 'Carol' }] })
    expect(store().get('lobby')!.memberCount).toBe(2)
    await until(() => zim.queryRoomOnlineMemberCount.mock.calls.length >= 2, 'the count query after the events')
    expect(store().get('lobby')!.memberCount).toBe(2)
  })

  it('the newcomer\'s own join event lists everyone inside: that is the count, not an increment', async () => {
    await rooms.enter('lobby')
    fire('roomMemberJoined', { roomID: 'lobby', memberList: ['alice', 'bob', 'carol'].map(userID => ({ userID, userName: userID })) })
    expect(store().get('lobby')!.memberCount).toBe(3)
  })

  it('room messages make no conversation and no unread count', async () => {
    await rooms.enter('lobby')
    fire('roomMessageReceived', { messageList: [incoming('M1', 1000, 1, { conversationID: 'lobby', conversationType: ROOM })], fromConversationID: 'lobby', info: { isOfflineMessage: false } })
    expect(useMessagesStore().listFor('lobby', ROOM)).toHaveLength(1)
    createMessageSync({ messages: useMessagesStore(), conversations: useConversationsStore() })
      .report({ type: 'local', message: attached('L1', 2000, { conversationID: 'lobby', conversationType: ROOM }) })
    expect(useConversationsStore().ordered).toEqual([])
  })

  it('roomStateChanged: a lost link shows as reconnecting, back to connected, kicked tells the machine', async () => {
    await rooms.enter('lobby')
    fire('roomStateChanged', { roomID: 'lobby', state: RoomState.Connecting, event: RoomEvent.NetworkInterrupted, extendedData: '' })
    expect(store().get('lobby')!.phase).toBe('reconnecting')
    fire('roomStateChanged', { roomID: 'lobby', state: RoomState.Connected, event: RoomEvent.Success, extendedData: '' })
    expect(store().get('lobby')!.phase).toBe('connected')
    fire('roomStateChanged', { roomID: 'lobby', state: RoomState.Disconnected, event: RoomEvent.KickedOut, extendedData: '' })
    expect(store().get('lobby')!.phase).toBe('kicked')
    expect(noted.at(-1)).toEqual(['lobby', false])
  })
})

describe('leaving and coming back', () => {
  it('leaving drops the room and its messages (a room is not history) and tells the machine', async () => {
    await rooms.enter('lobby')
    fire('roomMessageReceived', { messageList: [incoming('M1', 1000, 1, { conversationID: 'lobby', conversationType: ROOM })], fromConversationID: 'lobby', info: { isOfflineMessage: false } })
    await rooms.leave('lobby')
    expect(zim.leaveRoom).toHaveBeenCalledWith('lobby')
    expect(store().get('lobby')).toBeUndefined()
    expect(useMessagesStore().listFor('lobby', ROOM)).toEqual([])
    expect(noted).toEqual([['lobby', true], ['lobby', false]])
  })

  it('after a new session the rooms the machine remembered are entered again', async () => {
    await rooms.reenter(['lobby', 'stage'])
    expect(zim.enterRoom.mock.calls.map(c => c[0].roomID)).toEqual(['lobby', 'stage'])
    expect(store().inside.map(r => r.roomID)).toEqual(['lobby', 'stage'])
  })

  it('a room ZIM already reports as connected again (the real SDK re-enters by itself) is not entered twice', async () => {
    await rooms.enter('lobby')
    fire('roomStateChanged', { roomID: 'lobby', state: RoomState.Connecting, event: RoomEvent.NetworkInterrupted, extendedData: '' })
    fire('roomStateChanged', { roomID: 'lobby', state: RoomState.Connected, event: RoomEvent.Success, extendedData: '' })
    await rooms.reenter(['lobby'])
    expect(zim.enterRoom).toHaveBeenCalledTimes(1)
  })

  it('a room that cannot be entered again is shown as failed and forgotten by the machine', async () => {
    zim.enterRoom.mockRejectedValueOnce({ code: 6000322, message: 'enter failed' })
    await rooms.reenter(['lobby'])
    expect(store().get('lobby')!.phase).toBe('failed')
    expect(noted).toEqual([['lobby', false]])
  })
})
