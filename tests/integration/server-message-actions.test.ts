// The local service's revokeMessage and deleteMessages, two users over the bare protocol,
// with the service's clock in the test's hands (the 2-minute revoke window).
import { describe, expect, it } from 'vitest'
import { REVOKE_WINDOW_MS } from '../../scripts/server/zim/ops/messageActions'
import type { Push } from '../../src/zim/local/protocol'
import type { ZIMConversation, ZIMMessage } from '../../src/zim/types'
import type { ProtocolClient } from './helpers/protocolClient'
import { ok, sendText, useTestServer } from './helpers/serverUsers'

let clock = Date.UTC(2026, 0, 1, 12)
const { users } = useTestServer({ dbPath: ':memory:', now: () => clock })

let pairs = 0
/** Two fresh users; `a` sent `b` a text, and both have taken that send's pushes. */
async function chat(text = 'hello') {
  const n = ++pairs
  const a = await users.loggedIn(`ra${n}`)
  const b = await users.loggedIn(`rb${n}`)
  const sent = ok<{ message: ZIMMessage }>(await sendText(a, `rb${n}`, text)).message
  await b.push('messages')
  await b.push('conversationChanged')
  await a.push('conversationChanged')
  return { a, b, aID: `ra${n}`, bID: `rb${n}`, sent }
}

function revoke(c: ProtocolClient, conversationID: string, messageSeq: unknown, conversationType: unknown = 0) {
  return c.request('revokeMessage', { conversationID, conversationType, messageSeq })
}

async function history(c: ProtocolClient, conversationID: string): Promise<ZIMMessage[]> {
  return ok<{ messageList: ZIMMessage[] }>(await c.request('queryHistory', { conversationID, conversationType: 0, count: 50, reverse: true })).messageList
}

async function conversation(c: ProtocolClient, id: string): Promise<ZIMConversation | undefined> {
  return ok<{ conversationList: ZIMConversation[] }>(await c.request('queryConversations', { count: 50 })).conversationList.find(x => x.conversationID === id)
}

describe('revokeMessage', () => {
  it('answers the revoker with the revoke message; the other member gets messageRevokeReceived and a conversation showing it', async () => {
    const { a, b, aID, bID, sent } = await chat('take this back')
    clock += 30_000
    const reply = ok<{ message: ZIMMessage }>(await revoke(a, bID, sent.messageSeq))
    expect(reply.message).toMatchObject({
      type: 31,
      messageID: sent.messageID,
      messageSeq: sent.messageSeq,
      revokeType: 0,
      revokeStatus: 0,
      revokeTimestamp: clock,
      operatedUserID: aID,
      originalMessageType: 1,
      originalTextMessageContent: 'take this back',
      direction: 0,
    })

    const received = await b.push('messageRevokeReceived')
    expect(received.messageList).toHaveLength(1)
    expect(received.messageList[0]).toMatchObject({ type: 31, messageID: sent.messageID, operatedUserID: aID, direction: 1, conversationID: aID })
    const bConv = await b.push('conversationChanged')
    // bob never read it: the unread count drops back to 0.
    expect(bConv.infoList[0].conversation).toMatchObject({ conversationID: aID, unreadMessageCount: 0, lastMessage: { type: 31, messageID: sent.messageID } })
    const aConv = await a.push('conversationChanged')
    expect(aConv.infoList[0].conversation).toMatchObject({ conversationID: bID, lastMessage: { type: 31 } })
    // The revoker's own device gets no revoke event.
    await history(a, bID) // a round trip: anything pushed before it has arrived
    expect(a.pending().filter((p: Push) => p.push === 'messageRevokeReceived')).toEqual([])

    // History has the revoke message in the original's place, for both.
    for (const [c, peer] of [[a, bID], [b, aID]] as const) {
      const list = await history(c, peer)
      expect(list.map(m => [m.messageID, m.type])).toEqual([[sent.messageID, 31]])
    }
    expect((await conversation(b, aID))?.unreadMessageCount).toBe(0)
  })

  it('keeps the unread count when the recalled message was already read', async () => {
    const { a, b, aID, bID, sent } = await chat()
    ok(await b.request('clearUnread', { conversationID: aID, conversationType: 0 }))
    await b.push('conversationChanged')
    ok(await sendText(a, bID, 'second'))
    await b.push('messages')
    expect((await b.push('conversationChanged')).infoList[0].conversation.unreadMessageCount).toBe(1)
    ok(await revoke(a, bID, sent.messageSeq))
    await b.push('messageRevokeReceived')
    // Not bob's last message and already read: nothing in his list changes.
    expect((await conversation(b, aID))).toMatchObject({ unreadMessageCount: 1, lastMessage: { type: 1, message: 'second' } })
    expect(b.pending().filter((p: Push) => p.push === 'conversationChanged')).toEqual([])
  })

  it('an unread message recalled before a newer one: the unread count drops, the last message stays the newer one', async () => {
    const { a, b, bID, sent } = await chat('first')
    ok(await sendText(a, bID, 'second'))
    await b.push('messages')
    await b.push('conversationChanged')
    ok(await revoke(a, bID, sent.messageSeq))
    const changed = (await b.push('conversationChanged')).infoList[0].conversation
    expect(changed).toMatchObject({ unreadMessageCount: 1, lastMessage: { type: 1, message: 'second' } })
  })

  it('refuses after 2 minutes with 6000278, a second revoke with 6000279, another\'s message and a room', async () => {
    const { a, b, aID, bID, sent } = await chat()
    clock += REVOKE_WINDOW_MS + 1
    expect(await revoke(a, bID, sent.messageSeq)).toMatchObject({ ok: false, code: 6000278 })
    const late = ok<{ message: ZIMMessage }>(await sendText(a, bID, 'fresh')).message
    // bob cannot recall alice's message in their one-to-one chat.
    expect(await revoke(b, aID, late.messageSeq)).toMatchObject({ ok: false, code: 6000007 })
    ok(await revoke(a, bID, late.messageSeq))
    expect(await revoke(a, bID, late.messageSeq)).toMatchObject({ ok: false, code: 6000279 })
    expect(await revoke(a, bID, 999)).toMatchObject({ ok: false, code: 6000007 })
    expect(await revoke(a, bID, late.messageSeq, 1)).toMatchObject({ ok: false, code: 6000001 })
    expect(await revoke(a, bID, undefined)).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('messageSeq') })
    expect(await revoke(a, 'nobody-here', 1)).toMatchObject({ ok: false, code: 6000007 })
  })
})

