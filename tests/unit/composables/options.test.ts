// Every default in one place: what an override changes, and what it leaves alone.
import { describe, expect, it } from 'vitest'
import { ENGINE_DEFAULTS, resolveTuning } from '@/composables/zim/options'

describe('resolveTuning', () => {
  it('is the defaults when nothing is given', () => {
    expect(resolveTuning({})).toEqual(ENGINE_DEFAULTS)
  })

  it('overrides one field of one kind\'s send policy and keeps the rest', () => {
    const tuning = resolveTuning({ historyPageSize: 5, sendPolicy: { text: { maxAttempts: 1 } } })
    expect(tuning.historyPageSize).toBe(5)
    expect(tuning.sendPolicy.text).toEqual({ ...ENGINE_DEFAULTS.sendPolicy.text, maxAttempts: 1 })
    expect(tuning.sendPolicy.upload).toEqual(ENGINE_DEFAULTS.sendPolicy.upload)
    expect(tuning.loginTimeoutMs).toBe(ENGINE_DEFAULTS.loginTimeoutMs)
  })

  it('gives an upload minutes where a text gets a minute', () => {
    const { text, upload } = ENGINE_DEFAULTS.sendPolicy
    expect(text.timeoutMs).toBe(60_000)
    expect(upload.timeoutMs).toBeGreaterThanOrEqual(5 * 60_000)
  })

  it('walks back at least one page of history', () => {
    expect(resolveTuning({ catchUpMaxPages: 0 }).catchUpMaxPages).toBe(1)
  })
})
