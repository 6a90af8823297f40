// Media through the engine against a scripted SDK that behaves as 2.29.0 does for media
// (attach, progress with the caller's object, in-place update with fileLocalPath cleared,
// cancelSendingMessage → 6000206): limits before any upload, the local file kept, progress
// and cancel through messageSync, resend, no pacing, and what a restart does to an upload.
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createZimEngine, type EngineOptions, type ZimEngine } from '@/composables/zim/engine'
import { outboxKey, type OutboxItem } from '@/composables/zim/outbox'
import { memoryStorage, type KeyValueStorage } from '@/composables/zim/persistence'
import { manualPlatform } from '@/composables/zim/platform'
import { useMessagesStore } from '@/stores/messages'
import { MessageType } from '@/zim/constants'
import { ScriptedZim, scriptedStatic, zimErr } from '../../helpers/scriptedZim'

/* eslint-disable @typescript-eslint/no-explicit-any -- a stand-in for the SDK's loosely typed callbacks */

const MB = 1024 * 1024
const engines: ZimEngine[] = []

interface Upload {
  message: Record<string, unknown>
  progress: (current: number) => void
  finish: () => void
  reject: (code: number) => void
}

/** Media sends wait for the test: `uploads` holds each one in flight. */
function withMedia(sdk: ScriptedZim, uploads: Upload[]) {
  const textSend = sdk.sendMessage.bind(sdk)
  const calls = sdk.calls
  sdk.sendMessage = (message: any, to: string, type: number, config: unknown, notification?: any) => {
    if (message.type === MessageType.Text)
      return textSend(message, to, type, config, notification)
    calls.push({ method: 'sendMessage', args: [{ ...message }, to, type], at: Date.now() })
    Object.assign(message, { localMessageID: message.localMessageID, messageID: '', conversationID: to, conversationType: type, direction: 0, sentStatus: 0, timestamp: Date.now(), senderUserID: 'me' })
    notification?.onMessageAttached?.(message)
    const total = message.fileSize ?? 100
    notification?.onMediaUploadingProgress?.(message, 0, total)
    return new Promise((resolve, reject) => {
      uploads.push({
        message,
        progress: current => notification?.onMediaUploadingProgress?.(message, current, total),
        finish: () => {
          notification?.onMediaUploadingProgress?.(message, total, total)
          Object.assign(message, { messageID: `m-${uploads.length}`, orderKey: Date.now(), sentStatus: 1, fileLocalPath: '', fileDownloadUrl: `http://files/${message.fileName}` })
          resolve({ message })
        },
        reject: code => reject(zimErr(code)),
      })
    })
  }
  ;(sdk as unknown as { cancelSendingMessage: (m: unknown) => Promise<void> }).cancelSendingMessage = vi.fn(async (m: unknown) => {
    const upload = uploads.find(u => u.message === m)
    upload?.reject(6000206)
  })
}

function app(options: { storage?: KeyValueStorage, engine?: Partial<EngineOptions> } = {}) {
  const pinia = createPinia()
  const uploads: Upload[] = []
  const { zim, instances } = scriptedStatic(sdk => withMedia(sdk, uploads))
  const storage = options.storage ?? memoryStorage()
  const platform = manualPlatform()
  const engine = createZimEngine({
    zim,
    appID: 1,
    fetchToken: async () => ({ token: `04${'0'.repeat(60)}`, expireAt: 0 }),
    storage,
    pinia,
    platform: platform.signals,
    saveFile: async () => null,
    ...options.engine,
  })
  engines.push(engine)
  return {
    engine,
    storage,
    uploads,
    platform,
    sdk: () => instances[instances.length - 1],
    list: () => useMessagesStore(pinia).listFor('bob', 0),
  }
}

const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms)
const image = (over: Record<string, unknown> = {}) => ({ kind: 'image' as const, path: 'blob:http://app/1', name: 'cat.png', size: 2 * MB, width: 400, height: 300, ...over })

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  for (const engine of engines.splice(0))
    engine.destroy()
  vi.useRealTimers()
})

