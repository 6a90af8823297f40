// Forwarding as one combined message: the title and summary always fit the SDK's byte
// limits (100 / 500), cut at a character with "…"; only sent, forwardable messages go in.
import { describe, expect, it } from 'vitest'
import { combinedMessage, fitBytes, forwardable } from '@/composables/useForward'
import { toEntry } from '@/stores/messageList'
import { COMBINE_SUMMARY_MAX_BYTES, COMBINE_TITLE_MAX_BYTES, utf8Length } from '@/zim/rules'
import type { ZIMMessage } from '@/zim/types'
import { incoming, sent } from './stores/factories'

const entry = (m: ZIMMessage) => toEntry(m)!

describe('fitBytes', () => {
  it('keeps what fits, cuts at a whole character (CJK, emoji) with an ellipsis inside the limit', () => {
    expect(fitBytes('short', 100)).toBe('short')
    const cjk = fitBytes('聊'.repeat(40), COMBINE_TITLE_MAX_BYTES)
    expect(utf8Length(cjk)).toBeLessThanOrEqual(COMBINE_TITLE_MAX_BYTES)
    expect(cjk).toBe(`${'聊'.repeat(32)}…`)
    const emoji = fitBytes('😀'.repeat(30), 10)
    expect(emoji).toBe('😀…')
  })
})

describe('combinedMessage', () => {
  it('fits the title and summary, carries the messages as they are', () => {
    const picked = [entry(incoming('M1', 1000, 1, { message: 'one' })), entry(sent('L2', 'M2', 2000, 2, { message: 'two' }))]
    const m = combinedMessage(picked, { title: 'x'.repeat(300), lines: Array.from({ length: 60 }, (_, i) => `line ${i} ${'y'.repeat(20)}`) }) as ZIMMessage & { title: string, summary: string, messageList: ZIMMessage[] }
    expect(m.type).toBe(100)
    expect(utf8Length(m.title)).toBeLessThanOrEqual(COMBINE_TITLE_MAX_BYTES)
    expect(utf8Length(m.summary)).toBeLessThanOrEqual(COMBINE_SUMMARY_MAX_BYTES)
    expect(m.messageList.map(c => [c.messageID, c.sentStatus])).toEqual([['M1', 1], ['M2', 1]])
  })

  it('only sent messages of a forwardable type qualify', () => {
    expect(forwardable(entry(incoming('M1', 1000, 1)))).toBe(true)
    expect(forwardable(entry(sent('L2', '', 2000, 0, { sentStatus: 0 })))).toBe(false)
    expect(forwardable(entry(incoming('M3', 1000, 3, { type: 31 } as never)))).toBe(false)
    expect(forwardable(entry(incoming('M4', 1000, 4, { type: 32 } as never)))).toBe(false)
  })
})
