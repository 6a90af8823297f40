// What a person can do to a message already in the list: recall it (their own, within
// ZIM's 2 minutes) and delete it (for themselves, on the server too, as ZIM does by
// default). Outcomes are reported to messageSync, the one writer of message state.
import type { MessageEntry } from '@/stores/messages'
import { ErrorCode, isZimError } from '@/zim/errors'
import type { ZimClient, ZIMMessage } from '@/zim/types'
import { describeError, ZimActionError } from './actionError'
import type { MessageSync } from './messageSync'

/** ZIM's default recall window (its console can change it; 6000278 says so then). */
export const REVOKE_WINDOW_MS = 2 * 60_000

/** ZIM codes with a sentence of their own for these actions (src/locale `action.*`). */
const ACTION_CODES: Partial<Record<number, string>> = {
  [ErrorCode.MessageModuleMessageExceedsRevokeTime]: 'action.revokeExpired',
  [ErrorCode.MessageModuleMessageHasBeenRevoked]: 'action.alreadyRevoked',
}

function actionError(err: unknown): ZimActionError {
  const key = isZimError(err) ? ACTION_CODES[err.code] : undefined
  return key && isZimError(err) ? new ZimActionError(key, key, err.code, { detail: err.message }) : describeError(err)
}

export interface MessageActionsDeps {
  sync: MessageSync
  currentClient: () => ZimClient | null
  /** Removes a failed send from the outbox, so it is not kept for another try. */
  discardFailed: (localMessageID: string) => void
}

/** Recallable: our own, on the server, not recalled yet, and within the window at `now`. */
export function canRevoke(entry: MessageEntry, now: number): boolean {
  return entry.direction === 'out' && entry.status === 'sent' && !entry.revoked
    && !!entry.messageSeq && now - entry.timestamp <= REVOKE_WINDOW_MS
}

export function createMessageActions(deps: MessageActionsDeps) {
  const { sync } = deps

  function client(): ZimClient {
    const zim = deps.currentClient()
    if (!zim)
      throw new ZimActionError('zim.6000121', 'zim.6000121')
    return zim
  }

  async function revoke(entry: MessageEntry): Promise<void> {
    try {
      const { message } = await client().revokeMessage(entry.raw as ZIMMessage, { revokeExtendedData: '' })
      sync.report({ type: 'revoked', messages: [message] })
    }
    catch (err) {
      throw actionError(err)
    }
  }

  async function remove(entry: MessageEntry): Promise<void> {
    const { conversationID, conversationType } = entry
    try {
      await client().deleteMessages([entry.raw as ZIMMessage], conversationID, conversationType, { isAlsoDeleteServerMessage: true })
    }
    catch (err) {
      throw actionError(err)
    }
    if (entry.status === 'failed' && entry.localMessageID)
      deps.discardFailed(entry.localMessageID)
    sync.report({ type: 'deleted', conversationID, conversationType, refs: [{ messageID: entry.messageID, localMessageID: entry.localMessageID }] })
  }

  return { revoke, remove }
}
