// Backoff for automatic re-login: quick first try, growth, a 30 s cap, one timer at a time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRetrier, defaultRetryDelay } from '@/composables/zim/retry'

afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
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

describe('createRetrier', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })

  it('runs once after the delay for the current attempt, then counts the attempt', () => {
    const run = vi.fn()
    const delay = vi.fn((attempt: number) => 100 * (attempt + 1))
    const retrier = createRetrier(run, delay)
    retrier.schedule()
    expect(delay).toHaveBeenCalledWith(0)
    expect(retrier.pending).toBe(true)
    vi.advanceTimersByTime(99)
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(1)
    expect(retrier.pending).toBe(false)
    expect(retrier.attempts).toBe(1)
    retrier.schedule()
    expect(delay).toHaveBeenLastCalledWith(1)
    vi.advanceTimersByTime(199)
    expect(run).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('a schedule while one is pending is a no-op', () => {
    const run = vi.fn()
    const delay = vi.fn(() => 100)
    const retrier = createRetrier(run, delay)
    retrier.schedule()
    vi.advanceTimersByTime(50)
    retrier.schedule()
    retrier.schedule()
    expect(delay).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(50)
    expect(run).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1000)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('cancel stops the pending run and allows a new schedule', () => {
    const run = vi.fn()
    const retrier = createRetrier(run, () => 100)
    retrier.schedule()
    retrier.cancel()
    expect(retrier.pending).toBe(false)
    vi.advanceTimersByTime(1000)
    expect(run).not.toHaveBeenCalled()
    retrier.schedule()
    vi.advanceTimersByTime(100)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('cancel without anything pending is harmless', () => {
    const retrier = createRetrier(vi.fn(), () => 100)
    expect(() => retrier.cancel()).not.toThrow()
    expect(retrier.pending).toBe(false)
  })

  it('reset starts the backoff over', () => {
    const delay = vi.fn(() => 10)
    const retrier = createRetrier(vi.fn(), delay)
    for (let i = 0; i < 3; i++) {
      retrier.schedule()
      vi.advanceTimersByTime(10)
    }
    expect(retrier.attempts).toBe(3)
    retrier.reset()
    expect(retrier.attempts).toBe(0)
    retrier.schedule()
    expect(delay).toHaveBeenLastCalledWith(0)
  })

  it('a run may schedule the next attempt itself', () => {
    const delay = vi.fn(() => 10)
    let runs = 0
    const retrier = createRetrier(() => {
      runs++
      if (runs < 3)
        retrier.schedule()
    }, delay)
    retrier.schedule()
    vi.advanceTimersByTime(100)
    expect(runs).toBe(3)
    expect(delay.mock.calls.map(c => (c as unknown[])[0])).toEqual([0, 1, 2])
  })

  it('uses the default backoff when none is given', () => {
    const run = vi.fn()
    const retrier = createRetrier(run)
    retrier.schedule()
    vi.advanceTimersByTime(999)
    expect(run).toHaveBeenCalledTimes(1)
  })
})
