// The groups engine (src/composables/zim/groups.ts) over a fake client, with ZIM's group
// events routed through the real sdkRoutes: what reaches the groups store and the
// conversation list, what is refused before the SDK is asked, and ZIM's codes in words.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createGroups, type Groups } from '@/composables/zim/groups'
import { createMessageSync } from '@/composables/zim/messageSync'
import { createSdkRoutes } from '@/composables/zim/sdkRoutes'
import { useConversationsStore } from '@/stores/conversations'
import { useGroupsStore } from '@/stores/groups'
import { useMessagesStore } from '@/stores/messages'
import { useSessionStore } from '@/stores/session'
import { ConversationType, GroupEvent, GroupMemberEvent, GroupMemberRole, GroupMemberState, GroupState } from '@/zim/constants'
import type { ZimClient, ZimEventData, ZimEventName, ZIMGroupFullInfo, ZIMGroupMemberInfo } from '@/zim/types'
import { conversation } from '../stores/factories'
import { createPresence } from '@/composables/zim/presence'

const GROUP = ConversationType.Group

function info(groupID: string, groupName: string, groupNotice = ''): ZIMGroupFullInfo {
  return { baseInfo: { groupID, groupName, groupAvatarUrl: '' }, groupNotice } as ZIMGroupFullInfo
}

function member(userID: string, memberRole: number = GroupMemberRole.Member): ZIMGroupMemberInfo {
  return { userID, userName: userID.toUpperCase(), userAvatarUrl: '', memberNickname: '', memberRole } as ZIMGroupMemberInfo
}

const operator = (userID: string) => ({ userID, userName: userID.toUpperCase(), memberNickname: '', memberRole: 1 })

function fakeClient() {
  return {
    createGroup: vi.fn(async (groupInfo: { groupName: string }, userIDs: string[]) => ({
      groupInfo: info('G1', groupInfo.groupName),
      userList: [member('alice', GroupMemberRole.Owner), ...userIDs.filter(id => id !== 'ghost').map(id => member(id))],
      errorUserList: userIDs.includes('ghost') ? [{ userID: 'ghost', reason: 6000525 }] : [],
    })),
    queryGroupInfo: vi.fn(async (groupID: string) => ({ groupInfo: info(groupID, 'Hikers', 'Bring water') })),
    queryGroupMemberCount: vi.fn(async (groupID: string) => ({ groupID, count: 3 })),
    queryGroupMemberList: vi.fn(async (groupID: string, config: { nextFlag: number, count: number }) => (config.nextFlag === 0
      ? { groupID, userList: [member('alice', GroupMemberRole.Owner), member('bob')], nextFlag: 2 }
      : { groupID, userList: [member('bob'), member('carol')], nextFlag: 0 })),
    inviteUsersIntoGroup: vi.fn(async (userIDs: string[], groupID: string) => ({ groupID, userList: userIDs.map(id => member(id)), errorUserList: [] })),
    kickGroupMembers: vi.fn(async (userIDs: string[], groupID: string) => ({ groupID, kickedUserIDs: userIDs, errorUserList: [] })),
    setGroupMemberRole: vi.fn(async (role: number, forUserID: string, groupID: string) => ({ groupID, forUserID, role })),
    transferGroupOwner: vi.fn(async (toUserID: string, groupID: string) => ({ groupID, toUserID })),
    updateGroupName: vi.fn(async (groupName: string, groupID: string) => ({ groupID, groupName })),
    updateGroupNotice: vi.fn(async (groupNotice: string, groupID: string) => ({ groupID, groupNotice })),
    leaveGroup: vi.fn(async (groupID: string) => ({ groupID })),
    dismissGroup: vi.fn(async (groupID: string) => ({ groupID })),
  }
}

let zim: ReturnType<typeof fakeClient>
let groups: Groups
let routes: ReturnType<typeof createSdkRoutes>
const store = () => useGroupsStore()
const fire = <K extends ZimEventName>(name: K, data: unknown) => (routes[name] as (d: ZimEventData<K>) => void)(data as ZimEventData<K>)

