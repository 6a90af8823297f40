// Issue 11, rooms: three users on stand-in clients against the local service. Member
// counts, messages only to those inside at the moment, nothing stored, the room gone once
// empty (at once or after roomDestroyDelayTime), 5 rooms a user, the room state events,
// and a dropped connection ending the user's rooms.
import { describe, expect, it } from 'vitest'
import { roundTrip, until } from '../helpers/wait'
import { SEND_CONFIG, text, useStandinUsers, type User } from './helpers/standinUsers'

const env = useStandinUsers()

const states = (u: User, roomID: string) => u.events('roomStateChanged').filter(e => e.roomID === roomID).map(e => `${e.state},${e.event}`)
const heard = (u: User) => u.events('roomMessageReceived').flatMap(e => e.messageList.map(m => (m as unknown as { message: string }).message))

describe('rooms with three users', () => {
  it('counts members, reaches only those inside, stores nothing, ends when empty', async () => {
    const [alice, bob, carol] = await Promise.all(['q1alice', 'q1bob', 'q1carol'].map(id => env.loggedIn(id)))
    const server = env.server()

    await alice.zim.createRoom({ roomID: 'q1', roomName: 'Quiz' })
    await until(() => states(alice, 'q1').length === 2, 'alice connected')
    expect(states(alice, 'q1')).toEqual(['1,4', '2,0'])
    await expect(carol.zim.createRoom({ roomID: 'q1', roomName: 'Quiz' })).rejects.toMatchObject({ code: 6000323 })
    expect(states(carol, 'q1')).toEqual(['1,4', '0,5'])

    await bob.zim.joinRoom('q1')
    await carol.zim.enterRoom({ roomID: 'q1', roomName: '' })
    await until(() => alice.events('roomMemberJoined').length === 3, 'alice sees herself, bob and carol come in')
    expect(alice.events('roomMemberJoined').map(e => e.memberList.map(m => m.userID).join('+'))).toEqual(['q1alice', 'q1bob', 'q1carol'])
    await until(() => carol.events('roomMemberJoined').length === 1, 'carol is told who is there')
    expect(carol.events('roomMemberJoined')[0].memberList.map(m => m.userID)).toEqual(['q1alice', 'q1bob', 'q1carol'])
    for (const u of [alice, bob, carol])
      expect((await u.zim.queryRoomOnlineMemberCount('q1')).count).toBe(3)
    const page1 = await alice.zim.queryRoomMemberList('q1', { count: 2, nextFlag: '' })
    expect(page1.memberList.map(m => m.userID)).toEqual(['q1alice', 'q1bob'])
    const page2 = await alice.zim.queryRoomMemberList('q1', { count: 2, nextFlag: page1.nextFlag })
    expect(page2).toMatchObject({ memberList: [{ userID: 'q1carol' }], nextFlag: '' })

    // Text and barrage reach the others inside, never the sender, never a conversation.
    await alice.zim.sendMessage(text('question 1'), 'q1', 1, SEND_CONFIG)
    await alice.zim.sendMessage({ type: 20, message: 'wow' } as never, 'q1', 1, SEND_CONFIG)
    await until(() => heard(bob).length === 2 && heard(carol).length === 2, 'bob and carol hear both')
    expect(heard(bob)).toEqual(['question 1', 'wow'])
    expect(heard(alice)).toEqual([])
    for (const u of [alice, bob, carol])
      expect(u.events('conversationChanged')).toEqual([])

    // Carol leaves: the count drops, she hears nothing more and cannot send.
    await carol.zim.leaveRoom('q1')
    expect(states(carol, 'q1').at(-1)).toBe('0,0')
    await until(() => alice.events('roomMemberLeft').length === 1, 'alice sees carol leave')
    expect((await bob.zim.queryRoomOnlineMemberCount('q1')).count).toBe(2)
    await expect(carol.zim.queryRoomOnlineMemberCount('q1')).rejects.toMatchObject({ code: 6000321 })
    await bob.zim.sendMessage(text('answer'), 'q1', 1, SEND_CONFIG)
    await until(() => heard(alice).length === 1, 'alice hears bob')
    await roundTrip(carol.zim)
    expect(heard(carol)).toEqual(['question 1', 'wow'])
    await expect(carol.zim.sendMessage(text('me too'), 'q1', 1, SEND_CONFIG)).rejects.toMatchObject({ code: 6000203 })

    // Nothing of a room is stored; once empty it is gone, and with it what was said.
    expect(server.inspect.storedMessagesOfType(1)).toBe(0)
    await alice.zim.leaveRoom('q1')
    await bob.zim.leaveRoom('q1')
    expect(server.inspect.rooms()).toBe(0)
    await expect(bob.zim.joinRoom('q1')).rejects.toMatchObject({ code: 6000322 })
    expect(states(bob, 'q1').at(-1)).toBe('0,3')
    await carol.zim.enterRoom({ roomID: 'q1', roomName: 'Quiz' })
    const history = await carol.zim.queryHistoryMessage('q1', 1, { count: 10, reverse: true } as never)
    expect(history.messageList).toEqual([])
    await carol.zim.leaveRoom('q1')
  })

  it('keeps an empty room for its roomDestroyDelayTime', async () => {
    const alice = await env.loggedIn('q2alice')
    const bob = await env.loggedIn('q2bob')
    await alice.zim.createRoom({ roomID: 'q2', roomName: 'Later' }, { roomDestroyDelayTime: 1, roomAttributes: {} })
    await alice.zim.leaveRoom('q2')
    // Still there within the delay: joinRoom finds it.
    await bob.zim.joinRoom('q2')
    await bob.zim.leaveRoom('q2')
    await until(() => env.server().inspect.rooms() === 0, 'the room ends after its delay', 5000)
    await expect(bob.zim.joinRoom('q2')).rejects.toMatchObject({ code: 6000322 })
  })

  it('lets a user be in 5 rooms at most, and ends their rooms when the connection drops', async () => {
    const alice = await env.loggedIn('q3alice')
    const bob = await env.loggedIn('q3bob')
    for (let i = 0; i < 5; i++)
      await alice.zim.enterRoom({ roomID: `q3r${i}`, roomName: '' })
    await expect(alice.zim.enterRoom({ roomID: 'q3r5', roomName: '' })).rejects.toMatchObject({ code: 6000325 })
    await bob.zim.enterRoom({ roomID: 'q3r0', roomName: '' })
    await until(() => states(alice, 'q3r4').length === 2, 'the fifth room connected')

    env.server().faults.dropSession('q3alice')
    await until(() => bob.events('roomMemberLeft').length === 1, 'bob sees alice go with her connection')
    for (let i = 0; i < 5; i++)
      expect(states(alice, `q3r${i}`).at(-1)).toBe('0,2')
    await until(() => alice.events('connectionStateChanged').some(e => e.state === 2 && alice.events('connectionStateChanged').indexOf(e) > 0), 'alice reconnects')
    // After the reconnect the app enters again (the stand-in does not do it by itself).
    await expect(alice.zim.sendMessage(text('back?'), 'q3r0', 1, SEND_CONFIG)).rejects.toMatchObject({ code: 6000203 })
    await alice.zim.enterRoom({ roomID: 'q3r0', roomName: '' })
    expect((await bob.zim.queryRoomOnlineMemberCount('q3r0')).count).toBe(2)

    // A logout ends her rooms too, reported (0, Success) as the SDK's logout does.
    alice.zim.logout()
    expect(states(alice, 'q3r0').at(-1)).toBe('0,0')
    await until(() => bob.events('roomMemberLeft').length === 2, 'bob sees alice log out of the room')
    expect((await bob.zim.queryRoomOnlineMemberCount('q3r0')).count).toBe(1)
  })
})
