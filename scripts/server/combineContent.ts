// What a combined message (type 100) and its children may carry on the local service: the
// SDK's own limits (title 100 bytes, summary 500, children sent successfully and not
// command / barrage / tips / revoke), checked again here because a client is not trusted.
import { MessageType } from '../../src/zim/constants'
import { COMBINE_MAX_CHILDREN, COMBINE_SUMMARY_MAX_BYTES, COMBINE_TITLE_MAX_BYTES, type RuleViolation, utf8Length } from '../../src/zim/rules'
import type { MessageContent } from './db'

const violation = (rule: string, message: string): RuleViolation => ({ rule, message })

/** Types a combined message may hold (the SDK refuses 2, 20, 31, 32 and system messages). */
const CHILD_TYPES = new Set<number>([MessageType.Text, MessageType.Image, MessageType.File, MessageType.Audio, MessageType.Video, MessageType.Combine, MessageType.Custom])

/** Fields of a child kept in storage: what the SDK uploads for each, nothing of the sender's device. */
const CHILD_FIELDS = ['type', 'message', 'messageID', 'senderUserID', 'timestamp', 'extendedData', 'subType', 'searchedContent',
  'title', 'summary', 'combineID', 'fileUID', 'fileName', 'fileSize', 'fileDownloadUrl', 'thumbnailDownloadUrl', 'largeImageDownloadUrl',
  'audioDuration', 'videoDuration', 'videoFirstFrameDownloadUrl', 'originalImageWidth', 'originalImageHeight'] as const

const URL_FIELDS = new Set(['fileDownloadUrl', 'thumbnailDownloadUrl', 'largeImageDownloadUrl', 'videoFirstFrameDownloadUrl'])

/**
 * One of our file addresses without its host and the forwarder's own key: a child is read by
 * others, whose clients sign it for themselves (a kept key would let every reader fetch as
 * the forwarder).
 */
function unsigned(url: string): string {
  const at = url.indexOf('/zim/files/')
  if (at < 0)
    return url
  const [path, query = ''] = url.slice(at).split('?')
  const kept = query.split('&').filter(p => p !== '' && !/^[uk]=/.test(p))
  return kept.length ? `${path}?${kept.join('&')}` : path
}

export function combineContent(message: Record<string, unknown>, extendedData: string): MessageContent | RuleViolation {
  const { title, summary, combineID } = message
  if (typeof title !== 'string' || !title || utf8Length(title) > COMBINE_TITLE_MAX_BYTES)
    return violation('combine.title', `A combined message needs a title of 1 to ${COMBINE_TITLE_MAX_BYTES} bytes.`)
  if (typeof summary !== 'string' || !summary || utf8Length(summary) > COMBINE_SUMMARY_MAX_BYTES)
    return violation('combine.summary', `A combined message needs a summary of 1 to ${COMBINE_SUMMARY_MAX_BYTES} bytes.`)
  if (typeof combineID !== 'string' || !combineID)
    return violation('combine.children', 'A combined message needs its children uploaded first (combineID).')
  return { type: MessageType.Combine, title, summary, combineID, extendedData }
}

/** The children as stored, or the rule they break. */
export function combineChildren(list: unknown): Record<string, unknown>[] | RuleViolation {
  if (!Array.isArray(list) || list.length === 0 || list.length > COMBINE_MAX_CHILDREN)
    return violation('combine.children', `A combined message holds 1 to ${COMBINE_MAX_CHILDREN} messages.`)
  const kept: Record<string, unknown>[] = []
  for (const item of list as Record<string, unknown>[]) {
    if (typeof item !== 'object' || item === null || !CHILD_TYPES.has(item.type as number))
      return violation('combine.childType', 'A combined message cannot hold command, barrage, tips, system or recalled messages.')
    if ((item.type === MessageType.Text || item.type === MessageType.Custom) && typeof item.message !== 'string')
      return violation('combine.childBody', 'A text or custom message in a combined message needs its text.')
    const child: Record<string, unknown> = {}
    for (const field of CHILD_FIELDS) {
      if (item[field] !== undefined && (typeof item[field] === 'string' || typeof item[field] === 'number'))
        child[field] = URL_FIELDS.has(field) ? unsigned(String(item[field])) : item[field]
    }
    kept.push(child)
  }
  return kept
}
