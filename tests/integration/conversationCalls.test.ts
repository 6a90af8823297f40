// Every conversation and user call of issue 12 against the local service with two users,
// through the real engine behind useZim (its SDK routes and stores), the stand-in client and
// real WebSockets: what each side's stores show after the call.
import { describe, expect, it } from 'vitest'
import { ConversationType } from '@/zim/constants'
import type { ZIMMessage } from '@/zim/types'
import { until } from '../helpers/wait'
import { useEngineUsers } from './helpers/engineUsers'

const PEER = ConversationType.Peer
const text = (message: string) => ({ type: 1, message }) as ZIMMessage

const { signedIn, user, serverView } = useEngineUsers()

/** Two signed-in apps; `a` sent `n` texts to `b`, and `b`'s store has them. */
async function pair(n = 1) {
  const [aID, bID] = [user('a'), user('b')]
  const a = await signedIn(aID)
  const b = await signedIn(bID)
  for (let i = 0; i < n; i++)
    await a.engine.send(text(`hi ${i}`), bID)
  await until(() => b.conversations.get(aID, PEER)?.unreadMessageCount === n, 'b counts them')
  return { a, b, aID, bID }
}

describe('conversation calls between two users, through the engine and its stores', () => {
  it('pin: the conversation leads the list on the side that pinned it, and stays first after a newer one', async () => {
    const { a, bID } = await pair()
    const carol = user('carol')
    await a.engine.send(text('to carol'), carol)
    await until(() => a.conversations.ordered[0]?.conversationID === carol, 'carol first')
    await a.sdk()!.updateConversationPinnedState(true, bID, PEER)
    await until(() => a.conversations.get(bID, PEER)?.isPinned === true, 'pinned in the store')
    expect(a.conversations.ordered.map(c => c.conversationID)).toEqual([bID, carol])
    await a.engine.send(text('carol again'), carol)
    await until(() => (a.conversations.get(carol, PEER)?.lastMessage as { message?: string })?.message === 'carol again', 'newer carol')
    expect(a.conversations.ordered[0].conversationID).toBe(bID)
    expect((await serverView(a, bID))?.isPinned).toBe(true)
  })

  it('mute: the muted side shows notificationStatus 2, the service lists it so; the sender is unaffected', async () => {
    const { a, b, aID, bID } = await pair(2)
    await b.sdk()!.setConversationNotificationStatus(2, aID, PEER)
    await until(() => b.conversations.get(aID, PEER)?.notificationStatus === 2, 'muted in b\'s store')
    expect(b.conversations.get(aID, PEER)?.unreadMessageCount).toBe(2)
    expect((await serverView(a, bID))?.notificationStatus).toBe(1)
  })

  it('draft: set on one device, on the store\'s conversation, kept when a reply arrives, never seen by the other side', async () => {
    const { a, b, aID, bID } = await pair()
    await a.sdk()!.setConversationDraft('unfinished', bID, PEER)
    await until(() => a.conversations.get(bID, PEER)?.draft === 'unfinished', 'draft in a\'s store')
    await b.engine.send(text('reply'), aID)
    await until(() => a.conversations.get(bID, PEER)?.unreadMessageCount === 1, 'reply counted')
    expect(a.conversations.get(bID, PEER)?.draft).toBe('unfinished')
    expect(b.conversations.get(aID, PEER)?.draft).toBe('')
  })

  it('a conversation with only a draft is deleted from the list (the service never had it)', async () => {
    const a = await signedIn(user('a'))
    const stranger = user('nobody')
    await a.engine.drafts.save(stranger, PEER, 'never sent')
    await until(() => a.conversations.get(stranger, PEER) !== undefined, 'the draft made the conversation')
    await a.engine.conversationActions.remove(stranger, PEER)
    expect(a.conversations.get(stranger, PEER)).toBeUndefined()
  })

  it('clear unread, then delete with the server copy: gone from the store and the service until the next message', async () => {
    const { a, b, aID, bID } = await pair(2)
    expect(b.messages.listFor(aID, PEER)).toHaveLength(2)
    await b.sdk()!.clearConversationUnreadMessageCount(aID, PEER)
    await until(() => b.conversations.get(aID, PEER)?.unreadMessageCount === 0, 'read')
    await b.sdk()!.deleteConversation(aID, PEER, { isAlsoDeleteServerConversation: true })
    await until(() => b.conversations.get(aID, PEER) === undefined, 'gone from b\'s store')
    // Its messages go with it (the chat, the cache and search read them).
    expect(b.messages.listFor(aID, PEER)).toEqual([])
    expect(await serverView(b, aID)).toBeUndefined()
    expect(await serverView(a, bID)).toBeDefined()
    await a.engine.send(text('still there?'), bID)
    await until(() => b.conversations.get(aID, PEER)?.unreadMessageCount === 1, 'back with one unread')
  })

  it('deleteMessages and deleteAllMessage: gone for the one who deleted, kept for the other', async () => {
    const { a, b, aID, bID } = await pair(3)
    const history = async (h: typeof a, peer: string) => (await h.sdk()!.queryHistoryMessage(peer, PEER, { count: 10, reverse: true } as never)).messageList
    const mine = await history(a, bID)
    await a.sdk()!.deleteMessages([mine[0]], bID, PEER, { isAlsoDeleteServerMessage: true })
    expect((await history(a, bID)).map(m => (m as unknown as { message: string }).message)).toEqual(['hi 1', 'hi 2'])
    expect(await history(b, aID)).toHaveLength(3)
    await b.sdk()!.deleteAllMessage(aID, PEER, { isAlsoDeleteServerMessage: true })
    expect(await history(b, aID)).toEqual([])
    expect(await history(a, bID)).toHaveLength(2)
    const listed = await serverView(b, aID)
    expect(listed).toMatchObject({ unreadMessageCount: 0 })
    expect(listed?.lastMessage).toBeUndefined()
  })

  it('profile: a new name and avatar are what the other user gets from queryUsersInfo and on their conversation', async () => {
    const { a, b, aID } = await pair()
    await expect(a.sdk()!.updateUserName('Alice Renamed')).resolves.toEqual({ userName: 'Alice Renamed' })
    await expect(a.sdk()!.updateUserAvatarUrl('http://127.0.0.1/api/avatars/0123456789abcdef0123456789abcdef.jpg')).resolves.toMatchObject({ userAvatarUrl: expect.stringContaining('/api/avatars/') })
    const { userList } = await b.sdk()!.queryUsersInfo([aID], { isQueryFromServer: true })
    expect(userList[0].baseInfo).toMatchObject({ userID: aID, userName: 'Alice Renamed', userAvatarUrl: expect.stringContaining('0123456789abcdef') })
    expect(await serverView(b, aID)).toMatchObject({ conversationName: 'Alice Renamed', conversationAvatarUrl: expect.stringContaining('/api/avatars/') })
    // known users come from the client's own cache, as in the SDK (no second server query)
    await expect(b.sdk()!.queryUsersInfo([aID], { isQueryFromServer: false })).resolves.toMatchObject({ userList: [{ baseInfo: { userName: 'Alice Renamed' } }] })
  })

  it('search answers empty, as the mini-program SDK does: the app searches its own cache', async () => {
    const { b, aID } = await pair()
    await expect(b.sdk()!.searchLocalMessages(aID, PEER, { count: 10, keywords: ['hi'] } as never)).resolves.toMatchObject({ messageList: [] })
    await expect(b.sdk()!.searchGlobalLocalMessages({ count: 10, keywords: ['hi'] } as never)).resolves.toEqual({ messageList: [] })
    await expect(b.sdk()!.searchLocalConversations({ totalConversationCount: 10, conversationMessageCount: 1, keywords: ['a'] } as never)).resolves.toEqual({ conversationSearchInfoList: [], nextFlag: 0 })
  })
})
