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

export function broken(rule: string, params?: Record<string, string | number>): RuleViolation {
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
/** Combined messages: the SDK's cloud settings `cb_msg_title_len` / `cb_msg_summary_len`. */
export const COMBINE_TITLE_MAX_BYTES = 100
export const COMBINE_SUMMARY_MAX_BYTES = 500
/** The stand-in's bound on children per combined message (ZEGO documents none). */
export const COMBINE_MAX_CHILDREN = 100

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
