// Rooms: enter (create / join / either), leave, members, counts, and what is said in them.
// Live only: a room message reaches those inside at that moment and is stored nowhere.
import * as v from 'valibot'
import { ConversationType } from '../../../../src/zim/constants'
import { ErrorCode } from '../../../../src/zim/errors'
import { ROOM_MEMBERS_PAGE, ROOM_NAME_MAX_CHARS, ROOMS_PER_USER } from '../../../../src/zim/groupRules'
import type { Push } from '../../../../src/zim/local/protocol'
import type { ZIMMessage, ZIMUserInfo } from '../../../../src/zim/types'
import type { MessageContent } from '../../db'
import type { Room } from '../rooms'
import type { Session } from '../sessions'
import type { OpCall, OpContext } from './context'
import { defineOp, Refusal } from './context'
import { conversationID, count } from './schemas'
import { checkCombineSend, grantCombineInRoom } from './combine'

/** Longest roomDestroyDelayTime accepted (seconds); ZIM's console allows up to an hour. */
const MAX_DESTROY_DELAY_S = 3600

const schemas = {
  enterRoom: v.looseObject({
    mode: v.picklist(['create', 'enter', 'join'], 'mode must be create, enter or join.'),
    roomID: conversationID('roomID'),
    roomName: v.optional(v.pipe(v.string('roomName must be a string.'), v.maxLength(ROOM_NAME_MAX_CHARS, `roomName must be at most ${ROOM_NAME_MAX_CHARS} characters.`)), ''),
    roomDestroyDelayTime: v.optional(v.pipe(v.number('roomDestroyDelayTime must be a number of seconds.'), v.minValue(0, 'roomDestroyDelayTime must not be negative.'), v.maxValue(MAX_DESTROY_DELAY_S, `roomDestroyDelayTime must be at most ${MAX_DESTROY_DELAY_S} s.`)), 0),
  }),
  leaveRoom: v.looseObject({ roomID: conversationID('roomID') }),
  queryRoomMembers: v.looseObject({
    roomID: conversationID('roomID'),
    nextFlag: v.optional(v.string('nextFlag must be a string.'), ''),
    count,
  }),
  queryRoomMemberCount: v.looseObject({ roomID: conversationID('roomID') }),
}

function userView(ctx: OpContext, session: Session): ZIMUserInfo {
  return { userID: session.userID, userName: ctx.names.get(session.userID) || session.userName, userAvatarUrl: '', userExtendedData: '' }
}

function tell(ctx: OpContext, to: Session[], push: Push): void {
  for (const s of to)
    ctx.writer.write(s.conn, push)
}

const roomInfo = (room: Room) => ({ baseInfo: { roomID: room.roomID, roomName: room.roomName } })

export const enterRoom = defineOp<'enterRoom', typeof schemas.enterRoom>({
  api: 'enterRoom',
  signedIn: true,
  schema: schemas.enterRoom,
  handle({ ctx, session, req }) {
    const api = req.mode === 'create' ? 'createRoom' : req.mode === 'join' ? 'joinRoom' : 'enterRoom'
    const me = session.userID
    let room = ctx.rooms.get(req.roomID)
    if (room && req.mode === 'create')
      throw new Refusal(ErrorCode.RoomModuleTheRoomAlreadyExists, `API.${api}: room ${req.roomID} already exists.`)
    if (!room && req.mode === 'join')
      throw new Refusal(ErrorCode.RoomModuleTheRoomDoesNotExist, `API.${api}: room ${req.roomID} does not exist.`)
    if (room?.members.has(me))
      return { roomInfo: roomInfo(room) }
    if (ctx.rooms.of(me).length >= ROOMS_PER_USER)
      throw new Refusal(ErrorCode.RoomModuleTheNumberOfJoinedRoomsHasReachedLimit, `API.${api}: a user can be in at most ${ROOMS_PER_USER} rooms at once.`)
    room ??= ctx.rooms.create(req.roomID, req.roomName, req.roomDestroyDelayTime * 1000)
    const before = ctx.rooms.enter(room, session)
    const joined = userView(ctx, session)
    tell(ctx, before, { push: 'roomEvent', name: 'roomMemberJoined', data: { roomID: room.roomID, memberList: [joined] } })
    // The one entering learns who is there (themselves included) once the reply is out.
    const everyone = [...room.members.values()].map(s => userView(ctx, s))
    const entered = room
    setImmediate(() => {
      if (session.conn.session === session && entered.members.get(me) === session)
        ctx.writer.write(session.conn, { push: 'roomEvent', name: 'roomMemberJoined', data: { roomID: entered.roomID, memberList: everyone } })
    })
    return { roomInfo: roomInfo(room) }
  },
})

