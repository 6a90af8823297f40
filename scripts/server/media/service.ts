// The upload and file service on the local service's port, in the SDK's order:
// 1. fileUpload (a WebSocket op, ops/media.ts) answers "have it" (the MD5 short-cut) or an
//    upload slot: this URL, header and formData (a signed ticket);
// 2. POST /zim/files/upload, multipart with the file in field `file` (wx.uploadFile /
//    uni.uploadFile), streamed by busboy to a temporary file while its MD5 is computed:
//    never held in memory, cut off at the type's size limit;
// 3. fileProcess (op) answers the file's details, or the refusal the upload met (the
//    SDK never reads the upload's HTTP status, so refusals travel through this step).
// GET /zim/files/<md5>[?v=thumb|large|frame]&u=<userID>&k=<file key> serves a file to
// its uploader and the members of a conversation that has it, with Range support.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import busboy from 'busboy'
import { ErrorCode, type ZimErrorCode } from '../../../src/zim/errors'
import { isMediaType, MEDIA_LIMITS, type MediaLimit } from '../../../src/zim/media'
import type { ZimDb } from '../db'
import type { Logger } from '../log'
import { analyze, detectType } from './analyze'
import { createFileStore, type StoredFile, type Variant, VARIANTS } from './store'
import { checkFileKey, readTicket, type UploadTicket } from './tickets'

export const FILES_PATH = '/zim/files'
export const UPLOAD_PATH = `${FILES_PATH}/upload`
/** The largest file (100 MB) and room for the multipart form around it. */
const MAX_BODY_BYTES = 100 * 1024 * 1024 + 64 * 1024

