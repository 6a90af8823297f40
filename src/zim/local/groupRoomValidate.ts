// The SDK's local checks for the group and room APIs (read from zego-zim-miniprogram
// 2.29.0's bundle: its ParamValidator), with its texts. Anything else is the service's job.
import { CONVERSATION_ID_MAX_CHARS } from '../rules'

export type GroupRoomApiName =
  | 'API.createGroup'
  | 'API.joinGroup'
  | 'API.leaveGroup'
  | 'API.dismissGroup'
  | 'API.inviteUsersIntoGroup'
  | 'API.kickGroupMembers'
  | 'API.setGroupMemberRole'
  | 'API.transferGroupOwner'
  | 'API.queryGroupList'
  | 'API.queryGroupInfo'
  | 'API.queryGroupMemberList'
  | 'API.queryGroupMemberCount'
  | 'API.updateGroupInfo'
  | 'API.createRoom'
  | 'API.enterRoom'
  | 'API.joinRoom'
  | 'API.leaveRoom'
  | 'API.queryRoomMemberList'
  | 'API.queryRoomOnlineMemberCount'

/** The SDK's MAX_NAME_SIZE: names, avatars and notices are only checked against it. */
const MAX_NAME_SIZE = 2048

/** The SDK's ID rule: a non-empty string of at most 1024 characters (and no leading '#' where it says so). */
export function isValidID(value: unknown, noHash = false): value is string {
  return !!value && typeof value === 'string' && value.length <= CONVERSATION_ID_MAX_CHARS && (!noHash || value[0] !== '#')
}

const isValidName = (value: unknown) => typeof value === 'string' && value.length <= MAX_NAME_SIZE
const isStringList = (value: unknown) => Array.isArray(value) && value.length > 0 && value.every(v => typeof v === 'string' && v.length > 0)
const isAttributes = (value: unknown) => !!value && Object.prototype.toString.call(value) === '[object Object]' && Object.values(value as object).every(v => typeof v === 'string')

export function checkCreateGroupArgs(groupInfo: { groupID?: unknown, groupName?: unknown, groupAvatarUrl?: unknown }, userIDs: unknown, config: { groupNotice?: unknown, groupAttributes?: unknown }): string {
  const id = String(groupInfo.groupID || '').trim()
  if (id && !isValidID(id, true))
    return 'The groupInfo instance of groupID is invalid.'
  if (!isValidName(groupInfo.groupName))
    return 'The groupInfo instance of groupName is invalid.'
  if (!isValidName(groupInfo.groupAvatarUrl))
    return 'The groupInfo instance of groupAvatarUrl is invalid.'
  if (!isValidName(config.groupNotice))
    return 'The config instance of groupNotice is invalid.'
  if (userIDs && !Array.isArray(userIDs))
    return 'Every one of userIDs must be a valid string type.'
  if (!isAttributes(config.groupAttributes))
    return 'The Key and Value of the groupAttributes property of the config instance only support string types.'
  return ''
}

/**
 * The SDK's validID (joinGroup, leaveGroup, dismissGroup, queryGroupInfo, leaveRoom,
 * queryRoomOnlineMemberCount) tests the parameter's NAME, not its value, so it never
 * refuses: a bad ID goes to the server (tests/contract). The stand-in does the same and
 * the local service answers 6000001.
 */
export function checkID(_name: string, _value: unknown): string {
  return ''
}

export function checkIDAndList(idName: string, id: unknown, listName: string, list: unknown): string {
  if (!isValidID(id))
    return `${idName} is invalid.`
  if (!isStringList(list))
    return `${listName} is invalid or each of its elements must be a valid string type.`
  return ''
}

export function checkIDAndName(idName: string, id: unknown, name: string, value: unknown): string {
  if (!isValidID(id))
    return `${idName} is invalid.`
  return isValidName(value) ? '' : `${name} is invalid.`
}

export function checkTwoIDs(first: string, a: unknown, second: string, b: unknown): string {
  if (!isValidID(a))
    return `${first} is invalid.`
  return isValidID(b) ? '' : `${second} is invalid.`
}

export function checkMemberRole(role: unknown, forUserID: unknown, groupID: unknown): string {
  if (typeof role !== 'number' || !(role >= 0))
    return 'role is invalid.'
  if (!isValidID(forUserID))
    return 'forUserID is invalid.'
  return isValidID(groupID) ? '' : 'groupID is invalid.'
}

/** The SDK's validCount: a config with a count >= 0, and the ID. */
export function checkCountAndID(config: unknown, idName: string, id: unknown): string {
  const count = (config as { count?: unknown } | null | undefined)?.count
  if (!config || typeof count !== 'number' || !(count >= 0))
    return 'The config or its count is invalid.'
  return isValidID(id) ? '' : `${idName} is invalid.`
}

export function checkRoomArgs(roomInfo: { roomID?: unknown, roomName?: unknown } | null | undefined, config?: { roomAttributes?: unknown } | null): string {
  if (!roomInfo)
    return 'roomInfo is invalid.'
  if (!isValidID(roomInfo.roomID))
    return 'The roomInfo instance of roomID is invalid.'
  if (!isValidName(roomInfo.roomName))
    return 'The roomInfo instance of roomName is invalid.'
  if (config?.roomAttributes && !isAttributes(config.roomAttributes))
    return 'The Key and Value of the roomAttributes property of the config instance only support string types.'
  return ''
}
