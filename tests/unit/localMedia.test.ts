// The stand-in's media helpers without a service: addresses, and the progress the SDK
// reports (0 first, at most one per ~500 ms between, the total last, the caller's object).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { configure, resetConfig } from '@/zim/local/config'
import { httpBase, MediaSends, sendMedia, withFileUrls, type MediaHost, type UploadOptions } from '@/zim/local/media'
import type { ZIMMessage } from '@/zim/types'

afterEach(() => {
  vi.useRealTimers()
  resetConfig()
})

describe('file addresses', () => {
  it('the service\'s http base comes from its WebSocket URL without the URL class', () => {
    expect(httpBase('ws://127.0.0.1:9800/zim')).toBe('http://127.0.0.1:9800')
    expect(httpBase('wss://chat.example.com/zim?x=1')).toBe('https://chat.example.com')
    expect(httpBase('nonsense')).toBe('')
  })

  it('relative file addresses become absolute and signed for the user; other addresses stay', () => {
    const access = { base: 'http://h:1', userID: 'a b', key: 'K' }
    const m = { type: 11, fileDownloadUrl: '/zim/files/abc', thumbnailDownloadUrl: '/zim/files/abc?v=thumb' } as unknown as ZIMMessage
    expect(withFileUrls(m, () => access)).toMatchObject({ fileDownloadUrl: 'http://h:1/zim/files/abc?u=a%20b&k=K', thumbnailDownloadUrl: 'http://h:1/zim/files/abc?v=thumb&u=a%20b&k=K' })
    const external = { type: 11, fileDownloadUrl: 'https://cdn/x.png' } as unknown as ZIMMessage
    expect(withFileUrls(external, () => access)).toBe(external)
    const text = { type: 1, message: 'hi' } as unknown as ZIMMessage
    expect(withFileUrls(text, () => { throw new Error('not asked for text') })).toBe(text)
  })
})

describe('upload progress', () => {
  it('reports 0 first, then at most one call per ~500 ms, then the total, always with the caller\'s object', async () => {
    vi.useFakeTimers()
    const total = 1000
    let progressFn: ((r: { progress: number, totalBytesSent: number, totalBytesExpectedToSend: number }) => void) | undefined
    let upload: UploadOptions | undefined
    configure({
      fileIO: {
        read: async () => new ArrayBuffer(total),
        upload: (o) => {
          upload = o
          return { abort() {}, onProgressUpdate: (fn) => { progressFn = fn } }
        },
      },
    })
    const message = { type: 12, fileLocalPath: 'wxfile://tmp/a.bin', localMessageID: 'L1' } as unknown as ZIMMessage
    const calls: [unknown, number, number][] = []
    const host: MediaHost = {
      attach: () => {},
      base: () => 'http://h:1',
      call: async <T,>(body: { op: string }) => (body.op === 'fileUpload' ? { state: 0, url: '/zim/files/upload', header: {}, formData: { ticket: 't' } } : { file: {} }) as T,
      deliver: async () => ({ message }),
      failed: (error) => { throw error },
      progress: (m, current, all) => void calls.push([m, current, all]),
      reportHandlerError: (error) => { throw error },
    }
    const sent = sendMedia(message, host, new MediaSends())
    await vi.waitFor(() => expect(upload).toBeDefined())
    expect(upload).toMatchObject({ url: 'http://h:1/zim/files/upload', name: 'file', timeout: 600_000, filePath: 'wxfile://tmp/a.bin', formData: { ticket: 't' } })
    // Progress every 100 ms for 2 s: 20 events from the platform.
    for (let i = 1; i <= 20; i++) {
      vi.advanceTimersByTime(100)
      progressFn!({ progress: i * 5, totalBytesSent: Math.min(total - 1, i * 50), totalBytesExpectedToSend: total })
    }
    upload!.success({ statusCode: 200, data: '{}' })
    await sent
    expect(calls[0]).toEqual([message, 0, total])
    expect(calls.at(-1)).toEqual([message, total, total])
    expect(calls.every(c => c[0] === message)).toBe(true)
    const between = calls.slice(1, -1)
    // 2 s of events at most one per 496 ms: 4 calls, never 20.
    expect(between.length).toBeGreaterThan(0)
    expect(between.length).toBeLessThanOrEqual(4)
    expect(new Set(calls.map(c => c[1])).size).toBe(calls.length)
  })
})