describe('media sends', () => {
  it('an image over 10 MB is refused before anything is uploaded, naming the limit', async () => {
    const a = app()
    await a.engine.login('me', 'Me')
    await expect(a.engine.media.send(image({ size: 11 * MB }), 'bob', 0)).rejects.toMatchObject({ rule: 'media.image.maxBytes', params: { max: 10, size: 11 } })
    expect(a.sdk().count('sendMessage')).toBe(0)
    expect(a.list()).toHaveLength(0)
  })

  it('shows our own file at once, reports progress, and keeps the local path after the SDK clears fileLocalPath', async () => {
    const a = app()
    await a.engine.login('me', 'Me')
    const done = a.engine.media.send(image(), 'bob', 0)
    await tick()
    expect(a.list()).toMatchObject([{ direction: 'out', status: 'sending', type: MessageType.Image, media: { localPath: 'blob:http://app/1', fileName: 'cat.png', width: 400, height: 300 } }])
    const sentArg = a.sdk().calls.find(c => c.method === 'sendMessage')!.args[0] as Record<string, unknown>
    expect(sentArg).toMatchObject({ type: MessageType.Image, fileLocalPath: 'blob:http://app/1', fileName: 'cat.png' })
    a.uploads[0].progress(MB)
    expect(a.list()[0].progress).toEqual({ current: MB, total: 2 * MB })
    a.uploads[0].finish()
    const sent = await done
    expect(sent).toMatchObject({ fileDownloadUrl: 'http://files/cat.png', fileLocalPath: 'blob:http://app/1' })
    expect(a.list()[0]).toMatchObject({ status: 'sent', media: { localPath: 'blob:http://app/1', url: 'http://files/cat.png' } })
    expect(a.list()[0].progress).toBeUndefined()
  })

  it('cancel aborts the upload in flight (cancelSendingMessage with the object the SDK has); the message stays, failed, and can be sent again', async () => {
    const a = app()
    await a.engine.login('me', 'Me')
    const done = a.engine.media.send(image(), 'bob', 0).catch(e => e)
    await tick()
    const id = a.list()[0].localMessageID!
    expect(a.engine.media.cancel(id)).toBe(true)
    const cancel = (a.sdk() as unknown as { cancelSendingMessage: ReturnType<typeof vi.fn> }).cancelSendingMessage
    expect(cancel).toHaveBeenCalledWith(a.uploads[0].message, {})
    await tick()
    await done
    expect(a.list()[0]).toMatchObject({ status: 'failed', error: { code: 6000206, message: 'media.cancelled' }, media: { localPath: 'blob:http://app/1' } })
    expect(a.list()[0].progress).toBeUndefined()
    expect(a.engine.outboxItems()[0]).toMatchObject({ id, state: 'failed', localFile: { path: 'blob:http://app/1' } })

    const again = a.engine.resend('bob', 0, id)
    await tick()
    expect(a.uploads).toHaveLength(2)
    expect(a.uploads[1].message).toMatchObject({ localMessageID: id, fileLocalPath: 'blob:http://app/1' })
    a.uploads[1].finish()
    await again
    expect(a.list()).toMatchObject([{ status: 'sent', localMessageID: id }])
  })

  it('a failed upload keeps its file and offers resend', async () => {
    const a = app()
    await a.engine.login('me', 'Me')
    const done = a.engine.media.send(image(), 'bob', 0).catch(e => e)
    await tick()
    a.uploads[0].reject(6000214)
    expect(await done).toMatchObject({ code: 6000214 })
    expect(a.list()[0]).toMatchObject({ status: 'failed', error: { code: 6000214 }, media: { localPath: 'blob:http://app/1' } })
    expect(a.engine.outboxItems()[0]).toMatchObject({ state: 'failed', message: { fileLocalPath: 'blob:http://app/1' } })
  })

  it('an upload is not paced and does not hold up the texts written after it', async () => {
    const a = app()
    await a.engine.login('me', 'Me')
    void a.engine.media.send(image(), 'bob', 0).catch(() => undefined)
    const text = a.engine.sendText('bob', 'and a caption')
    void a.engine.media.send(image({ name: 'dog.png' }), 'bob', 0).catch(() => undefined)
    await tick(0)
    // Both uploads started at once (no 110 ms gap), and the text went while they upload.
    expect(a.uploads.map(u => u.message.fileName)).toEqual(['cat.png', 'dog.png'])
    await tick(200)
    await text
    expect(a.list().find(e => e.text === 'and a caption')?.status).toBe('sent')
  })
})

describe('uploads across a restart', () => {
  it('an upload whose file was temporary (an H5 blob: URL) is marked failed with the reason, not dropped and not sent', async () => {
    const storage = memoryStorage()
    const first = app({ storage })
    await first.engine.login('me', 'Me')
    first.platform.setOnline(false)
    first.sdk().drop(3)
    void first.engine.media.send(image(), 'bob', 0).catch(() => undefined)
    await tick()
    const kept = JSON.parse(storage.get(outboxKey('me'))!) as OutboxItem[]
    expect(kept).toMatchObject([{ kind: 'upload', localFile: { path: 'blob:http://app/1', temporary: true } }])
    // The page goes away without logging out; a new app starts on the same storage.

    const second = app({ storage })
    const restoring = second.engine.restoreSession()
    await tick()
    expect(await restoring).toBe(true)
    await tick(2000)
    expect(second.list()).toMatchObject([{ status: 'failed', error: { message: 'media.lostOnRestart' }, type: MessageType.Image }])
    expect(second.uploads).toHaveLength(0)
    expect(second.engine.outboxItems()).toMatchObject([{ state: 'failed', error: { message: 'media.lostOnRestart' } }])
  })

  it('a WeChat temporary file is saved first (uni.saveFile): the kept item survives and is sent from the saved path', async () => {
    const saveFile = vi.fn(async (path: string) => path.replace('wxfile://tmp_', 'wxfile://store_'))
    const a = app({ engine: { saveFile } })
    await a.engine.login('me', 'Me')
    void a.engine.media.send(image({ path: 'wxfile://tmp_abc.jpg', name: undefined }), 'bob', 0).catch(() => undefined)
    await tick()
    expect(saveFile).toHaveBeenCalledWith('wxfile://tmp_abc.jpg')
    expect(a.uploads[0].message).toMatchObject({ fileLocalPath: 'wxfile://store_abc.jpg', fileName: 'store_abc.jpg' })
    expect(a.engine.outboxItems()[0].localFile).toEqual({ path: 'wxfile://store_abc.jpg', temporary: false })
  })
})
