// The stand-in's group API: the SDK's local checks, then the service; for the caller's own
// actions the events the SDK emits from its reply, in its order (other members get theirs
// pushed by the service and handed on as they are).
import type {
  ZIMConversation,
  ZIMGroupAdvancedConfig,
  ZIMGroupAvatarUrlUpdatedResult,
  ZIMGroupCreatedResult,
  ZIMGroupDismissedResult,
  ZIMGroupFullInfo,
  ZIMGroupInfo,
  ZIMGroupInfoQueriedResult,
  ZIMGroupJoinedResult,
  ZIMGroupLeftResult,
  ZIMGroupListQueriedResult,
  ZIMGroupMemberInfo,
  ZIMGroupMemberKickedResult,
  ZIMGroupMemberCountQueriedResult,
  ZIMGroupMemberListQueriedResult,
  ZIMGroupMemberQueryConfig,
  ZIMGroupMemberRoleUpdatedResult,
  ZIMGroupNameUpdatedResult,
  ZIMGroupNoticeUpdatedResult,
  ZIMGroupOperatedInfo,
  ZIMGroupOwnerTransferredResult,
  ZIMGroupUsersInvitedResult,
} from '../types'
import { ConversationEvent } from '../constants'
import { ErrorCode } from '../errors'
import { GroupRole } from '../groupRules'
import { GROUP_EVENTS, type GroupInfoField, type GroupPush } from './groupRoomProtocol'
import {
  checkCountAndID,
  checkCreateGroupArgs,
  checkID,
  checkIDAndList,
  checkIDAndName,
  checkMemberRole,
  checkTwoIDs,
  isValidID,
} from './groupRoomValidate'
import type { LocalHost } from './host'
import { conversationFromWire } from './wire'

/** ZIMGroupState / ZIMGroupEvent / ZIMGroupMemberEvent values. */
const Enter = 1
const Quit = 0
const GroupEvent = { Created: 1, Dismissed: 2, Joined: 3, Left: 5 } as const
const MemberEvent = { Joined: 1, Left: 2, KickedOut: 4, Invited: 5 } as const

export class LocalGroups {
  constructor(private readonly host: LocalHost) {}

  private operator(role: number): ZIMGroupOperatedInfo {
    const me = this.host.self()
    return { userID: me?.userID ?? '', userName: me?.userName ?? '', memberNickname: '', memberRole: role }
  }

  /** Pushed events of other members' actions, as the service made them. */
  onPush(push: GroupPush): void {
    if (!(GROUP_EVENTS as readonly string[]).includes(push.name))
      return
    this.host.emit(push.name, push.data as never)
  }

  /** A conversation that can no longer be written in, as the SDK reports it. */
  private disabled(conversation: ZIMConversation | undefined): void {
    if (!conversation)
      return
    const c = conversationFromWire(conversation)
    this.host.conversations.remember(c)
    this.host.emit('conversationChanged', { infoList: [{ event: ConversationEvent.Disabled, conversation: c }] })
  }

  createGroup(groupInfo: ZIMGroupInfo, userIDs: string[], config?: ZIMGroupAdvancedConfig): Promise<ZIMGroupCreatedResult> {
    const api = 'API.createGroup' as const
    const info = Object.assign({}, groupInfo)
    const options = Object.assign({ groupAttributes: {}, groupNotice: '' }, config)
    const refused = this.host.refuse(api, checkCreateGroupArgs(info, userIDs, options))
    if (refused)
      return refused
    // As the SDK does: IDs that break its rule are answered in errorUserList, the rest deduplicated.
    const errorUserList = (userIDs ?? []).filter(id => !isValidID(id)).map(userID => ({ userID, reason: ErrorCode.CommonModuleParamsInvalid }))
    const valid = [...new Set((userIDs ?? []).filter(id => isValidID(id)))]
    return this.host.call(api, {
      op: 'createGroup',
      groupID: String(info.groupID || '').trim(),
      groupName: info.groupName || '',
      groupAvatarUrl: info.groupAvatarUrl || '',
      groupNotice: options.groupNotice || '',
      userIDs: valid,
      maxMemberCount: options.maxMemberCount || 0,
    }, false).then((data) => {
      const groupID = data.groupInfo.baseInfo.groupID
      const operatedInfo = this.operator(GroupRole.Owner)
      const me = operatedInfo.userID
      this.host.emit('groupStateChanged', { state: Enter, event: GroupEvent.Created, groupInfo: data.groupInfo, operatedInfo } as never)
      this.host.emit('groupMemberStateChanged', { groupID, state: Enter, event: MemberEvent.Joined, userList: data.userList.filter(m => m.userID === me), operatedInfo } as never)
      const invited = data.userList.filter(m => m.userID !== me)
      if (invited.length > 0)
        this.host.emit('groupMemberStateChanged', { groupID, state: Enter, event: MemberEvent.Invited, userList: invited, operatedInfo } as never)
      return { groupInfo: data.groupInfo, userList: data.userList, errorUserList: [...errorUserList, ...data.errorUserList] } as ZIMGroupCreatedResult
    })
  }

