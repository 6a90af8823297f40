// The rooms the user is in (or was, until they leave): the room's state as ZIM reports it
// and its online member count. Written by the rooms engine (composables/zim/rooms.ts) alone.
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { typedGetters } from './typedGetters'

/**
 * entering: our enterRoom is in flight; connected: in the room; reconnecting: ZIM lost the
 * room's link and retries; left: the user left; failed / kicked: out, not by the user's choice.
 */
export type RoomPhase = 'entering' | 'connected' | 'reconnecting' | 'left' | 'failed' | 'kicked'

export interface RoomView {
  roomID: string
  phase: RoomPhase
  /** Online members, the user included; 0 until known. */
  memberCount: number
  /** Why it failed (a key and ZIM's code), for the page to say. */
  error: { message: string, rule?: string, code?: number, params?: Record<string, string | number> } | null
}

export const useRoomsStore = typedGetters(defineStore('rooms', () => {
  const byID = ref<Record<string, RoomView>>({})

  const get = computed(() => (roomID: string): RoomView | undefined => byID.value[roomID])
  /** The rooms the user is in or is entering. */
  const inside = computed(() => Object.values(byID.value).filter(r => r.phase !== 'left' && r.phase !== 'failed' && r.phase !== 'kicked'))

  function patch(roomID: string, change: Partial<Omit<RoomView, 'roomID'>>): void {
    byID.value[roomID] = { ...(byID.value[roomID] ?? { roomID, phase: 'entering', memberCount: 0, error: null }), ...change }
  }

  function remove(roomID: string): void {
    delete byID.value[roomID]
  }

  function $reset(): void {
    byID.value = {}
  }

  return { byID, get, inside, patch, remove, $reset }
}))
