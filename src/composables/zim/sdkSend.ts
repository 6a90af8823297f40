// The outbox's one way out: hands an item to the SDK, keeps our outbox id on every copy
// the SDK reports back (even where the SDK replaced it with an id of its own), and reports
// those copies to messageSync.
import { ErrorCode, zimError } from '@/zim/errors'
import type { ZimClient, ZIMMessage } from '@/zim/types'
import type { MessageSync } from './messageSync'
import type { SendKind } from './options'
import type { OutboxItem } from './outbox'
import { withTimeout } from './timeout'

/** The SDK clears fileLocalPath when a media send succeeds: our copy keeps our own path. */
function withLocalFile(message: ZIMMessage, item: OutboxItem): ZIMMessage {
  const path = item.localFile?.path
  return path && !(message as { fileLocalPath?: string }).fileLocalPath ? { ...message, fileLocalPath: path } as ZIMMessage : message
}

export interface SdkSendDeps {
  sync: MessageSync
  currentClient: () => ZimClient | null
  /** A send the SDK has not settled by then counts as failed (and is tried again), per kind. */
  timeoutMs: (kind: SendKind) => number
  /** read receipts: whether this send asks for one (config.hasReceipt). */
  hasReceipt?: (item: OutboxItem) => boolean
}

export function createSdkSend(deps: SdkSendDeps) {
  const { sync } = deps
  /** The SDK's localMessageID → our outbox id, where the SDK replaced ours. */
  const ourIDs = new Map<string, string>()
  /** The object each try in flight handed the SDK: cancelSendingMessage wants that one. */
  const inFlight = new Map<string, ZIMMessage>()

  /** Our copy of a message the SDK reports: with the outbox id as its localMessageID. */
  function asOurs(message: ZIMMessage, id?: string): ZIMMessage {
    const ours = id ?? (message.localMessageID ? ourIDs.get(message.localMessageID) : undefined)
    if (id && message.localMessageID && message.localMessageID !== id)
      ourIDs.set(message.localMessageID, id)
    return ours && ours !== message.localMessageID ? { ...message, localMessageID: ours } : message
  }

  async function sendItem(item: OutboxItem): Promise<ZIMMessage> {
    const zim = deps.currentClient()
    if (!zim)
      throw zimError(ErrorCode.NetworkModuleUserIsNotLogged, 'API.sendMessage: Not logged with call.')
    // A fresh object for every try; the id goes with it as the idempotency key. The SDK
    // updates it in place (and clears fileLocalPath): the outbox item keeps the original.
    const message = { ...item.message, localMessageID: item.id } as ZIMMessage
    const ref = { localMessageID: item.id, conversationID: item.conversationID, conversationType: item.conversationType }
    inFlight.set(item.id, message)
    try {
      const { message: sent } = await withTimeout(zim.sendMessage(message, item.conversationID, item.conversationType, { priority: item.priority as never, ...(deps.hasReceipt?.(item) && { hasReceipt: true }) }, {
        onMessageAttached: attached => sync.report({ type: 'attached', message: withLocalFile(asOurs(attached, item.id), item) }),
        ...(item.kind === 'upload' && {
          onMediaUploadingProgress: (_m: ZIMMessage, current: number, total: number) => sync.report({ type: 'progress', ref, current, total }),
        }),
      }), deps.timeoutMs(item.kind), 'send.timeout')
      const ours = withLocalFile(asOurs(sent, item.id), item)
      sync.report({ type: 'sent', message: ours })
      return ours
    }
    finally {
      inFlight.delete(item.id)
    }
  }

  /** Asks the SDK to stop a try in flight; its sendMessage then rejects (6000206). */
  function abort(item: OutboxItem): void {
    const message = inFlight.get(item.id)
    const zim = deps.currentClient()
    if (!message || !zim)
      return
    zim.cancelSendingMessage(message, {}).catch(() => undefined) // too late: the send settles as it will
  }

  return {
    sendItem,
    abort,
    asOurs,
    /** On logout: the mapping belongs to the session that ends. */
    forgetIDs(): void {
      ourIDs.clear()
    },
  }
}
