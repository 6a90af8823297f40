// The real engine behind useZim (src/composables/zim/engine.ts) with real stores, the
// stand-in SDK client and the real local service on 127.0.0.1, over real WebSockets.
// Each engine gets its own Pinia and its own detached SDK instance, so several users
// run side by side in one process.
import { describe, expect, it } from 'vitest'
import { effectScope, watch } from 'vue'
import { ZimActionError } from '@/composables/zim/engine'
import { memoryStorage } from '@/composables/zim/persistence'
import { previewOf } from '@/utils/preview'
import { ConversationType } from '@/zim/constants'
import { roundTrip, until } from '../helpers/wait'
import { useEngineUsers } from './helpers/engineUsers'

const PEER = ConversationType.Peer

const { app, signedIn, user, serverView, service } = useEngineUsers()

async function rejection(promise: Promise<unknown>): Promise<ZimActionError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(ZimActionError)
  return error as ZimActionError
}

describe('useZim engine against the local service', () => {
  it('logs two users in: each session store shows the user, connected', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    expect(a.session.user).toEqual({ userID: aID, userName: `${aID} name` })
    expect(a.session.connection).toBe('connected')
    expect(b.session.connection).toBe('connected')
    expect(a.sdk()).not.toBe(b.sdk())
    expect(a.fetchToken).toHaveBeenCalledWith(aID)
  })

  it('A → B: A\'s entry goes sending → sent, B gets one "in" entry and an unread of 1 with the preview', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)

    const statuses: string[] = []
    const scope = effectScope()
    scope.run(() => watch(
      () => a.messages.listFor(bID, PEER).map(e => e.status).join(','),
      value => statuses.push(value),
      { flush: 'sync' },
    ))
    const sent = await a.engine.sendText(bID, 'hello B')
    scope.stop()

    expect(sent.messageID).toBeTruthy()
    expect(statuses).toEqual(['sending', 'sent'])
    const mine = a.messages.listFor(bID, PEER)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ direction: 'out', status: 'sent', text: 'hello B', messageID: sent.messageID })

    await until(() => b.conversations.get(aID, PEER)?.unreadMessageCount === 1, 'B\'s conversation with A')
    await until(() => b.messages.listFor(aID, PEER).length > 0, 'B\'s message')
    await roundTrip(b.sdk()) // a duplicate delivery would have landed before this
    const theirs = b.messages.listFor(aID, PEER)
    expect(theirs).toHaveLength(1)
    expect(theirs[0]).toMatchObject({ direction: 'in', status: 'sent', text: 'hello B', senderUserID: aID, messageID: sent.messageID })
    const conversation = b.conversations.get(aID, PEER)!
    expect(conversation.unreadMessageCount).toBe(1)
    expect(previewOf(conversation.lastMessage)?.text).toBe('hello B')
    expect(b.conversations.totalUnread).toBe(1)
    // The sender's own conversation shows the message and is never unread.
    await until(() => a.conversations.get(bID, PEER) !== undefined, 'A\'s conversation with B')
    expect(a.conversations.get(bID, PEER)!.unreadMessageCount).toBe(0)
  })

  it('B opening the conversation clears the unread count, locally and on the server; B\'s reply reaches A', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    await a.engine.sendText(bID, 'one')
    await a.engine.sendText(bID, 'two')
    await until(() => b.conversations.get(aID, PEER)?.unreadMessageCount === 2, 'unread 2')
    expect((await serverView(b, aID))?.unreadMessageCount).toBe(2)

    await b.engine.openConversation(aID, PEER)
    expect(b.conversations.get(aID, PEER)!.unreadMessageCount).toBe(0)
    expect((await serverView(b, aID))?.unreadMessageCount).toBe(0)
    // A catch-up (as after a reconnect) agrees.
    await b.engine.catchUp()
    expect(b.conversations.get(aID, PEER)!.unreadMessageCount).toBe(0)
    expect(b.messages.listFor(aID, PEER).map(e => e.text)).toEqual(['one', 'two'])

    await b.engine.sendText(aID, 'hi A')
    await until(() => a.messages.listFor(bID, PEER).length === 3, 'A receives the reply')
    const list = a.messages.listFor(bID, PEER)
    expect(list.map(e => [e.direction, e.text])).toEqual([['out', 'one'], ['out', 'two'], ['in', 'hi A']])
    await until(() => a.conversations.get(bID, PEER)?.unreadMessageCount === 1, 'A\'s unread 1')
    expect(previewOf(a.conversations.get(bID, PEER)!.lastMessage)?.text).toBe('hi A')
  })

  it('a message arriving in the open conversation does not stay unread', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    await a.engine.sendText(bID, 'first')
    await until(() => b.conversations.get(aID, PEER) !== undefined, 'conversation')
    await b.engine.openConversation(aID, PEER)
    await a.engine.sendText(bID, 'while reading')
    await until(() => b.messages.listFor(aID, PEER).length === 2, 'second message')
    await until(() => previewOf(b.conversations.get(aID, PEER)?.lastMessage)?.text === 'while reading', 'preview')
    // The server's own update (unread 1) may land after the local clear; the clear's wins.
    // (The server query is also the barrier: that update has arrived once it answers.)
    expect((await serverView(b, aID))?.unreadMessageCount).toBe(0)
    expect(b.conversations.get(aID, PEER)!.unreadMessageCount).toBe(0)
    // After leaving, new messages count again.
    b.engine.closeConversation(aID)
    await a.engine.sendText(bID, 'after leaving')
    await until(() => b.conversations.get(aID, PEER)?.unreadMessageCount === 1, 'unread after closing')
  })

  it('a chat with yourself: one entry, sent, never unread', async () => {
    const meID = user('me')
    const me = await signedIn(meID)
    await me.engine.sendText(meID, 'note to self')
    await until(() => me.conversations.get(meID, PEER) !== undefined, 'self conversation')
    await roundTrip(me.sdk()) // the self-delivery has arrived by now, if it comes at all
    const list = me.messages.listFor(meID, PEER)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ direction: 'out', status: 'sent', text: 'note to self' })
    expect(me.conversations.get(meID, PEER)!.unreadMessageCount).toBe(0)
    expect(previewOf(me.conversations.get(meID, PEER)!.lastMessage)?.text).toBe('note to self')
    await me.engine.openConversation(meID, PEER)
    expect(me.messages.listFor(meID, PEER)).toHaveLength(1)
  })

  it('a send before login leaves a failed entry with its text; resend after login sends it as one entry', async () => {
    const [cID, peerID] = [user('c'), user('p')]
    const peer = await signedIn(peerID)
    const c = app()
    const error = await rejection(c.engine.sendText(peerID, 'early bird'))
    expect(error.rule).toBe('zim.6000121')
    expect(error.message).toBe('zim.6000121')
    const failed = c.messages.listFor(peerID, PEER)
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ status: 'failed', text: 'early bird', direction: 'out' })
    expect(failed[0].error).toEqual({ code: 6000121, message: 'zim.6000121' })
    const localID = failed[0].localMessageID!
    expect(localID).toBeTruthy()

    await c.engine.login(cID, 'C')
    const resent = await c.engine.resend(peerID, PEER, localID)
    expect(resent.messageID).toBeTruthy()
    const after = c.messages.listFor(peerID, PEER)
    expect(after).toHaveLength(1)
    expect(after[0]).toMatchObject({ status: 'sent', text: 'early bird', messageID: resent.messageID })
    await until(() => peer.messages.listFor(cID, PEER).length === 1, 'peer receives the resent message')
    expect(peer.messages.listFor(cID, PEER)[0].text).toBe('early bird')
    // The failed entry is gone for good: resending it again is refused.
    expect((await rejection(c.engine.resend(peerID, PEER, localID))).rule).toBe('resend.unknown')
  })

  it('logout resets every store and forgets the saved user', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    await b.engine.sendText(aID, 'for A')
    await a.engine.sendText(bID, 'for B')
    await until(() => a.conversations.ordered.length === 1 && a.messages.listFor(bID, PEER).length === 2, 'A has a chat')
    a.session.setError({ message: 'old error' })

    a.engine.logout()
    expect(a.session.user).toBeNull()
    expect(a.session.connection).toBe('idle')
    expect(a.session.lastError).toBeNull()
    expect(a.conversations.ordered).toEqual([])
    expect(a.messages.byConversation).toEqual({})
    const restarted = app({ storage: a.storage })
    expect(await restarted.engine.restoreSession()).toBe(false)
    expect(restarted.fetchToken).not.toHaveBeenCalled()
    // No event of the logged-out session reaches the stores afterwards.
    await b.engine.sendText(aID, 'while A is away')
    // The service stored it (sendText resolved) and had nobody to push it to; a barrier on
    // A's old instance, were it still connected, would say so: it is not.
    await expect(roundTrip(a.sdk())).rejects.toMatchObject({ code: 6000121 })
    expect(a.messages.byConversation).toEqual({})
    expect(a.conversations.ordered).toEqual([])
    expect(a.session.connection).toBe('idle')
  })

  it.each([
    ['al ice', 'Alice', 'userID.charset'],
    ['张三', 'Zhang', 'userID.charset'],
    ['a'.repeat(33), 'Alice', 'userID.maxBytes'],
    ['', 'Alice', 'userID.required'],
    ['alice', '   ', 'userName.required'],
  ])('login(%j, %j) is refused with %s before anything reaches the server', async (userID, userName, rule) => {
    const h = app()
    const error = await rejection(h.engine.login(userID, userName))
    expect(error.rule).toBe(rule)
    expect(h.session.lastError).toMatchObject({ rule, message: error.message })
    expect(h.fetchToken).not.toHaveBeenCalled()
    expect(h.sdk()).toBeUndefined()
    expect(h.session.user).toBeNull()
    expect(h.session.connection).toBe('idle')
  })

  it('a second login of the same user elsewhere kicks the first out, which stays out', async () => {
    const kID = user('k')
    const first = await signedIn(kID)
    const second = await signedIn(kID)
    await until(() => first.session.connection === 'kickedOut', 'first is kicked out')
    expect(first.session.reason).toBe('connection.kickedOut')
    // No retry timer and not signing in: nothing can log the first back in by itself.
    expect(first.engine.connectionPhase()).toBe('kickedOut')
    expect(first.engine.isRetryPending()).toBe(false)
    await roundTrip(second.sdk())
    expect(first.fetchToken).toHaveBeenCalledTimes(1)
    expect(second.session.connection).toBe('connected')
    // The user is kept, so the app can offer "sign in here" on the first device.
    expect(first.session.user?.userID).toBe(kID)
    // The second device works.
    const otherID = user('o')
    const other = await signedIn(otherID)
    await second.engine.sendText(otherID, 'from the second device')
    await until(() => other.messages.listFor(kID, PEER).length === 1, 'delivery from the second device')
  })

  it('restoreSession after a restart logs back in, and catch-up brings back conversations and history', async () => {
    const [uID, vID] = [user('u'), user('v')]
    const storage = memoryStorage()
    const before = await signedIn(uID, { storage })
    const v = await signedIn(vID)
    await before.engine.sendText(vID, 'before restart 1')
    await v.engine.sendText(uID, 'reply before restart')
    await until(() => before.messages.listFor(vID, PEER).length === 2, 'history before the restart')
    // The app process goes away: no logout, the SDK instance simply disappears.
    before.sdk()!.destroy()

    // A message that arrives while the app is closed.
    await v.engine.sendText(uID, 'while closed')

    const after = app({ storage })
    expect(after.session.user).toBeNull()
    // The chat page was open when the app restarted.
    await after.engine.openConversation(vID, PEER)
    expect(await after.engine.restoreSession()).toBe(true)
    expect(after.session.user).toEqual({ userID: uID, userName: `${uID} name` })
    expect(after.session.connection).toBe('connected')
    await until(() => after.conversations.get(vID, PEER) !== undefined, 'conversations after restart')
    await until(() => after.messages.listFor(vID, PEER).length === 3, 'history after restart')
    expect(after.messages.listFor(vID, PEER).map(e => [e.direction, e.text])).toEqual([
      ['out', 'before restart 1'],
      ['in', 'reply before restart'],
      ['in', 'while closed'],
    ])
    expect(previewOf(after.conversations.get(vID, PEER)!.lastMessage)?.text).toBe('while closed')
    // It is the same account: V can still reach U.
    await v.engine.sendText(uID, 'after restart')
    await until(() => after.messages.listFor(vID, PEER).length === 4, 'live message after restart')
  })

  it('a dropped connection comes back by itself, and what was missed meanwhile arrives', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    const states: string[] = []
    const scope = effectScope()
    scope.run(() => watch(() => a.session.connection, value => states.push(value), { flush: 'sync' }))
    expect(service().faults.dropSession(aID)).toBe(true)
    await b.engine.sendText(aID, 'sent while A was cut off')
    await until(() => states.includes('reconnecting') && a.session.connection === 'connected', 'A reconnected')
    scope.stop()
    await until(() => a.messages.listFor(bID, PEER).length === 1, 'the missed message')
    expect(a.messages.listFor(bID, PEER)[0]).toMatchObject({ direction: 'in', text: 'sent while A was cut off' })
    await until(() => a.conversations.get(bID, PEER)?.unreadMessageCount === 1, 'A\'s conversation after the drop')
    expect(a.session.user?.userID).toBe(aID)
  })

  it('a conversation opened before the connection is up is marked read once it is', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const storage = memoryStorage()
    const a = await signedIn(aID)
    const before = await signedIn(bID, { storage })
    await a.engine.sendText(bID, 'unread before restart')
    await until(() => before.conversations.get(aID, PEER)?.unreadMessageCount === 1, 'unread 1 before restart')
    before.sdk()!.destroy()

    // After a restart (or reload) right on the chat page: it opens before the login is done.
    const after = app({ storage })
    await after.engine.openConversation(aID, PEER)
    expect(await after.engine.restoreSession()).toBe(true)
    await until(() => after.messages.listFor(aID, PEER).length === 1, 'history of the open conversation')
    await until(() => after.conversations.get(aID, PEER) !== undefined, 'conversation list')
    expect((await serverView(after, aID))?.unreadMessageCount).toBe(0)
    expect(after.conversations.get(aID, PEER)!.unreadMessageCount).toBe(0)
  })

  it('restoreSession with nobody saved answers false without a server call', async () => {
    const h = app()
    expect(await h.engine.restoreSession()).toBe(false)
    expect(h.fetchToken).not.toHaveBeenCalled()
    expect(h.sdk()).toBeUndefined()
  })

  it('message actions: A recalls (both stores show it recalled in place, B\'s unread drops); B deletes one for B only', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    const b = await signedIn(bID)
    await a.engine.sendText(bID, 'oops')
    await a.engine.sendText(bID, 'fine')
    await until(() => b.messages.listFor(aID, PEER).length === 2, 'both messages at B')
    await until(() => b.conversations.get(aID, PEER)?.unreadMessageCount === 2, 'B\'s unread')

    const [first] = a.messages.listFor(bID, PEER)
    await a.engine.messageActions.revoke(first)
    expect(a.messages.listFor(bID, PEER).map(e => [e.text, !!e.revoked])).toEqual([['', true], ['fine', false]])
    await until(() => b.messages.listFor(aID, PEER)[0]?.revoked === true, 'the recall at B')
    expect(b.messages.listFor(aID, PEER).map(e => e.messageID)).toEqual(a.messages.listFor(bID, PEER).map(e => e.messageID))
    await until(() => b.conversations.get(aID, PEER)?.unreadMessageCount === 1, 'B\'s unread after the recall')
    const again = await rejection(a.engine.messageActions.revoke(a.messages.listFor(bID, PEER)[0]))
    expect(again).toMatchObject({ rule: 'action.alreadyRevoked', code: 6000279 })

    await b.engine.messageActions.remove(b.messages.listFor(aID, PEER)[1])
    expect(b.messages.listFor(aID, PEER).map(e => e.text)).toEqual([''])
    await b.engine.catchUp()
    expect(b.messages.listFor(aID, PEER)).toHaveLength(1)
    await a.engine.catchUp()
    expect(a.messages.listFor(bID, PEER).map(e => e.text)).toEqual(['', 'fine'])
  })

  it('history pages: opening loads the latest page, loadOlder walks back to the start', async () => {
    const [aID, bID] = [user('a'), user('b')]
    const a = await signedIn(aID)
    await signedIn(bID)
    for (let i = 1; i <= 8; i++)
      void a.engine.sendText(bID, `m${i}`)
    await until(() => a.messages.listFor(bID, PEER).filter(e => e.status === 'sent').length === 8, '8 sent')
    // B on a new device (this kicks the old one): nothing in its stores but what it asks for.
    const fresh = app({ historyPageSize: 3 })
    await fresh.engine.login(bID, 'B again')
    await fresh.engine.openConversation(aID, PEER)
    const texts = () => fresh.messages.listFor(aID, PEER).map(e => e.text)
    expect(texts()).toEqual(['m6', 'm7', 'm8'])
    expect(await fresh.engine.loadOlder(aID, PEER)).toBe(true)
    expect(texts()).toEqual(['m3', 'm4', 'm5', 'm6', 'm7', 'm8'])
    expect(await fresh.engine.loadOlder(aID, PEER)).toBe(false)
    expect(texts()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'])
    expect(fresh.messages.listFor(aID, PEER).every(e => e.direction === 'in')).toBe(true)
  })
})
