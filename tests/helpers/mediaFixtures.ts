// Real media files made on the spot: images with sharp, audio and video with the ffmpeg
// binary that @ffmpeg-installer ships (the same one the service uses for first frames).
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ffmpeg from '@ffmpeg-installer/ffmpeg'
import sharp from 'sharp'

export function fixtureDir() {
  const dir = mkdtempSync(join(tmpdir(), 'zim-media-'))
  let n = 0
  const path = (name: string) => join(dir, `${++n}-${name}`)
  const run = (args: string[]) => execFileSync(ffmpeg.path, ['-v', 'error', '-y', ...args])
  return {
    dir,
    async image(width = 800, height = 600, format: 'png' | 'jpeg' | 'webp' | 'gif' = 'png'): Promise<string> {
      const out = path(`image.${format === 'jpeg' ? 'jpg' : format}`)
      await sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } }).toFormat(format).toFile(out)
      return out
    },
    /** Random bytes: no known type. */
    bytes(size: number, name = 'notes.bin'): string {
      const out = path(name)
      writeFileSync(out, randomBytes(size))
      return out
    },
    audio(seconds = 2, format: 'mp3' | 'm4a' = 'mp3'): string {
      const out = path(`voice.${format}`)
      run(['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, ...(format === 'm4a' ? ['-c:a', 'aac'] : ['-b:a', '32k']), out])
      return out
    },
    video(seconds = 1, width = 320, height = 240): string {
      const out = path('clip.mp4')
      run(['-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=10`, '-t', String(seconds), '-pix_fmt', 'yuv420p', out])
      return out
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
