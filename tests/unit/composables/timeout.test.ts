// withTimeout: nothing in the app awaits the SDK's login bare.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TimeoutError, withTimeout } from '@/composables/zim/timeout'

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('withTimeout', () => {
  it('passes a value through that comes in time, and leaves no timer behind', async () => {
    const result = withTimeout(Promise.resolve(42), 1000, 'too slow')
    await expect(result).resolves.toBe(42)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('passes a rejection through that comes in time', async () => {
    const failure = new Error('refused')
    await expect(withTimeout(Promise.reject(failure), 1000, 'too slow')).rejects.toBe(failure)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('rejects with a TimeoutError carrying the message when the promise stays pending', async () => {
    const never = new Promise<never>(() => {})
    const result = withTimeout(never, 1000, 'The chat service did not answer within 1 s.')
    const settled = vi.fn()
    result.then(settled, settled)
    await vi.advanceTimersByTimeAsync(999)
    expect(settled).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    const error = await result.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toBeInstanceOf(Error)
    expect((error as TimeoutError).name).toBe('TimeoutError')
    expect((error as TimeoutError).message).toBe('The chat service did not answer within 1 s.')
  })

  it('a late answer after the timeout changes nothing', async () => {
    let answer: (value: string) => void = () => {}
    const late = new Promise<string>((resolve) => {
      answer = resolve
    })
    const result = withTimeout(late, 100, 'too slow')
    const outcome = result.then(value => ({ value }), (error: unknown) => ({ error }))
    await vi.advanceTimersByTimeAsync(100)
    answer('late')
    const settled = await outcome
    expect('error' in settled && settled.error).toBeInstanceOf(TimeoutError)
  })
})
