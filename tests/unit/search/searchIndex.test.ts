import { describe, expect, it } from 'vitest'
import type { CachedMessage } from '@/cache/reader'
import { parseQuery } from '@/search/match'
import { createMessageSearch, createSearchSession, searchConversations, type SearchableConversation } from '@/search/searchIndex'

let seq = 0
function msg(conversationID: string, text: string, timestamp: number, extra: Partial<CachedMessage> = {}): CachedMessage {
  const messageID = String(++seq)
  return {
    key: `m:${messageID}`, messageID, conversationID, conversationType: 0, senderUserID: conversationID,
    direction: 'in', status: 'sent', type: 1, text, timestamp, orderKey: seq, ...extra,
  }
}

describe('message search', () => {
  it('ranks the query as typed above its words apart, then the newest first', () => {
    const apart = msg('bob', 'the report is late, the final one', 300)
    const old = msg('bob', 'final report attached', 100)
    const recent = msg('carol', 'here is the final report', 200)
    const hits = createMessageSearch().search([[apart, old, recent]], parseQuery('final report'))
    expect(hits.map(h => h.message.text)).toEqual(['final report attached', 'here is the final report', 'the report is late, the final one'])
  })

  it('one hit per message whatever the number of sources: the first source wins', () => {
    const inStore = msg('bob', 'meeting at ten (edited copy)', 10)
    const cached = { ...inStore, text: 'meeting at ten' }
    const other = msg('bob', 'meeting moved', 20)
    const hits = createMessageSearch().search([[inStore], [cached, other]], parseQuery('meeting'))
    expect(hits.map(h => h.message.text).sort()).toEqual(['meeting at ten (edited copy)', 'meeting moved'])
  })

  it('same messageID in two conversations is two messages', () => {
    const a = msg('bob', 'hello', 1)
    const b = { ...a, conversationID: 'carol' }
    expect(createMessageSearch().search([[a], [b]], parseQuery('hello'))).toHaveLength(2)
  })

  it('skips recalled messages and finds files by name; within one conversation only when asked', () => {
    const recalled = msg('bob', 'secret plan', 1, { revoked: true })
    const file = msg('bob', '', 2, { type: 12, media: { fileName: 'plan.pdf' } })
    const elsewhere = msg('carol', 'plan B', 3)
    const engine = createMessageSearch()
    expect(engine.search([[recalled, file, elsewhere]], parseQuery('plan')).map(h => h.message.messageID)).toEqual([elsewhere.messageID, file.messageID])
    expect(engine.search([[recalled, file, elsewhere]], parseQuery('plan'), '0:bob').map(h => h.message.messageID)).toEqual([file.messageID])
  })

  it('a text changed in place (a recall) is folded again on the next search', () => {
    const m = msg('bob', 'old words', 1)
    const engine = createMessageSearch()
    expect(engine.search([[m]], parseQuery('old'))).toHaveLength(1)
    m.text = 'new words'
    expect(engine.search([[m]], parseQuery('old'))).toHaveLength(0)
    expect(engine.search([[m]], parseQuery('new'))).toHaveLength(1)
  })
})

describe('conversation search', () => {
  const list: SearchableConversation[] = [
    { conversationID: 'team-7', type: 2, name: 'Design team', orderKey: 5 },
    { conversationID: 'bob', type: 0, name: 'Bob Designer', orderKey: 9 },
    { conversationID: 'design', type: 0, name: '', orderKey: 1 },
    { conversationID: 'carol', type: 0, name: '设计部 Carol', orderKey: 7 },
  ]

  it('matches names and IDs, exact first, then prefix, then inside; ties by the list order', () => {
    const hits = searchConversations(list, parseQuery('design'))
    expect(hits.map(h => h.conversation.conversationID)).toEqual(['design', 'team-7', 'bob'])
    expect(hits[0].idRanges).toEqual([[0, 6]])
    expect(hits[1].nameRanges).toEqual([[0, 6]])
  })

  it('finds CJK names', () => {
    expect(searchConversations(list, parseQuery('设计')).map(h => h.conversation.conversationID)).toEqual(['carol'])
  })
})

describe('a search session', () => {
  it('reads the cache once, looks at the store each time, and searches one chat when scoped', () => {
    const cached = [msg('bob', 'cached hello', 1)]
    let reads = 0
    const store: CachedMessage[][] = []
    const sources = {
      storeLists: () => store,
      cache: { keys: () => ['0:bob'], messages: () => { reads++; return cached } },
      conversations: () => [{ conversationID: 'bob', type: 0 as const, name: 'Bob', orderKey: 1 }],
    }
    const session = createSearchSession(sources)
    expect(session.run('hello').messages).toHaveLength(1)
    store.push([msg('bob', 'live hello', 2)])
    const again = session.run('hello')
    expect(again.messages.map(h => h.message.text)).toEqual(['live hello', 'cached hello'])
    expect(reads).toBe(1)
    expect(session.run('bob').conversations).toHaveLength(1)
    expect(session.run('  ').messages).toEqual([])
    expect(createSearchSession(sources, '0:bob').run('bob').conversations).toEqual([])
  })
})
