// The SDK's local argument checks, with its error texts, so the stand-in rejects the same
// calls the same way. Product limits (text 32 KB, command 5 KB, …) are the service's job.
import type { ZIMError, ZIMMessage, ZIMMessageSendConfig } from '../types'
import { ErrorCode, type ZimErrorCode, zimError } from '../errors'
import { CONVERSATION_ID_MAX_CHARS, SDK_BODY_MAX_BYTES, utf8Length } from '../rules'
import { ConversationType, MessagePriority, MessageType } from '../constants'
import { checkCombineBody } from './combine'
import type { GroupRoomApiName } from './groupRoomValidate'

/** The SDK's text for each code it raises itself. */
const SDK_TEXT: Partial<Record<ZimErrorCode, string>> = {
  [ErrorCode.CommonModuleParamsInvalid]: 'The incoming parameter is invalid.',
  [ErrorCode.CommonModuleNotInit]: 'The SDK is not initialized.',
  [ErrorCode.CommonModuleInvalidAppID]: 'Invalid AppID.',
  [ErrorCode.CommonModuleTriggerSDKFrequencyLimit]: 'Trigger SDK internal frequency limit.',
  [ErrorCode.NetworkModuleTokenInvalid]: 'Token is invalid.',
  [ErrorCode.NetworkModuleNetworkError]: 'Network error.',
  [ErrorCode.NetworkModuleRequestTimeout]: 'Request timeout',
  [ErrorCode.NetworkModuleTokenExpired]: 'Token expired.',
  [ErrorCode.NetworkModuleTokenVersionError]: 'Token version number is wrong.',
  [ErrorCode.NetworkModuleTokenTimeIsTooShort]: 'Token duration is too short.',
  [ErrorCode.NetworkModuleUserHasAlreadyLogged]: 'User has already logged in.',
  [ErrorCode.NetworkModuleUserIsNotLogged]: 'User is not logged in.',
}

export type ApiName =
  | 'API.login'
  | 'API.renewToken'
  | 'API.sendMessage'
  | 'API.cancelSendingMessage'
  | 'API.queryConversationList'
  | 'API.queryHistoryMessage'
  | 'API.clearConversationUnreadMessageCount'
  | 'API.deleteConversation'
  | 'API.revokeMessage'
  | 'API.deleteMessages'
  | 'API.queryUsersInfo'
  | 'API.queryCombineMessageDetail'
  // conversation management and users (conversationCalls.ts, users.ts)
  | 'API.updateConversationPinnedState'
  | 'API.setConversationNotificationStatus'
  | 'API.setConversationDraft'
  | 'API.deleteAllMessage'
  | 'API.searchLocalMessages'
  | 'API.searchGlobalLocalMessages'
  | 'API.searchLocalConversations'
  | 'API.updateUser'
  // groups and rooms
  | GroupRoomApiName

/** An error as the SDK words it; network errors name the API they came from. */
export function sdkError(code: ZimErrorCode, api?: ApiName): ZIMError {
  const text = SDK_TEXT[code] ?? 'Failed.'
  const named = api && (code === ErrorCode.NetworkModuleNetworkError || code === ErrorCode.NetworkModuleRequestTimeout)
  return zimError(code, named ? `${api}: ${text}` : text)
}

export function notLoggedError(api: ApiName): ZIMError {
  return zimError(ErrorCode.NetworkModuleUserIsNotLogged, `${api}: Not logged with call.`)
}

export function paramError(api: ApiName, text: string): ZIMError {
  return zimError(ErrorCode.CommonModuleParamsInvalid, `${api}: ${text}`)
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * The expiry the SDK reads from a token before sending it: characters 2–13 decoded from
 * base64 (URL-safe accepted, stray characters skipped), the first 8 bytes as a big-endian
 * number, of which the SDK keeps only the low 32 bits (Long.toInt).
 */
function tokenExpiryAsSdkReadsIt(token: string): number {
  const chars = token.substring(2, 14).replace(/[-_]/g, m => (m === '-' ? '+' : '/')).replace(/[^A-Za-z0-9+/]/g, '')
  const bytes: number[] = []
  let acc = 0
  let bits = 0
  for (const c of chars) {
    acc = (acc << 6) | BASE64.indexOf(c)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes.push((acc >> bits) & 0xFF)
      acc &= (1 << bits) - 1
    }
  }
  return (((bytes[4] ?? 0) << 24) | ((bytes[5] ?? 0) << 16) | ((bytes[6] ?? 0) << 8) | (bytes[7] ?? 0)) | 0
}

/**
 * The SDK's local token checks (login and renewToken): length, version prefix, and an
 * expiry that reads as zero ("Token expired." at once). A well-formed token that is
 * expired or too short-lived goes to the server, which refuses it (the service's job).
 */
export function checkTokenFormat(token: unknown): ZIMError | null {
  if (typeof token !== 'string' || token.length < 31)
    return sdkError(ErrorCode.NetworkModuleTokenInvalid)
  if (!token.startsWith('04'))
    return sdkError(ErrorCode.NetworkModuleTokenVersionError)
  if (tokenExpiryAsSdkReadsIt(token) === 0)
    return sdkError(ErrorCode.NetworkModuleTokenExpired)
  return null
}

function isValidID(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= CONVERSATION_ID_MAX_CHARS
}

function isConversationType(type: unknown): boolean {
  return type === ConversationType.Peer || type === ConversationType.Room || type === ConversationType.Group
}

