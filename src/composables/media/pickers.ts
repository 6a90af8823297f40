// The platform's pickers, each turned into a MediaPick (path, name, size, duration, pixels)
// for the send path. A picker the user closed resolves null; a platform failure rejects.
import type { MediaPick } from '@/composables/zim/mediaSending'
import { isMiniProgram } from './platform'

interface PickedFile { path?: string, size?: number, name?: string }

/** uni's callback APIs as promises; a cancel (errMsg "…cancel…") is null, not an error. */
function call<R>(fn: ((options: Record<string, unknown>) => void) | undefined, options: Record<string, unknown>): Promise<R | null> {
  return new Promise((resolve, reject) => {
    if (!fn) {
      reject(new Error('media.unsupported'))
      return
    }
    fn({
      ...options,
      success: (res: R) => resolve(res),
      fail: (err: { errMsg?: string }) => (/cancel/i.test(err?.errMsg ?? '') ? resolve(null) : reject(err)),
    })
  })
}

const api = () => uni as unknown as Record<string, ((options: Record<string, unknown>) => void) | undefined>

async function imageSize(src: string): Promise<{ width?: number, height?: number }> {
  const info = await call<{ width: number, height: number }>(api().getImageInfo, { src }).catch(() => null)
  return info ? { width: info.width, height: info.height } : {}
}

export async function pickImage(source: 'album' | 'camera'): Promise<MediaPick | null> {
  const res = await call<{ tempFilePaths: string[], tempFiles: PickedFile[] }>(api().chooseImage, {
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
    api().chooseVideo,
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
    mp ? api().chooseMessageFile : api().chooseFile,
    mp ? { count: 1, type: 'file' } : { count: 1 },
  )
  const file = res?.tempFiles?.[0]
  const path = res?.tempFilePaths?.[0] ?? file?.path
  if (!path)
    return null
  return { kind: 'file', path, name: file?.name, size: file?.size }
}
