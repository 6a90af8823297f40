// Conversation management on the stand-in against the local service, two users: pin, mute,
// draft, delete, unread and the total, each side's events as the SDK reports them.
import { describe, expect, it } from 'vitest'
import { until } from '../helpers/wait'
import { SEND_CONFIG, text, useStandinUsers, type User } from './helpers/standinUsers'

const env = useStandinUsers()

const totals = (u: User) => u.events('conversationTotalUnreadMessageCountUpdated').map(e => e.totalUnreadMessageCount)
const changes = (u: User) => u.events('conversationChanged').flatMap(e => e.infoList)

async function listOf(u: User) {
  return (await u.zim.queryConversationList({ count: 50 } as never)).conversationList
}

/** Two users; `from` sends `n` texts to `to`, and `to` has seen them arrive. */
async function pair(prefix: string, n = 2) {
  const alice = await env.loggedIn(`${prefix}alice`)
  const bob = await env.loggedIn(`${prefix}bob`)
  for (let i = 0; i < n; i++)
    await alice.zim.sendMessage(text(`hi ${i}`), bob.userID, 0, SEND_CONFIG)
  await until(() => bob.events('peerMessageReceived').length === n, 'bob receives')
  await until(() => totals(bob).at(-1) === n, 'bob hears the total')
  return { alice, bob }
}