beforeEach(() => {
  setActivePinia(createPinia())
  zim = fakeClient()
  const conversations = useConversationsStore()
  groups = createGroups({
    groups: useGroupsStore(),
    conversations,
    currentClient: () => zim as unknown as ZimClient,
    currentUserID: () => 'alice',
  })
  routes = createSdkRoutes({
    session: useSessionStore(),
    conversations,
    sync: createMessageSync({ messages: useMessagesStore(), conversations }),
    messageEvents: 'current',
    presence: createPresence({ currentClient: () => null, isConnected: () => true }),
    sendToMachine: vi.fn(),
    renewToken: vi.fn(async () => undefined),
    asOurs: m => m,
    isPendingSend: () => false,
    activeConversationID: () => undefined,
    markActiveRead: vi.fn(async () => undefined),
    groupEvents: groups.events,
  })
})

describe('create', () => {
  it('checks the name and every member by ZIM\'s rules before asking the SDK, naming the ID', async () => {
    await expect(groups.create('  ', ['bob'])).rejects.toMatchObject({ rule: 'group.rule.nameRequired' })
    await expect(groups.create('x'.repeat(101), ['bob'])).rejects.toMatchObject({ rule: 'group.rule.nameMaxBytes', params: { max: 100 } })
    await expect(groups.create('Hikers', [])).rejects.toMatchObject({ rule: 'group.rule.membersRequired' })
    await expect(groups.create('Hikers', ['bob', 'c d'])).rejects.toMatchObject({ rule: 'group.rule.memberCharset', params: { userID: 'c d' } })
    await expect(groups.create('Hikers', ['x'.repeat(33)])).rejects.toMatchObject({ rule: 'group.rule.memberMaxBytes', params: { max: 32 } })
    await expect(groups.create('Hikers', ['bob', 'bob'])).rejects.toMatchObject({ rule: 'group.rule.memberRepeated', params: { userID: 'bob' } })
    await expect(groups.create('Hikers', ['alice'])).rejects.toMatchObject({ rule: 'group.rule.memberSelf' })
    await expect(groups.create('Hikers', Array.from({ length: 101 }, (_, i) => `u${i}`))).rejects.toMatchObject({ rule: 'group.rule.membersMax', params: { max: 100 } })
    expect(zim.createGroup).not.toHaveBeenCalled()
  })

  it('lets the server choose the ID, and holds the group with the user as owner and its members', async () => {
    const created = await groups.create(' Hikers ', ['bob', 'carol', 'ghost'])
    expect(zim.createGroup).toHaveBeenCalledWith({ groupID: '', groupName: 'Hikers', groupAvatarUrl: '' }, ['bob', 'carol', 'ghost'])
    expect(created).toEqual({ groupID: 'G1', refused: [{ userID: 'ghost', reason: 6000525 }] })
    expect(store().get('G1')).toMatchObject({ name: 'Hikers', memberCount: 3, myRole: GroupMemberRole.Owner, ended: null })
    expect(store().membersOf('G1').list.map(m => m.userID)).toEqual(['alice', 'bob', 'carol'])
  })
})

