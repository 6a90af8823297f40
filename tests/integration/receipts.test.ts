// Read receipts end to end: the engine behind useZim (zim/receipts.ts, messageSync, the
// stores), the stand-in and the real local service, two users in a peer chat and three in
// a group. Receipts go out only while the reader has the chat open in the foreground.
import { describe, expect, it, vi } from 'vitest'
import { ConversationType } from '@/zim/constants'
import type { MessageEntry } from '@/stores/messages'
import { roundTrip, until } from '../helpers/wait'
import { useEngineUsers, type Harness } from './helpers/engineUsers'

const PEER = ConversationType.Peer
const GROUP = ConversationType.Group

const { signedIn, user } = useEngineUsers()

const sent = (h: Harness, id: string, type: number) => h.messages.listFor(id, type as 0).filter(e => e.direction === 'out' && e.status === 'sent')
const received = (h: Harness, id: string, type: number) => h.messages.listFor(id, type as 0).filter(e => e.direction === 'in')
const statuses = (list: readonly MessageEntry[]) => list.map(e => e.receipt?.status)

async function refusal(p: Promise<unknown>): Promise<{ code: number, message: string } | null> {
  return p.then(() => null, (e: { code: number, message: string }) => e)
}

describe('read receipts in a peer chat (two users)', () => {
  it('the sender sees "read" once the receiver opens the chat in the foreground: one receipt per view', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    await a.engine.sendText(bID, 'one')
    await a.engine.sendText(bID, 'two')
    await until(() => sent(a, bID, PEER).length === 2 && received(b, aID, PEER).length === 2, 'both sent and received')
    // Asked for at send time: Processing on both sides until read.
    expect(statuses(sent(a, bID, PEER))).toEqual([1, 1])
    expect(statuses(received(b, aID, PEER))).toEqual([1, 1])

    // bob has not opened the chat: nothing is read.
    await roundTrip(a.sdk())
    expect(statuses(sent(a, bID, PEER))).toEqual([1, 1])

    const conversationReceipts = vi.spyOn(b.sdk()!, 'sendConversationMessageReceiptRead')
    b.engine.receipts.open(aID, PEER)
    await until(() => statuses(sent(a, bID, PEER)).every(s => s === 2), 'alice sees both read')
    expect(conversationReceipts).toHaveBeenCalledTimes(1)
    expect(sent(a, bID, PEER)[0].receipt).toEqual({ status: 2, readMemberCount: 1, unreadMemberCount: 0 })
    expect(statuses(received(b, aID, PEER))).toEqual([2, 2])

    // In the background, what arrives stays unread for its sender…
    b.engine.receipts.setForeground(false)
    await a.engine.sendText(bID, 'three')
    await until(() => received(b, aID, PEER).length === 3 && sent(a, bID, PEER).length === 3, 'three arrived')
    b.engine.receipts.changed()
    await roundTrip(b.sdk())
    await roundTrip(a.sdk())
    expect(statuses(sent(a, bID, PEER))).toEqual([2, 2, 1])
    expect(conversationReceipts).toHaveBeenCalledTimes(1)
    // …until the app comes back: a new view, one more receipt.
    b.engine.receipts.setForeground(true)
    await until(() => sent(a, bID, PEER)[2].receipt?.status === 2, 'three read')
    expect(conversationReceipts).toHaveBeenCalledTimes(2)

    // After a reload the sender's history says read, and queryMessageReceiptsInfo agrees.
    const again = await signedIn(aID)
    await again.engine.openConversation(bID, PEER)
    again.engine.receipts.open(bID, PEER)
    await until(() => sent(again, bID, PEER).length === 3, 'history after the reload')
    expect(statuses(sent(again, bID, PEER))).toEqual([2, 2, 2])
    const { infos } = await again.sdk()!.queryMessageReceiptsInfo(sent(again, bID, PEER).map(e => e.raw!), bID, PEER)
    expect(infos.map(i => [i.status, i.readMemberCount, i.unreadMemberCount])).toEqual([[2, 1, 0], [2, 1, 0], [2, 1, 0]])
  })

  it('an unread message is refreshed when the chat opens; a closed or hidden chat sends nothing', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    await a.engine.sendText(bID, 'hello')
    await until(() => received(b, aID, PEER).length === 1, 'hello at bob')
    const spy = vi.spyOn(b.sdk()!, 'sendConversationMessageReceiptRead')
    b.engine.receipts.open(aID, PEER)
    b.engine.receipts.setPageShown(false) // another page on top of the chat
    b.engine.receipts.changed()
    await roundTrip(b.sdk())
    b.engine.receipts.close(aID)
    b.engine.receipts.changed()
    await roundTrip(b.sdk())
    expect(spy).not.toHaveBeenCalled()

    // alice reloads before bob reads: her copy says unread, then "read" arrives live.
    const again = await signedIn(aID)
    await again.engine.openConversation(bID, PEER)
    again.engine.receipts.open(bID, PEER)
    await until(() => sent(again, bID, PEER).length === 1, 'history')
    expect(statuses(sent(again, bID, PEER))).toEqual([1])
    b.engine.receipts.open(aID, PEER)
    await until(() => sent(again, bID, PEER)[0].receipt?.status === 2, 'read after the reload')
  })

  it('the calls against the service: codes and results', async () => {
    const [aID, bID, cID] = [user('a'), user('b'), user('c')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    const zb = b.sdk()!
    // No such conversation yet.
    expect((await refusal(zb.sendConversationMessageReceiptRead(cID, PEER)))?.code).toBe(6000603)
    // Group chats mark messages, not the conversation.
    expect((await refusal(zb.sendConversationMessageReceiptRead('g', GROUP)))?.code).toBe(6000001)
    // A message sent without a receipt has none to query.
    await a.sdk()!.sendMessage({ type: 1, message: 'plain' } as never, bID, PEER, { priority: 1 } as never)
    await until(() => received(b, aID, PEER).length === 1, 'plain at bob')
    const plain = received(b, aID, PEER)[0]
    expect(plain.receipt).toBeUndefined()
    expect((await refusal(zb.queryMessageReceiptsInfo([plain.raw!], aID, PEER)))?.code).toBe(6000001)
    await a.engine.sendText(bID, 'x') // the outbox waits out the SDK's pacing
    await until(() => received(b, aID, PEER).length === 2, 'x at bob')
    const raw = received(b, aID, PEER)[1].raw!
    // More than 10 at once: the service's limit.
    const eleven = Array.from({ length: 11 }, (_, i) => ({ ...raw, messageID: String(Number(raw.messageID) + i) }))
    expect((await refusal(zb.sendMessageReceiptsRead(eleven, aID, PEER)))?.code).toBe(6000282)
    // One that is no message of this chat: none could be marked.
    expect((await refusal(zb.sendMessageReceiptsRead([{ ...raw, messageID: '999999' }], aID, PEER)))?.code).toBe(6000277)
    // Peer chats may mark messages one by one too; the sender learns it per message.
    const result = await zb.sendMessageReceiptsRead([raw], aID, PEER)
    expect(result.errorMessageIDs).toEqual([])
    await until(() => sent(a, bID, PEER)[1]?.receipt?.status === 2, 'x read at alice')
  })
})

