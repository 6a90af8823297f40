// Matching for search, without words or colours: terms from a query, where they occur in a
// text (ranges the page colours), an excerpt around the first hit, and a rank to sort by.
// Several words must all occur, in any order; case is ignored; CJK text has no spaces, so
// a CJK query matches as it is typed (a substring), as in the chat apps people know.

/** [start, end) in UTF-16 units of the text as shown. */
export type Range = readonly [number, number]

export interface Query {
  /** The query as typed, folded and trimmed (inner runs of spaces kept as one). */
  phrase: string
  /** Distinct folded terms, longest first (a longer term wins an overlap). */
  terms: string[]
}

/**
 * Lower-cases without changing any offset: a character whose lower case is longer (the
 * Turkish İ) stays as it is, so a range found in the folded text fits the original.
 */
export function fold(text: string): string {
  const lower = text.toLowerCase()
  if (lower.length === text.length)
    return lower
  let out = ''
  for (const ch of text) {
    const l = ch.toLowerCase()
    out += l.length === ch.length ? l : ch
  }
  return out
}

export function parseQuery(input: string): Query {
  const phrase = fold(input.trim().replace(/\s+/g, ' '))
  const terms = [...new Set(phrase.split(' ').filter(Boolean))].sort((a, b) => b.length - a.length)
  return { phrase, terms }
}

/** Sorted, merged ranges of every term in `folded`; null unless each term occurs at least once. */
export function matchRanges(folded: string, query: Query): Range[] | null {
  if (!query.terms.length)
    return null
  const found: Array<[number, number]> = []
  for (const term of query.terms) {
    let at = folded.indexOf(term)
    if (at < 0)
      return null
    while (at >= 0) {
      found.push([at, at + term.length])
      at = folded.indexOf(term, at + term.length)
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged: Array<[number, number]> = []
  for (const r of found) {
    const last = merged[merged.length - 1]
    if (last && r[0] <= last[1])
      last[1] = Math.max(last[1], r[1])
    else
      merged.push([r[0], r[1]])
  }
  return merged
}

/**
 * How well a text matches, higher first: the whole query as typed (3 when the text is
 * exactly it, 2 when it starts with it, 1 inside) above the words found apart (0).
 */
export function matchTier(folded: string, query: Query): number {
  if (folded === query.phrase)
    return 3
  if (folded.startsWith(query.phrase))
    return 2
  return folded.includes(query.phrase) ? 1 : 0
}

export interface Excerpt {
  text: string
  ranges: Range[]
  /** Whether text was cut before / after (the page shows an ellipsis). */
  cutStart: boolean
  cutEnd: boolean
}

/** The part of a long text around its first hit, ranges shifted to it. */
export function excerpt(text: string, ranges: readonly Range[], before = 16, length = 80): Excerpt {
  const first = ranges[0]?.[0] ?? 0
  // A text that fits is shown whole; a longer one from a little before its first hit.
  let start = Math.max(0, Math.min(first - before, text.length - length))
  // Never cut a surrogate pair (an emoji) in half.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? ''))
    start--
  let end = Math.min(text.length, start + length)
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end] ?? ''))
    end++
  const shifted: Range[] = []
  for (const [a, b] of ranges) {
    if (b <= start || a >= end)
      continue
    shifted.push([Math.max(a, start) - start, Math.min(b, end) - start])
  }
  return { text: text.slice(start, end), ranges: shifted, cutStart: start > 0, cutEnd: end < text.length }
}

export interface Segment {
  text: string
  hit: boolean
}

/** The text cut at the ranges: what the page renders, hits coloured. */
export function segments(text: string, ranges: readonly Range[]): Segment[] {
  const out: Segment[] = []
  let at = 0
  for (const [a, b] of ranges) {
    if (a > at)
      out.push({ text: text.slice(at, a), hit: false })
    out.push({ text: text.slice(a, b), hit: true })
    at = b
  }
  if (at < text.length)
    out.push({ text: text.slice(at), hit: false })
  return out
}
