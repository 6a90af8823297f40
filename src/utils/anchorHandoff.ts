// The SDK's copy of a search hit, handed from the search page to the chat it opens (two
// subpackages, so through the main package): what the chat pages from when neither it nor
// the local cache holds the message (ZEGO's own search on H5).
import type { ZIMMessage } from '@/zim/types'

let handed: ZIMMessage | null = null

export function handAnchor(message: ZIMMessage): void {
  handed = message
}

/** The handed message if it is `messageID`'s; it is handed once. */
export function takeAnchor(messageID: string): ZIMMessage | null {
  const message = handed?.messageID === messageID ? handed : null
  handed = null
  return message
}
