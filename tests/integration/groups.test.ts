// Issue 11, groups: three users on stand-in clients against the local service. Create,
// chat, invite, remove, leave, dismiss, with each side's events and views; a removed member
// can neither read nor send; the SDK's limits and codes; 200 messages with members
// dropping offline, each member getting each message once.
import { describe, expect, it } from 'vitest'
import { roundTrip, until } from '../helpers/wait'
import { SEND_CONFIG, text, useStandinUsers, type User } from './helpers/standinUsers'

const env = useStandinUsers()

const groupEvents = (u: User) => u.seen
  .filter(e => e.name === 'groupStateChanged' || e.name === 'groupMemberStateChanged')
  .map(e => `${e.name === 'groupStateChanged' ? 'group' : 'member'}(${e.data.state},${e.data.event}${e.data.userList ? `:${e.data.userList.map((m: { userID: string }) => m.userID).join('+')}` : ''})`)

async function conversation(u: User, groupID: string) {
  const { conversationList } = await u.zim.queryConversationList({ count: 50 } as never)
  return conversationList.find(c => c.conversationID === groupID && c.type === 2)
}

async function members(u: User, groupID: string) {
  const { userList } = await u.zim.queryGroupMemberList(groupID, { count: 100, nextFlag: 0 })
  return userList.map(m => `${m.userID}:${m.memberRole}`)
}

