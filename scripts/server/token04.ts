// ZEGO "Token04": the login token a business server issues from AppID + ServerSecret.
// ZEGO publishes generators only; the verifier here is what the stand-in service needs
// to answer logins with the codes the real service uses (see shared notes token04.md).
import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto'

/** ZIM refuses tokens that live longer than 24 days. */
export const TOKEN_MAX_LIFETIME_SECONDS = 24 * 86_400
/** Below this many seconds left the service answers 6000108 instead of logging in. */
export const TOKEN_MIN_REMAINING_SECONDS = 30

export const TokenCode = {
  Invalid: 6000103,
  Expired: 6000106,
  VersionError: 6000107,
  TooShort: 6000108,
} as const

const VERSION = '04'
const GCM_MODE_BYTE = 1
const GCM_NONCE_BYTES = 12
const GCM_TAG_BYTES = 16
const CBC_IV_BYTES = 16
const UINT32_MAX = 0xFFFF_FFFF

export interface GenerateToken04Options {
  appID: number
  userID: string
  /** The project's ServerSecret: its 32 characters are the AES-256 key bytes. */
  secret: string
  effectiveTimeInSeconds: number
  payload?: string
  /** Unix seconds; defaults to the clock. */
  now?: number
  /** The random int32 inside the plaintext. */
  nonce?: number
  /** Cipher IV: 12 bytes for GCM, 16 for CBC. Random by default. */
  iv?: Uint8Array
  /** 'cbc' only produces legacy tokens (for tests of old clients); the default is 'gcm'. */
  mode?: 'gcm' | 'cbc'
}

export interface VerifyToken04Options {
  appID: number
  userID: string
  secret: string
  /** Unix seconds; defaults to the clock. */
  now?: number
}

export type VerifyToken04Result =
  | { ok: true, expire: number, ctime: number }
  | { ok: false, code: 6000103 | 6000106 | 6000107 | 6000108, reason: string }

const nowSeconds = () => Math.floor(Date.now() / 1000)

function keyOf(secret: string): Buffer {
  // Raw characters, not hex: that is what ZEGO's generators do. Non-ASCII characters
  // would make the key longer than 32 bytes, so the length is checked on the bytes.
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.alloc(0)
  if (key.length !== 32 || secret.length !== 32)
    throw new Error('token04: secret must be exactly 32 ASCII characters (the ServerSecret)')
  return key
}

export function generateToken04(options: GenerateToken04Options): string {
  const { appID, userID, secret, effectiveTimeInSeconds: life, payload = '', mode = 'gcm' } = options
  if (!Number.isInteger(appID) || appID <= 0 || appID > UINT32_MAX)
    throw new Error(`token04: appID must be a non-zero uint32 (got ${String(appID)})`)
  if (typeof userID !== 'string' || userID.length === 0)
    throw new Error('token04: userID must be a non-empty string')
  const key = keyOf(secret)
  if (!Number.isInteger(life) || life <= 0)
    throw new Error(`token04: effectiveTimeInSeconds must be a positive integer (got ${String(life)})`)
  if (life > TOKEN_MAX_LIFETIME_SECONDS)
    throw new Error(`token04: effectiveTimeInSeconds must be at most ${TOKEN_MAX_LIFETIME_SECONDS} (24 days, ZIM's cap)`)
  if (typeof payload !== 'string')
    throw new Error('token04: payload must be a string')

  const ctime = options.now ?? nowSeconds()
  const nonce = options.nonce ?? randomInt(-0x8000_0000, 0x7FFF_FFFF)
  // Field order as in ZEGO's generators, so fixed inputs give their exact bytes.
  const plain = Buffer.from(JSON.stringify({
    app_id: appID,
    user_id: userID,
    nonce,
    ctime,
    expire: ctime + life,
    payload,
  }), 'utf8')

  const ivLength = mode === 'gcm' ? GCM_NONCE_BYTES : CBC_IV_BYTES
  const iv = Buffer.from(options.iv ?? randomBytes(ivLength))
  if (iv.length !== ivLength)
    throw new Error(`token04: iv must be ${ivLength} bytes for ${mode}`)

  let body: Buffer
  if (mode === 'gcm') {
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()])
  }
  else {
    const cipher = createCipheriv('aes-256-cbc', key, iv)
    body = Buffer.concat([cipher.update(plain), cipher.final()])
  }

  const head = Buffer.alloc(8)
  head.writeBigInt64BE(BigInt(ctime + life))
  const parts = [head, u16(iv.length), iv, u16(body.length), body]
  if (mode === 'gcm')
    parts.push(Buffer.from([GCM_MODE_BYTE]))
  return VERSION + Buffer.concat(parts).toString('base64')
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(n)
  return b
}

const invalid = (reason: string): VerifyToken04Result => ({ ok: false, code: TokenCode.Invalid, reason })

