// Requests per client for the token endpoint: a token bucket per remote address. A
// client over its rate waits `retryAfterS` seconds (429 with Retry-After).

export interface RateLimit {
  /** Requests a client may make at once. */
  burst: number
  /** Requests per second it gets back. */
  perSecond: number
}

/** Generous for a newcomer's tabs and the test suite's many logins; stops a script's flood. */
export const DEFAULT_TOKEN_RATE: RateLimit = { burst: 100, perSecond: 20 }

/** Buckets kept at most; the ones already full again are dropped first. */
const MAX_CLIENTS = 10_000

export function createRateLimiter(limit: RateLimit, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number, at: number }>()

  function refill(b: { tokens: number, at: number }, t: number): void {
    b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.perSecond)
    b.at = t
  }

  function prune(t: number): void {
    for (const [key, b] of buckets) {
      refill(b, t)
      if (b.tokens >= limit.burst)
        buckets.delete(key)
    }
  }

  return {
    /** Takes one request for `client`: 0 when allowed, else the seconds to wait. */
    take(client: string): number {
      const t = now()
      let b = buckets.get(client)
      if (!b) {
        if (buckets.size >= MAX_CLIENTS)
          prune(t)
        b = { tokens: limit.burst, at: t }
        buckets.set(client, b)
      }
      refill(b, t)
      if (b.tokens >= 1) {
        b.tokens -= 1
        return 0
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond))
    },
  }
}
