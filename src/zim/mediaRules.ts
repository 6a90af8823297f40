// ZEGO's documented media limits (basic-messaging): the SDK leaves them to the server
// (6000213 type, 6000214 size, 6000215 duration), so the app checks them before an upload
// starts and names the limit. Keys and params only; pages turn them into words.
import { broken, type RuleViolation } from './rules'

export type MediaKind = 'image' | 'file' | 'audio' | 'video'

const MB = 1024 * 1024

export interface MediaLimit {
  maxBytes: number
  /** Lower-case extensions accepted; none = any type (files). */
  extensions?: readonly string[]
  /** The formats as a person reads them, for the message. */
  formats?: string
  maxSeconds?: number
  /** The rule keys (spelled out: the locale test finds every key the code names). */
  rules: { type?: string, maxBytes: string, maxSeconds?: string }
}

export const MEDIA_LIMITS: Readonly<Record<MediaKind, MediaLimit>> = {
  image: {
    maxBytes: 10 * MB,
    extensions: ['jpg', 'jpeg', 'png', 'bmp', 'tif', 'tiff', 'gif', 'webp'],
    formats: 'JPG, PNG, BMP, TIFF, GIF, WebP',
    rules: { type: 'media.image.type', maxBytes: 'media.image.maxBytes' },
  },
  file: { maxBytes: 100 * MB, rules: { maxBytes: 'media.file.maxBytes' } },
  audio: {
    maxBytes: 6 * MB,
    extensions: ['mp3', 'm4a'],
    formats: 'MP3, M4A',
    maxSeconds: 300,
    rules: { type: 'media.audio.type', maxBytes: 'media.audio.maxBytes', maxSeconds: 'media.audio.maxSeconds' },
  },
  video: { maxBytes: 100 * MB, extensions: ['mp4', 'mov'], formats: 'MP4, MOV', rules: { type: 'media.video.type', maxBytes: 'media.video.maxBytes' } },
}

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
  const limit = MEDIA_LIMITS[kind]
  if (file.size === 0)
    return broken('media.empty')
  const ext = extensionOf(file.name)
  if (limit.rules.type && limit.extensions && ext && !limit.extensions.includes(ext))
    return broken(limit.rules.type, { formats: limit.formats ?? '', ext: ext.toUpperCase() })
  if (file.size !== undefined && file.size > limit.maxBytes)
    return broken(limit.rules.maxBytes, { max: limit.maxBytes / MB, size: megabytes(file.size) })
  if (limit.rules.maxSeconds && limit.maxSeconds !== undefined && file.duration !== undefined && file.duration > limit.maxSeconds)
    return broken(limit.rules.maxSeconds, { max: limit.maxSeconds, seconds: Math.round(file.duration) })
  return null
}
