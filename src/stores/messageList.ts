// The per-conversation message list: view entries and the order they are kept in.
import { markRaw } from 'vue'
import type { ZIMConversationType, ZIMMessage } from '@/zim/types'
import { MessageDirection, MessageType } from '@/zim/constants'
import { messageText, statusOf, type MessageStatus } from './messageView'

export interface MessageEntry {
  /** Stable for the entry's life (v-for key): it does not change when the send is confirmed. */
  key: string
  localMessageID?: string
  messageID?: string
  conversationID: string
  conversationType: ZIMConversationType
  senderUserID: string
  direction: 'in' | 'out'
  status: MessageStatus
  type: ZIMMessage['type']
  /** The body for text-like types; '' for the rest (pages show `labelOf(type)`). */
  text: string
  timestamp: number
  orderKey?: number
  messageSeq?: number
  error?: SendError
  /** Image, file, audio, video: what the list needs to show it (none for text-like types). */
  media?: MediaInfo
  /** Custom messages (200): what the registry by subType renders. */
  custom?: CustomInfo
  /** Combined messages (100): the card's title and summary. */
  combine?: CombineInfo
  /** An upload in progress (media sends), in bytes. */
  progress?: { current: number, total: number }
  /** Read receipts for our own sends, as the SDK last reported them. */
  receipt?: ReceiptInfo
  /** True once the sender recalled it (the entry keeps its place; its text becomes the label). */
  revoked?: boolean
  /** A snapshot, kept out of reactivity: the SDK mutates its own objects in place. */
  raw?: ZIMMessage
}

export interface MediaInfo {
  fileName?: string
  fileSize?: number
  /** Remote URL once uploaded, else the local path being sent. */
  url?: string
  thumbnailUrl?: string
  /** Seconds, for audio and video. */
  duration?: number
  /**
   * The file this device sent, kept by the app: the SDK clears `fileLocalPath` to "" on
   * success, and this is what shows our own image at once (no download of what we have).
   */
  localPath?: string
  /** Pixels of the image (or of the video's first frame), for its aspect ratio. */
  width?: number
  height?: number
  /** A video's first frame. */
  firstFrameUrl?: string
}

export interface CustomInfo {
  subType: number
  /** The body: data for the renderer of its subType. */
  body: string
  searchedContent: string
}

export interface CombineInfo {
  title: string
  summary: string
}

export interface ReceiptInfo {
  /** ZIMMessageReceiptStatus. */
  status: number
  readMemberCount?: number
  unreadMemberCount?: number
}

/** `code` is a ZIM error code; the SDK's sent-status event gives only a reason. */
export interface SendError {
  code?: number
  message: string
}

export interface EntryOverride {
  direction?: MessageEntry['direction']
  status?: MessageStatus
}

/** Null for a message that cannot be placed or matched (no conversation, no ID at all). */
export function toEntry(message: ZIMMessage, override: EntryOverride = {}): MessageEntry | null {
  const { conversationID, conversationType } = message
  const messageID = message.messageID || undefined
  const localMessageID = message.localMessageID || undefined
  if (!conversationID || conversationType === undefined || (!messageID && !localMessageID)) return null
  return {
    key: messageID ? `m:${messageID}` : `l:${localMessageID}`,
    localMessageID,
    messageID,
    conversationID,
    conversationType,
    senderUserID: message.senderUserID ?? '',
    direction: override.direction ?? (message.direction === MessageDirection.Send ? 'out' : 'in'),
    status: override.status ?? statusOf(message),
    type: message.type,
    text: messageText(message),
    timestamp: message.timestamp ?? 0,
    orderKey: message.orderKey && message.orderKey > 0 ? message.orderKey : undefined,
    messageSeq: message.messageSeq && message.messageSeq > 0 ? message.messageSeq : undefined,
    ...mediaOf(message),
    ...customOf(message),
    ...(message.type === MessageType.Revoke && { revoked: true }),
    // read receipts: asked for at send time (1 Processing, 2 Done)
    ...(message.receiptStatus && message.receiptStatus > 0 && message.type !== MessageType.Revoke && { receipt: { status: message.receiptStatus } }),
    raw: markRaw({ ...message }),
  }
}

