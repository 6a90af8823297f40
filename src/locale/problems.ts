// Words for what logic reports as keys: a broken rule, a ZimActionError, a failed send,
// a connection reason. Pages show `text`; `details` keeps the ZIM code for support.
import { RULE_DEFAULT_PARAMS } from '@/zim/rules'
import { hasText, t } from './index'

export interface Problem {
  /** A translation key. */
  message?: string
  rule?: string
  code?: number
  params?: Record<string, string | number>
}

/** The key for a connection reason or a message key; undefined when it has no text. */
export function connectionReasonKey(reason: string | undefined): string | undefined {
  return reason && hasText(reason) ? reason : undefined
}

/** The sentence for a problem: its rule, else its message key, else a generic one. */
export function problemText(problem: Problem): string {
  const params = { ...(problem.rule && RULE_DEFAULT_PARAMS[problem.rule]), ...problem.params }
  if (hasText(problem.rule))
    return t(problem.rule, params)
  const key = connectionReasonKey(problem.message)
  if (key)
    return t(key, params)
  return t(problem.code === undefined ? 'error.generic' : 'error.service')
}

/** The support line ("Error code 6000103"), empty without a code. */
export function problemDetails(problem: Problem): string {
  return problem.code === undefined ? '' : t('error.details', { code: problem.code })
}
