// Opening a received file: on the mini-program it is downloaded (uni.downloadFile) and
// opened in WeChat's viewer (uni.openDocument); on H5 the browser downloads it under its
// own name (fetched into a blob, since a download attribute is ignored across origins).
import { isMiniProgram } from './platform'

function mpOpen(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    uni.downloadFile({
      url,
      success: (res) => {
        if (res.statusCode !== undefined && res.statusCode >= 400) {
          reject(new Error(`download ${res.statusCode}`))
          return
        }
        uni.openDocument({ filePath: res.tempFilePath, showMenu: true, success: () => resolve(), fail: reject })
      },
      fail: reject,
    })
  })
}

async function h5Download(url: string, name: string): Promise<void> {
  let href = url
  let revoke = false
  if (!/^blob:/.test(url)) {
    try {
      const res = await fetch(url)
      if (!res.ok)
        throw new Error(`download ${res.status}`)
      href = URL.createObjectURL(await res.blob())
      revoke = true
    }
    catch {
      // Cross-origin without CORS: let the browser fetch it itself.
      href = url
    }
  }
  const a = document.createElement('a')
  a.href = href
  a.download = name
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  if (revoke)
    setTimeout(() => URL.revokeObjectURL(href), 60_000)
}

export function openFile(url: string, name: string): Promise<void> {
  return isMiniProgram() ? mpOpen(url) : h5Download(url, name)
}
