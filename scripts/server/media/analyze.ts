// What the service reads from an uploaded file's bytes, never from its name: the type
// (file-type), an image's size and its thumbnail and large versions (sharp), an audio or
// video duration (music-metadata reads MP3, M4A, MP4 and MOV headers), and a video's first
// frame (ffmpeg from @ffmpeg-installer, then sharp for its size).
import { execFile } from 'node:child_process'
import { fileTypeFromFile } from 'file-type'
import ffmpeg from '@ffmpeg-installer/ffmpeg'
import { parseFile } from 'music-metadata'
import sharp from 'sharp'
import type { FileMeta, Variant } from './store'

/** Longest side of the thumbnail and of the "large" image (WeChat's own bubble and viewer sizes). */
export const THUMBNAIL_MAX_PX = 240
export const LARGE_MAX_PX = 1280

export interface Detected { ext: string, mime: string }

export async function detectType(path: string): Promise<Detected> {
  const type = await fileTypeFromFile(path)
  return type ? { ext: type.ext, mime: type.mime } : { ext: 'bin', mime: 'application/octet-stream' }
}

const IMAGE_EXTS = new Set(['jpg', 'png', 'bmp', 'tif', 'gif', 'webp'])
const TIMED_EXTS = new Set(['mp3', 'm4a', 'mp4', 'mov'])
const VIDEO_EXTS = new Set(['mp4', 'mov'])

async function resized(path: string, out: string, maxPx: number): Promise<{ width: number, height: number }> {
  const info = await sharp(path, { animated: false })
    .rotate()
    .resize({ width: maxPx, height: maxPx, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toFile(out)
  return { width: info.width, height: info.height }
}

/** Writes the first frame; answers the container's duration (s) as ffmpeg reports it, if any. */
function firstFrame(path: string, out: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    execFile(ffmpeg.path, ['-hide_banner', '-y', '-i', path, '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg', out], { timeout: 30_000 }, (error, _stdout, stderr) => {
      if (error)
        return reject(error)
      const m = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(stderr)
      resolve(m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined)
    })
  })
}

/**
 * Reads what a message of this file shows; `variantPath(v)` says where to write a variant.
 * A file that is not what its bytes claim (an image sharp cannot open) throws.
 */
export async function analyze(path: string, type: Detected, variantPath: (v: Variant) => string): Promise<{ meta: FileMeta, variants: Partial<Record<Variant, string>> }> {
  const meta: FileMeta = {}
  const variants: Partial<Record<Variant, string>> = {}
  if (IMAGE_EXTS.has(type.ext)) {
    const info = await sharp(path).metadata()
    // EXIF orientations 5–8 turn the picture a quarter: the size a viewer shows is swapped.
    const turned = (info.orientation ?? 1) >= 5
    meta.width = turned ? info.height : info.width
    meta.height = turned ? info.width : info.height
    variants.thumb = variantPath('thumb')
    meta.thumbnail = await resized(path, variants.thumb, THUMBNAIL_MAX_PX)
    variants.large = variantPath('large')
    meta.large = await resized(path, variants.large, LARGE_MAX_PX)
  }
  if (TIMED_EXTS.has(type.ext)) {
    const parsed = await parseFile(path, { duration: true, skipCovers: true })
    if (typeof parsed.format.duration === 'number')
      meta.duration = Math.round(parsed.format.duration * 1000) / 1000
  }
  if (VIDEO_EXTS.has(type.ext)) {
    const out = variantPath('frame')
    const seconds = await firstFrame(path, out)
    // music-metadata reads an MP4's duration from its audio track; a silent video has none.
    if (meta.duration === undefined && seconds !== undefined)
      meta.duration = seconds
    const info = await sharp(out).metadata()
    variants.frame = out
    meta.frame = { width: info.width ?? 0, height: info.height ?? 0 }
    meta.width = meta.frame.width
    meta.height = meta.frame.height
  }
  return { meta, variants }
}
