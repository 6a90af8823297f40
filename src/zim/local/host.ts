// What an area of the stand-in (groups.ts, rooms.ts) needs from LocalZim: the SDK's order
// of refusals, requests to the service, and the one event hub.
import type { ZimEventData, ZimEventName } from '../types'
import type { ConversationCache } from './conversationCache'
import type { RequestBody } from './link'
import type { ReplyData } from './protocol'
import type { ApiName } from './validate'

export interface LocalHost {
  /** Signed in (else 6000002 / 6000121), then the arguments (6000001 with `badArgs`); null: go ahead. */
  refuse: (api: ApiName, badArgs: string | null | undefined) => Promise<never> | null
  call: <B extends RequestBody>(api: ApiName, body: B, resendable: boolean) => Promise<ReplyData[B['op']]>
  emit: <K extends ZimEventName>(type: K, data: ZimEventData<K>) => void
  /** The signed-in user, if any. */
  self: () => { userID: string, userName: string } | undefined
  conversations: ConversationCache
}