  joinGroup(groupID: string): Promise<ZIMGroupJoinedResult> {
    const api = 'API.joinGroup' as const
    const refused = this.host.refuse(api, checkID('groupID', groupID))
    if (refused)
      return refused
    return this.host.call(api, { op: 'joinGroup', groupID }, false).then((data) => {
      const operatedInfo = this.operator(GroupRole.Member)
      this.host.emit('groupStateChanged', { state: Enter, event: GroupEvent.Joined, groupInfo: data.groupInfo, operatedInfo } as never)
      this.host.emit('groupMemberStateChanged', { groupID, state: Enter, event: MemberEvent.Joined, userList: [this.selfMember(GroupRole.Member)], operatedInfo } as never)
      return { groupInfo: data.groupInfo }
    })
  }

  private selfMember(role: number): ZIMGroupMemberInfo {
    const op = this.operator(role)
    return {
      userID: op.userID,
      userName: op.userName,
      userAvatarUrl: '',
      userExtendedData: '',
      memberNickname: '',
      memberRole: role,
      memberAvatarUrl: '',
      muteExpiredTime: 0,
      groupEnterInfo: { enterTime: Date.now(), enterType: 3 },
    } as ZIMGroupMemberInfo
  }

  leaveGroup(groupID: string): Promise<ZIMGroupLeftResult> {
    return this.quit('API.leaveGroup', groupID, false)
  }

  dismissGroup(groupID: string): Promise<ZIMGroupDismissedResult> {
    return this.quit('API.dismissGroup', groupID, true)
  }

  private quit(api: 'API.leaveGroup' | 'API.dismissGroup', groupID: string, dismiss: boolean): Promise<{ groupID: string }> {
    const refused = this.host.refuse(api, checkID('groupID', groupID))
    if (refused)
      return refused
    return this.host.call(api, { op: dismiss ? 'dismissGroup' : 'leaveGroup', groupID }, false).then((data) => {
      const groupInfo: ZIMGroupFullInfo = data.groupInfo
      const operatedInfo = this.operator(data.member.memberRole)
      // As the SDK: the group's state, then the caller leaving it as a member (either way).
      this.host.emit('groupStateChanged', { state: Quit, event: dismiss ? GroupEvent.Dismissed : GroupEvent.Left, groupInfo, operatedInfo } as never)
      this.host.emit('groupMemberStateChanged', { groupID, state: Quit, event: MemberEvent.Left, userList: [data.member], operatedInfo } as never)
      this.disabled(data.conversation)
      return { groupID }
    })
  }

  inviteUsersIntoGroup(userIDs: string[], groupID: string): Promise<ZIMGroupUsersInvitedResult> {
    const api = 'API.inviteUsersIntoGroup' as const
    const refused = this.host.refuse(api, checkIDAndList('groupID', groupID, 'userIDs', userIDs))
    if (refused)
      return refused
    // As the SDK: invalid IDs and the caller's own are answered 6000001 without asking.
    const self = this.host.self()?.userID
    const refusedHere = userIDs.filter(id => !isValidID(id) || id === self).map(userID => ({ userID, reason: ErrorCode.CommonModuleParamsInvalid }))
    const asked = [...new Set(userIDs.filter(id => isValidID(id) && id !== self))]
    return this.host.call(api, { op: 'inviteIntoGroup', groupID, userIDs: asked }, false).then((data) => {
      if (data.userList.length > 0)
        this.host.emit('groupMemberStateChanged', { groupID, state: Enter, event: MemberEvent.Invited, userList: data.userList, operatedInfo: data.operatedInfo } as never)
      return { groupID, errorUserList: [...refusedHere, ...data.errorUserList], userList: data.userList }
    })
  }