describe('read receipts in a group (three users)', () => {
  it('a group message goes "1 read" then "2 read"; the sender lists who read it and who has not', async () => {
    const [aID, bID, cID] = [user('a'), user('b'), user('c')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    const c = await signedIn(cID)
    const { groupID } = await a.engine.groups.create('Readers', [bID, cID])
    await a.engine.sendText(groupID, 'hello all', GROUP)
    await until(() => sent(a, groupID, GROUP).length === 1 && received(b, groupID, GROUP).length === 1 && received(c, groupID, GROUP).length === 1, 'at everyone')
    const mine = () => sent(a, groupID, GROUP)[0]
    expect(mine().receipt?.status).toBe(1)

    // bob has it on screen: one batch of one.
    const batches = vi.spyOn(b.sdk()!, 'sendMessageReceiptsRead')
    b.engine.receipts.open(groupID, GROUP)
    b.engine.receipts.rowOnScreen(received(b, groupID, GROUP)[0], true)
    await until(() => mine().receipt?.readMemberCount === 1, 'one read')
    expect(mine().receipt).toEqual({ status: 1, readMemberCount: 1, unreadMemberCount: 1 })
    expect(batches).toHaveBeenCalledTimes(1)
    expect(received(b, groupID, GROUP)[0].receipt?.status).toBe(2)

    const [readBefore, unreadBefore] = await Promise.all([a.engine.receipts.members(mine(), true), a.engine.receipts.members(mine(), false)])
    expect(readBefore.members.map(m => m.userID)).toEqual([bID])
    expect(unreadBefore.members.map(m => m.userID)).toEqual([cID])
    expect(readBefore.members[0].userName).toBe(`${bID} name`)

    // carol's row was on screen while the app was in the background: nothing until it is back.
    c.engine.receipts.open(groupID, GROUP)
    c.engine.receipts.setForeground(false)
    c.engine.receipts.rowOnScreen(received(c, groupID, GROUP)[0], true)
    await roundTrip(c.sdk())
    await roundTrip(a.sdk())
    expect(mine().receipt?.readMemberCount).toBe(1)
    // Back in the foreground: the row still on screen is read (no new report from the row).
    c.engine.receipts.setForeground(true)
    await until(() => mine().receipt?.readMemberCount === 2, 'two read')
    expect(mine().receipt).toEqual({ status: 2, readMemberCount: 2, unreadMemberCount: 0 })
    const everyone = await a.engine.receipts.members(mine(), true)
    expect(everyone.members.map(m => m.userID).sort()).toEqual([bID, cID].sort())
    expect((await a.engine.receipts.members(mine(), false)).members).toEqual([])
  })

  it('batches of at most 10: twelve messages on screen go in two calls', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    const { groupID } = await a.engine.groups.create('Many', [bID])
    for (let i = 0; i < 12; i++)
      await a.engine.sendText(groupID, `m${i}`, GROUP)
    await until(() => received(b, groupID, GROUP).length === 12, 'twelve at bob')
    const batches = vi.spyOn(b.sdk()!, 'sendMessageReceiptsRead')
    b.engine.receipts.open(groupID, GROUP)
    for (const entry of received(b, groupID, GROUP))
      b.engine.receipts.rowOnScreen(entry, true)
    await until(() => sent(a, groupID, GROUP).length === 12 && sent(a, groupID, GROUP).every(e => e.receipt?.status === 2), 'all twelve read')
    expect(batches.mock.calls.map(call => call[0].length)).toEqual([10, 2])
  })
})
