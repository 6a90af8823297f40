// Groups over the one SDK instance: create, the group's info and members (paged), invite,
// remove, roles, transfer, rename, notice, leave, dismiss; and what ZIM's group events
// mean for the groups store (the one writer of it) and the conversation list. Group
// messages are not here: they travel the one send path and are written by messageSync.
import type { useConversationsStore } from '@/stores/conversations'
import type { GroupEnded, GroupMember, useGroupsStore } from '@/stores/groups'
import { ConversationType, GroupEvent, GroupMemberRole, GroupMemberState, GroupState } from '@/zim/constants'
import { isZimError } from '@/zim/errors'
import { checkGroupNameInput, checkGroupNoticeInput, checkMemberIDs } from '@/zim/groupInput'
import { GROUP_MAX_MEMBERS } from '@/zim/groupRules'
import type { ZimClient, ZimEventData, ZimGroupExtras, ZIMGroupFullInfo, ZIMGroupMemberInfo } from '@/zim/types'
import { describeError, violation, ZimActionError } from './actionError'

/** ZIM's group codes the app acts on (the rest are shown as they come). */
const GroupCode = {
  NotMember: 6000521,
  NoSuchGroup: 6000523,
  Dismissed: 6000527,
} as const

/** ZIM's group refusals, each with a sentence under the group.* keys (the code goes on the details line). */
const GROUP_ERRORS: Record<number, string> = {
  6000521: 'group.error.notMember',
  6000522: 'group.error.alreadyMember',
  6000523: 'group.error.noSuchGroup',
  6000525: 'group.error.full',
  6000527: 'group.error.dismissed',
  6000541: 'group.error.noPermission',
}

/** Members asked for per page of the group info page. */
const MEMBER_PAGE_SIZE = 50

export interface GroupsDeps {
  groups: ReturnType<typeof useGroupsStore>
  conversations: ReturnType<typeof useConversationsStore>
  currentClient: () => ZimClient | null
  currentUserID: () => string | undefined
}

export interface CreatedGroup {
  groupID: string
  /** IDs ZIM could not add (unknown users and the like), with its reason code. */
  refused: { userID: string, reason: number }[]
}

type GroupClient = ZimClient & ZimGroupExtras

function toMember(info: ZIMGroupMemberInfo): GroupMember {
  return {
    userID: info.userID,
    userName: info.memberNickname || info.userName || info.userID,
    avatarUrl: info.userAvatarUrl || info.memberAvatarUrl || '',
    role: info.memberRole || GroupMemberRole.Member,
  }
}