  kickGroupMembers(userIDs: string[], groupID: string): Promise<ZIMGroupMemberKickedResult> {
    const api = 'API.kickGroupMembers' as const
    const refused = this.host.refuse(api, checkIDAndList('groupID', groupID, 'userIDs', userIDs))
    if (refused)
      return refused
    const refusedHere = userIDs.filter(id => !isValidID(id)).map(userID => ({ userID, reason: ErrorCode.CommonModuleParamsInvalid }))
    const asked = [...new Set(userIDs.filter(id => isValidID(id)))]
    return this.host.call(api, { op: 'kickGroupMembers', groupID, userIDs: asked }, false).then((data) => {
      if (data.userList.length > 0)
        this.host.emit('groupMemberStateChanged', { groupID, state: Quit, event: MemberEvent.KickedOut, userList: data.userList, operatedInfo: data.operatedInfo } as never)
      return { groupID, kickedUserIDs: data.kickedUserIDs, errorUserList: [...refusedHere, ...data.errorUserList] }
    })
  }

  setGroupMemberRole(role: number, forUserID: string, groupID: string): Promise<ZIMGroupMemberRoleUpdatedResult> {
    const api = 'API.setGroupMemberRole' as const
    const refused = this.host.refuse(api, checkMemberRole(role, forUserID, groupID))
    if (refused)
      return refused
    return this.host.call(api, { op: 'setGroupMemberRole', groupID, forUserID, role }, false).then((data) => {
      this.host.emit('groupMemberInfoUpdated', { groupID, userList: data.userList, operatedInfo: this.operator(GroupRole.Owner) } as never)
      return { groupID, forUserID, role }
    })
  }

  transferGroupOwner(toUserID: string, groupID: string): Promise<ZIMGroupOwnerTransferredResult> {
    const api = 'API.transferGroupOwner' as const
    const refused = this.host.refuse(api, checkTwoIDs('toUserID', toUserID, 'groupID', groupID))
    if (refused)
      return refused
    return this.host.call(api, { op: 'transferGroupOwner', groupID, toUserID }, false).then((data) => {
      this.host.emit('groupMemberInfoUpdated', { groupID, userList: data.userList, operatedInfo: this.operator(GroupRole.Owner) } as never)
      return { groupID, toUserID }
    })
  }

  queryGroupList(): Promise<ZIMGroupListQueriedResult> {
    const api = 'API.queryGroupList' as const
    const refused = this.host.refuse(api, null)
    if (refused)
      return refused
    return this.host.call(api, { op: 'queryGroupList' }, true)
  }

  queryGroupInfo(groupID: string): Promise<ZIMGroupInfoQueriedResult> {
    const api = 'API.queryGroupInfo' as const
    const refused = this.host.refuse(api, checkID('groupID', groupID))
    if (refused)
      return refused
    return this.host.call(api, { op: 'queryGroupInfo', groupID }, true)
  }

  queryGroupMemberList(groupID: string, config?: ZIMGroupMemberQueryConfig): Promise<ZIMGroupMemberListQueriedResult> {
    const api = 'API.queryGroupMemberList' as const
    const options = Object.assign({ count: 100, nextFlag: 0 }, config)
    const refused = this.host.refuse(api, checkCountAndID(options, 'groupID', groupID))
    if (refused)
      return refused
    if (options.count < 1)
      return Promise.resolve({ groupID, userList: [], nextFlag: options.nextFlag })
    return this.host.call(api, { op: 'queryGroupMembers', groupID, nextFlag: Math.max(0, Number(options.nextFlag) || 0), count: options.count }, true)
  }

  /** As the SDK: no local check of the ID (the service refuses a bad one). */
  queryGroupMemberCount(groupID: string): Promise<ZIMGroupMemberCountQueriedResult> {
    return this.host.call('API.queryGroupMemberCount', { op: 'queryGroupMemberCount', groupID }, true)
  }

  updateGroupName(groupName: string, groupID: string): Promise<ZIMGroupNameUpdatedResult> {
    return this.update('name', 'groupName', groupName, groupID).then(() => ({ groupID, groupName }))
  }

  updateGroupNotice(groupNotice: string, groupID: string): Promise<ZIMGroupNoticeUpdatedResult> {
    return this.update('notice', 'groupNotice', groupNotice, groupID).then(() => ({ groupID, groupNotice }))
  }

  updateGroupAvatarUrl(groupAvatarUrl: string, groupID: string): Promise<ZIMGroupAvatarUrlUpdatedResult> {
    return this.update('avatarUrl', 'groupAvatarUrl', groupAvatarUrl, groupID).then(() => ({ groupID, groupAvatarUrl }))
  }

  private update(field: GroupInfoField, name: string, value: string, groupID: string): Promise<void> {
    // As in the SDK: the three share one API name in their errors.
    const api = 'API.updateGroupInfo' as const
    const refused = this.host.refuse(api, checkIDAndName('groupID', groupID, name, value))
    if (refused)
      return refused
    return this.host.call(api, { op: 'updateGroupInfo', groupID, field, value }, false).then(() => {})
  }
}