const MEDIA_TYPES: number[] = [MessageType.Image, MessageType.File, MessageType.Audio, MessageType.Video]
/** Types the stand-in carries; the SDK also takes multiple (10) messages. */
const SENDABLE_TYPES: number[] = [MessageType.Text, MessageType.Custom, MessageType.Command, MessageType.Combine, ...MEDIA_TYPES]

function isMediaType(type: unknown): boolean {
  return MEDIA_TYPES.includes(type as number)
}

/** Byte size of a message body: a string's UTF-8 length, or a byte array's length. */
function bodyBytes(body: unknown): number {
  if (typeof body === 'string')
    return utf8Length(body)
  if (body instanceof Uint8Array || Array.isArray(body))
    return body.length
  return 0
}

function checkBody(message: ZIMMessage, conversationType: number): string {
  const type = message.type as number
  const body = (message as { message?: unknown }).message
  const tooBig = 'The message body is empty or its byte size exceeds.'
  if (type === MessageType.Text || type === MessageType.Custom || (type === MessageType.Barrage && conversationType === ConversationType.Room)) {
    if (typeof body !== 'string' || !body.trim() || utf8Length(body) > SDK_BODY_MAX_BYTES)
      return tooBig
  }
  if (type === MessageType.Command) {
    const bytes = bodyBytes(body)
    if (bytes === 0 || bytes > SDK_BODY_MAX_BYTES)
      return tooBig
  }
  if (isMediaType(type)) {
    const media = message as { fileLocalPath?: string, fileDownloadUrl?: string }
    if (!media.fileLocalPath && !media.fileDownloadUrl)
      return 'The message of fileLocalPath and fileDownloadUrl is empty.'
  }
  if (type === MessageType.Custom) {
    // The SDK's comparison as it is: undefined passes, a numeric string is compared as a number.
    const subType = (message as { subType?: number }).subType as number
    if (subType < 0 || subType > 200)
      return 'The message of subType is invalid.'
  }
  if (type === MessageType.Combine)
    return checkCombineBody(message as never)
  return ''
}

/** sendMessage's checks in the SDK's order; '' when the call is acceptable. */
export function checkSendArgs(
  message: ZIMMessage | null | undefined,
  toConversationID: unknown,
  conversationType: unknown,
  config: ZIMMessageSendConfig | null | undefined,
): string {
  if (!isValidID(toConversationID))
    return 'toConversationID is invalid.'
  if (!isConversationType(conversationType))
    return 'conversationType is invalid.'
  if (!message)
    return 'message is invalid.'
  if (!config)
    return 'config is invalid.'
  const type = message.type as number
  const typeOk = SENDABLE_TYPES.includes(type) || (type === MessageType.Barrage && conversationType === ConversationType.Room)
  if (!typeOk)
    return 'message type is invalid.'
  const priority = config.priority as number
  if (priority !== MessagePriority.Low && priority !== MessagePriority.Medium && priority !== MessagePriority.High)
    return 'config priority is invalid.'
  if (config.hasReceipt && (conversationType === ConversationType.Room || type === MessageType.Command || type === MessageType.Barrage))
    return 'The message type is not support setting receipt.'
  return checkBody(message, conversationType as number)
}

/** clearConversationUnreadMessageCount / deleteConversation: peer or group only. */
export function checkConversationArgs(conversationID: unknown, conversationType: unknown): string {
  if (!isValidID(conversationID))
    return 'conversationID is invalid.'
  if (conversationType !== ConversationType.Peer && conversationType !== ConversationType.Group)
    return 'conversationType is invalid.'
  return ''
}

/** queryHistoryMessage: any conversation type, and a numeric count. */
export function checkHistoryArgs(conversationID: unknown, conversationType: unknown, config: unknown): string {
  if (!isValidID(conversationID))
    return 'conversationID is invalid.'
  if (!isConversationType(conversationType))
    return 'conversationType is invalid.'
  if (!isCountConfig(config))
    return 'The config or its count is invalid.'
  return ''
}

export function isCountConfig(config: unknown): config is { count: number } {
  return typeof config === 'object' && config !== null && typeof (config as { count?: unknown }).count === 'number'
    && Number.isFinite((config as { count: number }).count)
}

/** revokeMessage: a message the server has (conversationID + messageSeq) of a type that can be recalled, peer or group. */
export function checkRevokeArgs(message: ZIMMessage | null | undefined): string {
  if (!message || !message.conversationID || !message.messageSeq)
    return 'The message instance is not a successfully sent.'
  const type = message.type as number
  if (!type || type === MessageType.Command || type === MessageType.Barrage || type === MessageType.Tips)
    return 'The message type is not support.'
  if (message.conversationType !== ConversationType.Peer && message.conversationType !== ConversationType.Group)
    return 'The message conversation type is not support.'
  return ''
}

/** deleteMessages: the conversation's checks, then a non-empty list of its own messages. */
export function checkDeleteArgs(messageList: unknown, conversationID: unknown, conversationType: unknown): string {
  const bad = checkConversationArgs(conversationID, conversationType)
  if (bad)
    return bad
  if (!Array.isArray(messageList) || messageList.length === 0)
    return 'messageList is invalid.'
  const foreign = (messageList as (ZIMMessage | null)[]).some(m => !m?.localMessageID || m.conversationID !== conversationID || m.conversationType !== conversationType)
  // The SDK's own wording, typo included.
  return foreign ? 'Some messages int the message list in the conversationID are illegal messages.' : ''
}
