// useGroups' and useRooms' engine parts with real stores, the stand-in and the real local
// service: three users create a group, chat, one leaves, one is removed, the group is
// dismissed, each side's stores say so; rooms: counts, messages only to those inside,
// nothing kept after leaving, and a dropped session re-enters its room by itself.
import { describe, expect, it } from 'vitest'
import { useGroupsStore } from '@/stores/groups'
import { useRoomsStore } from '@/stores/rooms'
import { ConversationType } from '@/zim/constants'
import { roundTrip, until } from '../helpers/wait'
import { type Harness, useEngineUsers } from './helpers/engineUsers'

const GROUP = ConversationType.Group
const ROOM = ConversationType.Room

const env = useEngineUsers()
const { user } = env

/** One user's app with the group and room stores beside the engine's own. */
async function signedIn(userID: string) {
  const h: Harness = await env.signedIn(userID)
  return { ...h, groups: useGroupsStore(h.pinia), rooms: useRoomsStore(h.pinia) }
}
type App = Awaited<ReturnType<typeof signedIn>>

const texts = (h: App, id: string, type: 0 | 1 | 2) => h.messages.listFor(id, type).map(e => e.text)

describe('a group of three through the engine and the stores', () => {
  it('create, chat, leave, remove, dismiss: each side\'s stores and views', async () => {
    const [aID, bID, cID] = [user('alice'), user('bob'), user('carol')]
    const [a, b, c] = [await signedIn(aID), await signedIn(bID), await signedIn(cID)]

    const { groupID, refused } = await a.engine.groups.create('Hikers', [bID, cID])
    expect(refused).toEqual([])
    expect(a.groups.get(groupID)).toMatchObject({ name: 'Hikers', memberCount: 3, myRole: 1, ended: null })

    await a.engine.sendText(groupID, 'Hello team', GROUP)
    await until(() => texts(b, groupID, GROUP).length === 1 && texts(c, groupID, GROUP).length === 1, 'the first group message at Bob and Carol')
    // The list shows the group under its name, with the sender of its last message.
    await until(() => b.conversations.get(groupID, GROUP)?.lastMessage?.senderUserID === aID, 'Bob\'s group conversation')
    expect(b.conversations.get(groupID, GROUP)!.conversationName).toBe('Hikers')
    await b.engine.sendText(groupID, 'Hi from Bob', GROUP)
    await c.engine.sendText(groupID, 'Carol here', GROUP)
    for (const h of [a, b, c])
      await until(() => texts(h, groupID, GROUP).length === 3, 'three messages everywhere')
    for (const h of [a, b, c])
      expect(texts(h, groupID, GROUP)).toEqual(['Hello team', 'Hi from Bob', 'Carol here'])
    // Each member's unread count is their own: Carol has not read Bob's message.
    await until(() => (c.conversations.get(groupID, GROUP)?.unreadMessageCount ?? 0) >= 1, 'Carol\'s unread count')

    // Recall works in a group as in a peer chat: every member's copy becomes the recall notice.
    await a.engine.messageActions.revoke(a.messages.listFor(groupID, GROUP)[0])
    await until(() => !!b.messages.listFor(groupID, GROUP)[0]?.revoked && !!c.messages.listFor(groupID, GROUP)[0]?.revoked, 'the recall at Bob and Carol')

    // Bob opens the info: members in pages, his role.
    await b.engine.groups.load(groupID)
    expect(b.groups.get(groupID)).toMatchObject({ memberCount: 3, myRole: 3 })
    expect(b.groups.membersOf(groupID).list.map(m => m.userID).sort()).toEqual([aID, bID, cID].sort())

    // Carol leaves: read-only for her, two members for the others, and she gets nothing more.
    await c.engine.groups.leave(groupID)
    expect(c.groups.get(groupID)!.ended).toBe('left')
    expect(c.conversations.isDisabled(groupID, GROUP)).toBe(true)
    await a.engine.groups.load(groupID)
    await until(() => a.groups.get(groupID)?.memberCount === 2, 'Alice sees two members')
    await a.engine.sendText(groupID, 'Carol has gone', GROUP)
    await until(() => texts(b, groupID, GROUP).length === 4, 'Bob gets the fourth')
    await roundTrip(c.sdk())
    expect(texts(c, groupID, GROUP)).toHaveLength(3)
    // A departed member cannot send.
    await expect(c.engine.sendText(groupID, 'still here?', GROUP)).rejects.toMatchObject({ code: 6000521 })

    // Alice removes Bob: his side says by whom; then she dismisses the group.
    await a.engine.groups.kick(groupID, bID)
    await until(() => b.groups.get(groupID)?.ended === 'kicked', 'Bob told he was removed')
    expect(b.groups.get(groupID)!.endedBy).toBeTruthy()
    expect(b.conversations.isDisabled(groupID, GROUP)).toBe(true)
    await a.engine.groups.dismiss(groupID)
    expect(a.groups.get(groupID)!.ended).toBe('dismissed')
  })

  it('the owner leaving: read-only for them, the earliest member is the owner now', async () => {
    const [aID, bID, cID] = [user('alice'), user('bob'), user('carol')]
    const [a, b] = [await signedIn(aID), await signedIn(bID)]
    const { groupID } = await a.engine.groups.create('Readers', [bID, cID])
    await a.engine.sendText(groupID, 'bye', GROUP)
    await until(() => texts(b, groupID, GROUP).length === 1, 'Bob has the message')
    await a.engine.groups.leave(groupID)
    expect(a.groups.get(groupID)!.ended).toBe('left')
    await b.engine.groups.load(groupID)
    await b.engine.groups.loadMembers(groupID, true)
    expect(b.groups.membersOf(groupID).list.find(m => m.userID === bID)?.role).toBe(1)
  })

  it('refuses bad members before the service is asked, naming the rule and the ID', async () => {
    const a = await signedIn(user('alice'))
    await expect(a.engine.groups.create('Hikers', ['ok', 'bad*id'])).rejects.toMatchObject({ rule: 'group.rule.memberCharset', params: { userID: 'bad*id' } })
  })
})

