// Profile pictures on the token service's port, so they work the same when the app talks to
// ZEGO's cloud (only this service and its ServerSecret are needed):
//   POST /api/avatar  multipart, the image in field `file`; `Authorization: Bearer <Token04>`
//                     and `X-Zim-User-ID: <userID>`, the token verified with the server secret
//                     as ZIM's server verifies it. The image is read by its bytes (file-type),
//                     turned upright and cut to 256 × 256 px (sharp), stored once by the MD5
//                     of the result under <dir>/<md5>.<ext>, and answered as { url, … }.
//   GET  /api/avatars/<md5>.<ext>  public and cacheable for a year (the name is its content).
// Refusals are JSON { error: { rule, message, params } } naming the limit that was broken.
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { readFile, stat, writeFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import busboy from 'busboy'
import { fileTypeFromBuffer } from 'file-type'
import sharp from 'sharp'
import { checkUserID } from '../../src/zim/rules'
import { AVATAR_FORMATS, AVATAR_PATH, AVATAR_SIDE_PX, AVATAR_SOURCE_MAX_BYTES, AVATARS_PATH } from '../../src/zim/avatar'
import type { AllowedOrigins } from './config'
import type { Logger } from './log'
import { verifyToken04 } from './token04'

/** Pixels decoded at most (sharp's own default is ~268 M: a 5 MB file could cost 1 GB). */
const AVATAR_MAX_INPUT_PIXELS = 4096 * 4096

export interface AvatarServiceOptions {
  appID: number
  serverSecret: string
  allowedOrigins: AllowedOrigins
  log: Logger
  /** Where avatars are kept; a temporary folder (removed at close) when absent. */
  dir?: string
}

interface Refusal { status: number, rule: string, message: string, params?: Record<string, string | number> }

const refuse = (status: number, rule: string, message: string, params?: Refusal['params']): Refusal => ({ status, rule, message, params })

const NAME = /^\/api\/avatars\/([0-9a-f]{32})\.(jpg|png)$/
const MIME: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png' }

function cors(req: IncomingMessage, allowed: AllowedOrigins): Record<string, string> | null {
  const origin = req.headers.origin
  if (origin === undefined)
    return {}
  if (allowed === '*')
    return { 'Access-Control-Allow-Origin': '*' }
  return allowed.includes(origin) ? { 'Access-Control-Allow-Origin': origin, 'Vary': 'Origin' } : null
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' })
  res.end(text)
}

/** The image of the request's `file` field, whole, or the refusal (the rest of the body is drained). */
function readImage(req: IncomingMessage): Promise<Buffer | Refusal> {
  return new Promise((resolve) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 5, fieldSize: 1024, fileSize: AVATAR_SOURCE_MAX_BYTES } })
    }
    catch {
      req.resume()
      resolve(refuse(415, 'avatar.multipart', 'Send the image as multipart/form-data in the field "file".'))
      return
    }
    let result: Buffer | Refusal | undefined
    parser.on('file', (field, stream) => {
      if (field !== 'file' || result) {
        stream.resume()
        return
      }
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('limit', () => {
        result = refuse(413, 'avatar.maxBytes', `An avatar image can be at most ${AVATAR_SOURCE_MAX_BYTES / 1024 / 1024} MB.`, { maxMB: AVATAR_SOURCE_MAX_BYTES / 1024 / 1024 })
      })
      stream.on('end', () => {
        result ??= Buffer.concat(chunks)
      })
    })
    parser.on('close', () => resolve(result ?? refuse(400, 'avatar.file', 'The request has no image in the field "file".')))
    parser.on('error', () => resolve(refuse(400, 'avatar.multipart', 'The multipart body could not be read.')))
    req.pipe(parser)
  })
}

