// The stand-in's media path, in the order of the real SDK 2.29.0 (zim-sdk-more.md, Media):
// read the whole local file (MD5 = fileUID, size) → onMessageAttached → fileUpload (slot,
// or "have it": progress 0 then total at once) → uni.uploadFile (field `file`, the
// service's URL, header and formData, 600 s) with progress (0 first, at most one per
// ~500 ms, total last, always the caller's own object) → fileProcess → the message itself.
// On success the caller's object is updated in place and fileLocalPath cleared to "".
// A message with only a fileDownloadUrl is attached at once and sent as it is.
import SparkMD5 from 'spark-md5'
import type { ZIMMediaMessage, ZIMMediaUploadingProgress, ZIMMessage } from '../types'
import { ErrorCode, zimError } from '../errors'
import { getConfig } from './config'

/** How often progress may be reported: the SDK's 496 ms. */
const PROGRESS_INTERVAL_MS = 496
/** The SDK's wx.uploadFile timeout. */
const UPLOAD_TIMEOUT_MS = 600_000

/** What an upload returns: uni.uploadFile's UploadTask, as far as this file uses it. */
export interface UploadTaskLike {
  abort: () => void
  onProgressUpdate: (fn: (res: { progress: number, totalBytesSent: number, totalBytesExpectedToSend: number }) => void) => void
}

export interface UploadOptions {
  url: string
  /** A mini-program path or an H5 blob: URL… */
  filePath?: string
  /** …or, on H5, the File itself (the web SDK's fileLocalPath may be one). */
  file?: Blob
  name: 'file'
  header: Record<string, string>
  formData: Record<string, string>
  timeout: number
  success: (res: { statusCode: number, data: string }) => void
  fail: (res: { errMsg: string }) => void
}

/** The platform's file access; the default is uni's (tests give a Node one of the same shape). */
export interface FileIO {
  /** The whole file; rejects with the platform's own `{ errMsg }` when it cannot be read. */
  read: (path: string | Blob) => Promise<ArrayBuffer>
  upload: (options: UploadOptions) => UploadTaskLike
}

interface UniFiles {
  uploadFile: (options: unknown) => UploadTaskLike
  getFileSystemManager?: () => { readFile: (o: { filePath: string, success: (r: { data: ArrayBuffer }) => void, fail: (e: { errMsg: string }) => void }) => void }
}

const uniFiles = (): UniFiles => (globalThis as unknown as { uni: UniFiles }).uni

/** uni.uploadFile everywhere; reading through the mini-program's file system, or fetch/Blob on H5. */
const uniFileIO: FileIO = {
  read(path) {
    if (typeof Blob !== 'undefined' && path instanceof Blob)
      return path.arrayBuffer()
    const fs = uniFiles().getFileSystemManager?.()
    if (fs) {
      return new Promise((resolve, reject) => fs.readFile({ filePath: path as string, success: r => resolve(r.data), fail: reject }))
    }
    return fetch(path as string).then(r => r.ok ? r.arrayBuffer() : Promise.reject({ errMsg: `readFile:fail ${r.status} ${path as string}` }))
  },
  // Named as `uni.uploadFile` (not through globalThis): uni's H5 build keeps only the APIs
  // the code names so, and without it an H5 upload never starts (found by e2e).
  upload: options => uni.uploadFile(options as never) as unknown as UploadTaskLike,
}

/** Who may fetch files, and where the service is: the stand-in adds `u` and `k` to each address. */
export interface FileAccess { base: string, userID: string, key: string }

