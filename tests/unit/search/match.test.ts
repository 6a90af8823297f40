import { describe, expect, it } from 'vitest'
import { excerpt, fold, matchRanges, matchTier, parseQuery, segments } from '@/search/match'

const ranges = (text: string, q: string) => matchRanges(fold(text), parseQuery(q))

describe('search matching', () => {
  it('ignores case both ways and keeps offsets of the text as shown', () => {
    expect(ranges('Hello World', 'world')).toEqual([[6, 11]])
    expect(ranges('hello world', 'WORLD')).toEqual([[6, 11]])
    // İ lower-cases to two code units: folding keeps it, so later offsets still fit.
    expect(fold('İstanbul Ab')).toHaveLength('İstanbul Ab'.length)
    expect(ranges('İstanbul Ab', 'ab')).toEqual([[9, 11]])
  })

  it('finds CJK text without spaces as typed, and mixed with Latin words', () => {
    expect(ranges('我们明天去北京开会', '北京')).toEqual([[5, 7]])
    expect(ranges('我们明天去北京开会', '京开')).toEqual([[6, 8]])
    expect(ranges('周五的 Demo 在北京', 'demo 北京')).toEqual([[4, 8], [10, 12]])
    expect(ranges('我们明天去北京开会', '上海')).toBeNull()
  })

  it('needs every word, in any order, and marks each occurrence', () => {
    expect(ranges('lunch at noon, then lunch again', 'noon lunch')).toEqual([[0, 5], [9, 13], [20, 25]])
    expect(ranges('lunch at noon', 'lunch dinner')).toBeNull()
    expect(ranges('anything', '   ')).toBeNull()
  })

  it('merges overlapping and touching hits into one range', () => {
    expect(ranges('abcdef', 'abc cde')).toEqual([[0, 5]])
    expect(ranges('abcdef', 'abc def')).toEqual([[0, 6]])
    expect(ranges('aaaa', 'aa')).toEqual([[0, 4]])
  })

  it('parses a query: trimmed, folded, distinct words longest first', () => {
    expect(parseQuery('  Hello   hello  WORLDS ')).toEqual({ phrase: 'hello hello worlds', terms: ['worlds', 'hello'] })
  })

  it('tiers: the text itself, then starting with the query, then containing it, then words apart', () => {
    const q = parseQuery('see you')
    expect(matchTier('see you', q)).toBe(3)
    expect(matchTier('see you soon', q)).toBe(2)
    expect(matchTier('ok, see you', q)).toBe(1)
    expect(matchTier('you will see', q)).toBe(0)
  })
})

describe('highlight ranges', () => {
  it('cuts a text into plain and hit segments that join back to the text', () => {
    const text = 'Meet at the Cafe, cafe au lait'
    const r = ranges(text, 'cafe')!
    const segs = segments(text, r)
    expect(segs.map(s => s.text).join('')).toBe(text)
    expect(segs.filter(s => s.hit).map(s => s.text)).toEqual(['Cafe', 'cafe'])
  })

  it('an excerpt of a long text keeps the first hit in view and shifts its ranges', () => {
    const text = `${'x'.repeat(200)} needle ${'y'.repeat(200)}`
    const r = ranges(text, 'needle')!
    const e = excerpt(text, r)
    expect(e.cutStart).toBe(true)
    expect(e.cutEnd).toBe(true)
    expect(e.text.slice(e.ranges[0][0], e.ranges[0][1])).toBe('needle')
    expect(e.text.length).toBeLessThanOrEqual(81)
  })

  it('an excerpt never cuts an emoji in half', () => {
    const text = `${'😀'.repeat(20)}find`
    const r = ranges(text, 'find')!
    const e = excerpt(text, r, 5)
    expect(e.text.startsWith('😀')).toBe(true)
    expect(e.text.slice(e.ranges[0][0], e.ranges[0][1])).toBe('find')
  })

  it('a text that fits is whole, not cut, wherever its hit', () => {
    const e = excerpt('hi there', [[3, 8]])
    expect(e).toEqual({ text: 'hi there', ranges: [[3, 8]], cutStart: false, cutEnd: false })
    const late = `${'a'.repeat(60)} needle`
    expect(excerpt(late, [[61, 67]]).cutStart).toBe(false)
  })
})
