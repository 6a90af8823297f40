// The stand-in's media path (src/zim/local/media.ts) against the real local service and
// its file service: what the SDK does (attach after the read, progress, in place update,
// fileLocalPath cleared, cancel, codes), and what the receiver gets (addresses that load).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../scripts/server/app'
import { generateToken04 } from '../../scripts/server/token04'
import { configure, LocalZim, resetConfig } from '../../src/zim/local/index'
import type { ZIMError, ZIMMessage } from '../../src/zim/types'
import { fixtureDir } from '../helpers/mediaFixtures'
import { nodeFileIO } from '../helpers/nodeFileIO'
import { until } from '../helpers/wait'
import { wsSocketFactory } from '../helpers/wsSocket'

const secret = 'media-test-secret-0123456789abcd'
const appID = 777000222
const CONFIG = { priority: 1 } as any

let server: RunningServer
const clients: LocalZim[] = []
const files = fixtureDir()
const io = nodeFileIO()

async function signedIn(userID: string) {
  const zim = LocalZim.createDetached(appID)
  clients.push(zim)
  const received: ZIMMessage[] = []
  const statuses: number[] = []
  zim.on('peerMessageReceived', (_z, data) => received.push(...data.messageList))
  zim.on('messageSentStatusChanged', (_z, data) => statuses.push(...data.infos.map(i => i.status)))
  await zim.login(userID, { userName: userID, token: generateToken04({ appID, userID, secret, effectiveTimeInSeconds: 3600 }) } as any)
  return { zim, received, statuses }
}

interface Progress { current: number, total: number, same: boolean }

function sendFile(zim: LocalZim, message: Record<string, unknown>, to = 'bob') {
  const progress: Progress[] = []
  const order: string[] = []
  let attached: ZIMMessage | undefined
  const sent = zim.sendMessage(message as unknown as ZIMMessage, to, 0, CONFIG, {
    onMessageAttached: (m) => {
      attached = m
      order.push('attached')
    },
    onMediaUploadingProgress: (m, current, total) => {
      progress.push({ current, total, same: (m as unknown) === message })
      order.push('progress')
    },
  })
  return { sent, progress, order, attached: () => attached }
}

const md5Of = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex')

async function fetchBytes(url: string, init?: RequestInit) {
  const res = await fetch(url, init)
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()), headers: res.headers }
}

beforeAll(async () => {
  server = await startServer({ port: 0, quiet: true, appID, serverSecret: secret })
  configure({ url: server.wsUrl, socketFactory: wsSocketFactory, fileIO: io })
})

afterEach(() => {
  for (const zim of clients.splice(0))
    zim.destroy()
})

afterAll(async () => {
  resetConfig()
  await server?.close()
  files.remove()
})

