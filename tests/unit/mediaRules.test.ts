import { describe, expect, it } from 'vitest'
import { checkMedia, extensionOf, limitOf } from '@/zim/mediaRules'

const MB = 1024 * 1024

describe('media limits, checked before an upload', () => {
  it.each([
    ['image', { name: 'a.png', size: 10 * MB }, null],
    ['image', { name: 'a.png', size: 11 * MB }, { rule: 'media.image.maxBytes', params: { max: 10, size: 11 } }],
    ['image', { name: 'a.HEIC', size: 1 }, { rule: 'media.image.type', params: { formats: 'JPG, PNG, BMP, TIFF, GIF, WebP', ext: 'HEIC' } }],
    ['image', { name: 'photo.webp', size: 1 }, null],
    ['image', { name: 'scan.JPEG', size: 1 }, null],
    ['image', { name: 'scan.tiff', size: 1 }, null],
    ['file', { name: 'big.iso', size: 100 * MB }, null],
    ['file', { name: 'big.iso', size: 100 * MB + 1 }, { rule: 'media.file.maxBytes', params: { max: 100, size: 100 } }],
    ['audio', { name: 'v.mp3', size: 6 * MB, duration: 300 }, null],
    ['audio', { name: 'v.m4a', size: 1, duration: 300.6 }, { rule: 'media.audio.maxSeconds', params: { max: 300, seconds: 301 } }],
    ['audio', { name: 'v.mp3', size: 6 * MB + 1 }, { rule: 'media.audio.maxBytes', params: { max: 6, size: 6 } }],
    ['audio', { name: 'v.wav', size: 1 }, { rule: 'media.audio.type', params: { formats: 'MP3, M4A', ext: 'WAV' } }],
    ['video', { name: 'c.MOV', size: 100 * MB }, null],
    ['video', { name: 'c.mkv', size: 1 }, { rule: 'media.video.type', params: { formats: 'MP4, MOV', ext: 'MKV' } }],
    ['video', { name: 'c.mp4', size: 150 * MB }, { rule: 'media.video.maxBytes', params: { max: 100, size: 150 } }],
    ['file', { name: 'empty.txt', size: 0 }, { rule: 'media.empty' }],
  ] as const)('%s %j', (kind, file, expected) => {
    const got = checkMedia(kind, file)
    if (expected === null)
      expect(got).toBeNull()
    else
      expect(got).toMatchObject(expected)
  })

  it('a path without an extension (a picker that gives none) is left to the server', () => {
    expect(checkMedia('image', { name: 'blob:http://x/1234', size: 1 })).toBeNull()
    expect(extensionOf('wxfile://tmp_abc.jpg?x=1')).toBe('jpg')
    expect(extensionOf('/dir.d/file')).toBe('')
  })

  it('the limits are ZEGO\'s documented ones, the same table the service enforces', () => {
    expect(limitOf('image').maxBytes).toBe(10 * MB)
    expect(limitOf('file').maxBytes).toBe(100 * MB)
    expect(limitOf('audio')).toMatchObject({ maxBytes: 6 * MB, maxDurationS: 300 })
    expect(limitOf('video').maxBytes).toBe(100 * MB)
  })
})