export function createGroups(deps: GroupsDeps) {
  const { groups, conversations } = deps

  function client(): GroupClient {
    const zim = deps.currentClient()
    if (!zim)
      throw new ZimActionError('zim.6000121', 'zim.6000121', 6000121)
    return zim as GroupClient
  }

  /** Runs one SDK call; failures come back as ZimActionError (a key + ZIM's code). */
  async function call<T>(groupID: string | null, run: (zim: GroupClient) => Promise<T>): Promise<T> {
    try {
      return await run(client())
    }
    catch (err) {
      if (!isZimError(err))
        throw describeError(err)
      if (groupID)
        noteOut(groupID, err.code)
      const key = GROUP_ERRORS[err.code]
      throw key ? new ZimActionError(key, key, err.code, { detail: err.message }) : describeError(err)
    }
  }

  /** A refusal that proves the user is out of the group makes its chat read-only. */
  function noteOut(groupID: string, code: number): void {
    const ended: GroupEnded | null = code === GroupCode.NotMember
      ? 'notMember'
      : code === GroupCode.NoSuchGroup || code === GroupCode.Dismissed ? 'gone' : null
    if (ended && !groups.get(groupID)?.ended)
      end(groupID, ended, '')
  }

  function end(groupID: string, ended: GroupEnded, by: string): void {
    groups.patch(groupID, { ended, endedBy: by })
    conversations.setDisabled(groupID, ConversationType.Group, true)
  }

  function putInfo(info: ZIMGroupFullInfo): void {
    const { groupID, groupName, groupAvatarUrl } = info.baseInfo
    groups.patch(groupID, { name: groupName, avatarUrl: groupAvatarUrl, notice: info.groupNotice ?? '' })
  }

  function checkOrThrow(broken: ReturnType<typeof checkGroupNameInput>): void {
    if (broken)
      throw violation(broken)
  }

  async function create(name: string, memberIDs: readonly string[]): Promise<CreatedGroup> {
    const groupName = name.trim()
    checkOrThrow(checkGroupNameInput(groupName))
    checkOrThrow(checkMemberIDs(memberIDs, deps.currentUserID()))
    const result = await call(null, zim => zim.createGroup({ groupID: '', groupName, groupAvatarUrl: '' }, [...memberIDs]))
    const groupID = result.groupInfo.baseInfo.groupID
    putInfo(result.groupInfo)
    const refused = result.errorUserList.map(({ userID, reason }) => ({ userID, reason }))
    const me = deps.currentUserID()
    const list = result.userList.map(toMember)
    if (me && !list.some(m => m.userID === me))
      list.unshift({ userID: me, userName: me, avatarUrl: '', role: GroupMemberRole.Owner })
    groups.putMembers(groupID, list, 0, true)
    groups.patch(groupID, { memberCount: list.length, myRole: GroupMemberRole.Owner, ended: null, endedBy: '' })
    conversations.setDisabled(groupID, ConversationType.Group, false)
    return { groupID, refused }
  }

  /** The group's info, member count and the user's own role (the chat's title, the info page). */
  async function load(groupID: string): Promise<void> {
    const [{ groupInfo }, count] = await Promise.all([
      call(groupID, zim => zim.queryGroupInfo(groupID)),
      call(groupID, zim => countMembers(zim, groupID)),
    ])
    putInfo(groupInfo)
    groups.patch(groupID, { memberCount: count })
    const me = deps.currentUserID()
    if (me && groups.get(groupID)?.myRole === 0) {
      // The first page usually holds the owner and admins; the user's role is found there or
      // assumed plain member (every action is checked by ZIM anyway).
      await loadMembers(groupID, true)
      const mine = groups.membersOf(groupID).list.find(m => m.userID === me)
      groups.patch(groupID, { myRole: mine?.role ?? GroupMemberRole.Member })
    }
  }

  /** ZIM's member count; where the client has no queryGroupMemberCount, by paging the list (≤ 5 pages of 100). */
  async function countMembers(zim: GroupClient, groupID: string): Promise<number> {
    if (typeof zim.queryGroupMemberCount === 'function')
      return (await zim.queryGroupMemberCount(groupID)).count
    let total = 0
    let nextFlag = 0
    do {
      const page = await zim.queryGroupMemberList(groupID, { nextFlag, count: 100 })
      total += page.userList.length
      nextFlag = page.nextFlag
    } while (nextFlag !== 0)
    return total
  }

  /** The first page of members (`first`), or the next one; false when there are no more. */
  async function loadMembers(groupID: string, first = false): Promise<boolean> {
    const held = groups.membersOf(groupID)
    if (!first && held.loaded && held.nextFlag === 0)
      return false
    const nextFlag = first ? 0 : held.nextFlag
    const page = await call(groupID, zim => zim.queryGroupMemberList(groupID, { nextFlag, count: MEMBER_PAGE_SIZE }))
    groups.putMembers(groupID, page.userList.map(toMember), page.nextFlag, first || !held.loaded)
    return page.nextFlag !== 0
  }

  async function invite(groupID: string, userIDs: readonly string[]): Promise<CreatedGroup['refused']> {
    checkOrThrow(checkMemberIDs(userIDs, deps.currentUserID()))
    const count = groups.get(groupID)?.memberCount ?? 0
    if (count && count + userIDs.length > GROUP_MAX_MEMBERS)
      throw violation({ rule: 'group.rule.full', params: { max: GROUP_MAX_MEMBERS }, message: 'group.rule.full' })
    const result = await call(groupID, zim => zim.inviteUsersIntoGroup([...userIDs], groupID))
    groups.addMembers(groupID, result.userList.map(toMember))
    return result.errorUserList.map(({ userID, reason }) => ({ userID, reason }))
  }

  async function kick(groupID: string, userID: string): Promise<void> {
    const result = await call(groupID, zim => zim.kickGroupMembers([userID], groupID))
    if (result.errorUserList.length)
      throw new ZimActionError('error.service', `zim.${result.errorUserList[0].reason}`, result.errorUserList[0].reason)
    removed(groupID, result.kickedUserIDs)
  }

  function removed(groupID: string, userIDs: readonly string[]): void {
    const page = groups.membersOf(groupID)
    const known = userIDs.filter(id => page.list.some(m => m.userID === id)).length
    groups.removeMembers(groupID, userIDs)
    const view = groups.get(groupID)
    if (view && known)
      groups.patch(groupID, { memberCount: Math.max(0, view.memberCount - known) })
  }

  async function setRole(groupID: string, userID: string, role: number): Promise<void> {
    await call(groupID, zim => zim.setGroupMemberRole(role, userID, groupID))
    groups.setRole(groupID, userID, role)
  }

  async function transferOwner(groupID: string, userID: string): Promise<void> {
    await call(groupID, zim => zim.transferGroupOwner(userID, groupID))
    const me = deps.currentUserID()
    groups.setRole(groupID, userID, GroupMemberRole.Owner)
    if (me) {
      groups.setRole(groupID, me, GroupMemberRole.Member)
      groups.patch(groupID, { myRole: GroupMemberRole.Member })
    }
  }

  async function rename(groupID: string, name: string): Promise<void> {
    const groupName = name.trim()
    checkOrThrow(checkGroupNameInput(groupName))
    await call(groupID, zim => zim.updateGroupName(groupName, groupID))
    groups.patch(groupID, { name: groupName })
    renameConversation(groupID, groupName)
  }

  function renameConversation(groupID: string, name: string): void {
    const held = conversations.get(groupID, ConversationType.Group)
    if (held && held.conversationName !== name)
      conversations.upsertMany([{ ...held, conversationName: name }])
  }

  async function setNotice(groupID: string, notice: string): Promise<void> {
    checkOrThrow(checkGroupNoticeInput(notice))
    await call(groupID, zim => zim.updateGroupNotice(notice, groupID))
    groups.patch(groupID, { notice })
  }

  async function leave(groupID: string): Promise<void> {
    await call(groupID, zim => zim.leaveGroup(groupID))
    end(groupID, 'left', '')
  }

  async function dismiss(groupID: string): Promise<void> {
    await call(groupID, zim => zim.dismissGroup(groupID))
    end(groupID, 'dismissed', deps.currentUserID() ?? '')
  }

  // ---- ZIM's group events (routed here by sdkRoutes) ----

  function onGroupState({ state, event, groupInfo, operatedInfo }: ZimEventData<'groupStateChanged'>): void {
    const groupID = groupInfo.baseInfo.groupID
    putInfo(groupInfo)
    if (state === GroupState.Enter) {
      groups.patch(groupID, { ended: null, endedBy: '' })
      conversations.setDisabled(groupID, ConversationType.Group, false)
      if (event === GroupEvent.Created)
        groups.patch(groupID, { myRole: GroupMemberRole.Owner })
      return
    }
    const by = operatedInfo?.userName || operatedInfo?.userID || ''
    if (event === GroupEvent.Dismissed)
      end(groupID, 'dismissed', by)
    else if (event === GroupEvent.KickedOut)
      end(groupID, 'kicked', by)
    else
      end(groupID, 'left', '')
  }

  function onMemberState({ groupID, state, userList }: ZimEventData<'groupMemberStateChanged'>): void {
    const me = deps.currentUserID()
    const view = groups.get(groupID)
    if (state === GroupMemberState.Enter) {
      const joining = userList.map(toMember)
      const page = groups.membersOf(groupID)
      const fresh = page.loaded ? joining.filter(m => !page.list.some(held => held.userID === m.userID)).length : 0
      groups.addMembers(groupID, joining)
      if (view && view.memberCount)
        groups.patch(groupID, { memberCount: view.memberCount + (page.loaded ? fresh : joining.filter(m => m.userID !== me).length) })
      return
    }
    const gone = userList.map(u => u.userID)
    if (me && gone.includes(me))
      return // the user's own exit comes with groupStateChanged
    const page = groups.membersOf(groupID)
    const known = page.loaded ? gone.filter(id => page.list.some(m => m.userID === id)).length : gone.length
    groups.removeMembers(groupID, gone)
    if (view && view.memberCount)
      groups.patch(groupID, { memberCount: Math.max(0, view.memberCount - known) })
  }

  function onMemberInfo({ groupID, userList }: ZimEventData<'groupMemberInfoUpdated'>): void {
    const me = deps.currentUserID()
    for (const info of userList) {
      groups.setRole(groupID, info.userID, info.memberRole)
      if (info.userID === me)
        groups.patch(groupID, { myRole: info.memberRole })
    }
  }

  function onName({ groupID, groupName }: ZimEventData<'groupNameUpdated'>): void {
    groups.patch(groupID, { name: groupName })
    renameConversation(groupID, groupName)
  }

  function onNotice({ groupID, groupNotice }: ZimEventData<'groupNoticeUpdated'>): void {
    groups.patch(groupID, { notice: groupNotice })
  }

  return {
    create, load, loadMembers, invite, kick, setRole, transferOwner, rename, setNotice, leave, dismiss,
    events: { onGroupState, onMemberState, onMemberInfo, onName, onNotice },
  }
}

export type Groups = ReturnType<typeof createGroups>