/** http(s)://host:port of the service, from its WebSocket URL (no `URL` class: mini-programs have none). */
export function httpBase(wsUrl: string): string {
  const m = /^(wss?):\/\/([^/?#]+)/i.exec(wsUrl)
  if (!m)
    return ''
  return `${m[1].toLowerCase() === 'wss' ? 'https' : 'http'}://${m[2]}`
}

const URL_FIELDS = ['fileDownloadUrl', 'thumbnailDownloadUrl', 'largeImageDownloadUrl', 'videoFirstFrameDownloadUrl'] as const

/** The service's relative file addresses made absolute and signed for this user; others untouched. */
function absoluteFileUrl(url: string, access: FileAccess): string {
  if (!url.startsWith('/zim/files/'))
    return url
  return `${access.base}${url}${url.includes('?') ? '&' : '?'}u=${encodeURIComponent(access.userID)}&k=${access.key}`
}

export function withFileUrls<M extends ZIMMessage>(message: M, getAccess: () => FileAccess | undefined): M {
  const m = message as unknown as Record<string, unknown>
  if (typeof m.fileDownloadUrl !== 'string' || !m.fileDownloadUrl.startsWith('/zim/files/'))
    return message
  const access = getAccess()
  if (!access)
    return message
  const out: Record<string, unknown> = { ...m }
  for (const key of URL_FIELDS) {
    if (typeof out[key] === 'string')
      out[key] = absoluteFileUrl(out[key] as string, access)
  }
  return out as unknown as M
}

/** On H5 the web SDK's fileLocalPath may be a File; durations belong to audio and video. */
type MediaFields = Omit<ZIMMediaMessage, 'fileLocalPath'> & {
  fileLocalPath?: string | Blob
  audioDuration?: number
  videoDuration?: number
}

/** What LocalZim lends the media path. */
export interface MediaHost {
  /** Sets the SDK's fields on the caller's object and calls onMessageAttached (and conversationChanged). */
  attach: () => void
  call: <T>(body: Record<string, unknown> & { op: string }) => Promise<T>
  /** http(s)://host:port of the service (upload slots are relative to it). */
  base: () => string
  /** Sends the message itself (with `fields` added on the wire) and updates the caller's object in place, as for text. */
  deliver: (fields?: Record<string, unknown>) => Promise<{ message: ZIMMessage }>
  /** A failure after attach: sentStatus 2, messageSentStatusChanged, conversationChanged. */
  failed: (error: unknown) => never
  progress?: ZIMMediaUploadingProgress
  reportHandlerError: (error: unknown) => void
}

/** Sends in progress, by localMessageID: what cancelSendingMessage stops. */
export class MediaSends {
  private readonly running = new Map<string, { cancel: () => boolean }>()

  add(localMessageID: string, cancel: () => boolean): void {
    this.running.set(localMessageID, { cancel })
  }

  done(localMessageID: string): void {
    this.running.delete(localMessageID)
  }

  /** True when the send was still stoppable (it then fails with 6000206). */
  cancel(localMessageID: string): boolean {
    const entry = this.running.get(localMessageID)
    if (!entry)
      return false
    this.running.delete(localMessageID)
    return entry.cancel()
  }
}

const cancelled = () => zimError(ErrorCode.MessageModuleSendMessageFailedForCancelled, 'The message sending was cancelled.')

export async function sendMedia(message: ZIMMessage, host: MediaHost, sends: MediaSends): Promise<{ message: ZIMMessage }> {
  const m = message as MediaFields
  const local = m.fileLocalPath
  if (!local) {
    // A file already somewhere (fileDownloadUrl): nothing to read or upload.
    host.attach()
    return host.deliver()
  }
  // The SDK reads the whole file first; an unreadable path rejects with the platform's own error.
  const bytes = await getFileIO().read(local)
  const md5 = SparkMD5.ArrayBuffer.hash(bytes)
  const total = bytes.byteLength
  // As the SDK: the MD5, size and a default name (the path without its scheme) go with the
  // upload; the caller's object shows them only after the send (fileUID is "" until then).
  const fileName = m.fileName || (typeof local === 'string' ? local.replace(/\w+:\/\//, '') : ((local as File).name ?? md5))
  if (typeof m.fileUID !== 'string')
    m.fileUID = ''
  host.attach()

  let stop = false
  let task: UploadTaskLike | undefined
  let abortUpload: ((error: unknown) => void) | undefined
  const id = m.localMessageID ?? ''
  sends.add(id, () => {
    if (stop)
      return false
    stop = true
    // Rejected first: the platform's abort then reports a failure nobody listens to.
    abortUpload?.(cancelled())
    task?.abort()
    return true
  })
  let lastAt = 0
  let lastSent = -1
  const progress = (current: number) => {
    const now = Date.now()
    if (current === lastSent || (current !== 0 && current !== total && now - lastAt < PROGRESS_INTERVAL_MS))
      return
    lastAt = now
    lastSent = current
    try {
      host.progress?.(message, current, total)
    }
    catch (error) {
      host.reportHandlerError(error)
    }
  }
  try {
    const duration = m.type === 13 ? m.audioDuration : m.type === 14 ? m.videoDuration : undefined
    const slot = await host.call<{ state: 0 | 1, url?: string, header?: Record<string, string>, formData?: Record<string, string> }>({
      op: 'fileUpload',
      md5,
      fileName,
      fileSize: total,
      fileType: m.type,
      ...(typeof duration === 'number' ? { duration } : {}),
    })
    if (stop)
      throw cancelled()
    progress(0)
    if (slot.state !== 1) {
      const url = slot.url?.startsWith('/') ? `${host.base()}${slot.url}` : slot.url ?? ''
      await new Promise<void>((resolve, reject) => {
        abortUpload = reject
        const options: UploadOptions = {
          url,
          name: 'file',
          header: slot.header ?? {},
          formData: slot.formData ?? {},
          timeout: UPLOAD_TIMEOUT_MS,
          // The SDK never reads the upload's HTTP status: refusals come back from fileProcess.
          success: () => resolve(),
          fail: res => reject(zimError(ErrorCode.MessageModuleFileServerError, res?.errMsg || 'uploadFile:fail')),
        }
        if (typeof local === 'string')
          options.filePath = local
        else
          options.file = local
        task = getFileIO().upload(options)
        task?.onProgressUpdate?.(res => progress(Math.min(total, res.totalBytesSent)))
      })
      if (stop)
        throw cancelled()
    }
    progress(total)
    const processed = await host.call<{ file: Record<string, unknown> }>({ op: 'fileProcess', md5, fileName, fileType: m.type })
    if (stop)
      throw cancelled()
    // From here the message goes out: too late to cancel.
    sends.done(id)
    // The file's fields travel with the message; the caller's object gets them from the
    // reply, so a failed send keeps its fileLocalPath.
    return host.deliver(processed.file)
  }
  catch (error) {
    sends.done(id)
    host.failed(error)
  }
}

function getFileIO(): FileIO {
  return getConfig().fileIO ?? uniFileIO
}
