// Media sends (image, file, voice, video): the limits checked before anything is uploaded,
// the file made to outlive a restart where the platform can (uni.saveFile on WeChat), the
// ZIMMediaMessage built, and the rest is the one send path (sending → outbox's upload
// policy → sdkSend with its progress notification). Cancel goes to the outbox.
import { ConversationType, MessagePriority, MessageType } from '@/zim/constants'
import { checkMedia, type MediaKind } from '@/zim/mediaRules'
import type { ZIMConversationType, ZIMMessage } from '@/zim/types'
import { violation } from './actionError'
import type { createOutbox, OutboxError, OutboxItem } from './outbox'
import type { createSending } from './sending'

/** What a picker or the recorder hands over. */
export interface MediaPick {
  kind: MediaKind
  /** The local path (a WeChat temp/saved path, an H5 blob: URL). */
  path: string
  /** The file's own name where the platform has one (H5 File, chooseMessageFile). */
  name?: string
  size?: number
  /** Seconds (voice, video). */
  duration?: number
  /** Pixels, for the bubble's aspect ratio before the server reports them. */
  width?: number
  height?: number
}

const TYPE_OF: Record<MediaKind, number> = {
  image: MessageType.Image,
  file: MessageType.File,
  audio: MessageType.Audio,
  video: MessageType.Video,
}

/** Paths gone after a restart: H5 object URLs and WeChat's temporary files. */
function isTemporaryPath(path: string): boolean {
  return /^blob:/.test(path) || /^wxfile:\/\/tmp/.test(path) || /^https?:\/\/tmp\//.test(path)
}

const baseName = (path: string) => path.split(/[?#]/)[0].split('/').pop() ?? ''

/** The outbox's check of a kept upload after a restart: its file must still be there. */
export function reviveUpload(item: OutboxItem): OutboxError | null {
  return item.kind === 'upload' && item.localFile?.temporary ? { message: 'media.lostOnRestart' } : null
}

/** The ZIMMediaMessage for a pick (content fields only; the SDK fills in the rest). */
function mediaMessage(pick: MediaPick): ZIMMessage {
  const message: Record<string, unknown> = {
    type: TYPE_OF[pick.kind],
    fileLocalPath: pick.path,
    fileName: pick.name || baseName(pick.path),
  }
  if (pick.size !== undefined) message.fileSize = pick.size
  if (pick.kind === 'audio') message.audioDuration = Math.max(1, Math.round(pick.duration ?? 0))
  if (pick.kind === 'video') message.videoDuration = Math.max(0, Math.round(pick.duration ?? 0))
  if (pick.kind === 'image' && pick.width && pick.height) {
    message.originalImageWidth = pick.width
    message.originalImageHeight = pick.height
  }
  if (pick.kind === 'video' && pick.width && pick.height) {
    message.videoFirstFrameWidth = pick.width
    message.videoFirstFrameHeight = pick.height
  }
  return message as unknown as ZIMMessage
}

export interface MediaSendingDeps {
  sending: ReturnType<typeof createSending>
  outbox: ReturnType<typeof createOutbox>
  /**
   * Moves a temporary file somewhere that survives a restart; null when it cannot.
   * @default uni.saveFile on a mini-program; none on H5 (blob: URLs cannot be kept)
   */
  saveFile?: (path: string) => Promise<string | null>
}

export function createMediaSending(deps: MediaSendingDeps) {
  async function keep(path: string): Promise<{ path: string, temporary: boolean }> {
    if (!isTemporaryPath(path) || /^blob:/.test(path) || !deps.saveFile)
      return { path, temporary: isTemporaryPath(path) }
    const saved = await deps.saveFile(path).catch(() => null)
    return saved ? { path: saved, temporary: false } : { path, temporary: true }
  }

  /**
   * Sends a picked file: refused before any upload when it breaks a limit (the rule names
   * it), else shown at once with its local file, uploaded with progress, and kept as a
   * failed message with its file (resend) when the upload fails.
   */
  async function send(pick: MediaPick, conversationID: string, type: ZIMConversationType = ConversationType.Peer): Promise<ZIMMessage> {
    const broken = checkMedia(pick.kind, { name: pick.name || pick.path, size: pick.size, duration: pick.duration })
    if (broken)
      throw violation(broken)
    const localFile = await keep(pick.path)
    return deps.sending.send(mediaMessage({ ...pick, path: localFile.path }), conversationID, type, MessagePriority.Low, { localFile })
  }

  /** Cancels an upload (in flight or waiting); false when it is no longer pending. */
  function cancel(localMessageID: string): boolean {
    return deps.outbox.cancel(localMessageID)
  }

  return { send, cancel }
}