describe('stand-in media path', () => {
  it('sends an image: attached after the read, progress 0 → total with the caller\'s object, updated in place, fileLocalPath cleared; bob gets addresses that load', async () => {
    const alice = await signedIn('alice')
    const bob = await signedIn('bob')
    const path = await files.image(1600, 900)
    const message: Record<string, unknown> = { type: 11, fileLocalPath: path, fileName: 'photo.png' }
    const s = sendFile(alice.zim, message)
    const { message: result } = await s.sent
    expect(result).toBe(message)
    expect(s.attached()).toBe(message)
    expect(s.order[0]).toBe('attached')
    const size = readFileSync(path).length
    expect(s.progress[0]).toEqual({ current: 0, total: size, same: true })
    expect(s.progress.at(-1)).toEqual({ current: size, total: size, same: true })
    expect(message).toMatchObject({
      fileLocalPath: '',
      fileUID: md5Of(path),
      fileName: 'photo.png',
      fileSize: size,
      sentStatus: 1,
      originalImageWidth: 1600,
      originalImageHeight: 900,
      thumbnailWidth: 240,
      thumbnailHeight: 135,
      largeImageWidth: 1280,
      largeImageHeight: 720,
    })
    expect(alice.statuses).toEqual([1])

    await until(() => bob.received.length === 1, 'bob receives the image')
    const got = bob.received[0] as any
    expect(got.type).toBe(11)
    expect(got.fileDownloadUrl).toMatch(new RegExp(`^${server.httpUrl}/zim/files/${got.fileUID}\\?u=bob&k=`))
    const original = await fetchBytes(got.fileDownloadUrl)
    expect(original.status).toBe(200)
    expect(original.type).toBe('image/png')
    expect(original.body.equals(readFileSync(path))).toBe(true)
    const thumb = await fetchBytes(got.thumbnailDownloadUrl)
    expect(thumb.type).toBe('image/jpeg')
    expect(thumb.body.subarray(0, 2).toString('hex')).toBe('ffd8')
    expect((await fetchBytes(got.largeImageDownloadUrl)).status).toBe(200)
  })

  it('sends a file and bob downloads the same bytes under its name; a second send of the same bytes skips the upload', async () => {
    const alice = await signedIn('alice')
    const bob = await signedIn('bob')
    const path = files.bytes(300_000, 'report.pdf')
    const first = sendFile(alice.zim, { type: 12, fileLocalPath: path, fileName: 'report.pdf' })
    await first.sent
    const uploadsBefore = io.uploads.length
    const again: Record<string, unknown> = { type: 12, fileLocalPath: path, fileName: 'copy.pdf' }
    const second = sendFile(alice.zim, again)
    await second.sent
    expect(io.uploads.length).toBe(uploadsBefore)
    expect(second.progress.map(p => p.current)).toEqual([0, 300_000])
    await until(() => bob.received.length === 2, 'bob receives both files')
    const got = bob.received[1] as any
    expect(got).toMatchObject({ type: 12, fileName: 'copy.pdf', fileSize: 300_000 })
    const file = await fetchBytes(got.fileDownloadUrl)
    expect(file.body.equals(readFileSync(path))).toBe(true)
    expect(file.headers.get('content-disposition')).toContain('report.pdf')
  })

  it('an 11 MB image is refused 6000214 naming 10 MB; the message fails and keeps its local path', async () => {
    const alice = await signedIn('alice')
    const path = files.bytes(11 * 1024 * 1024, 'big.jpg')
    const message: Record<string, unknown> = { type: 11, fileLocalPath: path }
    const error = await sendFile(alice.zim, message).sent.catch(e => e as ZIMError)
    expect(error).toMatchObject({ code: 6000214 })
    expect((error as ZIMError).message).toContain('10 MB')
    expect(message).toMatchObject({ sentStatus: 2, fileLocalPath: path })
    expect(alice.statuses).toEqual([2])
  })

  it('cancelSendingMessage during the upload: 6000206, messageSentStatusChanged 2, nothing reaches bob', async () => {
    const alice = await signedIn('alice')
    const bob = await signedIn('bob')
    const before = server.inspect.messagesBetween('alice', 'bob')
    const path = files.bytes(30 * 1024 * 1024, 'movie.bin')
    const message: Record<string, unknown> = { type: 12, fileLocalPath: path }
    const s = sendFile(alice.zim, message)
    await until(() => s.progress.length > 0, 'the upload starts')
    await alice.zim.cancelSendingMessage(message as unknown as ZIMMessage, {} as any)
    const error = await s.sent.catch(e => e as ZIMError)
    expect(error).toMatchObject({ code: 6000206 })
    expect(message.sentStatus).toBe(2)
    expect(alice.statuses).toEqual([2])
    // Once settled it is no longer being sent.
    await expect(alice.zim.cancelSendingMessage(message as unknown as ZIMMessage, {} as any)).rejects.toMatchObject({ code: 6000001 })
    expect(server.inspect.messagesBetween('alice', 'bob')).toBe(before)
    expect(bob.received).toEqual([])
  })

  it('a failed upload is 6000212 with the platform\'s errMsg; an unreadable path rejects with the raw error before attaching', async () => {
    const alice = await signedIn('alice')
    configure({
      fileIO: {
        read: io.read,
        upload: (o) => {
          setTimeout(() => o.fail({ errMsg: 'uploadFile:fail network down (test)' }), 0)
          return { abort() {}, onProgressUpdate() {} }
        },
      },
    })
    try {
      const message: Record<string, unknown> = { type: 12, fileLocalPath: files.bytes(1234) }
      const error = await sendFile(alice.zim, message).sent.catch(e => e as ZIMError)
      expect(error).toEqual({ code: 6000212, message: 'uploadFile:fail network down (test)' })
      expect(message).toMatchObject({ sentStatus: 2 })
      expect(message.fileLocalPath).not.toBe('')
    }
    finally {
      configure({ fileIO: io })
    }
    const missing = sendFile(alice.zim, { type: 11, fileLocalPath: '/no/such/file.png' })
    await expect(missing.sent).rejects.toEqual({ errMsg: 'readFile:fail no such file or directory /no/such/file.png' })
    expect(missing.attached()).toBeUndefined()
  })

  it('a message with only a fileDownloadUrl is attached at once and sent as it is (no upload)', async () => {
    const alice = await signedIn('alice')
    const uploads = io.uploads.length
    const message: Record<string, unknown> = { type: 11, fileDownloadUrl: 'https://example.com/cat.jpg', fileName: 'cat.jpg' }
    const s = sendFile(alice.zim, message)
    expect(s.attached()).toBe(message)
    await s.sent
    expect(message).toMatchObject({ sentStatus: 1, fileDownloadUrl: 'https://example.com/cat.jpg' })
    expect(io.uploads.length).toBe(uploads)
    expect(s.progress).toEqual([])
  })

  it('audio and video: durations and the first frame reach bob; media sends are not paced', async () => {
    const alice = await signedIn('alice')
    const bob = await signedIn('bob')
    const voice = { type: 13, fileLocalPath: files.audio(2), audioDuration: 2 }
    const clip = { type: 14, fileLocalPath: files.video(1, 320, 180), videoDuration: 1 }
    // Back to back to one conversation: text would be refused 6000004 within 100 ms.
    const [a, v] = await Promise.all([sendFile(alice.zim, voice).sent, sendFile(alice.zim, clip).sent])
    expect(a.message).toMatchObject({ sentStatus: 1, audioDuration: 2, fileLocalPath: '' })
    expect(v.message).toMatchObject({ sentStatus: 1, videoDuration: 1, videoFirstFrameWidth: 320, videoFirstFrameHeight: 180 })
    // (bob may first get the offline message of the test before)
    await until(() => bob.received.some(m => m.type === 13) && bob.received.some(m => m.type === 14), 'bob receives both')
    const got = bob.received.find(m => m.type === 14) as any
    const frame = await fetchBytes(got.videoFirstFrameDownloadUrl)
    expect(frame.type).toBe('image/jpeg')
  })
})
