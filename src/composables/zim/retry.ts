// Backoff for automatic re-login (used by connectionMachine.ts): the first try comes
// within a second, later ones spread out (with jitter, so a fleet of clients does not
// reconnect in lockstep).

export type RetryDelay = (attempt: number) => number

export const defaultRetryDelay: RetryDelay = (attempt) => {
  if (attempt === 0)
    return 200 + Math.random() * 800
  const cap = Math.min(30_000, 1000 * 2 ** attempt)
  return cap / 2 + Math.random() * (cap / 2)
}
