// Rooms over the one SDK instance: enter (ZIM creates a missing room), leave, the online
// member count, and what ZIM's room events mean for the rooms store (its one writer). The
// connection machine is told which rooms the user is in, so a new session enters them again.
// Room messages go through the one send path and messageSync like any other; a room has no
// conversation, no unread count and no history once the user is out.
import type { useRoomsStore } from '@/stores/rooms'
import { RoomEvent, RoomState } from '@/zim/constants'
import { checkRoomID } from '@/zim/groupInput'
import { ROOMS_PER_USER } from '@/zim/groupRules'
import type { ZimClient, ZimEventData } from '@/zim/types'
import { describeError, toStoreError, violation, ZimActionError } from './actionError'
import type { MessageSync } from './messageSync'


export interface RoomsDeps {
  rooms: ReturnType<typeof useRoomsStore>
  sync: MessageSync
  currentClient: () => ZimClient | null
  /** Tells the connection machine (roomEntered / roomLeft). */
  noteRoom: (roomID: string, inside: boolean) => void
  isConnected: () => boolean
  currentUserID: () => string | undefined
}


export function createRooms(deps: RoomsDeps) {
  const { rooms } = deps
  /** Count queries in flight or due, per room: events only adjust; a query corrects. */
  const recount = new Map<string, ReturnType<typeof setTimeout>>()

  function client(): ZimClient {
    const zim = deps.currentClient()
    if (!zim)
      throw new ZimActionError('zim.6000121', 'zim.6000121', 6000121)
    return zim
  }

  async function refreshCount(roomID: string): Promise<void> {
    try {
      const { count } = await client().queryRoomOnlineMemberCount(roomID)
      if (rooms.get(roomID)?.phase === 'connected' || rooms.get(roomID)?.phase === 'entering')
        rooms.patch(roomID, { memberCount: count })
    }
    catch {
      // The count stays as the events left it; the next event asks again.
    }
  }

  function scheduleRecount(roomID: string): void {
    if (recount.has(roomID))
      return
    recount.set(roomID, setTimeout(() => {
      recount.delete(roomID)
      void refreshCount(roomID)
    }, 300))
  }

  /** Enters a room (created when missing); resolves once the user is in. */
  async function enter(roomID: string): Promise<void> {
    const broken = checkRoomID(roomID)
    if (broken)
      throw violation(broken)
    const held = rooms.get(roomID)
    if (held?.phase === 'connected')
      return
    if (!held && rooms.inside.length >= ROOMS_PER_USER)
      throw violation({ rule: 'room.rule.maxRooms', params: { max: ROOMS_PER_USER }, message: 'room.rule.maxRooms' })
    rooms.patch(roomID, { phase: 'entering', error: null })
    try {
      await client().enterRoom({ roomID, roomName: roomID })
    }
    catch (err) {
      const described = describeError(err)
      rooms.patch(roomID, { phase: 'failed', error: toStoreError(described) })
      throw described
    }
    rooms.patch(roomID, { phase: 'connected', error: null })
    deps.noteRoom(roomID, true)
    await refreshCount(roomID)
  }

  /** Leaves a room (ZIM resolves even when the user was not in it); its messages go. */
  async function leave(roomID: string): Promise<void> {
    deps.noteRoom(roomID, false)
    const timer = recount.get(roomID)
    if (timer)
      clearTimeout(timer)
    recount.delete(roomID)
    const wasIn = rooms.get(roomID)
    rooms.patch(roomID, { phase: 'left' })
    deps.sync.report({ type: 'roomLeft', roomID })
    try {
      if (wasIn && deps.isConnected())
        await client().leaveRoom(roomID)
    }
    catch {
      // Out on our side already; a drop on the server's side leaves the room for us.
    }
    finally {
      rooms.remove(roomID)
    }
  }

  /**
   * After a new session: the user is in no room until entered again. A room ZIM already
   * reports as connected (the real SDK re-enters by itself after its own reconnect) is left alone.
   */
  async function reenter(roomIDs: readonly string[]): Promise<void> {
    await Promise.all(roomIDs.map(async (roomID) => {
      if (rooms.get(roomID)?.phase === 'connected')
        return
      rooms.patch(roomID, { phase: 'entering', error: null })
      try {
        await client().enterRoom({ roomID, roomName: roomID })
        rooms.patch(roomID, { phase: 'connected' })
        await refreshCount(roomID)
      }
      catch (err) {
        if (rooms.get(roomID)?.phase === 'connected')
          return // ZIM put the user back in meanwhile
        rooms.patch(roomID, { phase: 'failed', error: toStoreError(err) })
        deps.noteRoom(roomID, false)
      }
    }))
  }

  // ---- ZIM's room events (routed here by sdkRoutes) ----

  function onRoomState({ roomID, state, event }: ZimEventData<'roomStateChanged'>): void {
    const held = rooms.get(roomID)
    if (!held || held.phase === 'left')
      return
    if (state === RoomState.Connected) {
      rooms.patch(roomID, { phase: 'connected', error: null })
      scheduleRecount(roomID)
    }
    else if (state === RoomState.Connecting) {
      if (held.phase === 'connected')
        rooms.patch(roomID, { phase: 'reconnecting' })
    }
    else if (event === RoomEvent.KickedOut || event === RoomEvent.KickedOutByOtherDevice) {
      rooms.patch(roomID, { phase: 'kicked' })
      deps.noteRoom(roomID, false)
    }
    else if (event === RoomEvent.EnterFailed || event === RoomEvent.CreateFailed || event === RoomEvent.RoomNotExist) {
      if (held.phase !== 'entering')
        rooms.patch(roomID, { phase: 'failed', error: { message: 'room.failed', rule: 'room.failed' } })
    }
    else if (held.phase === 'connected') {
      // A dropped link: the session's re-login re-enters (reenterRooms).
      rooms.patch(roomID, { phase: 'reconnecting' })
    }
  }

  function onMembers({ roomID, memberList }: ZimEventData<'roomMemberJoined'>, joined: boolean): void {
    const held = rooms.get(roomID)
    if (!held || (held.phase !== 'connected' && held.phase !== 'reconnecting'))
      return
    // The newcomer hears of everyone already inside (themself included): that list is the room.
    const me = deps.currentUserID()
    const whole = joined && !!me && memberList.some(m => m.userID === me)
    const others = memberList.filter(m => m.userID !== me).length
    const count = whole ? Math.max(held.memberCount, memberList.length) : held.memberCount + (joined ? others : -others)
    rooms.patch(roomID, { memberCount: Math.max(1, count) })
    scheduleRecount(roomID)
  }

  function dispose(): void {
    for (const timer of recount.values())
      clearTimeout(timer)
    recount.clear()
  }

  return {
    enter, leave, reenter, refreshCount, dispose,
    events: {
      onRoomState,
      onMemberJoined: (data: ZimEventData<'roomMemberJoined'>) => onMembers(data, true),
      onMemberLeft: (data: ZimEventData<'roomMemberLeft'>) => onMembers(data, false),
    },
  }
}

export type Rooms = ReturnType<typeof createRooms>
