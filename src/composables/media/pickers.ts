// The platform's pickers, each turned into a MediaPick (path, name, size, duration, pixels)
// for the send path. A picker the user closed resolves null; a platform failure rejects.
import type { MediaPick } from '@/composables/zim/mediaSending'
import { isMiniProgram } from './platform'

interface PickedFile { path?: string, size?: number, name?: string }

type UniCall = ((options: never) => unknown) | undefined

/**
 * uni's callback APIs as promises; a cancel (errMsg "…cancel…", or that string itself on
 * H5) is null, not an error. Each API is named as `uni.x` in this file on purpose: uni's
 * H5 build keeps only the APIs the code names that way.
 */
function call<R>(api: UniCall, options: Record<string, unknown>): Promise<R | null> {
  const fn = api as ((options: Record<string, unknown>) => void) | undefined
  return new Promise((resolve, reject) => {
    if (!fn) {
      reject(new Error('media.unsupported'))
      return
    }
    fn({
      ...options,
      success: (res: R) => resolve(res),
      fail: (err: { errMsg?: string } | string) => (/cancel/i.test(typeof err === 'string' ? err : err?.errMsg ?? '') ? resolve(null) : reject(err)),
    })
  })
}

async function imageSize(src: string): Promise<{ width?: number, height?: number }> {
  const info = await call<{ width: number, height: number }>(uni.getImageInfo, { src }).catch(() => null)
  return info ? { width: info.width, height: info.height } : {}
}

export async function pickImage(source: 'album' | 'camera'): Promise<MediaPick | null> {
  const res = await call<{ tempFilePaths: string[], tempFiles: PickedFile[] }>(uni.chooseImage, {
    count: 1,
    sizeType: ['original'],
    sourceType: [source],
  })
  const file = res?.tempFiles?.[0]
  const path = res?.tempFilePaths?.[0] ?? file?.path
  if (!path)
    return null
  return { kind: 'image', path, name: file?.name, size: file?.size, ...(await imageSize(path)) }
}

export async function pickVideo(): Promise<MediaPick | null> {
  const res = await call<{ tempFilePath: string, duration?: number, size?: number, width?: number, height?: number, name?: string, tempFile?: PickedFile }>(
    uni.chooseVideo,
    { sourceType: ['album', 'camera'], compressed: false },
  )
  if (!res?.tempFilePath)
    return null
  return {
    kind: 'video',
    path: res.tempFilePath,
    name: res.name ?? res.tempFile?.name,
    size: res.size ?? res.tempFile?.size,
    duration: res.duration,
    width: res.width,
    height: res.height,
  }
}

/** A file from a WeChat chat (chooseMessageFile) or, on H5, from a file input (chooseFile). */
export async function pickFile(): Promise<MediaPick | null> {
  const mp = isMiniProgram()
  const res = await call<{ tempFilePaths?: string[], tempFiles: PickedFile[] }>(
    mp ? uni.chooseMessageFile : uni.chooseFile,
    mp ? { count: 1, type: 'file' } : { count: 1 },
  )
  const file = res?.tempFiles?.[0]
  const path = res?.tempFilePaths?.[0] ?? file?.path
  if (!path)
    return null
  return { kind: 'file', path, name: file?.name, size: file?.size }
}