describe('conversation management on the stand-in', () => {
  it('pins a conversation first (orderKey + 1e12, pinnedTime), and a repeated unpin is 6000001', async () => {
    const { alice, bob } = await pair('pin')
    await alice.zim.sendMessage(text('to carol'), 'pincarol', 0, SEND_CONFIG)
    expect((await listOf(alice)).map(c => c.conversationID)).toEqual(['pincarol', bob.userID])

    alice.clear()
    await expect(alice.zim.updateConversationPinnedState(true, bob.userID, 0)).resolves.toEqual({ conversationID: bob.userID, conversationType: 0 })
    const pinned = changes(alice).at(-1)!
    expect(pinned.event).toBe(1)
    expect(pinned.conversation).toMatchObject({ conversationID: bob.userID, isPinned: true })
    expect(pinned.conversation.orderKey).toBe(pinned.conversation.lastMessage!.timestamp! + 1e12)
    expect(pinned.conversation.pinnedTime).toBeGreaterThan(0)
    const list = await listOf(alice)
    expect(list.map(c => [c.conversationID, c.isPinned])).toEqual([[bob.userID, true], ['pincarol', false]])

    await alice.zim.updateConversationPinnedState(false, bob.userID, 0)
    expect(changes(alice).at(-1)!.conversation).toMatchObject({ isPinned: false, pinnedTime: 0 })
    expect((await listOf(alice)).map(c => c.conversationID)).toEqual(['pincarol', bob.userID])
    await expect(alice.zim.updateConversationPinnedState(false, bob.userID, 0)).rejects.toEqual({ code: 6000001, message: 'Repeatedly unpin.' })
    // the other side's list is its own
    expect((await listOf(bob))[0]).toMatchObject({ conversationID: alice.userID, isPinned: false })
  })

  it('mutes (2): the conversation leaves the total; unmuting brings it back', async () => {
    const { alice, bob } = await pair('mute')
    bob.clear()
    await bob.zim.setConversationNotificationStatus(2, alice.userID, 0)
    expect(changes(bob).at(-1)!.conversation).toMatchObject({ conversationID: alice.userID, notificationStatus: 2, unreadMessageCount: 2 })
    expect(totals(bob)).toEqual([0])
    // a message to a muted conversation counts in it, not in the total
    await alice.zim.sendMessage(text('while muted'), bob.userID, 0, SEND_CONFIG)
    await until(() => changes(bob).some(c => c.conversation.unreadMessageCount === 3), 'bob counts the third')
    expect(totals(bob)).toEqual([0])
    await bob.zim.setConversationNotificationStatus(1, alice.userID, 0)
    expect(totals(bob)).toEqual([0, 3])
    expect((await listOf(bob))[0]).toMatchObject({ notificationStatus: 1, unreadMessageCount: 3 })
  })

  it('clears the unread count: conversationChanged then the total, before the call resolves', async () => {
    const { alice, bob } = await pair('clear')
    bob.clear()
    await bob.zim.clearConversationUnreadMessageCount(alice.userID, 0)
    expect(bob.seen.map(e => e.name)).toEqual(['conversationChanged', 'conversationTotalUnreadMessageCountUpdated'])
    expect(totals(bob)).toEqual([0])
    // nothing unread: nothing to report
    bob.clear()
    await bob.zim.clearConversationUnreadMessageCount(alice.userID, 0)
    expect(bob.seen).toEqual([])
  })

  it('keeps a draft on this device: creates the conversation, moves it to now, rides on what the service sends', async () => {
    const { alice, bob } = await pair('draft', 1)
    await alice.zim.sendMessage(text('to carol'), 'draftcarol', 0, SEND_CONFIG)
    alice.clear()
    await alice.zim.setConversationDraft('half a thought', bob.userID, 0)
    const drafted = changes(alice).at(-1)!
    expect(drafted).toMatchObject({ event: 1, conversation: { conversationID: bob.userID, draft: 'half a thought' } })
    expect(drafted.conversation.orderKey).toBeGreaterThan(drafted.conversation.lastMessage!.timestamp!)
    // a reply from bob arrives: the pushed conversation still carries the draft
    await bob.zim.sendMessage(text('reply'), alice.userID, 0, SEND_CONFIG)
    await until(() => changes(alice).some(c => c.conversation.lastMessage?.senderUserID === bob.userID), 'alice gets the reply')
    expect(changes(alice).at(-1)!.conversation.draft).toBe('half a thought')
    expect((await listOf(alice)).find(c => c.conversationID === bob.userID)!.draft).toBe('half a thought')
    // the service never heard of it
    expect((await listOf(bob))[0].draft).toBe('')
    // a conversation that did not exist is created by its draft
    await alice.zim.setConversationDraft('hello?', 'draftnobody', 0)
    expect(changes(alice).at(-1)).toMatchObject({ event: 1, conversation: { conversationID: 'draftnobody', draft: 'hello?' } })
    // cleared: back to its last message's time
    await alice.zim.setConversationDraft('', bob.userID, 0)
    const cleared = changes(alice).at(-1)!.conversation
    expect(cleared.draft).toBe('')
    expect(cleared.orderKey).toBe(cleared.lastMessage!.timestamp)
  })

  it('deletes a conversation with its server copy: Deleted, then the total; gone from the list until a new message', async () => {
    const { alice, bob } = await pair('del')
    bob.clear()
    await expect(bob.zim.deleteConversation(alice.userID, 0, { isAlsoDeleteServerConversation: true })).resolves.toEqual({ conversationID: alice.userID, conversationType: 0 })
    expect(bob.seen.map(e => [e.name, e.data.infoList?.[0]?.event ?? e.data.totalUnreadMessageCount])).toEqual([
      ['conversationChanged', 3],
      ['conversationTotalUnreadMessageCountUpdated', 0],
    ])
    expect(await listOf(bob)).toEqual([])
    await expect(bob.zim.deleteConversation(alice.userID, 0, { isAlsoDeleteServerConversation: true })).rejects.toMatchObject({ code: 6000603 })
    // alice keeps hers
    expect((await listOf(alice)).map(c => c.conversationID)).toEqual([bob.userID])
    await alice.zim.sendMessage(text('again'), bob.userID, 0, SEND_CONFIG)
    await until(() => changes(bob).some(c => c.event === 0), 'the conversation is back for bob')
    expect((await listOf(bob))[0]).toMatchObject({ unreadMessageCount: 1 })
  })

  it('refuses rooms for every conversation call (6000001)', async () => {
    const alice = await env.loggedIn('roomcalls')
    const calls: [string, () => Promise<unknown>][] = [
      ['pin', () => alice.zim.updateConversationPinnedState(true, 'r1', 1)],
      ['mute', () => alice.zim.setConversationNotificationStatus(2, 'r1', 1)],
      ['draft', () => alice.zim.setConversationDraft('x', 'r1', 1)],
      ['delete', () => alice.zim.deleteConversation('r1', 1, { isAlsoDeleteServerConversation: true })],
      ['clear', () => alice.zim.clearConversationUnreadMessageCount('r1', 1)],
      ['deleteAll', () => alice.zim.deleteAllMessage('r1', 1, { isAlsoDeleteServerMessage: true })],
    ]
    for (const [, call] of calls)
      await expect(call()).rejects.toMatchObject({ code: 6000001 })
  })
})