describe('a group through its life, seen from each of three members', () => {
  it('create, chat, invite, remove, leave, dismiss', async () => {
    const [alice, bob, carol] = await Promise.all(['l1alice', 'l1bob', 'l1carol'].map(id => env.loggedIn(id)))
    const { groupInfo } = await alice.zim.createGroup({ groupID: 'life1', groupName: 'Life', groupAvatarUrl: '' }, ['l1bob'], { groupNotice: 'be nice' } as never)
    expect(groupInfo).toMatchObject({ baseInfo: { groupID: 'life1', groupName: 'Life' }, groupNotice: 'be nice', maxMemberCount: 500 })
    expect(groupEvents(alice)).toEqual(['group(1,1)', 'member(1,1:l1alice)', 'member(1,5:l1bob)'])
    await until(() => groupEvents(bob).length === 2, 'bob is told he was invited')
    expect(groupEvents(bob)).toEqual(['group(1,4)', 'member(1,5:l1bob)'])
    expect(bob.events('groupStateChanged')[0].operatedInfo).toMatchObject({ userID: 'l1alice', memberRole: 1 })
    expect(groupEvents(carol)).toEqual([])

    // Chat: both sides receive, each with their own unread count.
    await alice.zim.sendMessage(text('welcome'), 'life1', 2, SEND_CONFIG)
    await until(() => bob.events('groupMessageReceived').length === 1, 'bob gets the first message')
    await bob.zim.sendMessage(text('thanks'), 'life1', 2, SEND_CONFIG)
    await until(() => alice.events('groupMessageReceived').length === 1, 'alice gets the reply')
    expect(alice.events('groupMessageReceived')[0].messageList[0]).toMatchObject({ message: 'thanks', senderUserID: 'l1bob', direction: 1 })
    expect(await conversation(alice, 'life1')).toMatchObject({ unreadMessageCount: 1, conversationName: 'Life', lastMessage: { message: 'thanks' } })
    expect(await conversation(bob, 'life1')).toMatchObject({ unreadMessageCount: 1, lastMessage: { message: 'thanks' } })
    await bob.zim.clearConversationUnreadMessageCount('life1', 2)
    expect(await conversation(bob, 'life1')).toMatchObject({ unreadMessageCount: 0 })
    expect(await conversation(alice, 'life1')).toMatchObject({ unreadMessageCount: 1 })

    // Invite carol: she is told, the others see her join; she reads the history.
    alice.clear()
    bob.clear()
    const invited = await bob.zim.inviteUsersIntoGroup(['l1carol', 'l1alice'], 'life1')
    expect(invited.userList.map(m => m.userID)).toEqual(['l1carol'])
    expect(invited.errorUserList).toEqual([{ userID: 'l1alice', reason: 6000522 }])
    expect(groupEvents(bob)).toEqual(['member(1,5:l1carol)'])
    await until(() => groupEvents(carol).length === 2 && groupEvents(alice).length === 1, 'carol and alice learn of the invitation')
    expect(groupEvents(carol)).toEqual(['group(1,4)', 'member(1,5:l1carol)'])
    expect(groupEvents(alice)).toEqual(['member(1,5:l1carol)'])
    const history = await carol.zim.queryHistoryMessage('life1', 2, { count: 10, reverse: true } as never)
    expect(history.messageList.map(m => (m as unknown as { message: string }).message)).toEqual(['welcome', 'thanks'])
    expect(await members(carol, 'life1')).toEqual(['l1alice:1', 'l1bob:3', 'l1carol:3'])
    await carol.zim.sendMessage(text('hi all'), 'life1', 2, SEND_CONFIG)
    await until(() => alice.events('groupMessageReceived').length === 1 && bob.events('groupMessageReceived').length === 1, 'carol is heard')

    // Remove bob: he is told and his conversation is disabled; he can neither read nor send.
    alice.clear()
    bob.clear()
    carol.clear()
    await expect(carol.zim.kickGroupMembers(['l1bob'], 'life1')).rejects.toMatchObject({ code: 6000541 })
    const kicked = await alice.zim.kickGroupMembers(['l1bob'], 'life1')
    expect(kicked).toEqual({ groupID: 'life1', kickedUserIDs: ['l1bob'], errorUserList: [] })
    expect(groupEvents(alice)).toEqual(['member(0,4:l1bob)'])
    expect(alice.events('groupMemberStateChanged')[0].operatedInfo).toMatchObject({ userID: 'l1alice', memberRole: 1 })
    await until(() => groupEvents(bob).length === 1 && groupEvents(carol).length === 1, 'bob and carol learn of the removal')
    expect(groupEvents(bob)).toEqual(['group(0,6)'])
    expect(groupEvents(carol)).toEqual(['member(0,4:l1bob)'])
    expect(bob.events('conversationChanged').map(e => [e.infoList[0].event, e.infoList[0].conversation.conversationID])).toEqual([[2, 'life1']])
    await expect(bob.zim.sendMessage(text('wait'), 'life1', 2, SEND_CONFIG)).rejects.toMatchObject({ code: 6000521 })
    await expect(bob.zim.queryHistoryMessage('life1', 2, { count: 10, reverse: true } as never)).rejects.toMatchObject({ code: 6000521 })
    await expect(bob.zim.queryGroupMemberList('life1', { count: 10, nextFlag: 0 })).rejects.toMatchObject({ code: 6000521 })
    await alice.zim.sendMessage(text('bob is gone'), 'life1', 2, SEND_CONFIG)
    await until(() => carol.events('groupMessageReceived').length === 1, 'carol hears it')
    await roundTrip(bob.zim)
    expect(bob.events('groupMessageReceived')).toEqual([])
    // His list still shows the group (read-only), with nothing new in it.
    expect(await conversation(bob, 'life1')).toMatchObject({ lastMessage: { message: 'hi all' } })

    // Carol leaves: her conversation is disabled, alice sees her go.
    alice.clear()
    carol.clear()
    await carol.zim.leaveGroup('life1')
    expect(groupEvents(carol)).toEqual(['group(0,5)', 'member(0,2:l1carol)'])
    expect(carol.events('conversationChanged').map(e => e.infoList[0].event)).toEqual([2])
    await until(() => groupEvents(alice).length === 1, 'alice sees carol leave')
    expect(groupEvents(alice)).toEqual(['member(0,2:l1carol)'])
    await expect(carol.zim.sendMessage(text('one more'), 'life1', 2, SEND_CONFIG)).rejects.toMatchObject({ code: 6000521 })
    expect((await carol.zim.queryGroupList()).groupList).toEqual([])
    expect((await alice.zim.queryGroupList()).groupList.map(g => g.baseInfo.groupID)).toEqual(['life1'])

    // Bob back in, then alice dismisses: every member is told, nobody can send.
    await alice.zim.inviteUsersIntoGroup(['l1bob'], 'life1')
    await until(() => groupEvents(bob).length === 3, 'bob is invited again')
    bob.clear()
    alice.clear()
    await expect(bob.zim.dismissGroup('life1')).rejects.toMatchObject({ code: 6000541 })
    await alice.zim.dismissGroup('life1')
    expect(groupEvents(alice)).toEqual(['group(0,2)', 'member(0,2:l1alice)'])
    expect(alice.events('conversationChanged').map(e => e.infoList[0].event)).toEqual([2])
    await until(() => groupEvents(bob).length === 1, 'bob learns of the dismissal')
    expect(groupEvents(bob)).toEqual(['group(0,2)'])
    expect(bob.events('conversationChanged').map(e => e.infoList[0].event)).toEqual([2])
    await expect(alice.zim.sendMessage(text('anyone?'), 'life1', 2, SEND_CONFIG)).rejects.toMatchObject({ code: 6000523 })
    await expect(alice.zim.queryGroupInfo('life1')).rejects.toMatchObject({ code: 6000523 })
    await expect(alice.zim.createGroup({ groupID: 'life1', groupName: 'Again', groupAvatarUrl: '' }, [])).rejects.toMatchObject({ code: 6000527 })
  })

  it('an owner who leaves hands the group to the earliest member; roles and transfer', async () => {
    const [alice, bob, carol] = await Promise.all(['o1alice', 'o1bob', 'o1carol'].map(id => env.loggedIn(id)))
    await alice.zim.createGroup({ groupID: 'own1', groupName: 'Owners', groupAvatarUrl: '' }, ['o1bob', 'o1carol'])
    await alice.zim.setGroupMemberRole(2, 'o1carol', 'own1')
    await until(() => carol.events('groupMemberInfoUpdated').length === 1, 'carol learns she is an admin')
    expect(carol.events('groupMemberInfoUpdated')[0].userList.map(m => [m.userID, m.memberRole])).toEqual([['o1carol', 2]])
    // An admin removes members, not the owner.
    expect((await carol.zim.kickGroupMembers(['o1alice'], 'own1')).errorUserList).toEqual([{ userID: 'o1alice', reason: 6000541 }])
    await expect(carol.zim.setGroupMemberRole(3, 'o1bob', 'own1')).rejects.toMatchObject({ code: 6000541 })
    await expect(bob.zim.transferGroupOwner('o1carol', 'own1')).rejects.toMatchObject({ code: 6000541 })

    await alice.zim.leaveGroup('own1')
    await until(() => bob.events('groupMemberInfoUpdated').some(e => e.userList.some(m => m.memberRole === 1)), 'the new owner is announced')
    expect(await members(bob, 'own1')).toEqual(['o1bob:1', 'o1carol:2'])
    await bob.zim.transferGroupOwner('o1carol', 'own1')
    expect(await members(carol, 'own1')).toEqual(['o1bob:3', 'o1carol:1'])
    expect(carol.events('groupMemberInfoUpdated').at(-1)!.userList.map(m => `${m.userID}:${m.memberRole}`)).toEqual(['o1carol:1', 'o1bob:3'])

    await carol.zim.sendMessage(text('renaming'), 'own1', 2, SEND_CONFIG)
    await until(() => bob.events('groupMessageReceived').length === 1, 'bob has the group in his list')
    bob.clear()
    await carol.zim.updateGroupName('Owners 2', 'own1')
    await until(() => bob.events('groupNameUpdated').length === 1, 'bob sees the new name')
    // His list shows it too.
    await until(() => bob.events('conversationChanged').some(e => e.infoList[0].conversation.conversationName === 'Owners 2'), 'bob\'s list shows the new name')
    expect(bob.events('groupNameUpdated')[0]).toMatchObject({ groupID: 'own1', groupName: 'Owners 2', operatedInfo: { userID: 'o1carol' } })
    await bob.zim.updateGroupNotice('meet at 8', 'own1')
    expect((await carol.zim.queryGroupInfo('own1')).groupInfo).toMatchObject({ baseInfo: { groupName: 'Owners 2' }, groupNotice: 'meet at 8' })
  })

  it('holds the SDK\'s and the service\'s limits and codes', async () => {
    const [alice, bob, carol] = await Promise.all(['c1alice', 'c1bob', 'c1carol'].map(id => env.loggedIn(id)))
    // The SDK's local checks.
    await expect(alice.zim.createGroup({ groupID: '#nope', groupName: 'x', groupAvatarUrl: '' }, [])).rejects.toMatchObject({ code: 6000001, message: 'API.createGroup: The groupInfo instance of groupID is invalid.' })
    // The SDK does not check it (its validID tests the parameter's name); the service refuses it.
    await expect(alice.zim.joinGroup('')).rejects.toMatchObject({ code: 6000001, message: 'API.joinGroup: groupID must be 1 to 1024 characters.' })
    await expect(alice.zim.inviteUsersIntoGroup([], 'g')).rejects.toMatchObject({ code: 6000001 })
    // The service's: name 100 bytes, avatar URL 500 bytes, 100 IDs a call, 500 members.
    await expect(alice.zim.createGroup({ groupID: '', groupName: 'é'.repeat(51), groupAvatarUrl: '' }, [])).rejects.toMatchObject({ code: 6000001, message: expect.stringContaining('groupName.maxBytes') })
    await expect(alice.zim.createGroup({ groupID: '', groupName: 'ok', groupAvatarUrl: `https://x/${'a'.repeat(491)}` }, [])).rejects.toMatchObject({ code: 6000001, message: expect.stringContaining('groupAvatarUrl.maxBytes') })
    const many = Array.from({ length: 101 }, (_, i) => `c1u${i}`)
    await expect(alice.zim.createGroup({ groupID: '', groupName: 'ok', groupAvatarUrl: '' }, many)).rejects.toMatchObject({ code: 6000001, message: expect.stringContaining('at most 100') })
    const generated = await alice.zim.createGroup({ groupID: '', groupName: 'ok', groupAvatarUrl: '' }, ['c1bob', 'bad id'])
    expect(generated.groupInfo.baseInfo.groupID).toMatch(/^g/)
    expect(generated.errorUserList).toEqual([{ userID: 'bad id', reason: 6000001 }])
    await expect(alice.zim.createGroup({ groupID: generated.groupInfo.baseInfo.groupID, groupName: 'again', groupAvatarUrl: '' }, [])).rejects.toMatchObject({ code: 6000524 })

    await expect(bob.zim.joinGroup('c1none')).rejects.toMatchObject({ code: 6000523 })
    await alice.zim.createGroup({ groupID: 'small1', groupName: 'Small', groupAvatarUrl: '' }, [], { maxMemberCount: 2 } as never)
    await bob.zim.joinGroup('small1')
    await expect(bob.zim.joinGroup('small1')).rejects.toMatchObject({ code: 6000522 })
    await expect(carol.zim.joinGroup('small1')).rejects.toMatchObject({ code: 6000525 })
    expect((await alice.zim.inviteUsersIntoGroup(['c1carol'], 'small1')).errorUserList).toEqual([{ userID: 'c1carol', reason: 6000525 }])
    await expect(carol.zim.sendMessage(text('hi'), 'small1', 2, SEND_CONFIG)).rejects.toMatchObject({ code: 6000521 })
    await expect(carol.zim.queryHistoryMessage('small1', 2, { count: 10, reverse: true } as never)).rejects.toMatchObject({ code: 6000521 })

    // 500 members at most; the member list pages with a numeric nextFlag (0: the end).
    const big = await alice.zim.createGroup({ groupID: 'big1', groupName: 'Big', groupAvatarUrl: '' }, Array.from({ length: 100 }, (_, i) => `c1m${i}`))
    expect(big.userList).toHaveLength(101)
    for (let k = 1; k < 5; k++)
      await alice.zim.inviteUsersIntoGroup(Array.from({ length: 100 }, (_, i) => `c1m${k * 100 + i}`), 'big1')
    const last = await alice.zim.inviteUsersIntoGroup(['c1bob', 'c1carol'], 'big1')
    expect(last.userList).toHaveLength(0)
    expect(last.errorUserList.map(e => e.reason)).toEqual([6000525, 6000525])
    const seen: string[] = []
    let nextFlag = 0
    do {
      const page = await alice.zim.queryGroupMemberList('big1', { count: 100, nextFlag })
      seen.push(...page.userList.map(m => m.userID))
      nextFlag = page.nextFlag
    } while (nextFlag !== 0)
    expect(seen).toHaveLength(500)
    expect(new Set(seen).size).toBe(500)
    expect(seen[0]).toBe('c1alice')
  })
})