/** Takes a user out of a room and tells those still inside. */
function leave(ctx: OpContext, roomID: string, userID: string): boolean {
  const left = ctx.rooms.leave(roomID, userID)
  if (!left)
    return false
  const memberList = [{ userID, userName: ctx.names.get(userID), userAvatarUrl: '', userExtendedData: '' }]
  tell(ctx, left.others, { push: 'roomEvent', name: 'roomMemberLeft', data: { roomID, memberList } })
  return true
}

/** A session ended (logout, kick-out, expiry, lost socket): its user is in no room any more. */
export function leaveAllRooms(ctx: OpContext, userID: string): void {
  for (const roomID of ctx.rooms.of(userID))
    leave(ctx, roomID, userID)
}

export const leaveRoom = defineOp<'leaveRoom', typeof schemas.leaveRoom>({
  api: 'leaveRoom',
  signedIn: true,
  schema: schemas.leaveRoom,
  handle({ ctx, session, req }) {
    return { roomID: req.roomID, wasIn: leave(ctx, req.roomID, session.userID) }
  },
})

function roomOf({ ctx, session, api }: OpCall<unknown>, roomID: string): Room {
  const room = ctx.rooms.get(roomID)
  if (!room || room.members.get(session.userID) !== session)
    throw new Refusal(ErrorCode.RoomModuleUserIsNotInTheRoom, `API.${api}: not in room ${roomID}.`)
  return room
}

export const queryRoomMembers = defineOp<'queryRoomMembers', typeof schemas.queryRoomMembers>({
  api: 'queryRoomMemberList',
  signedIn: true,
  schema: schemas.queryRoomMembers,
  handle(call) {
    const { ctx, req } = call
    const room = roomOf(call, req.roomID)
    const start = /^\d+$/.test(req.nextFlag) ? Number(req.nextFlag) : 0
    const members = [...room.members.values()]
    const page = members.slice(start, start + Math.min(req.count, ROOM_MEMBERS_PAGE))
    const end = start + page.length
    return { roomID: room.roomID, memberList: page.map(s => userView(ctx, s)), nextFlag: end < members.length ? String(end) : '' }
  },
})

export const queryRoomMemberCount = defineOp<'queryRoomMemberCount', typeof schemas.queryRoomMemberCount>({
  api: 'queryRoomOnlineMemberCount',
  signedIn: true,
  schema: schemas.queryRoomMemberCount,
  handle(call) {
    const room = roomOf(call, call.req.roomID)
    return { roomID: room.roomID, count: room.members.size }
  },
})

/** sendMessage to a room: to everyone inside now but the sender; nothing is stored. */
export function sendToRoom(call: OpCall<{ toConversationID: string }>, content: MessageContent, senderLocal: { localMessageID?: string, localExtendedData?: string }): { message: ZIMMessage } {
  const { ctx, session, req, api } = call
  const room = ctx.rooms.get(req.toConversationID)
  if (!room || room.members.get(session.userID) !== session)
    throw new Refusal(ErrorCode.MessageModuleSendMessageFailed, `API.${api}: room not joined (${req.toConversationID}).`)
  checkCombineSend(ctx, session.userID, content, api)
  const said = ctx.rooms.say(room, session.userID, content, ctx.now(), senderLocal)
  if (!said.repeat)
    grantCombineInRoom(ctx, content, room, session.userID)
  for (const member of room.members.values()) {
    if (member === session || said.repeat)
      continue
    ctx.writer.write(member.conn, {
      push: 'messages',
      conversationType: ConversationType.Room,
      fromConversationID: room.roomID,
      messageList: [said.view(member.userID)],
      isOfflineMessage: false,
    })
  }
  return { message: said.view(session.userID) }
}

export const roomOps = { enterRoom, leaveRoom, queryRoomMembers, queryRoomMemberCount }
