// Groups and rooms end to end: stand-in clients (src/zim/local) against the local service,
// three users, each side's events in order.
import { describe, expect, it } from 'vitest'
import { until } from '../helpers/wait'
import { SEND_CONFIG, text, useStandinUsers } from './helpers/standinUsers'

const env = useStandinUsers()

describe('groups on the stand-in', () => {
  it('creates a group with two members; a message reaches both, each with an unread count', async () => {
    const alice = await env.loggedIn('g1alice')
    const bob = await env.loggedIn('g1bob')
    const carol = await env.loggedIn('g1carol')

    const created = await alice.zim.createGroup({ groupID: '', groupName: 'Trip', groupAvatarUrl: '' }, ['g1bob', 'g1carol'])
    const groupID = created.groupInfo.baseInfo.groupID
    expect(groupID).not.toBe('')
    expect(created.userList.map(m => [m.userID, m.memberRole])).toEqual([['g1alice', 1], ['g1bob', 3], ['g1carol', 3]])
    // The creator's events, in the SDK's order: group created, self joined, others invited.
    expect(alice.seen.filter(e => e.name.startsWith('group')).map(e => [e.name, e.data.state, e.data.event])).toEqual([
      ['groupStateChanged', 1, 1],
      ['groupMemberStateChanged', 1, 1],
      ['groupMemberStateChanged', 1, 5],
    ])
    await until(() => bob.events('groupStateChanged').length > 0, 'bob learns he was invited')
    expect(bob.events('groupStateChanged')[0]).toMatchObject({ state: 1, event: 4, operatedInfo: { userID: 'g1alice' } })

    const { message } = await alice.zim.sendMessage(text('hello group'), groupID, 2, SEND_CONFIG)
    expect(message).toMatchObject({ conversationID: groupID, conversationType: 2, sentStatus: 1 })
    for (const member of [bob, carol]) {
      await until(() => member.events('groupMessageReceived').length > 0, `${member.userID} receives`)
      const got = member.events('groupMessageReceived')[0]
      expect(got.fromConversationID).toBe(groupID)
      expect(got.messageList[0]).toMatchObject({ message: 'hello group', senderUserID: 'g1alice', conversationID: groupID, conversationType: 2, direction: 1 })
      const list = await member.zim.queryConversationList({ count: 10 } as never)
      expect(list.conversationList[0]).toMatchObject({ conversationID: groupID, type: 2, conversationName: 'Trip', unreadMessageCount: 1 })
    }
    const mine = await alice.zim.queryConversationList({ count: 10 } as never)
    expect(mine.conversationList[0]).toMatchObject({ conversationID: groupID, unreadMessageCount: 0 })
  })

  it('counts the members for a member (queryGroupMemberCount); anyone else is refused 6000521', async () => {
    const alice = await env.loggedIn('g2alice')
    await env.loggedIn('g2bob')
    const dave = await env.loggedIn('g2dave')
    const { groupInfo } = await alice.zim.createGroup({ groupID: 'count2', groupName: 'Count', groupAvatarUrl: '' }, ['g2bob'])
    expect(await alice.zim.queryGroupMemberCount(groupInfo.baseInfo.groupID)).toEqual({ groupID: 'count2', count: 2 })
    await expect(dave.zim.queryGroupMemberCount('count2')).rejects.toMatchObject({ code: 6000521 })
    await alice.zim.inviteUsersIntoGroup(['g2dave'], 'count2')
    expect((await dave.zim.queryGroupMemberCount('count2')).count).toBe(3)
  })
})

describe('rooms on the stand-in', () => {
  it('enters, talks to those inside only, and leaves', async () => {
    const alice = await env.loggedIn('r1alice')
    const bob = await env.loggedIn('r1bob')
    const carol = await env.loggedIn('r1carol')

    const entered = await alice.zim.enterRoom({ roomID: 'r1', roomName: 'Lobby' })
    expect(entered.roomInfo.baseInfo).toEqual({ roomID: 'r1', roomName: 'Lobby' })
    await until(() => alice.events('roomStateChanged').length === 2, 'alice connected to the room')
    expect(alice.events('roomStateChanged').map(e => [e.state, e.event])).toEqual([[1, 6], [2, 0]])
    await bob.zim.enterRoom({ roomID: 'r1', roomName: '' })
    await until(() => alice.events('roomMemberJoined').some(e => e.memberList.some(m => m.userID === 'r1bob')), 'alice sees bob enter')
    expect((await alice.zim.queryRoomOnlineMemberCount('r1')).count).toBe(2)

    await alice.zim.sendMessage(text('hi room'), 'r1', 1, SEND_CONFIG)
    await until(() => bob.events('roomMessageReceived').length > 0, 'bob receives the room message')
    expect(bob.events('roomMessageReceived')[0].messageList[0]).toMatchObject({ message: 'hi room', conversationID: 'r1', conversationType: 1 })
    // No conversation for a room message.
    expect(bob.events('conversationChanged')).toEqual([])
    await expect(carol.zim.sendMessage(text('let me in'), 'r1', 1, SEND_CONFIG)).rejects.toMatchObject({ code: 6000203 })
    expect(carol.events('roomMessageReceived')).toEqual([])

    await bob.zim.leaveRoom('r1')
    await until(() => alice.events('roomMemberLeft').length > 0, 'alice sees bob leave')
    expect((await alice.zim.queryRoomOnlineMemberCount('r1')).count).toBe(1)
    await expect(bob.zim.leaveRoom('r1')).resolves.toEqual({ roomID: 'r1' })
  })
})
