// Words for what logic reports as keys: a broken rule, a ZimActionError, a failed send,
// a connection reason. Pages show `text`; `details` keeps the ZIM code for support.
import { RULE_DEFAULT_PARAMS } from '@/zim/rules'
import { hasText, t } from './index'

export interface Problem {
  /** A translation key (or, from older code paths, a connection sentence; see below). */
  message?: string
  rule?: string
  code?: number
  params?: Record<string, string | number>
}

/**
 * The connection machine still words its reasons itself; until it reports the
 * `connection.*` keys, these map its sentences onto them.
 */
const CONNECTION_SENTENCES: Record<string, string> = {
  'Signing in…': 'connection.signingIn',
  'Session expired, signing in again…': 'connection.sessionExpired',
  'Reconnecting…': 'connection.reconnecting',
  'Connected.': 'connection.connected',
  'Connection lost, reconnecting…': 'connection.lostReconnecting',
  'You are offline. Messages will be sent when the connection is back.': 'connection.offline',
  'Connection lost.': 'connection.lost',
  'Connection lost, retrying…': 'connection.lostRetrying',
  'Signed out because this account signed in on another device.': 'connection.kickedOut',
  'This account was unregistered.': 'connection.unregistered',
}

/** The key for a connection reason: a `connection.*` key as is, a known sentence mapped. */
export function connectionReasonKey(reason: string | undefined): string | undefined {
  if (!reason)
    return undefined
  if (hasText(reason))
    return reason
  return CONNECTION_SENTENCES[reason]
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
