// What the app knows of the groups the user is (or was) in: name, notice, member count, the
// user's own role, the members paged in so far, and — once the user is out — why. Written
// by the groups engine (composables/zim/groups.ts) alone; pages read it.
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { GroupMemberRole } from '@/zim/constants'
import { typedGetters } from './typedGetters'

/** Why a group's chat is read-only; null while the user is a member. */
export type GroupEnded = 'left' | 'kicked' | 'dismissed' | 'notMember' | 'gone'

export interface GroupMember {
  userID: string
  userName: string
  avatarUrl: string
  /** 1 owner, 2 admin, 3 member. */
  role: number
}

export interface GroupView {
  groupID: string
  name: string
  avatarUrl: string
  notice: string
  /** 0 until known. */
  memberCount: number
  /** The signed-in user's role; 0 until known. */
  myRole: number
  ended: GroupEnded | null
  /** Who dismissed the group or removed the user, when the SDK said. */
  endedBy: string
}

export interface MemberPage {
  list: GroupMember[]
  /** The SDK's numeric anchor for the next page; 0 when there is none. */
  nextFlag: number
  /** Whether a first page has come in. */
  loaded: boolean
}

function blank(groupID: string): GroupView {
  return { groupID, name: '', avatarUrl: '', notice: '', memberCount: 0, myRole: 0, ended: null, endedBy: '' }
}

const ROLE_ORDER: Record<number, number> = { [GroupMemberRole.Owner]: 0, [GroupMemberRole.Admin]: 1 }
const byRole = (a: GroupMember, b: GroupMember) => (ROLE_ORDER[a.role] ?? 2) - (ROLE_ORDER[b.role] ?? 2)

export const useGroupsStore = typedGetters(defineStore('groups', () => {
  const byID = ref<Record<string, GroupView>>({})
  const members = ref<Record<string, MemberPage>>({})

  const get = computed(() => (groupID: string): GroupView | undefined => byID.value[groupID])
  const membersOf = computed(() => (groupID: string): MemberPage => members.value[groupID] ?? { list: [], nextFlag: 0, loaded: false })

  function patch(groupID: string, change: Partial<Omit<GroupView, 'groupID'>>): void {
    byID.value[groupID] = { ...(byID.value[groupID] ?? blank(groupID)), ...change }
  }

  function pageOf(groupID: string): MemberPage {
    members.value[groupID] ??= { list: [], nextFlag: 0, loaded: false }
    return members.value[groupID]
  }

  /** A page of members: the first replaces what was held, a later one appends (no repeats). */
  function putMembers(groupID: string, list: readonly GroupMember[], nextFlag: number, first: boolean): void {
    const page = pageOf(groupID)
    const held = first ? [] : page.list.slice()
    const known = new Set(held.map(m => m.userID))
    for (const member of list) {
      if (!known.has(member.userID)) {
        held.push({ ...member })
        known.add(member.userID)
      }
    }
    page.list = held.sort(byRole)
    page.nextFlag = nextFlag
    page.loaded = true
  }

  /** Members who joined or were invited: added if the list is loaded (no repeats). */
  function addMembers(groupID: string, list: readonly GroupMember[]): void {
    const page = pageOf(groupID)
    if (!page.loaded)
      return
    const known = new Set(page.list.map(m => m.userID))
    page.list = [...page.list, ...list.filter(m => !known.has(m.userID)).map(m => ({ ...m }))].sort(byRole)
  }

  function removeMembers(groupID: string, userIDs: readonly string[]): void {
    const page = members.value[groupID]
    if (!page)
      return
    const gone = new Set(userIDs)
    page.list = page.list.filter(m => !gone.has(m.userID))
  }

  function setRole(groupID: string, userID: string, role: number): void {
    const page = members.value[groupID]
    const member = page?.list.find(m => m.userID === userID)
    if (page && member) {
      member.role = role
      page.list = page.list.slice().sort(byRole)
    }
  }

  function $reset(): void {
    byID.value = {}
    members.value = {}
  }

  return { byID, members, get, membersOf, patch, putMembers, addMembers, removeMembers, setRole, $reset }
}))
