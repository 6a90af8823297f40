// The one error shape callers of the engine see, and the translation into it of what
// the SDK, the token service, a timeout or the outbox throw.
import { ErrorCode, isZimError } from '@/zim/errors'
import type { RuleViolation } from '@/zim/rules'
import { OutboxCancelled } from './outbox'
import { TimeoutError } from './timeout'
import { TokenServiceError } from './token'

/** Values a rule's text needs (`{ max: 32 }` for 'userID.maxBytes'). */
export type ErrorParams = Record<string, string | number>

/**
 * A user-facing failure: `rule` names the broken rule or the ZIM code (a key for pages to
 * translate, with `params`); `code` is the ZIM error code, for support.
 */
export class ZimActionError extends Error {
  constructor(message: string, readonly rule?: string, readonly code?: number, readonly params?: ErrorParams) {
    super(message)
    this.name = 'ZimActionError'
  }
}

export function violation(v: RuleViolation): ZimActionError {
  return new ZimActionError(v.message, v.rule, undefined, v.params)
}

/** Turns anything thrown by the SDK, the token service or a timeout into words for people. */
export function describeError(err: unknown): ZimActionError {
  if (err instanceof ZimActionError)
    return err
  if (err instanceof TokenServiceError)
    return new ZimActionError(err.message, err.rule ?? 'token.service', undefined, err.params)
  if (err instanceof TimeoutError)
    return new ZimActionError(err.message, err.rule, undefined, err.params)
  if (err instanceof OutboxCancelled)
    return new ZimActionError(err.message, err.rule)
  if (isZimError(err)) {
    const known: Record<number, string> = {
      [ErrorCode.NetworkModuleTokenInvalid]: 'The sign-in token was rejected.',
      [ErrorCode.NetworkModuleTokenVersionError]: 'The sign-in token has the wrong format.',
      [ErrorCode.NetworkModuleTokenExpired]: 'The sign-in token has expired.',
      [ErrorCode.NetworkModuleTokenTimeIsTooShort]: 'The sign-in token expires too soon.',
      [ErrorCode.NetworkModuleUserIsNotLogged]: 'You are not signed in.',
      [ErrorCode.CommonModuleTriggerSDKFrequencyLimit]: 'Sending too fast; try again.',
      [ErrorCode.NetworkModuleNetworkError]: 'The network is unavailable.',
    }
    const prefix = known[err.code]
    return new ZimActionError(prefix ? `${prefix} (${err.code}: ${err.message})` : `${err.message} (${err.code})`, `zim.${err.code}`, err.code)
  }
  return new ZimActionError(err instanceof Error ? err.message : String(err))
}

/** The session store keeps plain data, not the error object. */
export function toStoreError(err: unknown): { code?: number, message: string, rule?: string, params?: ErrorParams } {
  const described = describeError(err)
  return { code: described.code, message: described.message, rule: described.rule, params: described.params }
}
