// Groups over the one engine (as useMessageActions is): the create-group page, the group
// chat's title and read-only state, and the group info page use it. Verbs reject with a
// ZimActionError whose `rule` is a key (the page words it); state is in the groups store.
import { computed, type ComputedRef } from 'vue'
import { useGroupsStore, type GroupView, type MemberPage } from '@/stores/groups'
import type { CreatedGroup } from './zim/groups'
import { liveEngine } from './useZim'

export interface UseGroupsReturn {
  /** Reactive: what is known of a group (undefined until loaded or created). */
  group: (groupID: string) => ComputedRef<GroupView | undefined>
  /** Reactive: the members paged in so far. */
  members: (groupID: string) => ComputedRef<MemberPage>
  /** Creates a group with the given members (each checked by ZIM's rules first). */
  create: (name: string, memberIDs: readonly string[]) => Promise<CreatedGroup>
  /** Loads the group's info, member count and the user's role. */
  load: (groupID: string) => Promise<void>
  /** The first page of members (`first`) or the next; false when there are no more. */
  loadMembers: (groupID: string, first?: boolean) => Promise<boolean>
  invite: (groupID: string, userIDs: readonly string[]) => Promise<CreatedGroup['refused']>
  remove: (groupID: string, userID: string) => Promise<void>
  setRole: (groupID: string, userID: string, role: number) => Promise<void>
  transferOwner: (groupID: string, userID: string) => Promise<void>
  rename: (groupID: string, name: string) => Promise<void>
  setNotice: (groupID: string, notice: string) => Promise<void>
  leave: (groupID: string) => Promise<void>
  dismiss: (groupID: string) => Promise<void>
}

export function useGroups(): UseGroupsReturn {
  const store = useGroupsStore()
  const g = () => liveEngine().groups
  return {
    group: groupID => computed(() => store.get(groupID)),
    members: groupID => computed(() => store.membersOf(groupID)),
    create: (name, memberIDs) => g().create(name, memberIDs),
    load: groupID => g().load(groupID),
    loadMembers: (groupID, first) => g().loadMembers(groupID, first),
    invite: (groupID, userIDs) => g().invite(groupID, userIDs),
    remove: (groupID, userID) => g().kick(groupID, userID),
    setRole: (groupID, userID, role) => g().setRole(groupID, userID, role),
    transferOwner: (groupID, userID) => g().transferOwner(groupID, userID),
    rename: (groupID, name) => g().rename(groupID, name),
    setNotice: (groupID, notice) => g().setNotice(groupID, notice),
    leave: groupID => g().leave(groupID),
    dismiss: groupID => g().dismiss(groupID),
  }
}