function customOf(message: ZIMMessage): { custom?: CustomInfo, combine?: CombineInfo } {
  const m = message as Partial<{ message: unknown, subType: number, searchedContent: string, title: string, summary: string }>
  if (message.type === MessageType.Custom)
    return { custom: { subType: m.subType ?? 0, body: typeof m.message === 'string' ? m.message : '', searchedContent: m.searchedContent ?? '' } }
  if (message.type === MessageType.Combine)
    return { combine: { title: m.title ?? '', summary: m.summary ?? '' } }
  return {}
}

const MEDIA_TYPES = new Set<number>([MessageType.Image, MessageType.File, MessageType.Audio, MessageType.Video])

type MediaFields = Partial<Record<'fileName' | 'fileDownloadUrl' | 'fileLocalPath' | 'thumbnailDownloadUrl' | 'largeImageDownloadUrl'
  | 'videoFirstFrameDownloadUrl', string> & Record<'fileSize' | 'audioDuration' | 'videoDuration' | 'originalImageWidth'
  | 'originalImageHeight' | 'thumbnailWidth' | 'thumbnailHeight' | 'videoFirstFrameWidth' | 'videoFirstFrameHeight', number>>

function mediaOf(message: ZIMMessage): { media?: MediaInfo } {
  if (!MEDIA_TYPES.has(message.type)) return {}
  const m = message as MediaFields
  const media: MediaInfo = {
    fileName: m.fileName || undefined,
    fileSize: m.fileSize || undefined,
    url: m.fileDownloadUrl || m.fileLocalPath || undefined,
    thumbnailUrl: m.thumbnailDownloadUrl || m.largeImageDownloadUrl || undefined,
    duration: m.audioDuration || m.videoDuration || undefined,
    localPath: m.fileLocalPath || undefined,
    width: m.originalImageWidth || m.thumbnailWidth || m.videoFirstFrameWidth || undefined,
    height: m.originalImageHeight || m.thumbnailHeight || m.videoFirstFrameHeight || undefined,
    firstFrameUrl: m.videoFirstFrameDownloadUrl || undefined,
  }
  return { media }
}

/** A newer copy's media, keeping what only an older copy knew (our local path, sizes). */
export function mergeMedia(held: MediaInfo | undefined, incoming: MediaInfo): MediaInfo {
  if (!held) return incoming
  const out: MediaInfo = { ...held }
  for (const [key, value] of Object.entries(incoming) as [keyof MediaInfo, never][]) {
    if (value !== undefined) out[key] = value
  }
  return out
}

/**
 * The order rule, in full:
 * 1. Two messages that both have an orderKey (the SDK's order) compare by it.
 * 2. Otherwise by timestamp. This places a local message still sending or failed
 *    (orderKey 0) by its client time.
 * 3. At an equal timestamp a confirmed message comes before a pending one.
 * 4. Anything still equal keeps arrival order (insertion is stable).
 * It assumes the server's orderKey and timestamp agree for confirmed messages.
 */
export function compareEntries(a: MessageEntry, b: MessageEntry): number {
  if (a.orderKey !== undefined && b.orderKey !== undefined && a.orderKey !== b.orderKey)
    return a.orderKey - b.orderKey
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp
  return pendingRank(a) - pendingRank(b)
}

function pendingRank(entry: MessageEntry): number {
  return entry.status === 'sent' ? 0 : 1
}

/** The position after every entry that sorts before or level with `entry`. */
export function insertionIndex(list: readonly MessageEntry[], entry: MessageEntry): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (compareEntries(list[mid], entry) <= 0) low = mid + 1
    else high = mid
  }
  return low
}

export function isInPlace(list: readonly MessageEntry[], i: number): boolean {
  return (i === 0 || compareEntries(list[i - 1], list[i]) <= 0)
    && (i === list.length - 1 || compareEntries(list[i], list[i + 1]) <= 0)
}

/** Merges two sorted lists; on a tie the entry already held stays first. */
export function mergeSorted(held: readonly MessageEntry[], added: readonly MessageEntry[]): MessageEntry[] {
  const out: MessageEntry[] = new Array(held.length + added.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < held.length && j < added.length)
    out[k++] = compareEntries(added[j], held[i]) < 0 ? added[j++] : held[i++]
  while (i < held.length) out[k++] = held[i++]
  while (j < added.length) out[k++] = added[j++]
  return out
}
