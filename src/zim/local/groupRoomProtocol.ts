// The group and room part of the wire protocol (protocol.ts includes it). Replies and
// event pushes carry the SDK's own result and event shapes, so the stand-in hands them on.
import type {
  ZIMConversation,
  ZIMGroupCreatedResult,
  ZIMGroupFullInfo,
  ZIMGroupMemberInfo,
  ZIMGroupInfoQueriedResult,
  ZIMGroupJoinedResult,
  ZIMGroupListQueriedResult,
  ZIMGroupMemberKickedResult,
  ZIMGroupMemberCountQueriedResult,
  ZIMGroupMemberListQueriedResult,
  ZIMGroupOperatedInfo,
  ZIMGroupUsersInvitedResult,
  ZIMRoomFullInfo,
  ZIMRoomMemberQueriedResult,
  ZIMRoomOnlineMemberCountQueriedResult,
  ZimEventData,
} from '../types'

/** The group info fields a member may change, one op for the three. */
export type GroupInfoField = 'name' | 'notice' | 'avatarUrl'

export type GroupRequest =
  | { id: number, op: 'createGroup', groupID: string, groupName: string, groupAvatarUrl: string, userIDs: string[], groupNotice: string, maxMemberCount?: number }
  | { id: number, op: 'joinGroup', groupID: string }
  | { id: number, op: 'leaveGroup', groupID: string }
  | { id: number, op: 'dismissGroup', groupID: string }
  | { id: number, op: 'inviteIntoGroup', groupID: string, userIDs: string[] }
  | { id: number, op: 'kickGroupMembers', groupID: string, userIDs: string[] }
  | { id: number, op: 'setGroupMemberRole', groupID: string, forUserID: string, role: number }
  | { id: number, op: 'transferGroupOwner', groupID: string, toUserID: string }
  | { id: number, op: 'queryGroupList' }
  | { id: number, op: 'queryGroupInfo', groupID: string }
  | { id: number, op: 'queryGroupMembers', groupID: string, nextFlag: number, count: number }
  | { id: number, op: 'queryGroupMemberCount', groupID: string }
  | { id: number, op: 'updateGroupInfo', groupID: string, field: GroupInfoField, value: string }

export interface GroupReplyData {
  createGroup: ZIMGroupCreatedResult
  joinGroup: ZIMGroupJoinedResult
  /**
   * `member`: the caller as a member just before; `conversation`: their group conversation,
   * now disabled (none before a first message).
   */
  leaveGroup: { groupID: string, groupInfo: ZIMGroupFullInfo, member: ZIMGroupMemberInfo, conversation?: ZIMConversation }
  dismissGroup: { groupID: string, groupInfo: ZIMGroupFullInfo, member: ZIMGroupMemberInfo, conversation?: ZIMConversation }
  /** `operatedInfo`: the caller as a member (their role), for the events the stand-in emits. */
  inviteIntoGroup: ZIMGroupUsersInvitedResult & { operatedInfo: ZIMGroupOperatedInfo }
  kickGroupMembers: ZIMGroupMemberKickedResult & { userList: ZIMGroupMemberInfo[], operatedInfo: ZIMGroupOperatedInfo }
  /** `userList`: the members whose role changed, as they are now. */
  setGroupMemberRole: { groupID: string, forUserID: string, role: number, userList: ZIMGroupMemberInfo[] }
  transferGroupOwner: { groupID: string, toUserID: string, userList: ZIMGroupMemberInfo[] }
  queryGroupList: ZIMGroupListQueriedResult
  queryGroupInfo: ZIMGroupInfoQueriedResult
  queryGroupMembers: ZIMGroupMemberListQueriedResult
  queryGroupMemberCount: ZIMGroupMemberCountQueriedResult
  updateGroupInfo: { groupID: string, value: string }
}

/** `create` fails when the room exists, `join` when it does not, `enter` does either. */
export type RoomEntry = 'create' | 'enter' | 'join'

export type RoomRequest =
  | { id: number, op: 'enterRoom', mode: RoomEntry, roomID: string, roomName: string, roomDestroyDelayTime: number }
  | { id: number, op: 'leaveRoom', roomID: string }
  | { id: number, op: 'queryRoomMembers', roomID: string, nextFlag: string, count: number }
  | { id: number, op: 'queryRoomMemberCount', roomID: string }

export interface RoomReplyData {
  enterRoom: { roomInfo: ZIMRoomFullInfo }
  /** `wasIn`: false when the caller was not in the room (the call still succeeds). */
  leaveRoom: { roomID: string, wasIn: boolean }
  queryRoomMembers: ZIMRoomMemberQueriedResult
  queryRoomMemberCount: ZIMRoomOnlineMemberCountQueriedResult
}

export const GROUP_EVENTS = [
  'groupStateChanged',
  'groupMemberStateChanged',
  'groupMemberInfoUpdated',
  'groupNameUpdated',
  'groupNoticeUpdated',
  'groupAvatarUrlUpdated',
] as const
export type GroupEventName = (typeof GROUP_EVENTS)[number]

export const ROOM_EVENTS = ['roomMemberJoined', 'roomMemberLeft'] as const
export type RoomEventName = (typeof ROOM_EVENTS)[number]

/** One SDK event, in the SDK's shape, for the stand-in to emit as it is. */
export type GroupPush = { [K in GroupEventName]: { push: 'groupEvent', name: K, data: ZimEventData<K> } }[GroupEventName]
export type RoomPush = { [K in RoomEventName]: { push: 'roomEvent', name: K, data: ZimEventData<K> } }[RoomEventName]