describe('info and members', () => {
  it('loads name, notice, count and the user\'s own role; members come in numeric pages without repeats', async () => {
    await groups.load('G1')
    expect(store().get('G1')).toMatchObject({ name: 'Hikers', notice: 'Bring water', memberCount: 3, myRole: GroupMemberRole.Owner })
    expect(await groups.loadMembers('G1')).toBe(false)
    expect(zim.queryGroupMemberList).toHaveBeenLastCalledWith('G1', { nextFlag: 2, count: 50 })
    expect(store().membersOf('G1').list.map(m => m.userID)).toEqual(['alice', 'bob', 'carol'])
    expect(await groups.loadMembers('G1')).toBe(false)
    expect(zim.queryGroupMemberList).toHaveBeenCalledTimes(2)
  })

  it('invites, removes, changes a role and transfers ownership', async () => {
    await groups.load('G1')
    await groups.loadMembers('G1')
    await groups.invite('G1', ['dave'])
    expect(store().membersOf('G1').list.map(m => m.userID)).toContain('dave')
    await groups.kick('G1', 'bob')
    expect(zim.kickGroupMembers).toHaveBeenCalledWith(['bob'], 'G1')
    expect(store().membersOf('G1').list.map(m => m.userID)).not.toContain('bob')
    expect(store().get('G1')!.memberCount).toBe(2)
    await groups.setRole('G1', 'carol', GroupMemberRole.Admin)
    expect(store().membersOf('G1').list.map(m => [m.userID, m.role])).toEqual([['alice', 1], ['carol', 2], ['dave', 3]])
    await groups.transferOwner('G1', 'dave')
    expect(store().get('G1')!.myRole).toBe(GroupMemberRole.Member)
    expect(store().membersOf('G1').list[0]).toMatchObject({ userID: 'dave', role: GroupMemberRole.Owner })
  })

  it('renames (the conversation list follows) and sets the notice, each within ZIM\'s limits', async () => {
    useConversationsStore().upsertMany([conversation('G1', { type: GROUP, conversationName: 'Old' })])
    await groups.rename('G1', 'New name')
    expect(useConversationsStore().get('G1', GROUP)!.conversationName).toBe('New name')
    await expect(groups.setNotice('G1', 'n'.repeat(301))).rejects.toMatchObject({ rule: 'group.rule.noticeMaxBytes', params: { max: 300 } })
    await groups.setNotice('G1', 'Meet at 9')
    expect(store().get('G1')!.notice).toBe('Meet at 9')
  })

  it('turns ZIM\'s group codes into sentences with the code, and a "not a member" into a read-only chat', async () => {
    zim.kickGroupMembers.mockRejectedValueOnce({ code: 6000541, message: 'no permission' })
    await expect(groups.kick('G1', 'bob')).rejects.toMatchObject({ message: 'group.error.noPermission', code: 6000541 })
    zim.queryGroupInfo.mockRejectedValueOnce({ code: 6000521, message: 'not a member' })
    await expect(groups.load('G1')).rejects.toMatchObject({ message: 'group.error.notMember' })
    expect(store().get('G1')!.ended).toBe('notMember')
    expect(useConversationsStore().isDisabled('G1', GROUP)).toBe(true)
  })
})

describe('leaving and its events', () => {
  it('leave and dismiss end the group for the user: read-only, and why', async () => {
    await groups.leave('G1')
    expect(store().get('G1')).toMatchObject({ ended: 'left' })
    await groups.dismiss('G2')
    expect(store().get('G2')).toMatchObject({ ended: 'dismissed', endedBy: 'alice' })
    expect(useConversationsStore().isDisabled('G2', GROUP)).toBe(true)
  })

  it('groupStateChanged: kicked or dismissed by someone, named; a join lifts the read-only state', () => {
    fire('groupStateChanged', { state: GroupState.Quit, event: GroupEvent.KickedOut, groupInfo: info('G1', 'Hikers'), operatedInfo: operator('bob') })
    expect(store().get('G1')).toMatchObject({ ended: 'kicked', endedBy: 'BOB' })
    fire('groupStateChanged', { state: GroupState.Enter, event: GroupEvent.Joined, groupInfo: info('G1', 'Hikers'), operatedInfo: operator('bob') })
    expect(store().get('G1')!.ended).toBeNull()
    expect(useConversationsStore().isDisabled('G1', GROUP)).toBe(false)
    fire('groupStateChanged', { state: GroupState.Quit, event: GroupEvent.Dismissed, groupInfo: info('G1', 'Hikers'), operatedInfo: operator('bob') })
    expect(store().get('G1')).toMatchObject({ ended: 'dismissed', endedBy: 'BOB' })
  })

  it('groupMemberStateChanged: joins and exits of others change the list and the count once each', async () => {
    await groups.load('G1')
    await groups.loadMembers('G1')
    const joined = { groupID: 'G1', state: GroupMemberState.Enter, event: GroupMemberEvent.Invited, userList: [member('dave')], operatedInfo: operator('alice') }
    fire('groupMemberStateChanged', joined)
    fire('groupMemberStateChanged', joined)
    expect(store().get('G1')!.memberCount).toBe(4)
    fire('groupMemberStateChanged', { groupID: 'G1', state: GroupMemberState.Quit, event: GroupMemberEvent.Left, userList: [member('bob')], operatedInfo: operator('bob') })
    expect(store().membersOf('G1').list.map(m => m.userID)).toEqual(['alice', 'carol', 'dave'])
    expect(store().get('G1')!.memberCount).toBe(3)
  })

  it('the conversation ZIM disables stays in the list, read-only', () => {
    fire('conversationChanged', { infoList: [{ event: 2, conversation: conversation('G1', { type: GROUP }) }] })
    expect(useConversationsStore().get('G1', GROUP)).toBeDefined()
    expect(useConversationsStore().isDisabled('G1', GROUP)).toBe(true)
  })
})
