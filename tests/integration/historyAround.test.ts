// A chat opened at an old message (from search), against the real local service: the page
// before it and the page from it (queryHistoryMessage with nextMessage, both directions),
// the gap the store keeps after it, and the pages loaded after the gap until it meets what
// the store holds.
import { beforeAll, describe, expect, it } from 'vitest'
import { ConversationType } from '@/zim/constants'
import { configure } from '@/zim/local/index'
import { conversationKey } from '@/stores/keys'
import { until } from '../helpers/wait'
import type { ZIMMessage } from '@/zim/types'
import { useEngineUsers } from './helpers/engineUsers'
import { SEND_CONFIG, text } from './helpers/standinUsers'

const PEER = ConversationType.Peer
const PAGE = 10
const bodyOf = (m: ZIMMessage) => (m as unknown as { message: string }).message
const { signedIn, user } = useEngineUsers()
// Seeding sends back to back: the stand-in's send pacing (the SDK's frequency limit) off.
beforeAll(() => configure({ sendMinGapMs: 0 }))

/**
 * The login delivered the backlog as offline messages; the store forgets them, as an app
 * started afresh that has them in its cache only.
 */
async function forgetDelivered(b: Awaited<ReturnType<typeof signedIn>>, peer: string, count: number) {
  await until(() => b.messages.listFor(peer, PEER).length === count, 'the backlog delivered')
  b.messages.removeConversation(conversationKey(peer, PEER))
}

describe('history around a message', () => {
  it('loads both sides of an old message, keeps the gap after it, and closes it page by page', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID, { historyPageSize: PAGE })
    for (let i = 1; i <= 120; i++)
      await a.sdk()!.sendMessage(text(`m${i}`), bID, PEER, SEND_CONFIG)
    const b = await signedIn(bID, { historyPageSize: PAGE })
    await forgetDelivered(b, aID, 120)
    const sdk = b.sdk()!

    // The service pages forward (reverse: false) from a message as well as back from it.
    const forward = await sdk.queryHistoryMessage(aID, PEER, { count: 30, reverse: false } as never)
    expect(forward.messageList.map(m => bodyOf(m))).toEqual(Array.from({ length: 30 }, (_, i) => `m${i + 1}`))
    const anchor = forward.messageList[29] as ZIMMessage // m30
    const after = await sdk.queryHistoryMessage(aID, PEER, { count: 3, reverse: false, nextMessage: anchor } as never)
    expect(after.messageList.map(m => bodyOf(m))).toEqual(['m31', 'm32', 'm33'])
    const before = await sdk.queryHistoryMessage(aID, PEER, { count: 3, reverse: true, nextMessage: anchor } as never)
    expect(before.messageList.map(m => bodyOf(m))).toEqual(['m27', 'm28', 'm29'])

    const texts = () => b.messages.listFor(aID, PEER).map(e => e.text)
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`)
    const idOf = (t: string) => b.messages.listFor(aID, PEER).find(e => e.text === t)!.messageID!

    await b.engine.history.openAround(aID, PEER, anchor)
    expect(texts()).toEqual(range(20, 39))
    // The store does not pretend m39 is the newest: a gap after it.
    expect(b.messages.gapsFor(aID, PEER)).toEqual([idOf('m39')])

    await b.engine.history.loadNewer(aID, PEER, idOf('m39'))
    expect(texts()).toEqual(range(20, 49))
    expect(b.messages.gapsFor(aID, PEER)).toEqual([idOf('m49')])

    // The chat opens as usual (the newest pages, walking back): what lies between is still a gap.
    await b.engine.openConversation(aID, PEER)
    expect(texts().slice(-1)).toEqual(['m120'])
    let loads = 0
    while (b.messages.gapsFor(aID, PEER).length && loads < 20) {
      await b.engine.history.loadNewer(aID, PEER, b.messages.gapsFor(aID, PEER)[0])
      loads++
    }
    expect(b.messages.gapsFor(aID, PEER)).toEqual([])
    expect(loads).toBeLessThanOrEqual(8)
    expect(texts()).toEqual(range(20, 120))
  }, 60_000)

  it('an anchor among the first messages: the older page is short, nothing older is a gap', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID, { historyPageSize: PAGE })
    for (let i = 1; i <= 25; i++)
      await a.sdk()!.sendMessage(text(`n${i}`), bID, PEER, SEND_CONFIG)
    const b = await signedIn(bID, { historyPageSize: PAGE })
    await forgetDelivered(b, aID, 25)
    const { messageList } = await b.sdk()!.queryHistoryMessage(aID, PEER, { count: 3, reverse: false } as never)
    await b.engine.history.openAround(aID, PEER, messageList[2] as ZIMMessage) // n3
    expect(b.messages.listFor(aID, PEER).map(e => e.text)).toEqual(Array.from({ length: 12 }, (_, i) => `n${i + 1}`))
    expect(b.messages.gapsFor(aID, PEER)).toHaveLength(1)
  }, 30_000)
})
