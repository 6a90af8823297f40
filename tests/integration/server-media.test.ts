// The upload and file service (scripts/server/media) through its protocol ops and HTTP,
// without the stand-in: each type and limit with the SDK's codes, the MD5 short-cut,
// type detection from the bytes, member-only downloads, Range, and a 100 MB upload that
// is streamed (the process does not grow by the file's size).
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Reply } from '../../src/zim/local/protocol'
import { fixtureDir } from '../helpers/mediaFixtures'
import { nodeFileIO } from '../helpers/nodeFileIO'
import { startServer } from '../../scripts/server/app'
import { generateToken04 } from '../../scripts/server/token04'
import { ProtocolClient } from './helpers/protocolClient'
import { ok, TEST_APP_ID, TEST_SECRET, useTestServer } from './helpers/serverUsers'

const { server, users } = useTestServer()
const files = fixtureDir()
const io = nodeFileIO()
afterAll(() => files.remove())

async function md5File(path: string): Promise<string> {
  const hash = createHash('md5')
  for await (const chunk of createReadStream(path))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

interface Signed { c: ProtocolClient, userID: string, key: string }

async function user(userID: string): Promise<Signed> {
  const c = await users.connect()
  const token = generateToken04({ appID: TEST_APP_ID, userID, secret: TEST_SECRET, effectiveTimeInSeconds: 3600 })
  const data = ok<{ fileKey: string }>(await c.request('login', { appID: TEST_APP_ID, userID, userName: userID, token }))
  return { c, userID, key: data.fileKey }
}

function uploadOver(url: string, path: string, formData: Record<string, string>): Promise<{ statusCode: number, data: string }> {
  return new Promise((resolve, reject) => {
    io.upload({ url, filePath: path, name: 'file', header: {}, formData, timeout: 600_000, success: resolve, fail: reject })
  })
}

/** The SDK's three steps; returns the fileProcess reply (and whether an upload happened). */
async function upload(u: Signed, path: string, fileType: number, extra: Record<string, unknown> = {}): Promise<{ slot: Reply, process?: Reply, uploaded: boolean, http?: { statusCode: number, data: string } }> {
  const md5 = await md5File(path)
  const size = readFileSync(path, { flag: 'r' }).length
  const fileName = basename(path)
  const slot = await u.c.request('fileUpload', { md5, fileName, fileSize: size, fileType, ...extra })
  if (!slot.ok)
    return { slot, uploaded: false }
  const data = slot.data as { state: number, url: string, formData: Record<string, string> }
  let http: { statusCode: number, data: string } | undefined
  if (data.state === 0)
    http = await uploadOver(`${server().httpUrl}${data.url}`, path, data.formData)
  const process = await u.c.request('fileProcess', { md5, fileName, fileType })
  return { slot, process, uploaded: data.state === 0, http }
}

function sendMedia(u: Signed, to: string, message: Record<string, unknown>) {
  return u.c.request('send', { message, toConversationID: to, conversationType: 0, priority: 1 })
}

const urlFor = (path: string, who: Signed) => `${server().httpUrl}${path}${path.includes('?') ? '&' : '?'}u=${who.userID}&k=${who.key}`

describe('file service: each type', () => {
  it('image: sizes and thumbnail/large JPEGs read with sharp; PNG, JPEG, WebP, GIF accepted', async () => {
    const alice = await user('alice')
    for (const format of ['png', 'jpeg', 'webp', 'gif'] as const) {
      const { process } = await upload(alice, await files.image(2000, 1000, format), 11)
      const file = ok<{ file: Record<string, unknown> }>(process!).file
      expect(file).toMatchObject({ originalImageWidth: 2000, originalImageHeight: 1000, thumbnailWidth: 240, thumbnailHeight: 120, largeImageWidth: 1280, largeImageHeight: 640 })
      expect(file.thumbnailDownloadUrl).toBe(`${file.fileDownloadUrl}?v=thumb`)
    }
  })

  it('file: any bytes, up to 100 MB', async () => {
    const alice = await user('alice')
    const path = files.bytes(5000, 'data.bin')
    const { process } = await upload(alice, path, 12)
    expect(ok<{ file: Record<string, unknown> }>(process!).file).toMatchObject({ fileSize: 5000, fileName: basename(path) })
  })

  it('audio: MP3 and M4A, duration read from the file', async () => {
    const alice = await user('alice')
    for (const format of ['mp3', 'm4a'] as const) {
      const path = files.audio(3, format)
      const { process } = await upload(alice, path, 13)
      ok(process!)
      const md5 = await md5File(path)
      const sent = await sendMedia(alice, 'bob', { type: 13, fileUID: md5, fileName: `v.${format}` })
      // The sender gave no audioDuration: the one read from the file (3 s) stands.
      expect(ok<{ message: Record<string, unknown> }>(sent).message).toMatchObject({ type: 13, audioDuration: 3, fileUID: md5 })
    }
  })

  it('video: MP4 with its first frame (a JPEG of the video\'s size) and duration', async () => {
    const alice = await user('alice')
    const path = files.video(2, 320, 240)
    const { process } = await upload(alice, path, 14)
    const file = ok<{ file: Record<string, unknown> }>(process!).file
    expect(file).toMatchObject({ videoFirstFrameWidth: 320, videoFirstFrameHeight: 240 })
    const sent = ok<{ message: Record<string, unknown> }>(await sendMedia(alice, 'alice', { type: 14, fileUID: file.fileUID, fileName: 'clip.mp4' })).message
    expect(sent.videoDuration).toBe(2)
    const frame = await fetch(urlFor(sent.videoFirstFrameDownloadUrl as string, alice))
    expect(frame.headers.get('content-type')).toBe('image/jpeg')
    const video = await fetch(urlFor(sent.fileDownloadUrl as string, alice))
    expect(video.headers.get('content-type')).toBe('video/mp4')
  })
})

describe('file service: limits and codes', () => {
  it('size 6000214: an image over 10 MB, audio over 6 MB, a file over 100 MB — refused at the slot, naming the limit', async () => {
    const alice = await user('alice')
    const cases: [number, number, string][] = [[11, 10 * 1024 * 1024 + 1, '10 MB'], [13, 6 * 1024 * 1024 + 1, '6 MB'], [12, 100 * 1024 * 1024 + 1, '100 MB'], [14, 100 * 1024 * 1024 + 1, '100 MB']]
    for (const [fileType, fileSize, words] of cases) {
      const reply = await alice.c.request('fileUpload', { md5: 'a'.repeat(32), fileName: 'x', fileSize, fileType })
      expect(reply).toMatchObject({ ok: false, code: 6000214 })
      expect((reply as { message: string }).message).toContain(words)
    }
  })

  it('size 6000214 also when the bytes sent are more than announced: the upload is cut at the limit', async () => {
    const alice = await user('alice')
    const path = files.bytes(6 * 1024 * 1024 + 10, 'long.mp3')
    const slot = ok<{ formData: Record<string, string>, url: string }>(await alice.c.request('fileUpload', { md5: await md5File(path), fileName: 'long.mp3', fileSize: 1000, fileType: 13 }))
    const http = await uploadOver(`${server().httpUrl}${slot.url}`, path, slot.formData)
    expect(http.statusCode).toBe(413)
    expect(await alice.c.request('fileProcess', { md5: await md5File(path), fileName: 'long.mp3', fileType: 13 })).toMatchObject({ ok: false, code: 6000214 })
  })

  it('duration 6000215: audio over 300 s, declared or read from the file', async () => {
    const alice = await user('alice')
    expect(await alice.c.request('fileUpload', { md5: 'b'.repeat(32), fileName: 'x.mp3', fileSize: 1000, fileType: 13, duration: 301 })).toMatchObject({ ok: false, code: 6000215 })
    const long = files.audio(305)
    const { process, uploaded } = await upload(alice, long, 13, { duration: 10 })
    expect(uploaded).toBe(true)
    expect(process).toMatchObject({ ok: false, code: 6000215 })
    expect((process as { message: string }).message).toContain('300 s')
  })

  it('type 6000213, from the bytes not the name: random bytes called .png are no image; a PNG is no audio', async () => {
    const alice = await user('alice')
    const fake = await upload(alice, files.bytes(2000, 'fake.png'), 11)
    expect(fake.process).toMatchObject({ ok: false, code: 6000213 })
    expect((fake.process as { message: string }).message).toContain('JPG, PNG, BMP, TIF, GIF, WEBP')
    const png = await upload(alice, await files.image(10, 10), 13)
    expect(png.process).toMatchObject({ ok: false, code: 6000213 })
  })

  it('upload failure 6000212: bytes that do not match the announced MD5, or no upload at all', async () => {
    const alice = await user('alice')
    const path = files.bytes(1000)
    const md5 = 'c'.repeat(32)
    const slot = ok<{ formData: Record<string, string>, url: string }>(await alice.c.request('fileUpload', { md5, fileName: 'x', fileSize: 1000, fileType: 12 }))
    expect((await uploadOver(`${server().httpUrl}${slot.url}`, path, slot.formData)).statusCode).toBe(400)
    expect(await alice.c.request('fileProcess', { md5, fileName: 'x', fileType: 12 })).toMatchObject({ ok: false, code: 6000212 })
    expect(await alice.c.request('fileProcess', { md5: 'd'.repeat(32), fileName: 'x', fileType: 12 })).toMatchObject({ ok: false, code: 6000212 })
    // An upload without a ticket is refused outright.
    expect((await uploadOver(`${server().httpUrl}${slot.url}`, path, {})).statusCode).toBe(403)
  })

  it('a message naming a file never uploaded is refused 6000211', async () => {
    const alice = await user('alice')
    expect(await sendMedia(alice, 'bob', { type: 12, fileUID: 'e'.repeat(32), fileName: 'x' })).toMatchObject({ ok: false, code: 6000211 })
  })
})

describe('file service: MD5 short-cut, members, Range', () => {
  it('the same bytes again need no upload (state 1) from one who may fetch them; anyone else uploads them once', async () => {
    const alice = await user('alice')
    const bob = await user('bob')
    const carol = await user('carol')
    const path = files.bytes(4000)
    const md5 = await md5File(path)
    expect((await upload(alice, path, 12)).uploaded).toBe(true)
    expect((await upload(alice, path, 12)).slot).toMatchObject({ ok: true, data: { state: 1 } })
    // Bob received it: forwarding it is the short-cut.
    ok(await sendMedia(alice, 'bob', { type: 12, fileUID: md5, fileName: 'f.bin' }))
    const forward = await upload(bob, path, 12)
    expect(forward.slot).toMatchObject({ ok: true, data: { state: 1 } })
    expect(forward.process).toMatchObject({ ok: true })
    // Carol has only the MD5: she is sent to upload, and once she has, she holds the file.
    const first = await upload(carol, path, 12)
    expect(first.uploaded).toBe(true)
    expect(first.http?.statusCode).toBe(200)
    expect(first.process).toMatchObject({ ok: true })
    expect((await upload(carol, path, 12)).uploaded).toBe(false)
    ok(await sendMedia(carol, 'dave', { type: 12, fileUID: md5, fileName: 'f.bin' }))
  })

  it('an MD5 alone (seen in a file address) is no file: a message naming it is refused 6000211 and grants nothing', async () => {
    const alice = await user('alice')
    const eve = await user('eve')
    const path = files.bytes(2500, 'private.txt')
    const md5 = await md5File(path)
    await upload(alice, path, 12)
    expect(await sendMedia(eve, 'eve', { type: 12, fileUID: md5, fileName: 'x' })).toMatchObject({ ok: false, code: 6000211 })
    expect((await fetch(urlFor(`/zim/files/${md5}`, eve))).status).toBe(404)
  })

  it('only the uploader and the conversation\'s members fetch a file; a wrong key or an outsider gets nothing', async () => {
    const alice = await user('alice')
    const bob = await user('bob')
    const eve = await user('eve')
    const path = files.bytes(3000, 'secret.txt')
    const md5 = await md5File(path)
    await upload(alice, path, 12)
    const url = `/zim/files/${md5}`
    expect((await fetch(urlFor(url, alice))).status).toBe(200)
    expect((await fetch(urlFor(url, bob))).status).toBe(404)
    ok(await sendMedia(alice, 'bob', { type: 12, fileUID: md5, fileName: 'secret.txt' }))
    const got = await fetch(urlFor(url, bob))
    expect(got.status).toBe(200)
    expect(Buffer.from(await got.arrayBuffer()).equals(readFileSync(path))).toBe(true)
    expect((await fetch(urlFor(url, eve))).status).toBe(404)
    expect((await fetch(`${server().httpUrl}${url}?u=eve&k=${bob.key}`)).status).toBe(403)
    expect((await fetch(`${server().httpUrl}${url}?u=bob`)).status).toBe(403)
  })

  it('a file sent to a group is fetched by its members, not by anyone else', async () => {
    const alice = await user('galice')
    const bob = await user('gbob')
    const eve = await user('geve')
    ok(await alice.c.request('createGroup', { groupID: 'files1', groupName: 'Files', groupAvatarUrl: '', userIDs: ['gbob'], groupNotice: '' }))
    const path = files.bytes(2000, 'plan.txt')
    const md5 = await md5File(path)
    await upload(alice, path, 12)
    const url = `/zim/files/${md5}`
    expect((await fetch(urlFor(url, bob))).status).toBe(404)
    ok(await alice.c.request('send', { message: { type: 12, fileUID: md5, fileName: 'plan.txt' }, toConversationID: 'files1', conversationType: 2, priority: 1 }))
    const got = await fetch(urlFor(url, bob))
    expect(got.status).toBe(200)
    expect(Buffer.from(await got.arrayBuffer()).equals(readFileSync(path))).toBe(true)
    expect((await fetch(urlFor(url, eve))).status).toBe(404)
  })

  it('a file said in a room is fetched by those in the room while they are in it, not by anyone else', async () => {
    const alice = await user('alice')
    const bob = await user('bob')
    const eve = await user('eve')
    const path = files.bytes(3300, 'room.txt')
    const md5 = await md5File(path)
    await upload(alice, path, 12)
    ok(await alice.c.request('enterRoom', { mode: 'create', roomID: 'mf-room', roomName: 'R' }))
    ok(await bob.c.request('enterRoom', { mode: 'enter', roomID: 'mf-room', roomName: '' }))
    ok(await alice.c.request('send', { message: { type: 12, fileUID: md5, fileName: 'room.txt' }, toConversationID: 'mf-room', conversationType: 1, priority: 1 }))
    const url = `/zim/files/${md5}`
    expect((await fetch(urlFor(url, bob))).status).toBe(200)
    expect((await fetch(urlFor(url, eve))).status).toBe(404)
    ok(await bob.c.request('leaveRoom', { roomID: 'mf-room' }))
    expect((await fetch(urlFor(url, bob))).status).toBe(404)
  })

  it('a file forwarded inside a combined message is fetched by its readers with their own key, never the forwarder\'s', async () => {
    const alice = await user('falice')
    const bob = await user('fbob')
    const carol = await user('fcarol')
    const path = files.bytes(1500, 'minutes.txt')
    const md5 = await md5File(path)
    await upload(alice, path, 12)
    ok(await sendMedia(alice, 'fbob', { type: 12, fileUID: md5, fileName: 'minutes.txt' }))
    // Bob's client holds the file's address signed for him; it goes up as a child as it is.
    const signed = urlFor(`/zim/files/${md5}`, bob)
    const { combineID } = ok<{ combineID: string }>(await bob.c.request('uploadCombine', { children: [{ type: 12, fileUID: md5, fileName: 'minutes.txt', fileDownloadUrl: signed, senderUserID: 'falice', timestamp: 1, messageID: '7' }] }))
    expect((await fetch(urlFor(`/zim/files/${md5}`, carol))).status).toBe(404)
    ok(await bob.c.request('send', { message: { type: 100, title: 'Chat history', summary: 'falice: minutes', combineID }, toConversationID: 'fcarol', conversationType: 0, priority: 1 }))
    const { messageList } = ok<{ messageList: Array<{ fileDownloadUrl: string }> }>(await carol.c.request('queryCombine', { combineID }))
    expect(messageList[0].fileDownloadUrl).toBe(`/zim/files/${md5}`)
    const got = await fetch(urlFor(messageList[0].fileDownloadUrl, carol))
    expect(got.status).toBe(200)
    expect(Buffer.from(await got.arrayBuffer()).equals(readFileSync(path))).toBe(true)
  })

  it('naming a file one may not fetch in a combined message grants nobody anything', async () => {
    const alice = await user('nalice')
    const mallory = await user('nmallory')
    const trudy = await user('ntrudy')
    const path = files.bytes(1200, 'private.txt')
    const md5 = await md5File(path)
    await upload(alice, path, 12)
    const { combineID } = ok<{ combineID: string }>(await mallory.c.request('uploadCombine', { children: [{ type: 12, fileUID: md5, fileName: 'x', senderUserID: 'nalice', timestamp: 1, messageID: '8' }] }))
    ok(await mallory.c.request('send', { message: { type: 100, title: 'Chat history', summary: 'x', combineID }, toConversationID: 'ntrudy', conversationType: 0, priority: 1 }))
    expect((await fetch(urlFor(`/zim/files/${md5}`, trudy))).status).toBe(404)
    expect((await fetch(urlFor(`/zim/files/${md5}`, mallory))).status).toBe(404)
  })

  it('Range: 206 with Content-Range for a part, suffix ranges, 416 past the end', async () => {
    const alice = await user('alice')
    const path = files.bytes(10_000)
    const bytes = readFileSync(path)
    const md5 = await md5File(path)
    await upload(alice, path, 12)
    const url = urlFor(`/zim/files/${md5}`, alice)
    const part = await fetch(url, { headers: { Range: 'bytes=100-199' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 100-199/10000')
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true)
    const tail = await fetch(url, { headers: { Range: 'bytes=-10' } })
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(9990))).toBe(true)
    const open = await fetch(url, { headers: { Range: 'bytes=9000-' } })
    expect(open.headers.get('content-length')).toBe('1000')
    const past = await fetch(url, { headers: { Range: 'bytes=20000-' } })
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe('bytes */10000')
    const whole = await fetch(url)
    expect(whole.headers.get('accept-ranges')).toBe('bytes')
    expect(whole.headers.get('content-length')).toBe('10000')
  })
})

describe('file service: streaming', () => {
  it('a 100 MB upload is streamed to disk: the process grows by far less than the file', async () => {
    const alice = await user('alice')
    const path = files.bytes(16, 'big.bin')
    writeFileSync(path, 'not all zeros')
    truncateSync(path, 100 * 1024 * 1024)
    const md5 = await md5File(path)
    const slot = ok<{ formData: Record<string, string>, url: string }>(await alice.c.request('fileUpload', { md5, fileName: 'big.bin', fileSize: 100 * 1024 * 1024, fileType: 12 }))
    global.gc?.()
    const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers }
    const before = used()
    let peak = before
    const sampler = setInterval(() => { peak = Math.max(peak, used()) }, 5)
    const http = await uploadOver(`${server().httpUrl}${slot.url}`, path, slot.formData)
    clearInterval(sampler)
    peak = Math.max(peak, used())
    expect(http.statusCode).toBe(200)
    expect(ok<{ file: { fileSize: number } }>(await alice.c.request('fileProcess', { md5, fileName: 'big.bin', fileType: 12 })).file.fileSize).toBe(100 * 1024 * 1024)
    // Holding the file would add 100 MB (more, with Buffer copies); streaming adds a few chunks.
    expect(peak - before).toBeLessThan(40 * 1024 * 1024)
  })
})

