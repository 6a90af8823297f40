// The app's one door to a ZIM implementation. Which one sits behind `@zim-sdk` is a
// build-time choice (vite.config.ts): the local stand-in, zego-zim-web, or — in the WeChat
// mini-program — a deferred `ZIM` that fetches the stand-in or zego-zim-miniprogram from
// the `zimsdk` subpackage (src/zim/subpackage.ts). Everything above this file sees only
// `ZimStatic`, synchronously: a deferred client queues calls until the code has arrived.
import { ZIM } from '@zim-sdk'
import { zimConfig } from './config'
import type { ZimStatic } from './types'

interface Configurable { configure?: (options: { url: string }) => void }
interface Deferred { load?: () => Promise<ZimStatic> }

let configured = false

export function loadZim(): ZimStatic {
  if (!configured) {
    // Only the stand-in needs to be told where its service is; ZEGO's SDK knows its cloud.
    ;(ZIM as unknown as Configurable).configure?.({ url: zimConfig.localServiceUrl })
    configured = true
    // Where the implementation is downloaded on demand, start now: by the time someone
    // taps "Sign in" it is usually there. A failure here is reported by the first call.
    ;(ZIM as unknown as Deferred).load?.().catch(() => {})
  }
  return ZIM as unknown as ZimStatic
}
