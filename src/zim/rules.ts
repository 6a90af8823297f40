// ZIM's documented input rules. The SDK does not enforce the user rules itself (see
// shared notes), so the app, the token service and the stand-in all check them here.

/**
 * A rule that was broken: `rule` is the stable name (and the translation key pages use),
 * `params` the numbers it needs; `message` is a developer line (logs, the services' replies),
 * never shown to people.
 */
export interface RuleViolation {
  rule: string
  params?: Record<string, string | number>
  message: string
}

function broken(rule: string, params?: Record<string, string | number>): RuleViolation {
  return { rule, ...(params && { params }), message: params ? `${rule} ${JSON.stringify(params)}` : rule }
}

export const USER_ID_MAX_BYTES = 32
export const USER_NAME_MAX_BYTES = 256
/** Product limits from ZEGO's docs; the SDK itself only checks 49,152 bytes. */
export const TEXT_MAX_BYTES = 32 * 1024
export const COMMAND_MAX_BYTES = 5 * 1024
export const BARRAGE_MAX_BYTES = 5 * 1024
export const SDK_BODY_MAX_BYTES = 49_152
export const CONVERSATION_ID_MAX_CHARS = 1024

/** The punctuation a user ID may have besides digits and letters. */
const USER_ID_PUNCTUATION = '!#$%&()+-:;<=.>?@[]^_{}|~'
const USER_ID_ALLOWED = /^[0-9A-Za-z!#$%&()+\-:;<=.>?@[\]^_{}|~]+$/

export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xD800 && code <= 0xDBFF && i + 1 < text.length) {
      bytes += 4
      i++
    }
    else bytes += 3
  }
  return bytes
}

export function checkUserID(userID: unknown): RuleViolation | null {
  if (typeof userID !== 'string' || userID.length === 0)
    return broken('userID.required')
  if (utf8Length(userID) > USER_ID_MAX_BYTES)
    return broken('userID.maxBytes', { max: USER_ID_MAX_BYTES })
  if (!USER_ID_ALLOWED.test(userID))
    return broken('userID.charset', { allowed: USER_ID_PUNCTUATION })
  return null
}

export function checkUserName(userName: unknown): RuleViolation | null {
  if (typeof userName !== 'string' || userName.trim().length === 0)
    return broken('userName.required')
  if (utf8Length(userName) > USER_NAME_MAX_BYTES)
    return broken('userName.maxBytes', { max: USER_NAME_MAX_BYTES })
  return null
}

/** Text-like bodies: text, barrage, custom. `limit` is the product limit for the type. */
export function checkTextBody(text: unknown, limit = TEXT_MAX_BYTES, kind = 'text'): RuleViolation | null {
  if (typeof text !== 'string' || text.trim().length === 0)
    return broken(`${kind}.required`)
  const bytes = utf8Length(text)
  if (bytes > limit)
    return broken(`${kind}.maxBytes`, { max: limit, bytes })
  return null
}

/**
 * The fixed numbers of a rule, for a violation that reached the page without its params
 * (the session store keeps only rule and code).
 */
export const RULE_DEFAULT_PARAMS: Readonly<Record<string, Record<string, string | number>>> = {
  'userID.maxBytes': { max: USER_ID_MAX_BYTES },
  'userID.charset': { allowed: USER_ID_PUNCTUATION },
  'userName.maxBytes': { max: USER_NAME_MAX_BYTES },
}

// ---- groups and rooms (ZIM 2.29.0's documented limits; the SDK checks few of them itself) ----

const GROUP_NAME_MAX_BYTES = 100
const GROUP_NOTICE_MAX_BYTES = 300
/** createGroup and inviteUsersIntoGroup take at most this many user IDs a call. */
export const GROUP_INVITE_MAX_USERS = 100
export const GROUP_MAX_MEMBERS = 500
const ROOM_ID_MAX_CHARS = 1024

export function checkGroupName(name: unknown): RuleViolation | null {
  if (typeof name !== 'string' || name.trim().length === 0)
    return broken('group.rule.nameRequired')
  if (utf8Length(name) > GROUP_NAME_MAX_BYTES)
    return broken('group.rule.nameMaxBytes', { max: GROUP_NAME_MAX_BYTES })
  return null
}

export function checkGroupNotice(notice: unknown): RuleViolation | null {
  if (typeof notice !== 'string')
    return broken('group.rule.noticeMaxBytes', { max: GROUP_NOTICE_MAX_BYTES })
  if (utf8Length(notice) > GROUP_NOTICE_MAX_BYTES)
    return broken('group.rule.noticeMaxBytes', { max: GROUP_NOTICE_MAX_BYTES })
  return null
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
  if (userIDs.length > GROUP_INVITE_MAX_USERS)
    return broken('group.rule.membersMax', { max: GROUP_INVITE_MAX_USERS })
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
  if (roomID.length > ROOM_ID_MAX_CHARS)
    return broken('room.rule.idMaxChars', { max: ROOM_ID_MAX_CHARS })
  if (/\s/.test(roomID))
    return broken('room.rule.idSpaces')
  return null
}