describe('file service: storage under the data folder', () => {
  it('files live in <data>/files by MD5 and are served again after a restart; a cut upload leaves nothing behind', async () => {
    const data = mkdtempSync(join(tmpdir(), 'zim-data-'))
    let running = await startServer({ port: 0, quiet: true, appID: TEST_APP_ID, serverSecret: TEST_SECRET, dbPath: join(data, 'zim.sqlite') })
    const signIn = async () => {
      const c = await ProtocolClient.connect(running.wsUrl)
      const token = generateToken04({ appID: TEST_APP_ID, userID: 'dora', secret: TEST_SECRET, effectiveTimeInSeconds: 3600 })
      const key = ok<{ fileKey: string }>(await c.request('login', { appID: TEST_APP_ID, userID: 'dora', userName: 'dora', token })).fileKey
      return { c, key }
    }
    try {
      let dora = await signIn()
      const path = files.bytes(7000, 'keep.bin')
      const md5 = await md5File(path)
      const slot = ok<{ url: string, formData: Record<string, string> }>(await dora.c.request('fileUpload', { md5, fileName: 'keep.bin', fileSize: 7000, fileType: 12 }))
      expect((await uploadOver(`${running.httpUrl}${slot.url}`, path, slot.formData)).statusCode).toBe(200)
      expect(existsSync(join(data, 'files', md5.slice(0, 2), md5))).toBe(true)

      // An upload cut off half-way: no half file stays in the folder for uploads in progress.
      const big = files.bytes(2 * 1024 * 1024, 'cut.bin')
      const cutSlot = ok<{ url: string, formData: Record<string, string> }>(await dora.c.request('fileUpload', { md5: await md5File(big), fileName: 'cut.bin', fileSize: 2 * 1024 * 1024, fileType: 12 }))
      await new Promise<void>((resolve) => {
        const task = io.upload({ url: `${running.httpUrl}${cutSlot.url}`, filePath: big, name: 'file', header: {}, formData: cutSlot.formData, timeout: 600_000, success: () => resolve(), fail: () => resolve() })
        task.onProgressUpdate(() => task.abort())
      })
      dora.c.close()
      running = await running.restart()
      expect(readdirSync(join(data, 'files', 'tmp'))).toEqual([])

      dora = await signIn()
      const again = await fetch(`${running.httpUrl}/zim/files/${md5}?u=dora&k=${dora.key}`)
      expect(again.status).toBe(200)
      expect(Buffer.from(await again.arrayBuffer()).equals(readFileSync(path))).toBe(true)
      expect(await dora.c.request('fileUpload', { md5, fileName: 'keep.bin', fileSize: 7000, fileType: 12 })).toMatchObject({ ok: true, data: { state: 1 } })
      dora.c.close()
    }
    finally {
      await running.close()
      rmSync(data, { recursive: true, force: true })
    }
  })
})
