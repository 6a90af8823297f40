// ZIM's documented group and room limits, checked by the local service and available to
// the app (to name the rule before a call). The SDK itself checks only what validate.ts has.
import { CONVERSATION_ID_MAX_CHARS, type RuleViolation, utf8Length } from './rules'

const GROUP_NAME_MAX_BYTES = 100
const GROUP_AVATAR_URL_MAX_BYTES = 500
const GROUP_NOTICE_MAX_BYTES = 300
export const GROUP_MAX_MEMBERS = 500
/** userIDs per createGroup / inviteUsersIntoGroup / kickGroupMembers call. */
export const GROUP_USERS_PER_CALL = 100
export const ROOM_NAME_MAX_CHARS = 2048
export const ROOMS_PER_USER = 5
export const ROOM_MEMBERS_PAGE = 100

/** Group member roles (ZIM's numbers; the SDK has no enum for them). */
export const GroupRole = { Owner: 1, Admin: 2, Member: 3 } as const

function broken(rule: string, params?: Record<string, string | number>): RuleViolation {
  return { rule, ...(params && { params }), message: params ? `${rule} ${JSON.stringify(params)}` : rule }
}

/** An ID the caller chose; '' lets the service pick one. */
export function checkGroupID(groupID: unknown, allowEmpty = false): RuleViolation | null {
  if (typeof groupID !== 'string')
    return broken('groupID.required')
  if (groupID.length === 0)
    return allowEmpty ? null : broken('groupID.required')
  if (groupID.length > CONVERSATION_ID_MAX_CHARS)
    return broken('groupID.maxChars', { max: CONVERSATION_ID_MAX_CHARS })
  if (groupID.startsWith('#'))
    return broken('groupID.hashPrefix')
  return null
}

export function checkGroupName(name: unknown): RuleViolation | null {
  if (typeof name !== 'string')
    return broken('groupName.required')
  if (utf8Length(name) > GROUP_NAME_MAX_BYTES)
    return broken('groupName.maxBytes', { max: GROUP_NAME_MAX_BYTES })
  return null
}

export function checkGroupAvatarUrl(url: unknown): RuleViolation | null {
  if (typeof url !== 'string')
    return broken('groupAvatarUrl.required')
  if (utf8Length(url) > GROUP_AVATAR_URL_MAX_BYTES)
    return broken('groupAvatarUrl.maxBytes', { max: GROUP_AVATAR_URL_MAX_BYTES })
  return null
}

export function checkGroupNotice(notice: unknown): RuleViolation | null {
  if (typeof notice !== 'string')
    return broken('groupNotice.required')
  if (utf8Length(notice) > GROUP_NOTICE_MAX_BYTES)
    return broken('groupNotice.maxBytes', { max: GROUP_NOTICE_MAX_BYTES })
  return null
}
