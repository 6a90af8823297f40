// What a person types for groups and rooms, checked by ZIM's documented rules before a call,
// each violation a key that names the rule (and the member ID it is about). The numbers
// the service and the stand-in check are in groupRules.ts.
import { checkGroupName, checkGroupNotice, GROUP_USERS_PER_CALL } from './groupRules'
import { broken, checkUserID, CONVERSATION_ID_MAX_CHARS, type RuleViolation } from './rules'

/** A name a person gave: not blank, and within ZIM's 100 bytes. */
export function checkGroupNameInput(name: string): RuleViolation | null {
  if (name.trim().length === 0)
    return broken('group.rule.nameRequired')
  const bad = checkGroupName(name)
  return bad ? broken('group.rule.nameMaxBytes', bad.params) : null
}

/** A notice within ZIM's 300 bytes (empty clears it). */
export function checkGroupNoticeInput(notice: string): RuleViolation | null {
  const bad = checkGroupNotice(notice)
  return bad ? broken('group.rule.noticeMaxBytes', bad.params) : null
}

/** What a person typed as members: IDs separated by commas, spaces or new lines. */
export function splitUserIDs(text: string): string[] {
  return text.split(/[\s,，、;；]+/).filter(Boolean)
}

/** A member ID's broken user ID rule, as the group rule that names the ID. */
const MEMBER_RULES: Record<string, string> = {
  'userID.required': 'group.rule.memberEmpty',
  'userID.maxBytes': 'group.rule.memberMaxBytes',
  'userID.charset': 'group.rule.memberCharset',
}

/**
 * Each ID by ZIM's user ID rules, no repeats, not oneself, at most 100 a call. The violation
 * names the ID it is about (`params.userID`).
 */
export function checkMemberIDs(userIDs: readonly string[], self?: string, required = true): RuleViolation | null {
  if (required && userIDs.length === 0)
    return broken('group.rule.membersRequired')
  if (userIDs.length > GROUP_USERS_PER_CALL)
    return broken('group.rule.membersMax', { max: GROUP_USERS_PER_CALL })
  const seen = new Set<string>()
  for (const userID of userIDs) {
    const bad = checkUserID(userID)
    if (bad)
      return broken(MEMBER_RULES[bad.rule] ?? 'group.rule.memberCharset', { ...bad.params, userID })
    if (userID === self)
      return broken('group.rule.memberSelf', { userID })
    if (seen.has(userID))
      return broken('group.rule.memberRepeated', { userID })
    seen.add(userID)
  }
  return null
}

export function checkRoomID(roomID: unknown): RuleViolation | null {
  if (typeof roomID !== 'string' || roomID.trim().length === 0)
    return broken('room.rule.idRequired')
  if (roomID.length > CONVERSATION_ID_MAX_CHARS)
    return broken('room.rule.idMaxChars', { max: CONVERSATION_ID_MAX_CHARS })
  if (/\s/.test(roomID))
    return broken('room.rule.idSpaces')
  return null
}
