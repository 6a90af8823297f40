// Room sends through the service's protocol, without the stand-in: a retried send (the
// same localMessageID, after a lost reply or a resend) is said once, as a peer or group
// send is stored once.
import { describe, expect, it } from 'vitest'
import { ok, useTestServer } from './helpers/serverUsers'

const { users } = useTestServer()

describe('room sends', () => {
  it('a repeat of the same localMessageID is said once: the same message back, nothing new to the others', async () => {
    const alice = await users.loggedIn('rs-alice')
    const bob = await users.loggedIn('rs-bob')
    ok(await alice.request('enterRoom', { mode: 'create', roomID: 'rs1', roomName: 'R' }))
    ok(await bob.request('enterRoom', { mode: 'enter', roomID: 'rs1', roomName: '' }))
    const send = (localMessageID: string, text: string) => alice.request('send', {
      message: { type: 1, message: text, localMessageID }, toConversationID: 'rs1', conversationType: 1, priority: 1,
    })
    const first = ok<{ message: { messageID: string } }>(await send('L1', 'hello'))
    const again = ok<{ message: { messageID: string } }>(await send('L1', 'hello'))
    const other = ok<{ message: { messageID: string } }>(await send('L2', 'second'))
    expect(again.message.messageID).toBe(first.message.messageID)
    expect(other.message.messageID).not.toBe(first.message.messageID)
    // The reply to alice's third send came after every push for the earlier ones (one socket, in order):
    // bob has been told of exactly two messages once a round trip of his own returns.
    await bob.request('queryConversations', { count: 1 })
    const heard = bob.pending().filter(p => p.push === 'messages')
      .flatMap(p => (p as unknown as { messageList: { message: string }[] }).messageList.map(m => m.message))
    expect(heard).toEqual(['hello', 'second'])
  })
})
