// Rooms over the one engine: the room page enters by ID, shows the live member count,
// sends text and barrage through the one send path, and leaves on exit. Re-entering after a
// reconnect is the engine's (the connection machine knows the rooms).
import { computed, type ComputedRef } from 'vue'
import { useRoomsStore, type RoomView } from '@/stores/rooms'
import { ConversationType, MessageType } from '@/zim/constants'
import { BARRAGE_MAX_BYTES, checkTextBody } from '@/zim/rules'
import type { ZIMMessage } from '@/zim/types'
import { violation } from './zim/actionError'
import { liveEngine } from './useZim'

export interface UseRoomsReturn {
  /** Reactive: the room's state and online member count. */
  room: (roomID: string) => ComputedRef<RoomView | undefined>
  /** Enters (creating a missing room); rejects with a ZimActionError. */
  enter: (roomID: string) => Promise<void>
  leave: (roomID: string) => Promise<void>
  sendText: (roomID: string, text: string) => Promise<ZIMMessage>
  /** A barrage message: short (5 KB), unpaced, may be dropped by ZIM under load. */
  sendBarrage: (roomID: string, text: string) => Promise<ZIMMessage>
}

export function useRooms(): UseRoomsReturn {
  const store = useRoomsStore()
  return {
    room: roomID => computed(() => store.get(roomID)),
    enter: roomID => liveEngine().rooms.enter(roomID),
    leave: roomID => liveEngine().rooms.leave(roomID),
    sendText: (roomID, text) => liveEngine().sendText(roomID, text, ConversationType.Room),
    sendBarrage(roomID, text) {
      const broken = checkTextBody(text, BARRAGE_MAX_BYTES, 'barrage')
      if (broken)
        return Promise.reject(violation(broken))
      return liveEngine().send({ type: MessageType.Barrage, message: text } as ZIMMessage, roomID, ConversationType.Room)
    },
  }
}
