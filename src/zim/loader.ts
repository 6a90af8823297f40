// The app's one door to a ZIM implementation. Which one sits behind `@zim-sdk` is a
// build-time choice (vite.config.ts): the local stand-in, zego-zim-web or
// zego-zim-miniprogram. Everything above this file sees only `ZimStatic`.
import { ZIM } from '@zim-sdk'
import { zimConfig } from './config'
import type { ZimStatic } from './types'

interface Configurable { configure?: (options: { url: string }) => void }

let configured = false

export function loadZim(): ZimStatic {
  if (!configured) {
    // Only the stand-in needs to be told where its service is; ZEGO's SDK knows its cloud.
    ;(ZIM as unknown as Configurable).configure?.({ url: zimConfig.localServiceUrl })
    configured = true
  }
  return ZIM as unknown as ZimStatic
}
