import { describe, expect, it } from 'vitest'
import { gapsAfterRun } from '@/utils/historyGaps'

const list = (...ids: string[]) => ids.map(messageID => ({ messageID }))

describe('gaps around an anchor', () => {
  it('a run opened in the middle of nowhere leaves a gap after it when the page was full', () => {
    expect(gapsAfterRun(list('10', '11', '12'), [], { messageIDs: ['10', '11', '12'], olderOpen: true, newerOpen: true })).toEqual(['12'])
  })

  it('a run that reached the newest (a short page or an overlap) leaves none after it', () => {
    expect(gapsAfterRun(list('10', '11', '12'), [], { messageIDs: ['10', '11', '12'], olderOpen: false, newerOpen: false })).toEqual([])
  })

  it('the held message before a run gets a gap when older messages may lie between', () => {
    // The store held 1..3, then a run 10..12 was loaded far after them.
    expect(gapsAfterRun(list('1', '2', '3', '10', '11', '12'), [], { messageIDs: ['10', '11', '12'], olderOpen: true, newerOpen: false })).toEqual(['3'])
  })

  it('loading after a gap moves it to the new page end, until a page meets what is held', () => {
    let edges = ['12']
    edges = gapsAfterRun(list('10', '11', '12', '13', '14', '50'), edges, { messageIDs: ['12', '13', '14'], olderOpen: false, newerOpen: true })
    expect(edges).toEqual(['14'])
    edges = gapsAfterRun(list('10', '11', '12', '13', '14', '15', '50'), edges, { messageIDs: ['14', '15', '50'], olderOpen: false, newerOpen: false })
    expect(edges).toEqual([])
  })

  it('an empty page after a gap closes it', () => {
    expect(gapsAfterRun(list('10', '12'), ['12'], { messageIDs: ['12'], olderOpen: false, newerOpen: false })).toEqual([])
  })

  it('keeps gaps elsewhere in the conversation', () => {
    expect(gapsAfterRun(list('3', '10', '20', '21'), ['3'], { messageIDs: ['20', '21'], olderOpen: false, newerOpen: true })).toEqual(['3', '21'])
  })
})
