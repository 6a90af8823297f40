// custom, combined and command messages between users, through the real engine
// behind useZim with real stores, the stand-in SDK client and the real local service on
// 127.0.0.1 over real WebSockets (each engine with its own Pinia and SDK instance).
import { describe, expect, it } from 'vitest'
import { previewOf } from '@/utils/preview'
import { contactCardMessage, parseContactCard } from '@/utils/customMessages'
import { combinedMessage, forwardable } from '@/composables/useForward'
import { ConversationType } from '@/zim/constants'
import { roundTrip, until } from '../helpers/wait'
import { useEngineUsers } from './helpers/engineUsers'

const PEER = ConversationType.Peer

const { signedIn, user, serverView } = useEngineUsers()

describe('custom, combined and command messages between users', () => {
  it('a contact card arrives as a custom message with its subType; the list preview names it', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    await a.engine.send(contactCardMessage({ userID: 'carol', name: 'Carol' }), bID)
    await until(() => b.messages.listFor(aID, PEER).length === 1, 'the card at bob')
    const entry = b.messages.listFor(aID, PEER)[0]
    expect(entry).toMatchObject({ type: 200, custom: { subType: 1, searchedContent: 'Carol' }, text: '' })
    expect(parseContactCard(entry.custom!.body)).toEqual({ userID: 'carol', name: 'Carol' })
    await until(() => !!b.conversations.get(aID, PEER)?.lastMessage, 'bob\'s conversation')
    expect(previewOf(b.conversations.get(aID, PEER)!.lastMessage)?.label).toBe('messageType.contactCard')
    // Sent again from history after a restart of the view: the same fields.
    const { messageList } = await b.sdk()!.queryHistoryMessage(aID, PEER, { count: 10, reverse: true } as never)
    expect(messageList[0]).toMatchObject({ type: 200, subType: 1, searchedContent: 'Carol' })
  })

  it('two messages forwarded as one combined message: the third user opens its detail; someone outside cannot', async () => {
    const [aID, bID, cID] = [user('a'), user('b'), user('c')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    const c = await signedIn(cID)
    await a.engine.sendText(bID, 'one')
    await until(() => b.messages.listFor(aID, PEER).length === 1, 'one at bob')
    await b.engine.sendText(aID, 'two')
    await until(() => a.messages.listFor(bID, PEER).filter(e => e.status === 'sent').length === 2, 'both at alice')

    const picked = a.messages.listFor(bID, PEER).filter(forwardable)
    expect(picked.map(e => e.text)).toEqual(['one', 'two'])
    await a.engine.send(combinedMessage(picked, { title: 'Chat history of a and b', lines: ['a: one', 'b: two'] }), cID)
    await until(() => c.messages.listFor(aID, PEER).length === 1, 'the combined message at carol')
    const card = c.messages.listFor(aID, PEER)[0]
    expect(card).toMatchObject({ type: 100, combine: { title: 'Chat history of a and b', summary: 'a: one\nb: two' } })

    const { message } = await c.sdk()!.queryCombineMessageDetail(card.raw as never)
    const children = (message as unknown as { messageList: { message: string, senderUserID: string }[] }).messageList
    expect(children.map(m => [m.senderUserID, m.message])).toEqual([[aID, 'one'], [bID, 'two']])
    // bob is in none of the conversations it went into.
    const refused = await b.sdk()!.queryCombineMessageDetail(card.raw as never).then(() => null, (e: { code: number }) => e)
    expect(refused?.code).toBe(6000007)
  })

  it('typing: a command reaches the other side\'s presence only — no row, no unread, nothing stored', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    await a.engine.sendText(bID, 'hello')
    await until(() => b.conversations.get(aID, PEER)?.unreadMessageCount === 1, 'one unread at bob')

    // Each poll is a keystroke: a signal refused by the SDK's pacing (the text went out a
    // moment ago) gives its turn back, so the next one goes.
    await until(() => {
      a.engine.presence.composing(bID, PEER, true)
      return b.engine.presence.isTyping(aID, PEER)
    }, 'bob sees alice typing')
    await roundTrip(b.sdk()!)
    expect(b.messages.listFor(aID, PEER).map(e => e.text)).toEqual(['hello'])
    expect(a.messages.listFor(bID, PEER).map(e => e.text)).toEqual(['hello'])
    expect(b.conversations.get(aID, PEER)?.unreadMessageCount).toBe(1)
    expect((await serverView(b, aID))?.unreadMessageCount).toBe(1)
    expect((await serverView(b, aID))?.lastMessage?.type).toBe(1)
    const { messageList } = await b.sdk()!.queryHistoryMessage(aID, PEER, { count: 10, reverse: true } as never)
    expect(messageList.map(m => m.type)).toEqual([1])

    // The next message ends the indicator at once.
    await a.engine.sendText(bID, 'there')
    await until(() => b.messages.listFor(aID, PEER).length === 2, 'the second text')
    expect(b.engine.presence.isTyping(aID, PEER)).toBe(false)
  })
})
