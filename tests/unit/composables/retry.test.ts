// Backoff for automatic re-login: quick first try, growth, a 30 s cap, jitter.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defaultRetryDelay } from '@/composables/zim/retry'

afterEach(() => {
  vi.restoreAllMocks()
})

function withRandom(value: number, run: () => number): number {
  vi.spyOn(Math, 'random').mockReturnValue(value)
  try {
    return run()
  }
  finally {
    vi.restoreAllMocks()
  }
}

const low = (attempt: number) => withRandom(0, () => defaultRetryDelay(attempt))
const high = (attempt: number) => withRandom(0.999999, () => defaultRetryDelay(attempt))

describe('defaultRetryDelay', () => {
  it('tries again within a second the first time', () => {
    expect(low(0)).toBeGreaterThan(0)
    expect(high(0)).toBeLessThan(1000)
    for (let i = 0; i < 200; i++)
      expect(defaultRetryDelay(0)).toBeLessThan(1000)
  })

  it('grows with each attempt until the cap', () => {
    // Each attempt's shortest wait is at least the previous attempt's.
    for (let attempt = 1; attempt < 6; attempt++)
      expect(low(attempt)).toBeGreaterThanOrEqual(low(attempt - 1))
    expect(low(4)).toBeGreaterThan(high(1))
    expect(low(3)).toBe(4000)
    expect(high(3)).toBeCloseTo(8000, -1)
  })

  it('never waits longer than 30 s, however many attempts failed', () => {
    for (const attempt of [5, 6, 10, 50, 1000])
      expect(high(attempt)).toBeLessThanOrEqual(30_000)
    expect(high(20)).toBeGreaterThan(29_000)
    expect(low(20)).toBe(15_000)
  })

  it('spreads clients out with jitter', () => {
    expect(high(2)).toBeGreaterThan(low(2))
  })
})
