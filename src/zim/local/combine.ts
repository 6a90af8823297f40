// Combined messages (type 100) on the stand-in: the SDK's local checks with its words, the
// upload of the children before the message goes out (the real SDK sends them as a file
// with wx.request multipart; here an `uploadCombine` op on the same socket), and
// queryCombineMessageDetail (the real SDK downloads that file with wx.downloadFile; here a
// `queryCombine` op the service answers for members of a conversation the combine is in).
import type { ZIMMessage } from '../types'
import { MessageSentStatus, MessageType } from '../constants'
import { COMBINE_SUMMARY_MAX_BYTES, COMBINE_TITLE_MAX_BYTES, utf8Length } from '../rules'
import { toWire } from './wire'

export interface CombineFields {
  title?: unknown
  summary?: unknown
  messageList?: unknown
  messageID?: string
  combineID?: string
}

/** Types the SDK refuses as a child: none, command, barrage, tips and revoke. */
function isRefusedChildType(type: unknown): boolean {
  return !type || type === MessageType.Command || type === MessageType.Barrage || type === MessageType.Tips || type === MessageType.Revoke
}

function isBadChild(child: unknown): boolean {
  const m = child as (ZIMMessage & { isBroadcastMessage?: boolean, isGroupTargetedMessage?: boolean }) | null
  if (!m || m.isUserInserted || m.isBroadcastMessage || m.isGroupTargetedMessage || m.sentStatus !== MessageSentStatus.Success)
    return true
  return isRefusedChildType(m.type)
}

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && !!value

/** sendMessage's checks of a combined message, in the SDK's order and words; '' when fine. */
export function checkCombineBody(message: CombineFields): string {
  if (!isNonEmptyString(message.title) || utf8Length(message.title) > COMBINE_TITLE_MAX_BYTES)
    return `The combine message title is invalid or its byte size exceeds ${COMBINE_TITLE_MAX_BYTES}.`
  if (!isNonEmptyString(message.summary) || utf8Length(message.summary) > COMBINE_SUMMARY_MAX_BYTES)
    return `The combine message summary is invalid or its byte size exceeds ${COMBINE_SUMMARY_MAX_BYTES}.`
  // A combined message the server already has (messageID) may be forwarded without its children.
  if (!Array.isArray(message.messageList) || (!message.messageID && message.messageList.length === 0))
    return 'The combine message list is invalid.'
  if (message.messageList.some(isBadChild))
    return 'The combine message list includes invalid message.'
  return ''
}

/** queryCombineMessageDetail's check; '' when fine. */
export function checkCombineQuery(message: CombineFields & { type?: unknown } | null | undefined): string {
  return !message || message.type !== MessageType.Combine || !message.combineID ? 'The combine message is invalid.' : ''
}

/** A child as it is uploaded: its content and who sent it when, not the sender device's fields. */
function childOnWire(child: ZIMMessage): Record<string, unknown> {
  const m = toWire(child) as ZIMMessage & Record<string, unknown>
  const { localMessageID: _l, localExtendedData: _e, fileLocalPath: _p, messageList: _c, ...rest } = m
  return rest
}

/**
 * Before a combined message is sent: a forwarded one keeps the children the server holds
 * (its combineID); a new one uploads its children and gets their id. Resolves with the
 * message as it goes on the wire (without the children).
 */
export async function prepareCombine(
  message: ZIMMessage & CombineFields,
  forwardedCombineID: string | undefined,
  upload: (children: Record<string, unknown>[]) => Promise<{ combineID: string }>,
): Promise<ZIMMessage> {
  const children = (message.messageList as ZIMMessage[] | undefined) ?? []
  if (forwardedCombineID && children.length === 0)
    message.combineID = forwardedCombineID
  else
    message.combineID = (await upload(children.map(childOnWire))).combineID
  const { messageList: _children, ...wire } = message as ZIMMessage & { messageList?: unknown }
  return toWire(wire as ZIMMessage)
}
