// ZEGO's documented media limits (basic-messaging: image 10 MB in JPG/PNG/BMP/TIFF/GIF/WebP;
// file 100 MB; audio MP3/M4A up to 300 s and 6 MB; video MP4/MOV up to 100 MB). The real
// SDK leaves them to the server; the local service enforces them with the SDK's codes and
// the app reads the same numbers to refuse a file before it is uploaded.
import { MessageType } from './constants'

const MB = 1024 * 1024

export type MediaMessageType = typeof MessageType.Image | typeof MessageType.File | typeof MessageType.Audio | typeof MessageType.Video

export interface MediaLimit {
  /** The rule's key, as RuleViolation.rule and the service's messages name it. */
  kind: 'image' | 'file' | 'audio' | 'video'
  maxBytes: number
  /** Seconds; only audio has a duration limit. */
  maxDurationS?: number
  /** Formats detected from the bytes (file-type's `ext`); undefined = anything. */
  formats?: readonly string[]
}

export const MEDIA_LIMITS: Record<MediaMessageType, MediaLimit> = {
  [MessageType.Image]: { kind: 'image', maxBytes: 10 * MB, formats: ['jpg', 'png', 'bmp', 'tif', 'gif', 'webp'] },
  [MessageType.File]: { kind: 'file', maxBytes: 100 * MB },
  [MessageType.Audio]: { kind: 'audio', maxBytes: 6 * MB, maxDurationS: 300, formats: ['mp3', 'm4a'] },
  [MessageType.Video]: { kind: 'video', maxBytes: 100 * MB, formats: ['mp4', 'mov'] },
}

export function isMediaType(type: unknown): type is MediaMessageType {
  return type === MessageType.Image || type === MessageType.File || type === MessageType.Audio || type === MessageType.Video
}
