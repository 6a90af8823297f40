// The one error shape callers of the engine see, and the translation into it of what
// the SDK, the token service, a timeout or the outbox throw. Logic speaks in keys: the
// pages turn `message` / `rule` (+ `params`) into words in the reader's language.
import { ErrorCode, isZimError } from '@/zim/errors'
import { ZimLoadError } from '@/zim/deferred'
import type { RuleViolation } from '@/zim/rules'
import { OutboxCancelled } from './outbox'
import { TimeoutError } from './timeout'
import { TokenServiceError } from './token'

export type ErrorParams = Record<string, string | number>

/**
 * A user-facing failure. `message` is a translation key (src/locale), `rule` names the
 * broken rule or the ZIM code (`zim.<code>`), `params` fill the sentence; `params.detail`
 * keeps what the SDK or a service said, for the console and support, never for the page.
 */
export class ZimActionError extends Error {
  constructor(message: string, readonly rule?: string, readonly code?: number, readonly params?: ErrorParams) {
    super(message)
    this.name = 'ZimActionError'
  }
}

export function violation(v: RuleViolation): ZimActionError {
  return new ZimActionError(v.rule, v.rule, undefined, v.params)
}

/** ZIM codes people meet, each with a sentence in src/locale under `zim.<code>`. */
const KNOWN_CODES = new Set<number>([
  ErrorCode.NetworkModuleTokenInvalid,
  ErrorCode.NetworkModuleTokenVersionError,
  ErrorCode.NetworkModuleTokenExpired,
  ErrorCode.NetworkModuleTokenTimeIsTooShort,
  ErrorCode.NetworkModuleUserIsNotLogged,
  ErrorCode.CommonModuleTriggerSDKFrequencyLimit,
  ErrorCode.NetworkModuleNetworkError,
  // media sends
  ErrorCode.MessageModuleSendMessageFailedForCancelled,
  ErrorCode.MessageModuleFileNotExist,
  ErrorCode.MessageModuleFileServerError,
  ErrorCode.MessageModuleFileTypeUnsupported,
  ErrorCode.MessageModuleFileSizeInvalid,
  ErrorCode.MessageModuleFileDurationInvalid,
  // conversation management and users
  ErrorCode.ConversationModuleConversationDoesNotExist,
  ErrorCode.ConversationModuleConversationPinnedListReachedLimit,
  ErrorCode.CommonModuleUserInfoQueriedLimit,
])

function detailOf(err: unknown): ErrorParams {
  const platform = (err as { errMsg?: unknown } | null)?.errMsg
  return { detail: err instanceof Error ? err.message : typeof platform === 'string' ? platform : String(err) }
}

/** Turns anything thrown by the SDK, the token service or a timeout into a key for people. */
export function describeError(err: unknown): ZimActionError {
  if (err instanceof ZimActionError)
    return err
  if (err instanceof TokenServiceError)
    return new ZimActionError(err.message, err.rule ?? 'token.service', undefined, err.params)
  if (err instanceof TimeoutError)
    return new ZimActionError(err.message, err.rule, undefined, err.params)
  if (err instanceof OutboxCancelled)
    return new ZimActionError(err.message, err.rule)
  if (err instanceof ZimLoadError)
    return new ZimActionError(err.message, 'zimLoad.download', undefined, detailOf(err.cause))
  if (isZimError(err))
    return new ZimActionError(KNOWN_CODES.has(err.code) ? `zim.${err.code}` : 'error.service', `zim.${err.code}`, err.code, { detail: err.message })
  return new ZimActionError('error.generic', undefined, undefined, detailOf(err))
}

/** The session store keeps plain data, not the error object. */
export function toStoreError(err: unknown): { code?: number, message: string, rule?: string, params?: ErrorParams } {
  const described = describeError(err)
  return { code: described.code, message: described.message, rule: described.rule, params: described.params }
}
