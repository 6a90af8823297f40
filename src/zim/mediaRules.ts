// ZEGO's documented media limits (basic-messaging): the SDK leaves them to the server
// (6000213 type, 6000214 size, 6000215 duration), so the app checks them before an upload
// starts and names the limit. Keys and params only; pages turn them into words.
import { MessageType } from './constants'
import { MEDIA_LIMITS, type MediaLimit, type MediaMessageType } from './media'
import { broken, type RuleViolation } from './rules'

const MB = 1024 * 1024

export type MediaKind = MediaLimit['kind']

const BY_KIND: Record<MediaKind, MediaMessageType> = {
  image: MessageType.Image,
  file: MessageType.File,
  audio: MessageType.Audio,
  video: MessageType.Video,
}

/** What the app adds to the service's limits (src/zim/media.ts, one table for both sides). */
interface RuleWords {
  /** Extensions a name may have: the service's formats and their other spellings. */
  extensions?: readonly string[]
  /** The formats as a person reads them, for the message. */
  formats?: string
  /** The rule keys (spelled out: the locale test finds every key the code names). */
  rules: { type?: string, maxBytes: string, maxSeconds?: string }
}

const WORDS: Readonly<Record<MediaKind, RuleWords>> = {
  image: {
    extensions: ['jpeg', 'tiff'],
    formats: 'JPG, PNG, BMP, TIFF, GIF, WebP',
    rules: { type: 'media.image.type', maxBytes: 'media.image.maxBytes' },
  },
  file: { rules: { maxBytes: 'media.file.maxBytes' } },
  audio: { formats: 'MP3, M4A', rules: { type: 'media.audio.type', maxBytes: 'media.audio.maxBytes', maxSeconds: 'media.audio.maxSeconds' } },
  video: { formats: 'MP4, MOV', rules: { type: 'media.video.type', maxBytes: 'media.video.maxBytes' } },
}

/** The limits of one kind, as the service enforces them. */
export const limitOf = (kind: MediaKind): MediaLimit => MEDIA_LIMITS[BY_KIND[kind]]

/** What the picker or recorder knows about a file before it is sent. */
export interface MediaCandidate {
  /** The file name or path; its extension is checked where the kind has formats. */
  name?: string
  size?: number
  /** Seconds (audio, video). */
  duration?: number
}

export function extensionOf(name: string | undefined): string {
  const base = (name ?? '').split(/[?#]/)[0]
  const dot = base.lastIndexOf('.')
  return dot > base.lastIndexOf('/') && dot >= 0 ? base.slice(dot + 1).toLowerCase() : ''
}

/** Megabytes with at most one decimal, for a message ("11.3"). */
const megabytes = (bytes: number) => Math.round((bytes / MB) * 10) / 10

/**
 * The first limit `file` breaks, or null. An unknown extension (a picker that gives a
 * path without one) is left to the server, which detects the type from the bytes.
 */
export function checkMedia(kind: MediaKind, file: MediaCandidate): RuleViolation | null {
  const limit = limitOf(kind)
  const words = WORDS[kind]
  if (file.size === 0)
    return broken('media.empty')
  const ext = extensionOf(file.name)
  const allowed = limit.formats && [...limit.formats, ...(words.extensions ?? [])]
  if (words.rules.type && allowed && ext && !allowed.includes(ext))
    return broken(words.rules.type, { formats: words.formats ?? '', ext: ext.toUpperCase() })
  if (file.size !== undefined && file.size > limit.maxBytes)
    return broken(words.rules.maxBytes, { max: limit.maxBytes / MB, size: megabytes(file.size) })
  if (words.rules.maxSeconds && limit.maxDurationS !== undefined && file.duration !== undefined && file.duration > limit.maxDurationS)
    return broken(words.rules.maxSeconds, { max: limit.maxDurationS, seconds: Math.round(file.duration) })
  return null
}
