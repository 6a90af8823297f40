// Two users exchange every media type (image, file, audio, video) through the engine behind
// useZim and the real stores, against the real local service and its file service.
// The sends go through each engine's SDK instance (the stand-in) directly — the app's own
// media send (pick → limits → outbox) is covered by tests/unit/composables/mediaSend and the
// media e2e — and everything after — events, the one router, messageSync, the stores — is
// the app's code. The receivers fetch what their stores hold and get the same bytes.
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { ConversationType } from '@/zim/constants'
import type { ZIMAudioMessage, ZIMFileMessage, ZIMImageMessage, ZIMMessage, ZIMVideoMessage } from '@/zim/types'
import { fixtureDir } from '../helpers/mediaFixtures'
import { nodeFileIO } from '../helpers/nodeFileIO'
import { until } from '../helpers/wait'
import { type Harness, useEngineUsers } from './helpers/engineUsers'

const PEER = ConversationType.Peer
const env = useEngineUsers({ standin: { fileIO: nodeFileIO() } })
const app = () => env.app()
const files = fixtureDir()

afterAll(() => files.remove())

async function bytesAt(url: string | undefined): Promise<Buffer> {
  expect(url, 'a download URL in the store').toMatch(/^http:\/\//)
  const res = await fetch(url!)
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}

describe('two users exchange every media type through the engine and stores', () => {
  it('alice sends an image and a file, bob a voice message and a video; each store shows them with addresses that give the same bytes', async () => {
    const alice = app()
    const bob = app()
    await alice.engine.login('alice', 'Alice')
    await bob.engine.login('bob', 'Bob')

    const image = await files.image(1200, 800, 'jpeg')
    const doc = files.bytes(250_000, 'minutes.pdf')
    const voice = files.audio(4)
    const clip = files.video(2, 480, 270)
    const send = (from: Harness, to: string, message: Record<string, unknown>) =>
      from.sdk()!.sendMessage(message as unknown as ZIMMessage, to, PEER, { priority: 1 } as never)

    await send(alice, 'bob', { type: 11, fileLocalPath: image, fileName: 'beach.jpg' })
    await send(alice, 'bob', { type: 12, fileLocalPath: doc, fileName: 'minutes.pdf' })
    await send(bob, 'alice', { type: 13, fileLocalPath: voice, fileName: 'voice.mp3', audioDuration: 4 })
    await send(bob, 'alice', { type: 14, fileLocalPath: clip, fileName: 'clip.mp4', videoDuration: 2 })

    await until(() => bob.messages.listFor('alice', PEER).filter(e => e.direction === 'in').length === 2, 'bob\'s store has alice\'s two messages')
    await until(() => alice.messages.listFor('bob', PEER).filter(e => e.direction === 'in').length === 2, 'alice\'s store has bob\'s two messages')

    const atBob = bob.messages.listFor('alice', PEER).filter(e => e.direction === 'in')
    const [img, file] = [atBob.find(e => e.type === 11)!, atBob.find(e => e.type === 12)!]
    expect(img.media).toMatchObject({ fileName: 'beach.jpg', fileSize: readFileSync(image).length })
    expect((await bytesAt(img.media?.url)).equals(readFileSync(image))).toBe(true)
    const thumb = await fetch(img.media!.thumbnailUrl!)
    expect(thumb.headers.get('content-type')).toBe('image/jpeg')
    expect(file.media).toMatchObject({ fileName: 'minutes.pdf', fileSize: 250_000 })
    expect((await bytesAt(file.media?.url)).equals(readFileSync(doc))).toBe(true)

    const atAlice = alice.messages.listFor('bob', PEER).filter(e => e.direction === 'in')
    const [audio, video] = [atAlice.find(e => e.type === 13)!, atAlice.find(e => e.type === 14)!]
    expect(audio.media).toMatchObject({ fileName: 'voice.mp3', duration: 4 })
    expect((await bytesAt(audio.media?.url)).equals(readFileSync(voice))).toBe(true)
    expect(video.media).toMatchObject({ fileName: 'clip.mp4', duration: 2 })
    expect((await bytesAt(video.media?.url)).equals(readFileSync(clip))).toBe(true)
    // The first frame, as a receiver shows it before playing.
    const raw = video.raw as ZIMVideoMessage
    expect((img.raw as ZIMImageMessage).thumbnailDownloadUrl).toBe(img.media!.thumbnailUrl)
    expect((file.raw as ZIMFileMessage).fileUID).toMatch(/^[0-9a-f]{32}$/)
    expect((audio.raw as ZIMAudioMessage).audioDuration).toBe(4)
    expect(raw.videoFirstFrameWidth).toBe(480)
    expect((await fetch(raw.videoFirstFrameDownloadUrl!)).headers.get('content-type')).toBe('image/jpeg')

    // A third user, not in the conversation, cannot fetch them even with a URL of their own.
    const eve = app()
    await eve.engine.login('eve', 'Eve')
    const key = (await import('../../scripts/server/media/tickets')).fileKey(env.service().options.serverSecret, 'eve')
    const stolen = file.media!.url!.replace(/u=bob&k=[^&]+/, `u=eve&k=${key}`)
    expect((await fetch(stolen)).status).toBe(404)
  })
})
