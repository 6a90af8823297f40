// Which failures are worth trying again. A wrong answer either loops for ever on
// something that cannot work, or gives up on a message a reconnect would have delivered.
import { ErrorCode, isZimError } from '@/zim/errors'
import type { SendFailureKind } from './outbox'
import { TimeoutError } from './timeout'
import { TokenServiceError } from './token'

/** Codes that say "not now" rather than "never". */
const TRANSIENT_CODES = new Set<number>([
  ErrorCode.NetworkModuleCommonError,
  ErrorCode.NetworkModuleNetworkError,
  ErrorCode.NetworkModuleRequestTimeout,
  ErrorCode.NetworkModuleUserIsNotLogged,
  ErrorCode.CommonModuleNotInit,
])

/** Login refusals that a fresh token fixes: they are retried (the next try fetches one). */
const LOGIN_RETRY_CODES = new Set<number>([
  ...TRANSIENT_CODES,
  ErrorCode.NetworkModuleTokenExpired,
  ErrorCode.NetworkModuleTokenTimeIsTooShort,
  ErrorCode.CommonModuleTriggerSDKFrequencyLimit,
])

/** True when trying again (later, with a fresh token) cannot make this login work. */
export function isFatalLoginError(error: unknown): boolean {
  if (error instanceof TimeoutError)
    return false
  if (error instanceof TokenServiceError) {
    // No status: the service could not be reached. 408/429/5xx: it is struggling.
    const status = error.status
    return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429
  }
  if (isZimError(error))
    return !LOGIN_RETRY_CODES.has(error.code)
  // Anything else (a socket error, a bug in a fetch polyfill): assume the network.
  return false
}

/** What a failed send means for the outbox. */
export function classifySendError(error: unknown): SendFailureKind {
  if (isZimError(error)) {
    if (error.code === ErrorCode.CommonModuleTriggerSDKFrequencyLimit)
      return 'pacing'
    return TRANSIENT_CODES.has(error.code) ? 'transient' : 'fatal'
  }
  if (error instanceof TimeoutError)
    return 'transient'
  // Not the SDK's answer (no client yet, a thrown TypeError inside a polyfill): try again.
  return 'transient'
}
