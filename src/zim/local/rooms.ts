// The stand-in's room API. As the SDK does: (1, ActiveCreate / ActiveEnter) as the call
// starts, the promise resolves, then (2, Success); a failure reports (0, CreateFailed /
// EnterFailed / RoomNotExist). Rooms live with the session on the service: when the
// connection drops the service takes the user out, and each room reports
// (0, NetworkDisconnected) so the app can enter again after the reconnect.
import type {
  ZIMError,
  ZIMRoomAdvancedConfig,
  ZIMRoomCreatedResult,
  ZIMRoomEnteredResult,
  ZIMRoomInfo,
  ZIMRoomJoinedResult,
  ZIMRoomLeftResult,
  ZIMRoomMemberQueriedResult,
  ZIMRoomMemberQueryConfig,
  ZIMRoomOnlineMemberCountQueriedResult,
} from '../types'
import { ErrorCode, zimError } from '../errors'
import { ROOM_EVENTS, type RoomEntry, type RoomPush } from './groupRoomProtocol'
import { checkCountAndID, checkID, checkRoomArgs } from './groupRoomValidate'
import type { LocalHost } from './host'

/** ZIMRoomState and ZIMRoomEvent values. */
const RoomState = { Disconnected: 0, Connecting: 1, Connected: 2 } as const
const RoomEvent = {
  Success: 0,
  NetworkDisconnected: 2,
  RoomNotExist: 3,
  ActiveCreate: 4,
  CreateFailed: 5,
  ActiveEnter: 6,
  EnterFailed: 7,
} as const

const API = { create: 'API.createRoom', enter: 'API.enterRoom', join: 'API.joinRoom' } as const

export class LocalRooms {
  /** The rooms this client is in (or entering), by ID, with their names. */
  private readonly joined = new Map<string, { roomName: string, entered: boolean }>()

  constructor(private readonly host: LocalHost) {}

  isIn(roomID: string): boolean {
    return this.joined.get(roomID)?.entered === true
  }

  private state(roomID: string, state: number, event: number): void {
    this.host.emit('roomStateChanged', { roomID, state, event, extendedData: '' } as never)
  }

  onPush(push: RoomPush): void {
    if (!(ROOM_EVENTS as readonly string[]).includes(push.name) || !this.isIn(push.data.roomID))
      return
    this.host.emit(push.name, push.data as never)
  }

  /**
   * The connection (and with it the service's session) is gone: so is every room. A session
   * that ended (logout, kick-out, expiry) reports (0, Success) as the SDK's logout does; a
   * dropped connection (0, NetworkDisconnected), for the app to enter again.
   */
  connectionLost(sessionEnded: boolean): void {
    const rooms = [...this.joined.keys()]
    this.joined.clear()
    for (const roomID of rooms)
      this.state(roomID, RoomState.Disconnected, sessionEnded ? RoomEvent.Success : RoomEvent.NetworkDisconnected)
  }

  createRoom(roomInfo: ZIMRoomInfo, config?: ZIMRoomAdvancedConfig): Promise<ZIMRoomCreatedResult> {
    return this.enter('create', roomInfo, config)
  }

  enterRoom(roomInfo: ZIMRoomInfo, config?: ZIMRoomAdvancedConfig): Promise<ZIMRoomEnteredResult> {
    return this.enter('enter', roomInfo, config)
  }

  joinRoom(roomID: string): Promise<ZIMRoomJoinedResult> {
    return this.enter('join', { roomID, roomName: '' })
  }

  private enter(mode: RoomEntry, roomInfo: ZIMRoomInfo, config?: ZIMRoomAdvancedConfig): Promise<{ roomInfo: { baseInfo: ZIMRoomInfo } }> {
    // As in the SDK: its room checks name API.enterRoom whichever call it was.
    const refused = this.host.refuse('API.enterRoom', checkRoomArgs(roomInfo, config))
    if (refused)
      return refused
    const { roomID } = roomInfo
    const known = this.joined.get(roomID)
    if (known?.entered && mode === 'join')
      return Promise.resolve({ roomInfo: { baseInfo: { roomID, roomName: known.roomName } } })
    if (!known) {
      this.joined.set(roomID, { roomName: roomInfo.roomName || '', entered: false })
      this.state(roomID, RoomState.Connecting, mode === 'create' ? RoomEvent.ActiveCreate : RoomEvent.ActiveEnter)
    }
    return this.host.call(API[mode], {
      op: 'enterRoom',
      mode,
      roomID,
      roomName: roomInfo.roomName || '',
      roomDestroyDelayTime: Math.max(0, Number(config?.roomDestroyDelayTime) || 0),
    }, false).then(
      (data) => {
        const wasEntered = this.joined.get(roomID)?.entered === true
        this.joined.set(roomID, { roomName: data.roomInfo.baseInfo.roomName, entered: true })
        // After the caller's promise has resolved, as the SDK's first room heartbeat does.
        if (!wasEntered) {
          setTimeout(() => {
            if (this.isIn(roomID))
              this.state(roomID, RoomState.Connected, RoomEvent.Success)
          }, 0)
        }
        return { roomInfo: data.roomInfo }
      },
      (error: ZIMError) => {
        if (this.joined.get(roomID)?.entered !== true) {
          this.joined.delete(roomID)
          const event = mode === 'create'
            ? RoomEvent.CreateFailed
            : error.code === ErrorCode.RoomModuleTheRoomDoesNotExist ? RoomEvent.RoomNotExist : RoomEvent.EnterFailed
          this.state(roomID, RoomState.Disconnected, event)
        }
        throw error
      },
    )
  }

  leaveRoom(roomID: string): Promise<ZIMRoomLeftResult> {
    const api = 'API.leaveRoom' as const
    const refused = this.host.refuse(api, checkID('roomID', roomID))
    if (refused)
      return refused
    // As in the SDK: leaving a room one is not in succeeds without asking the service.
    if (!this.isIn(roomID))
      return Promise.resolve({ roomID })
    return this.host.call(api, { op: 'leaveRoom', roomID }, true).then(() => {
      if (this.joined.delete(roomID))
        this.state(roomID, RoomState.Disconnected, RoomEvent.Success)
      return { roomID }
    })
  }

  private notIn(roomID: string): Promise<never> | null {
    // As the SDK words it: no API name.
    return this.isIn(roomID) ? null : Promise.reject(zimError(ErrorCode.RoomModuleUserIsNotInTheRoom, 'The user is not in the room.'))
  }

  queryRoomMemberList(roomID: string, config: ZIMRoomMemberQueryConfig): Promise<ZIMRoomMemberQueriedResult> {
    const api = 'API.queryRoomMemberList' as const
    const refused = this.host.refuse(api, checkCountAndID(config, 'roomID', roomID))
    if (refused)
      return refused
    if (config.count < 1)
      return Promise.resolve({ roomID, memberList: [], nextFlag: config.nextFlag || '' })
    return this.notIn(roomID)
      ?? this.host.call(api, { op: 'queryRoomMembers', roomID, nextFlag: config.nextFlag || '', count: config.count }, true)
  }

  queryRoomOnlineMemberCount(roomID: string): Promise<ZIMRoomOnlineMemberCountQueriedResult> {
    const api = 'API.queryRoomOnlineMemberCount' as const
    const refused = this.host.refuse(api, checkID('roomID', roomID))
    if (refused)
      return refused
    return this.notIn(roomID) ?? this.host.call(api, { op: 'queryRoomMemberCount', roomID }, true)
  }
}
