// `npm run bench:search`: search time over a local cache of 50 conversations × 200 messages
// (the code the search page runs: src/search/searchIndex over src/cache/reader, in Node's
// V8, as Chromium runs it). The cache is written in the cache's own storage layout
// (src/cache/format.ts) into a memory storage; the messages store holds the newest 30 of
// each conversation too, as after opening them, so deduplication is part of the figure.
//
// Prints: the first search (reads and parses the cache, folds every text), the same search
// repeated, other searches afterwards (one word, several words, CJK, a miss), and a search
// within one chat. Options: --conversations N (50), --messages N (200), --runs N (30).
import { performance } from 'node:perf_hooks'
import { cacheReader, type CachedMessage } from '../../src/cache/reader'
import { indexKey, messagesKey } from '../../src/cache/format'
import { memoryStorage } from '../../src/composables/zim/persistence'
import { conversationKey } from '../../src/stores/keys'
import { createSearchSession, type SearchableConversation } from '../../src/search/searchIndex'

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN
  return Number.isFinite(value) && value > 0 ? value : fallback
}

const CONVERSATIONS = option('conversations', 50)
const MESSAGES = option('messages', 200)
const RUNS = option('runs', 30)
const USER = 'bench-reader'

const WORDS = ['meeting', 'tomorrow', 'lunch', 'report', 'project', 'deadline', 'coffee', 'review', 'trip', 'hotel', 'budget', 'design', 'photo', 'weekend', 'call']
const CJK = ['明天', '开会', '午饭', '报告', '项目', '北京', '上海', '周末', '咖啡', '预算', '设计', '照片']

// A fixed pseudo-random sequence: every run searches the same texts.
let seed = 42
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]

function sentence(i: number): string {
  const n = 4 + Math.floor(next() * 10)
  const parts = Array.from({ length: n }, () => (next() < 0.3 ? pick(CJK) : pick(WORDS)))
  return `${parts.join(' ')} #${i}`
}

const storage = memoryStorage()
const conversations: SearchableConversation[] = []
const storeLists: CachedMessage[][] = []
const used: Record<string, number> = {}
let id = 0
for (let c = 0; c < CONVERSATIONS; c++) {
  const peer = `peer-${c}`
  const key = conversationKey(peer, 0)
  const list: CachedMessage[] = Array.from({ length: MESSAGES }, (_, i) => {
    const messageID = String(++id)
    return {
      key: `m:${messageID}`, messageID, conversationID: peer, conversationType: 0, senderUserID: i % 2 ? USER : peer,
      direction: i % 2 ? 'out' : 'in', status: 'sent', type: 1, text: sentence(i), timestamp: 1_700_000_000_000 + id * 1000, orderKey: id,
    }
  })
  storage.set(messagesKey(USER, key), JSON.stringify(list))
  used[key] = c
  conversations.push({ conversationID: peer, type: 0, name: `Friend ${c}`, orderKey: c })
  // The store's own copies (objects of their own, as after a history page).
  storeLists.push(list.slice(-30).map(m => ({ ...m })))
}
storage.set(indexKey(USER), JSON.stringify({ v: 1, used, bytes: {} }))
const cacheChars = [...Array(CONVERSATIONS).keys()].reduce((sum, c) => sum + (storage.get(messagesKey(USER, conversationKey(`peer-${c}`, 0)))?.length ?? 0), 0)

const sources = { storeLists: () => storeLists, cache: cacheReader(storage, USER), conversations: () => conversations }

function time(run: () => unknown): number {
  const start = performance.now()
  run()
  return performance.now() - start
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  return `p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms`
}

const session = createSearchSession(sources)
let hits = 0
const first = time(() => {
  hits = session.run('project deadline').messages.length
})
const repeated = Array.from({ length: RUNS }, () => time(() => session.run('project deadline')))
const others: Record<string, number[]> = { 'coffee': [], 'lunch tomorrow review': [], '北京': [], 'no such words': [] }
for (let r = 0; r < RUNS; r++) {
  for (const query of Object.keys(others))
    others[query].push(time(() => session.run(query)))
}
const within = createSearchSession(sources, conversationKey('peer-7', 0))
const withinFirst = time(() => within.run('coffee'))
const withinRepeated = Array.from({ length: RUNS }, () => time(() => within.run('coffee')))

console.info(`search over ${CONVERSATIONS} conversations × ${MESSAGES} messages (${CONVERSATIONS * MESSAGES} cached, ${(cacheChars / 1024 / 1024).toFixed(2)} M characters; the store holds 30 of each too)`)
console.info(`  first search "project deadline"        ${first.toFixed(2)} ms (reads and parses the cache, folds every text; ${hits} hits, 200 kept)`)
console.info(`  the same search repeated (${RUNS}×)         ${stats(repeated)}`)
for (const [query, samples] of Object.entries(others))
  console.info(`  then "${query}"${' '.repeat(Math.max(1, 30 - query.length))}${stats(samples)}`)
console.info(`  within one chat, first / repeated       ${withinFirst.toFixed(2)} ms / ${stats(withinRepeated)}`)