describe('deleteMessages', () => {
  const del = (c: ProtocolClient, conversationID: string, messageIDs: unknown, conversationType: unknown = 0) =>
    c.request('deleteMessages', { conversationID, conversationType, messageIDs })

  it('removes the messages for the caller only; the other member keeps them', async () => {
    const { a, b, aID, bID, sent } = await chat('first')
    const second = ok<{ message: ZIMMessage }>(await sendText(a, bID, 'second')).message
    await b.push('messages')
    await b.push('conversationChanged')
    await a.push('conversationChanged')

    ok(await del(b, aID, [second.messageID]))
    // bob's list now ends at the message he kept, and the deleted one no longer counts as unread.
    const bConv = await b.push('conversationChanged')
    expect(bConv.infoList[0].conversation).toMatchObject({ conversationID: aID, unreadMessageCount: 1, lastMessage: { messageID: sent.messageID } })
    expect((await history(b, aID)).map(m => m.messageID)).toEqual([sent.messageID])
    expect((await history(a, bID)).map(m => m.messageID)).toEqual([sent.messageID, second.messageID])
    // alice hears nothing of it.
    expect(a.pending().filter((p: Push) => p.push !== 'conversationChanged')).toEqual([])

    ok(await del(a, bID, [sent.messageID]))
    expect((await history(a, bID)).map(m => m.messageID)).toEqual([second.messageID])
    expect((await history(b, aID)).map(m => m.messageID)).toEqual([sent.messageID])
  })

  it('refuses a message of another conversation (6000602), an empty list and a room (6000001)', async () => {
    const { a, bID, sent } = await chat()
    const other = await chat()
    expect(await del(a, bID, [other.sent.messageID])).toMatchObject({ ok: false, code: 6000602 })
    expect(await del(a, bID, [])).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('messageIDs') })
    expect(await del(a, bID, [sent.messageID], 1)).toMatchObject({ ok: false, code: 6000001 })
    expect(await del(a, 'stranger', [sent.messageID])).toMatchObject({ ok: false, code: 6000602 })
    expect((await history(a, bID)).map(m => m.messageID)).toEqual([sent.messageID])
  })
})