describe('recall and delete in a group', () => {
  it('the sender or an admin recalls for every member; delete is for oneself', async () => {
    const [alice, bob, carol] = await Promise.all(['v1alice', 'v1bob', 'v1carol'].map(id => env.loggedIn(id)))
    await alice.zim.createGroup({ groupID: 'rv1', groupName: 'Recalls', groupAvatarUrl: '' }, ['v1bob', 'v1carol'])
    const { message: mine } = await bob.zim.sendMessage(text('oops'), 'rv1', 2, SEND_CONFIG)
    const { message: theirs } = await carol.zim.sendMessage(text('keep'), 'rv1', 2, SEND_CONFIG)
    await until(() => alice.events('groupMessageReceived').length === 2, 'alice has both')
    await expect(bob.zim.revokeMessage(theirs, {} as never)).rejects.toMatchObject({ code: 6000007 })
    const revoked = await bob.zim.revokeMessage(mine, {} as never)
    expect(revoked.message).toMatchObject({ type: 31, conversationType: 2, conversationID: 'rv1' })
    await until(() => alice.events('messageRevokeReceived').length === 1 && carol.events('messageRevokeReceived').length === 1, 'both others see the recall')
    expect(bob.events('messageRevokeReceived')).toEqual([])
    // alice owns the group: she may recall carol's message.
    await alice.zim.revokeMessage({ ...theirs, direction: 1 } as never, {} as never)
    await until(() => carol.events('messageRevokeReceived').length === 2, 'carol sees hers recalled')
    const history = await carol.zim.queryHistoryMessage('rv1', 2, { count: 10, reverse: true } as never)
    expect(history.messageList.map(m => m.type)).toEqual([31, 31])
    await alice.zim.deleteMessages([history.messageList[0]], 'rv1', 2, { isAlsoDeleteServerMessage: true })
    expect((await alice.zim.queryHistoryMessage('rv1', 2, { count: 10, reverse: true } as never)).messageList).toHaveLength(1)
    expect((await bob.zim.queryHistoryMessage('rv1', 2, { count: 10, reverse: true } as never)).messageList).toHaveLength(2)
  })
})

