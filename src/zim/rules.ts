// ZIM's documented input rules. The SDK does not enforce the user rules itself (see
// shared notes), so the app, the token service and the stand-in all check them here.

/** A rule that was broken: `rule` (with `params`) is stable for code, tests and translations. */
export interface RuleViolation {
  rule: string
  message: string
  params?: Record<string, string | number>
}

export const USER_ID_MAX_BYTES = 32
export const USER_NAME_MAX_BYTES = 256
/** Product limits from ZEGO's docs; the SDK itself only checks 49,152 bytes. */
export const TEXT_MAX_BYTES = 32 * 1024
export const COMMAND_MAX_BYTES = 5 * 1024
export const BARRAGE_MAX_BYTES = 5 * 1024
export const SDK_BODY_MAX_BYTES = 49_152
export const CONVERSATION_ID_MAX_CHARS = 1024

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
    return { rule: 'userID.required', message: 'User ID is required.' }
  if (utf8Length(userID) > USER_ID_MAX_BYTES)
    return { rule: 'userID.maxBytes', params: { max: USER_ID_MAX_BYTES }, message: `User ID must be at most ${USER_ID_MAX_BYTES} bytes.` }
  if (!USER_ID_ALLOWED.test(userID))
    return {
      rule: 'userID.charset',
      message: 'User ID may contain only digits, letters and !#$%&()+-:;<=.>?@[]^_{}|~ (no spaces).',
    }
  return null
}

export function checkUserName(userName: unknown): RuleViolation | null {
  if (typeof userName !== 'string' || userName.trim().length === 0)
    return { rule: 'userName.required', message: 'User name is required.' }
  if (utf8Length(userName) > USER_NAME_MAX_BYTES)
    return { rule: 'userName.maxBytes', params: { max: USER_NAME_MAX_BYTES }, message: `User name must be at most ${USER_NAME_MAX_BYTES} bytes.` }
  return null
}

/** Text-like bodies: text, barrage, custom. `limit` is the product limit for the type. */
export function checkTextBody(text: unknown, limit = TEXT_MAX_BYTES, kind = 'text'): RuleViolation | null {
  if (typeof text !== 'string' || text.trim().length === 0)
    return { rule: `${kind}.required`, message: 'A message cannot be empty.' }
  const bytes = utf8Length(text)
  if (bytes > limit)
    return { rule: `${kind}.maxBytes`, params: { max: limit, bytes }, message: `A ${kind} message must be at most ${limit} bytes (this one is ${bytes}).` }
  return null
}