export class MediaRefusal extends Error {
  constructor(readonly code: ZimErrorCode, message: string) {
    super(message)
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`

/** Size, type and duration rules of a message type, checked on the file as stored. */
export function checkFile(file: Pick<StoredFile, 'size' | 'ext' | 'meta'>, type: number): void {
  if (!isMediaType(type))
    throw new MediaRefusal(ErrorCode.CommonModuleParamsInvalid, `Message type ${type} carries no file (image 11, file 12, audio 13, video 14).`)
  const limit = MEDIA_LIMITS[type]
  checkSize(file.size, limit)
  if (limit.formats && !limit.formats.includes(file.ext))
    throw new MediaRefusal(ErrorCode.MessageModuleFileTypeUnsupported, `media.${limit.kind}.format: an ${limit.kind} must be ${limit.formats.join(', ').toUpperCase()} (these bytes are ${file.ext.toUpperCase()}).`)
  checkDuration(file.meta.duration, limit)
}

export function checkSize(size: number, limit: MediaLimit): void {
  if (!(size > 0))
    throw new MediaRefusal(ErrorCode.MessageModuleFileSizeInvalid, `media.${limit.kind}.empty: the file is empty.`)
  if (size > limit.maxBytes)
    throw new MediaRefusal(ErrorCode.MessageModuleFileSizeInvalid, `media.${limit.kind}.maxBytes: an ${limit.kind} may be at most ${mb(limit.maxBytes)} (this one is ${(size / 1024 / 1024).toFixed(1)} MB).`)
}

export function checkDuration(seconds: number | undefined, limit: MediaLimit): void {
  if (limit.maxDurationS !== undefined && typeof seconds === 'number' && seconds > limit.maxDurationS)
    throw new MediaRefusal(ErrorCode.MessageModuleFileDurationInvalid, `media.${limit.kind}.maxDuration: an ${limit.kind} may be at most ${limit.maxDurationS} s long (this one is ${Math.round(seconds)} s).`)
}

interface Failure { code: ZimErrorCode, message: string, at: number }

export interface MediaServiceOptions {
  db: ZimDb
  serverSecret: string
  log: Logger
  /** Where the bytes go; undefined = a temporary folder removed at close. */
  dir?: string
}

export function createMediaService(options: MediaServiceOptions) {
  const { serverSecret, log } = options
  const store = createFileStore(options.db, options.dir)
  /** What the last upload of a file met, by `${user}\n${md5}`, for fileProcess to report. */
  const failures = new Map<string, Failure>()
  const uploads = new Set<Promise<unknown>>()
  /** Access that lives outside the database (a room's files, while the user is in it). */
  const liveAccess: ((md5: string, user: string) => boolean)[] = []

  const failureKey = (user: string, md5: string) => `${user}\n${md5}`
  function remember(ticket: UploadTicket, code: ZimErrorCode, message: string) {
    failures.set(failureKey(ticket.user, ticket.md5), { code, message, at: Date.now() })
    // Forgotten after a ticket's lifetime; the map stays small.
    for (const [key, f] of failures) {
      if (Date.now() - f.at > 600_000)
        failures.delete(key)
    }
  }

  function reply(res: ServerResponse, status: number, body: Record<string, unknown>) {
    const text = JSON.stringify(body)
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Access-Control-Allow-Origin': '*' })
    res.end(text)
  }

  /** Streams the multipart body to a temporary file; the ticket comes first or in the query. */
  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // No upload is larger than the largest file plus its form: refuse a bigger body unread.
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > MAX_BODY_BYTES) {
      req.resume()
      return reply(res, 413, { code: ErrorCode.MessageModuleFileSizeInvalid, message: `An upload may be at most ${mb(MAX_BODY_BYTES)}.` })
    }
    let bodyBytes = 0
    req.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length
      if (bodyBytes > MAX_BODY_BYTES)
        req.destroy()
    })
    let ticket: UploadTicket | string = readTicket(serverSecret, new URL(req.url ?? '/', 'http://local').searchParams.get('ticket') ?? undefined)
    let temp: string | undefined
    let md5 = ''
    let size = 0
    let cut = false
    let written: Promise<void> | undefined
    const parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 4096, fileSize: 100 * 1024 * 1024 + 1 } })
    parser.on('field', (name, value) => {
      if (name === 'ticket' && typeof ticket === 'string')
        ticket = readTicket(serverSecret, value)
    })
    parser.on('file', (name, stream) => {
      if (typeof ticket === 'string') {
        // No valid ticket before the file: nothing of it is read.
        req.unpipe(parser)
        res.once('finish', () => req.destroy())
        reply(res, 403, { code: ErrorCode.MessageModuleFileServerError, message: ticket })
        return
      }
      if (name !== 'file' || temp) {
        stream.resume()
        return
      }
      const limit = MEDIA_LIMITS[ticket.type as keyof typeof MEDIA_LIMITS]
      const hash = createHash('md5')
      temp = store.tempPath()
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length
          // Past the limit the rest is read and dropped: the client gets its answer, not a reset.
          if (size > limit.maxBytes) {
            cut = true
            done()
            return
          }
          hash.update(chunk)
          done(null, chunk)
        },
      })
      written = pipeline(stream, counter, createWriteStream(temp)).then(() => {
        md5 = hash.digest('hex')
      })
    })
    try {
      await new Promise<void>((resolve, reject) => {
        parser.on('close', resolve)
        parser.on('error', reject)
        req.on('close', () => {
          if (!req.complete)
            reject(new Error('the upload ended before its last byte'))
        })
        req.pipe(parser)
      })
      await written
    }
    catch (error) {
      // A cut connection leaves no half file behind.
      if (temp)
        await store.discard(temp)
      throw error
    }

    if (typeof ticket === 'string') {
      if (temp)
        await store.discard(temp)
      return reply(res, 403, { code: ErrorCode.MessageModuleFileServerError, message: ticket })
    }
    const t = ticket
    const fail = async (code: ZimErrorCode, message: string, status: number) => {
      if (temp)
        await store.discard(temp)
      remember(t, code, message)
      reply(res, status, { code, message })
    }
    if (!temp)
      return fail(ErrorCode.MessageModuleFileServerError, 'The upload had no file in the field "file".', 400)
    const limit = MEDIA_LIMITS[t.type as keyof typeof MEDIA_LIMITS]
    if (cut) {
      try {
        checkSize(size, limit)
      }
      catch (error) {
        const r = error as MediaRefusal
        return fail(r.code, r.message, 413)
      }
    }
    if (md5 !== t.md5 || size !== t.size)
      return fail(ErrorCode.MessageModuleFileServerError, `The uploaded bytes do not match the file announced (MD5 ${t.md5}, ${t.size} bytes).`, 400)
    if (store.get(md5)) {
      await store.discard(temp)
      store.held(md5, t.user)
      return reply(res, 200, { code: 0, md5 })
    }
    const type = await detectType(temp)
    const file: StoredFile = { md5, size, ext: type.ext, mime: type.mime, name: t.name, uploader: t.user, meta: {} }
    try {
      checkFile(file, t.type)
      const variantPath = (v: Variant) => `${temp}.${v}.jpg`
      const made = await analyze(temp, type, variantPath).catch(async (error: unknown) => {
        for (const v of VARIANTS)
          await store.discard(variantPath(v))
        throw new MediaRefusal(ErrorCode.MessageModuleFileTypeUnsupported, `media.${limit.kind}.unreadable: the file could not be read as ${type.ext.toUpperCase()} (${(error as Error).message}).`)
      })
      file.meta = made.meta
      checkFile(file, t.type)
      await store.put(file, temp, made.variants)
    }
    catch (error) {
      if (error instanceof MediaRefusal)
        return fail(error.code, error.message, 415)
      throw error
    }
    log.debug({ user: t.user, md5, size, ext: file.ext }, 'file stored')
    reply(res, 200, { code: 0, md5 })
  }

  function download(req: IncomingMessage, res: ServerResponse, md5: string, query: URLSearchParams): void {
    const user = query.get('u') ?? ''
    const variant = query.get('v') as Variant | null
    if (!checkFileKey(serverSecret, user, query.get('k')))
      return reply(res, 403, { code: ErrorCode.MessageModuleFileServerError, message: 'This file address is not signed for that user.' })
    const file = store.get(md5)
    if (!file || !(store.mayFetch(md5, user) || liveAccess.some(rule => rule(md5, user))))
      return reply(res, 404, { code: ErrorCode.MessageModuleFileNotExist, message: 'No such file for this user (only the members of a conversation that has it may fetch it).' })
    if (variant !== null && !(VARIANTS.includes(variant) && (variant === 'frame' ? file.meta.frame : file.meta.thumbnail)))
      return reply(res, 404, { code: ErrorCode.MessageModuleFileNotExist, message: `This file has no "${variant}" version.` })
    const path = store.pathOf(md5, variant ?? undefined)
    const total = variant ? undefined : file.size
    const headers: Record<string, string | number> = {
      'Content-Type': variant ? 'image/jpeg' : file.mime,
      'Accept-Ranges': 'bytes',
      'ETag': `"${md5}${variant ? `-${variant}` : ''}"`,
      'Cache-Control': 'private, max-age=31536000, immutable',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Content-Disposition',
    }
    if (!variant)
      headers['Content-Disposition'] = `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`
    const send = (status: number, start?: number, end?: number, length?: number) => {
      if (length !== undefined)
        headers['Content-Length'] = length
      res.writeHead(status, headers)
      if (req.method === 'HEAD') {
        res.end()
        return
      }
      createReadStream(path, { start, end }).on('error', () => res.destroy()).pipe(res)
    }
    const range = req.headers.range
    if (!range || total === undefined)
      return send(200, undefined, undefined, total)
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim())
    let start = m && m[1] !== '' ? Number(m[1]) : Number.NaN
    let end = m && m[2] !== '' ? Number(m[2]) : total - 1
    if (m && m[1] === '' && m[2] !== '') {
      // bytes=-N: the last N bytes.
      start = Math.max(0, total - Number(m[2]))
      end = total - 1
    }
    if (!m || Number.isNaN(start) || start >= total || end < start) {
      headers['Content-Range'] = `bytes */${total}`
      res.writeHead(416, headers)
      res.end()
      return
    }
    end = Math.min(end, total - 1)
    headers['Content-Range'] = `bytes ${start}-${end}/${total}`
    send(206, start, end, end - start + 1)
  }

  return {
    store,
    /** Adds a rule that lets a user fetch a file beyond what the database says. */
    allow(rule: (md5: string, user: string) => boolean): void {
      liveAccess.push(rule)
    },
    /** Handles the request if it is the file service's; false otherwise. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      const url = new URL(req.url ?? '/', 'http://local')
      if (!url.pathname.startsWith(`${FILES_PATH}/`))
        return false
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, HEAD, POST', 'Access-Control-Allow-Headers': 'Range, Content-Type', 'Access-Control-Max-Age': '600' })
        res.end()
        return true
      }
      if (url.pathname === UPLOAD_PATH && req.method === 'POST') {
        const job = receive(req, res).catch((error: unknown) => {
          log.warn({ err: error }, 'upload failed')
          if (!res.headersSent)
            reply(res, 400, { code: ErrorCode.MessageModuleFileServerError, message: `The upload failed: ${(error as Error).message}` })
          else
            res.destroy()
        })
        uploads.add(job)
        void job.finally(() => uploads.delete(job))
        return true
      }
      const md5 = url.pathname.slice(FILES_PATH.length + 1)
      if ((req.method === 'GET' || req.method === 'HEAD') && /^[0-9a-f]{32}$/.test(md5)) {
        download(req, res, md5, url.searchParams)
        return true
      }
      reply(res, 404, { code: ErrorCode.MessageModuleFileNotExist, message: 'No such file address.' })
      return true
    },
    /** What an upload of this file met, if it did not end stored. */
    failure(user: string, md5: string): Failure | undefined {
      return failures.get(failureKey(user, md5))
    },
    async close(): Promise<void> {
      await Promise.allSettled([...uploads])
      store.close()
    },
  }
}

export type MediaService = ReturnType<typeof createMediaService>
