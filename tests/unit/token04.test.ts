import { createCipheriv } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateToken04, TOKEN_MAX_LIFETIME_SECONDS, verifyToken04 } from '../../scripts/server/token04'

const appID = 1234567890
const userID = 'alice'
const secret = 'fa94dcc38bcb4bb9f1d5e1f6b5a7c3e2' // 32 characters
const now = 1_700_000_000
const iv = Buffer.from('000102030405060708090a0b', 'hex')
const base = { appID, userID, secret, effectiveTimeInSeconds: 3600, now, nonce: 12345, iv }
const check = { appID, userID, secret, now: now + 10 }

const decode = (token: string) => Buffer.from(token.slice(2), 'base64')
const encode = (bytes: Buffer) => `04${bytes.toString('base64')}`

describe('generateToken04', () => {
  it('is deterministic with fixed clock, nonce and IV, and lays out expire | iv | ciphertext+tag | mode', () => {
    const token = generateToken04(base)
    expect(generateToken04(base)).toBe(token)
    expect(token.startsWith('04')).toBe(true)
    const bytes = decode(token)
    expect(bytes.readBigInt64BE(0)).toBe(BigInt(now + 3600))
    expect(bytes.readUInt16BE(8)).toBe(12)
    expect(bytes.subarray(10, 22)).toEqual(iv)
    const bodyLength = bytes.readUInt16BE(22)
    expect(bytes.length).toBe(24 + bodyLength + 1)
    expect(bytes[bytes.length - 1]).toBe(1)
    // The plaintext JSON plus the 16-byte GCM tag.
    const json = JSON.stringify({ app_id: appID, user_id: userID, nonce: 12345, ctime: now, expire: now + 3600, payload: '' })
    expect(bodyLength).toBe(Buffer.byteLength(json) + 16)
  })

  it('uses a random IV and nonce by default', () => {
    const { iv: _iv, nonce: _nonce, ...rest } = base
    expect(generateToken04(rest)).not.toBe(generateToken04(rest))
  })

  it.each([
    [{ appID: 0 }, /appID must be a non-zero uint32/],
    [{ appID: -1 }, /appID/],
    [{ appID: 2 ** 32 }, /appID/],
    [{ appID: 1.5 }, /appID/],
    [{ userID: '' }, /userID must be a non-empty string/],
    [{ secret: 'short' }, /secret must be exactly 32/],
    [{ secret: `${secret}x` }, /secret must be exactly 32/],
    [{ secret: `${secret.slice(0, 31)}é` }, /secret must be exactly 32/],
    [{ effectiveTimeInSeconds: 0 }, /effectiveTimeInSeconds must be a positive integer/],
    [{ effectiveTimeInSeconds: -5 }, /effectiveTimeInSeconds must be a positive integer/],
    [{ effectiveTimeInSeconds: TOKEN_MAX_LIFETIME_SECONDS + 1 }, /at most 2073600 \(24 days/],
    [{ iv: Buffer.alloc(16) }, /iv must be 12 bytes/],
  ])('refuses %o', (change, message) => {
    expect(() => generateToken04({ ...base, ...change } as typeof base)).toThrow(message)
  })

  it('allows exactly 24 days', () => {
    const token = generateToken04({ ...base, effectiveTimeInSeconds: TOKEN_MAX_LIFETIME_SECONDS })
    expect(verifyToken04(token, check)).toEqual({ ok: true, expire: now + TOKEN_MAX_LIFETIME_SECONDS, ctime: now })
  })
})

describe('verifyToken04', () => {
  const token = generateToken04(base)

  it('accepts its own token', () => {
    expect(verifyToken04(token, check)).toEqual({ ok: true, expire: now + 3600, ctime: now })
  })

  it('keeps the payload inside the signature', () => {
    const withPayload = generateToken04({ ...base, payload: '{"x":1}' })
    expect(verifyToken04(withPayload, check).ok).toBe(true)
  })

  it('rejects every single-byte tamper of the decoded bytes with 6000103', () => {
    const bytes = decode(token)
    let tried = 0
    for (let at = 0; at < bytes.length; at++) {
      for (const mask of [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF]) {
        const copy = Buffer.from(bytes)
        copy[at] ^= mask
        const result = verifyToken04(encode(copy), check)
        expect(result, `byte ${at} ^ ${mask}`).toMatchObject({ ok: false, code: 6000103 })
        tried++
      }
    }
    expect(tried).toBe(bytes.length * 9)
  })

  it('rejects truncated and extended tokens with 6000103', () => {
    const bytes = decode(token)
    for (let cut = 0; cut < bytes.length; cut++) {
      if (cut === 0)
        continue
      expect(verifyToken04(encode(bytes.subarray(0, cut)), check), `cut at ${cut}`).toMatchObject({ ok: false, code: 6000103 })
    }
    expect(verifyToken04(encode(Buffer.concat([bytes, Buffer.from([0])])), check)).toMatchObject({ ok: false, code: 6000103 })
    expect(verifyToken04(encode(Buffer.concat([bytes.subarray(0, -1), Buffer.from([2])])), check)).toMatchObject({ ok: false, code: 6000103 })
  })

  it('answers 6000107 when the prefix is not "04"', () => {
    for (const bad of [`03${token.slice(2)}`, `14${token.slice(2)}`, token.slice(2), '', `4${token.slice(1)}`])
      expect(verifyToken04(bad, check)).toMatchObject({ ok: false, code: 6000107 })
    expect(verifyToken04(undefined, check)).toMatchObject({ ok: false, code: 6000107 })
  })

  it('rejects anything but strict base64 with 6000103', () => {
    const body = token.slice(2)
    const urlSafe = body.replace(/\+/g, '-').replace(/\//g, '_')
    const cases = [
      '04',
      `04${body}!`,
      `04 ${body}`,
      `04${body}\n`,
      `04${body}==`,
      '04QR==', // non-zero trailing bits: decodes like "QQ==" in a lax decoder
    ]
    if (urlSafe !== body)
      cases.push(`04${urlSafe}`)
    if (body.endsWith('='))
      cases.push(`04${body.replace(/=+$/, '')}`) // padding dropped
    for (const bad of cases)
      expect(verifyToken04(bad, check), JSON.stringify(bad)).toMatchObject({ ok: false, code: 6000103 })
  })

  it('rejects a wrong secret, AppID or user with 6000103', () => {
    expect(verifyToken04(token, { ...check, secret: 'ffffffffffffffffffffffffffffffff' })).toMatchObject({ ok: false, code: 6000103 })
    expect(verifyToken04(token, { ...check, appID: appID + 1 })).toMatchObject({ ok: false, code: 6000103, reason: expect.stringMatching(/app_id/) })
    expect(verifyToken04(token, { ...check, userID: 'bob' })).toMatchObject({ ok: false, code: 6000103, reason: expect.stringMatching(/user_id/) })
    expect(verifyToken04(token, { ...check, userID: 'Alice' })).toMatchObject({ ok: false, code: 6000103 })
  })

  it('answers 6000106 once expired and 6000108 with less than 30 s left', () => {
    const expire = now + 3600
    expect(verifyToken04(token, { ...check, now: expire })).toMatchObject({ ok: false, code: 6000106 })
    expect(verifyToken04(token, { ...check, now: expire + 86_400 })).toMatchObject({ ok: false, code: 6000106 })
    expect(verifyToken04(token, { ...check, now: expire - 1 })).toMatchObject({ ok: false, code: 6000108 })
    expect(verifyToken04(token, { ...check, now: expire - 29 })).toMatchObject({ ok: false, code: 6000108 })
    expect(verifyToken04(token, { ...check, now: expire - 30 })).toMatchObject({ ok: true })
  })

  it('checks identity before time: an expired token for someone else is invalid, not expired', () => {
    expect(verifyToken04(token, { ...check, userID: 'bob', now: now + 10_000 })).toMatchObject({ ok: false, code: 6000103 })
  })

  it('rejects a well-encrypted payload with wrong field types or a clear expire that differs', () => {
    const forge = (claims: unknown, clearExpire = now + 3600) => {
      const cipher = createCipheriv('aes-256-gcm', Buffer.from(secret), iv)
      const body = Buffer.concat([cipher.update(JSON.stringify(claims)), cipher.final(), cipher.getAuthTag()])
      const head = Buffer.alloc(8)
      head.writeBigInt64BE(BigInt(clearExpire))
      const u16 = (n: number) => Buffer.from([n >> 8, n & 0xFF])
      return encode(Buffer.concat([head, u16(12), iv, u16(body.length), body, Buffer.from([1])]))
    }
    const good = { app_id: appID, user_id: userID, nonce: 1, ctime: now, expire: now + 3600, payload: '' }
    expect(verifyToken04(forge(good), check)).toMatchObject({ ok: true })
    expect(verifyToken04(forge(good, now + 7200), check)).toMatchObject({ ok: false, code: 6000103 })
    for (const broken of [
      { ...good, app_id: String(appID) },
      { ...good, user_id: 7 },
      { ...good, expire: String(now + 3600) },
      { ...good, ctime: undefined },
      { ...good, nonce: 1.5 },
      { ...good, payload: undefined },
      [good],
      'text',
    ])
      expect(verifyToken04(forge(broken), check), JSON.stringify(broken)).toMatchObject({ ok: false, code: 6000103 })
  })

  describe('legacy CBC tokens (no mode byte)', () => {
    const cbcIv = Buffer.from('0123456789abcdef')
    const cbc = generateToken04({ ...base, mode: 'cbc', iv: cbcIv })

    it('are accepted', () => {
      const bytes = decode(cbc)
      expect(bytes.readUInt16BE(8)).toBe(16)
      expect(bytes.length).toBe(8 + 2 + 16 + 2 + bytes.readUInt16BE(26))
      expect(verifyToken04(cbc, check)).toEqual({ ok: true, expire: now + 3600, ctime: now })
    })

    it('are still bound to the AppID, user, secret and clock', () => {
      expect(verifyToken04(cbc, { ...check, appID: 1 })).toMatchObject({ ok: false, code: 6000103 })
      expect(verifyToken04(cbc, { ...check, userID: 'bob' })).toMatchObject({ ok: false, code: 6000103 })
      expect(verifyToken04(cbc, { ...check, secret: 'ffffffffffffffffffffffffffffffff' })).toMatchObject({ ok: false, code: 6000103 })
      expect(verifyToken04(cbc, { ...check, now: now + 3600 })).toMatchObject({ ok: false, code: 6000106 })
    })

    it('never pass when a byte is flipped (CBC has no integrity, the JSON checks catch it)', () => {
      const bytes = decode(cbc)
      for (let at = 0; at < bytes.length; at++) {
        const copy = Buffer.from(bytes)
        copy[at] ^= 0x01
        const result = verifyToken04(encode(copy), check)
        // A flipped IV bit changes one plaintext character; that may still be valid JSON
        // naming another user or AppID, which the comparisons then refuse.
        expect(result.ok, `byte ${at}`).toBe(false)
      }
    })
  })
})
