// Backoff for automatic re-login: the first try comes within a second, later ones
// spread out (with jitter, so a fleet of clients does not reconnect in lockstep).

export type RetryDelay = (attempt: number) => number

export const defaultRetryDelay: RetryDelay = (attempt) => {
  if (attempt === 0)
    return 200 + Math.random() * 800
  const cap = Math.min(30_000, 1000 * 2 ** attempt)
  return cap / 2 + Math.random() * (cap / 2)
}

export interface Retrier {
  /** Schedules `run` after the next backoff delay, unless one is already waiting. */
  schedule: () => void
  /** Forgets the attempt count (after a success). */
  reset: () => void
  /** Stops the pending wait, if any. */
  cancel: () => void
  readonly pending: boolean
  readonly attempts: number
}

export function createRetrier(run: () => void, delay: RetryDelay = defaultRetryDelay): Retrier {
  let timer: ReturnType<typeof setTimeout> | undefined
  let attempts = 0
  return {
    schedule() {
      if (timer !== undefined)
        return
      timer = setTimeout(() => {
        timer = undefined
        attempts++
        run()
      }, delay(attempts))
    },
    reset() {
      attempts = 0
    },
    cancel() {
      clearTimeout(timer)
      timer = undefined
    },
    get pending() {
      return timer !== undefined
    },
    get attempts() {
      return attempts
    },
  }
}