export function createAvatarService(options: AvatarServiceOptions) {
  const temporary = options.dir === undefined
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'zim-avatars-'))
  mkdirSync(dir, { recursive: true })

  function userOf(req: IncomingMessage): string | Refusal {
    const userID = req.headers['x-zim-user-id']
    const auth = req.headers.authorization
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7).trim() : ''
    if (typeof userID !== 'string' || checkUserID(userID) || !token)
      return refuse(401, 'avatar.unauthorized', 'Send the user\'s ZIM token as "Authorization: Bearer <token>" and their ID as "X-Zim-User-ID".')
    const verdict = verifyToken04(token, { appID: options.appID, userID, secret: options.serverSecret })
    if (!verdict.ok)
      return refuse(401, 'avatar.unauthorized', `The token was refused: ${verdict.reason}.`)
    return userID
  }

  async function upload(req: IncomingMessage, origin: string): Promise<Refusal | Record<string, unknown>> {
    const user = userOf(req)
    if (typeof user !== 'string') {
      req.resume()
      return user
    }
    const image = await readImage(req)
    if (!Buffer.isBuffer(image))
      return image
    const type = await fileTypeFromBuffer(image)
    if (!type || !(AVATAR_FORMATS as readonly string[]).includes(type.ext))
      return refuse(415, 'avatar.format', `An avatar must be ${AVATAR_FORMATS.join(', ').toUpperCase()} (these bytes are ${type?.ext.toUpperCase() ?? 'of no known type'}).`, { formats: AVATAR_FORMATS.join(', ') })
    let out: Buffer
    let ext: 'jpg' | 'png'
    try {
      // animated images keep their first frame; photos are turned the way they were taken.
      // A small file can still be a huge image: decoding stops past 4096 x 4096 pixels.
      const pipeline = sharp(image, { animated: false, limitInputPixels: AVATAR_MAX_INPUT_PIXELS }).rotate().resize(AVATAR_SIDE_PX, AVATAR_SIDE_PX, { fit: 'cover' })
      const { hasAlpha } = await sharp(image, { animated: false, limitInputPixels: AVATAR_MAX_INPUT_PIXELS }).metadata()
      ext = hasAlpha ? 'png' : 'jpg'
      out = ext === 'png' ? await pipeline.png().toBuffer() : await pipeline.jpeg({ quality: 85 }).toBuffer()
    }
    catch {
      return refuse(415, 'avatar.unreadable', 'The image could not be read.')
    }
    const md5 = createHash('md5').update(out).digest('hex')
    const file = join(dir, `${md5}.${ext}`)
    const had = await stat(file).then(() => true, () => false)
    if (!had)
      await writeFile(file, out)
    options.log.info({ user, md5, bytes: out.length }, 'avatar stored')
    return { url: `${origin}${AVATARS_PATH}/${md5}.${ext}`, md5, width: AVATAR_SIDE_PX, height: AVATAR_SIDE_PX, size: out.length }
  }

  async function serve(res: ServerResponse, md5: string, ext: string, headers: Record<string, string>, head: boolean): Promise<void> {
    let bytes: Buffer
    try {
      bytes = await readFile(join(dir, `${md5}.${ext}`))
    }
    catch {
      sendJson(res, 404, { error: { rule: 'avatar.notFound', message: 'No such avatar.' } }, headers)
      return
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': MIME[ext],
      'Content-Length': bytes.length,
      // the address is the content's MD5: it never changes
      'Cache-Control': 'public, max-age=31536000, immutable',
      'ETag': `"${md5}"`,
    })
    res.end(head ? undefined : bytes)
  }

  return {
    /** Handles the request when it is the avatar service's; false otherwise. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      const path = new URL(req.url ?? '/', 'http://local').pathname
      const method = req.method ?? 'GET'
      const isUpload = path === AVATAR_PATH
      const named = NAME.exec(path)
      if (!isUpload && !named && !path.startsWith(`${AVATARS_PATH}/`))
        return false
      const allowed = cors(req, options.allowedOrigins)
      const headers = allowed ?? {}
      const fail = (r: Refusal, extra: Record<string, string> = {}) => sendJson(res, r.status, { error: { rule: r.rule, message: r.message, ...(r.params && { params: r.params }) } }, { ...headers, ...extra })
      if (method === 'OPTIONS') {
        res.writeHead(204, { ...headers, 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type, Authorization, X-Zim-User-ID', 'Access-Control-Max-Age': '600' })
        res.end()
        return true
      }
      if (isUpload) {
        if (method !== 'POST') {
          req.resume()
          fail(refuse(405, 'request.method', `Use POST for ${AVATAR_PATH}.`), { Allow: 'POST, OPTIONS' })
          return true
        }
        if (allowed === null) {
          req.resume()
          fail(refuse(403, 'cors.origin', 'This origin is not allowed (ZIM_ALLOWED_ORIGINS).'))
          return true
        }
        const origin = `http://${req.headers.host ?? 'localhost'}`
        upload(req, origin).then(
          result => ('status' in result && 'rule' in result ? fail(result as Refusal, (result as Refusal).status === 413 ? { Connection: 'close' } : {}) : sendJson(res, 200, result, headers)),
          (error) => {
            options.log.error({ err: error }, 'avatar upload failed')
            fail(refuse(500, 'avatar.error', 'The avatar could not be stored; try again later.'))
          },
        )
        return true
      }
      if (!named || (method !== 'GET' && method !== 'HEAD')) {
        req.resume()
        fail(named ? refuse(405, 'request.method', 'Use GET for an avatar.') : refuse(404, 'avatar.notFound', 'No such avatar.'))
        return true
      }
      void serve(res, named[1], named[2], headers, method === 'HEAD')
      return true
    },
    close(): void {
      if (temporary)
        rmSync(dir, { recursive: true, force: true })
    },
  }
}