describe('rooms through the engine and the stores', () => {
  it('counts, messages only to those inside, nothing kept after leaving', async () => {
    const [aID, bID, cID] = [user('dan'), user('eve'), user('fay')]
    const [a, b, c] = [await signedIn(aID), await signedIn(bID), await signedIn(cID)]
    const roomID = user('lobby')
    await a.engine.rooms.enter(roomID)
    await b.engine.rooms.enter(roomID)
    await until(() => a.rooms.get(roomID)?.memberCount === 2 && b.rooms.get(roomID)?.memberCount === 2, 'two inside')

    await a.engine.sendText(roomID, 'Welcome', ROOM)
    await until(() => texts(b, roomID, ROOM).length === 1, 'Eve gets the room message')
    await roundTrip(c.sdk())
    expect(texts(c, roomID, ROOM)).toEqual([])
    // No conversation, no unread for a room.
    expect(b.conversations.get(roomID, ROOM)).toBeUndefined()
    expect(a.conversations.get(roomID, ROOM)).toBeUndefined()

    await a.engine.rooms.leave(roomID)
    expect(texts(a, roomID, ROOM)).toEqual([])
    await until(() => b.rooms.get(roomID)?.memberCount === 1, 'Eve alone')
  })

  it('a dropped session re-enters its room by itself (the connection machine knows it)', async () => {
    const [aID, bID] = [user('gus'), user('hal')]
    const [a, b] = [await signedIn(aID), await signedIn(bID)]
    const roomID = user('stage')
    await a.engine.rooms.enter(roomID)
    await b.engine.rooms.enter(roomID)
    expect(env.service().faults.dropSession(bID)).toBe(true)
    await until(() => b.engine.connectionPhase() !== 'connected', 'Hal\'s session dropped')
    await until(() => b.engine.connectionPhase() === 'connected' && b.rooms.get(roomID)?.phase === 'connected', 'Hal back in the room', 15_000)
    await a.engine.sendText(roomID, 'still there?', ROOM)
    await until(() => texts(b, roomID, ROOM).includes('still there?'), 'Hal gets a message sent after re-entering')
  })
})
