// fileUpload and fileProcess, the SDK's file/upload and file/process steps (see
// media/service.ts for the whole flow), and what a media message stores when it is sent.
import { ErrorCode } from '../../../../src/zim/errors'
import { isMediaType, MEDIA_LIMITS } from '../../../../src/zim/media'
import { MessageType } from '../../../../src/zim/constants'
import type { MessageContent } from '../../db'
import { EXTENDED_DATA_MAX_BYTES } from '../../messageContent'
import { checkDuration, checkFile, checkSize, FILES_PATH, MediaRefusal, UPLOAD_PATH } from '../../media/service'
import type { StoredFile } from '../../media/store'
import { issueTicket, TICKET_TTL_MS } from '../../media/tickets'
import { utf8Length } from '../../../../src/zim/rules'
import { defineOp, type OpContext, Refusal } from './context'
import { schemas } from './schemas'

const refusal = (api: string, error: unknown): unknown =>
  error instanceof MediaRefusal ? new Refusal(error.code, `API.${api}: ${error.message}`) : error

/** The fields a message of this file carries, with addresses relative to the service (the stand-in makes them absolute). */
export function fileFields(file: StoredFile, type: number, fileName: string): Record<string, unknown> {
  const url = `${FILES_PATH}/${file.md5}`
  const fields: Record<string, unknown> = {
    fileUID: file.md5,
    fileName,
    fileSize: file.size,
    fileDownloadUrl: url,
    fileLocalPath: '',
  }
  const { meta } = file
  if (type === MessageType.Image && meta.thumbnail && meta.large) {
    Object.assign(fields, {
      originalImageWidth: meta.width ?? 0,
      originalImageHeight: meta.height ?? 0,
      thumbnailDownloadUrl: `${url}?v=thumb`,
      thumbnailWidth: meta.thumbnail.width,
      thumbnailHeight: meta.thumbnail.height,
      largeImageDownloadUrl: `${url}?v=large`,
      largeImageWidth: meta.large.width,
      largeImageHeight: meta.large.height,
    })
  }
  if (type === MessageType.Video && meta.frame) {
    Object.assign(fields, {
      videoFirstFrameDownloadUrl: `${url}?v=frame`,
      videoFirstFrameWidth: meta.frame.width,
      videoFirstFrameHeight: meta.frame.height,
    })
  }
  return fields
}

export const fileUpload = defineOp<'fileUpload', typeof schemas.fileUpload>({
  api: 'sendMessage',
  signedIn: true,
  schema: schemas.fileUpload,
  handle({ ctx, session, req, api }) {
    const limit = MEDIA_LIMITS[req.fileType]
    try {
      checkSize(req.fileSize, limit)
      checkDuration(req.duration, limit)
      // The short-cut is for files the user may already fetch; anyone else uploads the
      // bytes (the store keeps one copy) to show they hold them.
      const have = ctx.media.store.get(req.md5)
      if (have && ctx.media.store.mayFetch(req.md5, session.userID)) {
        checkFile(have, req.fileType)
        return { state: 1 }
      }
    }
    catch (error) {
      throw refusal(api, error)
    }
    const ticket = issueTicket(ctx.serverSecret, { md5: req.md5, size: req.fileSize, type: req.fileType, name: req.fileName, user: session.userID, exp: Date.now() + TICKET_TTL_MS })
    return { state: 0, url: UPLOAD_PATH, header: {}, formData: { ticket } }
  },
})

export const fileProcess = defineOp<'fileProcess', typeof schemas.fileProcess>({
  api: 'sendMessage',
  signedIn: true,
  schema: schemas.fileProcess,
  handle({ ctx, session, req, api }) {
    const file = ctx.media.store.get(req.md5)
    if (!file) {
      const failure = ctx.media.failure(session.userID, req.md5)
      if (failure)
        throw new Refusal(failure.code, `API.${api}: ${failure.message}`)
      throw new Refusal(ErrorCode.MessageModuleFileServerError, `API.${api}: the file ${req.md5} was not received (upload it first).`)
    }
    try {
      checkFile(file, req.fileType)
    }
    catch (error) {
      throw refusal(api, error)
    }
    return { file: fileFields(file, req.fileType, req.fileName) }
  },
})

const violation = (message: string) => new MediaRefusal(ErrorCode.CommonModuleParamsInvalid, message)

/**
 * The stored content of a media message: an uploaded file's fields come from the file as
 * the service read it (never from the client); a message that points at an address of
 * its own (fileDownloadUrl, no upload) keeps it. Throws a Refusal naming the rule.
 */
export function mediaContent(ctx: OpContext, message: Record<string, unknown>, api: string, sender: string): MessageContent {
  const type = message.type
  if (!isMediaType(type))
    throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: not a media message.`)
  const { extendedData = '', fileUID, fileName = '' } = message
  try {
    if (typeof extendedData !== 'string' || utf8Length(extendedData) > EXTENDED_DATA_MAX_BYTES)
      throw violation(`extendedData.maxBytes: extendedData must be a string of at most ${EXTENDED_DATA_MAX_BYTES} bytes.`)
    if (typeof fileName !== 'string' || utf8Length(fileName) > 255)
      throw violation('media.fileName: fileName must be a string of at most 255 bytes.')
    const content: MessageContent = { type, extendedData }
    const durationKey = type === MessageType.Audio ? 'audioDuration' : type === MessageType.Video ? 'videoDuration' : undefined
    const declared = durationKey ? message[durationKey] : undefined
    if (typeof fileUID === 'string' && fileUID !== '') {
      // A file the sender can neither fetch nor showed they hold is, to them, not uploaded.
      const file = ctx.media.store.mayFetch(fileUID, sender) ? ctx.media.store.get(fileUID) : undefined
      if (!file)
        throw new MediaRefusal(ErrorCode.MessageModuleFileNotExist, `media.fileUID: no file ${fileUID} was uploaded.`)
      checkFile(file, type)
      Object.assign(content, fileFields(file, type, fileName || file.name))
      if (durationKey)
        content[durationKey] = typeof declared === 'number' && declared > 0 ? declared : Math.round(file.meta.duration ?? 0)
      return content
    }
    const url = message.fileDownloadUrl
    if (typeof url !== 'string' || !/^https?:\/\/\S{1,2000}$/.test(url))
      throw violation('media.fileDownloadUrl: a media message needs an uploaded file (fileUID) or an http(s) fileDownloadUrl.')
    const passed = ['thumbnailDownloadUrl', 'largeImageDownloadUrl', 'videoFirstFrameDownloadUrl']
    Object.assign(content, { fileUID: '', fileName, fileSize: typeof message.fileSize === 'number' ? message.fileSize : 0, fileDownloadUrl: url, fileLocalPath: '' })
    for (const key of passed) {
      if (typeof message[key] === 'string' && /^https?:\/\//.test(message[key] as string))
        content[key] = message[key]
    }
    if (durationKey) {
      checkDuration(typeof declared === 'number' ? declared : undefined, MEDIA_LIMITS[type])
      content[durationKey] = typeof declared === 'number' ? declared : 0
    }
    return content
  }
  catch (error) {
    throw refusal(api, error)
  }
}