/** Node's base64 decoder skips junk silently; a token must survive a strict round trip. */
function strictBase64(text: string): Buffer | null {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text))
    return null
  const bytes = Buffer.from(text, 'base64')
  return bytes.toString('base64') === text ? bytes : null
}

interface Unpacked { expire: bigint, iv: Buffer, body: Buffer, gcm: boolean }

function unpack(bytes: Buffer): Unpacked | string {
  let at = 0
  const take = (n: number): Buffer | null => {
    if (at + n > bytes.length)
      return null
    const part = bytes.subarray(at, at + n)
    at += n
    return part
  }
  const head = take(8)
  const ivLen = take(2)
  if (!head || !ivLen)
    return 'too short'
  const iv = take(ivLen.readUInt16BE())
  const bodyLen = take(2)
  if (!iv || !bodyLen)
    return 'IV length out of bounds'
  const body = take(bodyLen.readUInt16BE())
  if (!body)
    return 'ciphertext length out of bounds'
  const rest = bytes.length - at
  if (rest === 0)
    return { expire: head.readBigInt64BE(), iv, body, gcm: false }
  if (rest === 1 && bytes[at] === GCM_MODE_BYTE)
    return { expire: head.readBigInt64BE(), iv, body, gcm: true }
  return rest === 1 ? 'unknown mode byte' : 'trailing bytes'
}

function decrypt(u: Unpacked, key: Buffer): Buffer | string {
  try {
    if (u.gcm) {
      if (u.iv.length !== GCM_NONCE_BYTES || u.body.length <= GCM_TAG_BYTES)
        return 'bad GCM nonce or ciphertext length'
      const tagAt = u.body.length - GCM_TAG_BYTES
      const d = createDecipheriv('aes-256-gcm', key, u.iv)
      d.setAuthTag(u.body.subarray(tagAt))
      return Buffer.concat([d.update(u.body.subarray(0, tagAt)), d.final()])
    }
    if (u.iv.length !== CBC_IV_BYTES || u.body.length === 0 || u.body.length % 16 !== 0)
      return 'bad CBC IV or ciphertext length'
    const d = createDecipheriv('aes-256-cbc', key, u.iv)
    return Buffer.concat([d.update(u.body), d.final()])
  }
  catch {
    return u.gcm ? 'GCM authentication failed' : 'CBC padding invalid'
  }
}

interface Claims { app_id: number, user_id: string, nonce: number, ctime: number, expire: number, payload: string }

function parseClaims(plain: Buffer): Claims | null {
  let value: unknown
  try {
    // fatal: a CBC token decrypted with garbage must not turn into replacement characters.
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain))
  }
  catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return null
  const c = value as Record<string, unknown>
  const int = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v)
  if (!int(c.app_id) || !int(c.nonce) || !int(c.ctime) || !int(c.expire)
    || typeof c.user_id !== 'string' || typeof c.payload !== 'string')
    return null
  return c as unknown as Claims
}

/**
 * Checks a token the way ZIM's service does, in the order of the table in token04.md.
 * CBC tokens are accepted for old issuers; they carry no integrity, which is why the
 * AppID and userID comparisons matter even after a successful decryption.
 */
export function verifyToken04(token: unknown, options: VerifyToken04Options): VerifyToken04Result {
  if (typeof token !== 'string' || !token.startsWith(VERSION))
    return { ok: false, code: TokenCode.VersionError, reason: 'token does not start with "04"' }
  const bytes = strictBase64(token.slice(VERSION.length))
  if (!bytes)
    return invalid('not strict base64')
  const u = unpack(bytes)
  if (typeof u === 'string')
    return invalid(u)
  let key: Buffer
  try {
    key = keyOf(options.secret)
  }
  catch {
    return invalid('server secret is not 32 characters')
  }
  const plain = decrypt(u, key)
  if (typeof plain === 'string')
    return invalid(plain)
  const claims = parseClaims(plain)
  if (!claims)
    return invalid('payload is not the expected JSON')
  if (BigInt(claims.expire) !== u.expire)
    return invalid('clear expire differs from the encrypted one')
  if (claims.expire < claims.ctime)
    return invalid('expire is before ctime')
  if (claims.app_id !== options.appID)
    return invalid('app_id does not match this service')
  if (claims.user_id !== options.userID)
    return invalid('user_id does not match the login')
  const left = claims.expire - (options.now ?? nowSeconds())
  if (left <= 0)
    return { ok: false, code: TokenCode.Expired, reason: 'token expired' }
  if (left < TOKEN_MIN_REMAINING_SECONDS)
    return { ok: false, code: TokenCode.TooShort, reason: `token has less than ${TOKEN_MIN_REMAINING_SECONDS} s left` }
  return { ok: true, expire: claims.expire, ctime: claims.ctime }
}
