// POST /api/avatar and GET /api/avatars/<md5>.<ext> on the local service, and the app's
// uploadAvatar over them (uni.uploadFile played by fetch + FormData).
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { generateToken04 } from '../../scripts/server/token04'
import { AvatarUploadError, uploadAvatar } from '@/zim/uploadAvatar'
import { TEST_APP_ID, TEST_SECRET, useTestServer } from './helpers/serverUsers'

const { server } = useTestServer()

const tokenFor = (userID: string) => generateToken04({ appID: TEST_APP_ID, userID, secret: TEST_SECRET, effectiveTimeInSeconds: 3600 })

const photo = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: channels === 4 ? { r: 10, g: 200, b: 90, alpha: 0.5 } : { r: 200, g: 40, b: 40 } } })
    .png().toBuffer()

function post(body: Buffer | string, headers: Record<string, string>, name = 'me.png') {
  const form = new FormData()
  form.append('file', new Blob([typeof body === 'string' ? body : new Uint8Array(body)]), name)
  return fetch(`${server().httpUrl}/api/avatar`, { method: 'POST', body: form, headers })
}

const auth = (userID: string) => ({ 'Authorization': `Bearer ${tokenFor(userID)}`, 'X-Zim-User-ID': userID })

describe('POST /api/avatar', () => {
  it('takes an image from a signed-in user, cuts it to 256 px, stores it by MD5 and serves it publicly', async () => {
    const res = await post(await photo(800, 600), auth('av_alice'))
    expect(res.status).toBe(200)
    const body = await res.json() as { url: string, md5: string, width: number, height: number, size: number }
    expect(body).toMatchObject({ width: 256, height: 256 })
    expect(body.url).toBe(`${server().httpUrl}/api/avatars/${body.md5}.jpg`)

    const got = await fetch(body.url)
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('image/jpeg')
    expect(got.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const bytes = Buffer.from(await got.arrayBuffer())
    expect(bytes.length).toBe(body.size)
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 256, height: 256, format: 'jpeg' })
    // the same picture again is the same file
    const again = await (await post(await photo(800, 600), auth('av_bob'))).json() as { md5: string }
    expect(again.md5).toBe(body.md5)
  })

  it('keeps transparency as PNG', async () => {
    const body = await (await post(await photo(300, 300, 4), auth('av_carol'))).json() as { url: string }
    expect(body.url).toMatch(/\.png$/)
    expect((await sharp(Buffer.from(await (await fetch(body.url)).arrayBuffer())).metadata()).hasAlpha).toBe(true)
  })

  it.each([
    ['no token', {}],
    ['a token of another user', { 'Authorization': `Bearer ${tokenFor('av_eve')}`, 'X-Zim-User-ID': 'av_alice' }],
    ['a token signed with another secret', { 'Authorization': `Bearer ${generateToken04({ appID: TEST_APP_ID, userID: 'av_alice', secret: 'another-secret-0123456789abcdef0', effectiveTimeInSeconds: 3600 })}`, 'X-Zim-User-ID': 'av_alice' }],
  ])('refuses %s (401, avatar.unauthorized)', async (_what, headers) => {
    const res = await post(await photo(10, 10), headers)
    expect(res.status).toBe(401)
    expect((await res.json() as { error: { rule: string } }).error.rule).toBe('avatar.unauthorized')
  })

  it('refuses what is not an image, read from its bytes (415), and more than 5 MB (413), naming the limit', async () => {
    const text = await post('just words, named .png', auth('av_dan'))
    expect(text.status).toBe(415)
    expect(await text.json()).toMatchObject({ error: { rule: 'avatar.format', params: { formats: 'jpg, png, webp, gif' } } })
    const big = await post(Buffer.alloc(5 * 1024 * 1024 + 10, 1), auth('av_dan'))
    expect(big.status).toBe(413)
    expect(await big.json()).toMatchObject({ error: { rule: 'avatar.maxBytes', params: { maxMB: 5 } } })
    expect((await fetch(`${server().httpUrl}/api/avatars/${'0'.repeat(32)}.jpg`)).status).toBe(404)
  })

  it('refuses a small file that is a huge image (past 4096 x 4096 pixels) without decoding it', async () => {
    const huge = await photo(5000, 5000)
    expect(huge.length).toBeLessThan(5 * 1024 * 1024)
    const res = await post(huge, auth('av_erin'))
    expect(res.status).toBe(415)
    expect(await res.json()).toMatchObject({ error: { rule: 'avatar.unreadable' } })
  })
})

describe('uploadAvatar (the app side)', () => {
  // uni.uploadFile as H5 does it: the file at `filePath` as the multipart field `name`.
  const upload = (call: { url: string, filePath: string, name: string, header: Record<string, string>, success: (r: { statusCode: number, data: string }) => void, fail: (e: { errMsg: string }) => void }) => {
    void (async () => {
      try {
        const form = new FormData()
        form.append(call.name, new Blob([new Uint8Array(await readFile(call.filePath))]), 'picked')
        const res = await fetch(call.url, { method: 'POST', body: form, headers: call.header })
        call.success({ statusCode: res.status, data: await res.text() })
      }
      catch (error) {
        call.fail({ errMsg: `uploadFile:fail ${String(error)}` })
      }
    })()
  }

  it('uploads a picked file and answers its public address; refusals come back as keys', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const dir = await mkdtemp(join(tmpdir(), 'avatar-test-'))
    const picked = join(dir, 'picked.png')
    await writeFile(picked, await photo(512, 512))
    const url = `${server().httpUrl}/api/avatar`
    const done = await uploadAvatar(picked, { userID: 'av_frank', token: tokenFor('av_frank') }, { url, upload })
    expect(done.url).toMatch(/\/api\/avatars\/[0-9a-f]{32}\.jpg$/)
    expect(Buffer.byteLength(done.url)).toBeLessThanOrEqual(500)

    const notImage = join(dir, 'notes.png')
    await writeFile(notImage, 'plain text')
    const refused = await uploadAvatar(notImage, { userID: 'av_frank', token: tokenFor('av_frank') }, { url, upload }).catch(e => e)
    expect(refused).toBeInstanceOf(AvatarUploadError)
    expect(refused).toMatchObject({ message: 'problem.avatar.format', status: 415, params: { formats: 'JPG, PNG, WEBP, GIF' } })
    const stale = await uploadAvatar(picked, { userID: 'av_frank', token: tokenFor('someone') }, { url, upload }).catch(e => e)
    expect(stale).toMatchObject({ message: 'problem.avatar.unauthorized', status: 401 })
    const offline = await uploadAvatar(picked, { userID: 'av_frank', token: 'x' }, { url: 'http://127.0.0.1:1/api/avatar', upload }).catch(e => e)
    expect(offline).toMatchObject({ message: 'problem.avatar.network' })
  })
})