describe('200 group messages while members drop offline', () => {
  it('every member gets every message exactly once', async () => {
    const ids = ['d1alice', 'd1bob', 'd1carol']
    const [alice, bob, carol] = await Promise.all(ids.map(id => env.loggedIn(id)))
    await alice.zim.createGroup({ groupID: 'drop1', groupName: 'Drops', groupAvatarUrl: '' }, ['d1bob', 'd1carol'])
    const received = (u: User) => u.events('groupMessageReceived').flatMap(e => e.messageList.map(m => (m as unknown as { message: string }).message))
    const TOTAL = 200
    const sent: string[] = []
    for (let i = 0; i < TOTAL; i++) {
      // Bob drops at 40 and 120, carol at 80 and 160: a lost socket, no close frame.
      if (i === 40 || i === 120)
        env.server().faults.dropSession('d1bob')
      if (i === 80 || i === 160)
        env.server().faults.dropSession('d1carol')
      const body = `m${i}`
      await alice.zim.sendMessage(text(body), 'drop1', 2, SEND_CONFIG)
      sent.push(body)
      // Now and then a barrier on alice's connection, so the dropped members' re-logins
      // interleave with the sends rather than all coming after them.
      if (i % 20 === 19)
        await roundTrip(alice.zim)
    }
    for (const u of [bob, carol])
      await until(() => new Set(received(u)).size === TOTAL, `${u.userID} has all ${TOTAL} messages`, 30_000)
    // Everything the service had for them has arrived: nothing more is on its way.
    await Promise.all([roundTrip(bob.zim), roundTrip(carol.zim)])
    const figures = [bob, carol].map((u) => {
      const list = received(u)
      const counts = new Map<string, number>()
      for (const body of list)
        counts.set(body, (counts.get(body) ?? 0) + 1)
      return {
        member: u.userID,
        lost: sent.filter(b => !counts.has(b)).length,
        doubled: [...counts.values()].filter(n => n > 1).length,
        offline: u.events('groupMessageReceived').filter(e => e.info.isOfflineMessage).reduce((n, e) => n + e.messageList.length, 0),
      }
    })
    console.info(`group delivery: 3 members × ${TOTAL} messages (2 receivers, each dropped twice): ${figures.map(f => `${f.member} lost ${f.lost}, doubled ${f.doubled}, ${f.offline} delivered offline`).join('; ')}`)
    for (const f of figures)
      expect(f).toMatchObject({ lost: 0, doubled: 0 })
    // Each member's unread count is their own.
    expect(await conversation(bob, 'drop1')).toMatchObject({ unreadMessageCount: TOTAL })
    expect(await conversation(alice, 'drop1')).toMatchObject({ unreadMessageCount: 0 })
  }, 60_000)
})
