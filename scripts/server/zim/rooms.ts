// Rooms live in memory only, as ZIM's do by default: who is in which room now. A room ends
// when its last member leaves (at once, or after its roomDestroyDelayTime), and with it
// everything said in it; nothing of a room is ever written to the database.
import type { ZIMMessage } from '../../../src/zim/types'
import type { MessageContent, StoredMessage } from '../db'
import type { Session } from './sessions'
import { messageView } from './views'

/** ZIM's limit: a user is in at most this many rooms at once. */
export const MAX_ROOMS_PER_USER = 5
/** Room message IDs start above any database message ID (never more than 15 digits there). */
const ROOM_MESSAGE_ID_BASE = 2 ** 52
/** Sends remembered per room for deduplication (a retried send arrives within seconds). */
const RECENT_SENDS = 1000

export interface Room {
  roomID: string
  roomName: string
  /** In order of entering. */
  members: Map<string, Session>
  destroyDelayMs: number
  destroyTimer?: NodeJS.Timeout
  seq: number
  /** `${sender}\n${localMessageID}` → the message it made: a retry is said once. */
  recent: Map<string, StoredMessage>
  /** The files said in the room (by MD5): its members may fetch them while they are in it. */
  files: Set<string>
  /** The combined messages said in the room (nested ones too): readable by those in it. */
  combines: Set<string>
}

export interface RoomLeft { room: Room, userID: string, others: Session[] }

export function createRooms() {
  const rooms = new Map<string, Room>()
  const roomsOf = new Map<string, Set<string>>()
  let nextMessageID = ROOM_MESSAGE_ID_BASE

  function destroy(room: Room): void {
    clearTimeout(room.destroyTimer)
    if (rooms.get(room.roomID) === room)
      rooms.delete(room.roomID)
  }

  function emptied(room: Room): void {
    if (room.members.size > 0)
      return
    if (room.destroyDelayMs <= 0) {
      destroy(room)
      return
    }
    clearTimeout(room.destroyTimer)
    room.destroyTimer = setTimeout(() => room.members.size === 0 && destroy(room), room.destroyDelayMs)
    room.destroyTimer.unref()
  }

  return {
    get: (roomID: string) => rooms.get(roomID),
    /** The rooms a user is in now. */
    of: (userID: string): string[] => [...(roomsOf.get(userID) ?? [])],
    count: () => rooms.size,

    create(roomID: string, roomName: string, destroyDelayMs: number): Room {
      const room: Room = { roomID, roomName, members: new Map(), destroyDelayMs, seq: 0, recent: new Map(), files: new Set(), combines: new Set() }
      rooms.set(roomID, room)
      return room
    },

    /** Adds the session's user; answers the members who were there before. */
    enter(room: Room, session: Session): Session[] {
      clearTimeout(room.destroyTimer)
      room.destroyTimer = undefined
      const before = [...room.members.values()].filter(s => s.userID !== session.userID)
      room.members.set(session.userID, session)
      let mine = roomsOf.get(session.userID)
      if (!mine)
        roomsOf.set(session.userID, mine = new Set())
      mine.add(room.roomID)
      return before
    },

    /** Takes the user out; undefined when they were not in it. */
    leave(roomID: string, userID: string): RoomLeft | undefined {
      const room = rooms.get(roomID)
      if (!room || !room.members.delete(userID))
        return undefined
      roomsOf.get(userID)?.delete(roomID)
      const others = [...room.members.values()]
      emptied(room)
      return { room, userID, others }
    },

    /**
     * A message said in a room now: a view per member, stored nowhere. `repeat` when the
     * sender's localMessageID was said already (a lost reply, a resend): nothing new is said.
     */
    say(room: Room, sender: string, content: MessageContent, timestamp: number, senderLocal: StoredMessage['senderLocal']): { message: StoredMessage, view: (viewer: string) => ZIMMessage, repeat: boolean } {
      const key = senderLocal.localMessageID ? `${sender}\n${senderLocal.localMessageID}` : undefined
      const earlier = key ? room.recent.get(key) : undefined
      if (earlier)
        return { message: earlier, view: viewer => messageView(earlier, viewer), repeat: true }
      const message: StoredMessage = {
        id: ++nextMessageID,
        conversation: 0,
        sender,
        receiver: room.roomID,
        conversationType: 1,
        seq: ++room.seq,
        timestamp,
        content,
        senderLocal,
      }
      if (typeof content.fileUID === 'string' && content.fileUID !== '')
        room.files.add(content.fileUID)
      if (key) {
        room.recent.set(key, message)
        if (room.recent.size > RECENT_SENDS)
          room.recent.delete(room.recent.keys().next().value as string)
      }
      return { message, view: viewer => messageView(message, viewer), repeat: false }
    },

    /** Whether `userID` is in a room now where the file was said. */
    mayFetch(md5: string, userID: string): boolean {
      for (const roomID of roomsOf.get(userID) ?? []) {
        if (rooms.get(roomID)?.files.has(md5))
          return true
      }
      return false
    },

    /** Whether `userID` is in a room now where the combined message was said. */
    mayReadCombine(combineID: string, userID: string): boolean {
      for (const roomID of roomsOf.get(userID) ?? []) {
        if (rooms.get(roomID)?.combines.has(combineID))
          return true
      }
      return false
    },

    clear(): void {
      for (const room of rooms.values())
        clearTimeout(room.destroyTimer)
      rooms.clear()
      roomsOf.clear()
    },
  }
}

export type Rooms = ReturnType<typeof createRooms>
