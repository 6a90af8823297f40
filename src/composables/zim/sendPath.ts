// The way out for every message, in the order it travels: sending (what the page calls)
// → outbox (kept, ordered, paced, retried by its kind's policy) → sdkSend (the SDK). Every
// outcome is reported to messageSync; retries and final failures also to the engine's
// listeners.
import type { ZimClient } from '@/zim/types'
import { describeError, ZimActionError } from './actionError'
import type { EngineEvent } from './engineEvents'
import { classifySendError } from './failures'
import type { MessageSync } from './messageSync'
import type { ZimTuning } from './options'
import { reviveUpload } from './mediaSending'
import { createOutbox } from './outbox'
import type { KeyValueStorage } from './persistence'
import { createSdkSend } from './sdkSend'
import { createSending } from './sending'
import { wantsReceipt } from './receipts'

export interface SendPathDeps {
  sync: MessageSync
  storage: KeyValueStorage
  tuning: Pick<ZimTuning, 'sendGapMs' | 'sendPolicy'> & Partial<Pick<ZimTuning, 'readReceipts'>>
  currentClient: () => ZimClient | null
  isConnected: () => boolean
  currentUserID: () => string | undefined
  /** False without a signed-in user or after destroy. */
  canQueue: () => boolean
  emit: (event: EngineEvent) => void
}

export function createSendPath(deps: SendPathDeps) {
  const { sync, emit } = deps
  const policy = deps.tuning.sendPolicy
  const sdkSend = createSdkSend({ sync, currentClient: deps.currentClient, timeoutMs: kind => policy[kind].timeoutMs,
    // read receipts
    hasReceipt: item => !!deps.tuning.readReceipts && wantsReceipt(item.conversationType, item.message.type),
  })
  const outbox = createOutbox({
    storage: deps.storage,
    send: sdkSend.sendItem,
    canSend: () => deps.isConnected() && deps.currentClient() !== null,
    classify: classifySendError,
    describe: (err) => {
      const d = describeError(err)
      return d.code === undefined ? { message: d.message } : { code: d.code, message: d.message }
    },
    gapMs: deps.tuning.sendGapMs,
    policy: kind => policy[kind],
    onFailed: (item, error) => {
      const ref = { localMessageID: item.id, conversationID: item.conversationID, conversationType: item.conversationType }
      sync.report({ type: 'failed', source: 'outbox', ref, error })
      emit({ type: 'sendFailed', id: item.id, error: new ZimActionError(error.message, error.code === undefined ? undefined : `zim.${error.code}`, error.code) })
    },
    onRetry: (item, err) => emit({ type: 'sendRetry', id: item.id, error: describeError(err) }),
    revive: reviveUpload,
    abort: item => sdkSend.abort(item),
  })
  const sending = createSending({ sync, outbox, currentUserID: deps.currentUserID, canQueue: deps.canQueue })
  return { sdkSend, outbox, sending }
}
