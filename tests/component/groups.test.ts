// The group pages with real stores and a scripted engine: create a group (each member ID
// checked, the rule named), the group info page (members, who may do what, leave with a
// confirmation), the group chat (title with the count, the way in, read-only with why), and
// the conversation list (group avatar, "Alice: hello", data-conversation-type) in both languages.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import CreateGroupPage from '@/group/create/index.vue'
import GroupInfoPage from '@/group/info/index.vue'
import en from '@/locale/en.json'
import { i18n, LOCALES } from '@/locale'
import ChatPage from '@/chat/index.vue'
import ConversationsPage from '@/pages/conversations/index.vue'
import { useConversationsStore } from '@/stores/conversations'
import { useGroupsStore } from '@/stores/groups'
import { ConversationType, GroupMemberRole } from '@/zim/constants'
import { runHook, type UniStub } from '../helpers/uniStub'
import { conversation, incoming } from '../unit/stores/factories'
import { fakeEngine, fakeUsers } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

const GROUP = ConversationType.Group
let uni: UniStub
let pinia: Pinia
let wrapper: VueWrapper | undefined

beforeEach(() => {
  ({ uni, pinia } = freshPage({ userID: 'alice', userName: 'Alice' }))
})

afterEach(() => {
  closePage(wrapper)
  wrapper = undefined
})

const byTestId = (id: string) => wrapper!.find(`[data-testid="${id}"]`)

function members(groupID: string, list: [string, number][]) {
  useGroupsStore().putMembers(groupID, list.map(([userID, role]) => ({ userID, userName: userID.toUpperCase(), avatarUrl: '', role })), 0, true)
}

async function createPage() {
  wrapper = mount(CreateGroupPage, { global: { plugins: [pinia] } })
  await runHook('onLoad', {})
  return wrapper
}

async function infoPage(myRole: number) {
  useGroupsStore().patch('G1', { name: 'Hikers', memberCount: 3, myRole })
  members('G1', [['alice', myRole], ['bob', GroupMemberRole.Admin], ['carol', GroupMemberRole.Member]])
  wrapper = mount(GroupInfoPage, { global: { plugins: [pinia] }, attachTo: document.body })
  await runHook('onLoad', { id: 'G1' })
  await flushPromises()
  return wrapper
}

describe('create a group', () => {
  it('names the broken rule and the ID before anything is sent', async () => {
    await createPage()
    await byTestId('group-name-input').setValue('Hikers')
    await byTestId('group-members-input').setValue('bob, c*d')
    await byTestId('group-create-submit').trigger('click')
    await flushPromises()
    expect(byTestId('group-members-error').text()).toContain('"c*d" is not a user ID')
    await byTestId('group-name-input').setValue('')
    await flushPromises()
    expect(byTestId('group-name-error').text()).toBe('Give the group a name.')
    expect(fakeEngine.groups.create).not.toHaveBeenCalled()
  })

  it('creates with the members typed (commas, spaces or lines) and opens the group\'s chat', async () => {
    await createPage()
    await byTestId('group-name-input').setValue('Hikers')
    await byTestId('group-members-input').setValue('bob, carol\ndave')
    await byTestId('group-create-submit').trigger('click')
    await flushPromises()
    expect(fakeEngine.groups.create).toHaveBeenCalledWith('Hikers', ['bob', 'carol', 'dave'])
    expect(uni.redirectTo).toHaveBeenCalledWith({ url: '/chat/index?id=G1&type=2' })
  })

  it('says which users could not be added, and opens the chat on request', async () => {
    fakeEngine.groups.create.mockResolvedValueOnce({ groupID: 'G1', refused: [{ userID: 'ghost', reason: 6000525 }] })
    await createPage()
    await byTestId('group-name-input').setValue('Hikers')
    await byTestId('group-members-input').setValue('bob ghost')
    await byTestId('group-create-submit').trigger('click')
    await flushPromises()
    expect(byTestId('group-create-refused').text()).toContain('ghost (code 6000525)')
    await byTestId('group-open').trigger('click')
    expect(uni.redirectTo).toHaveBeenCalledWith({ url: '/chat/index?id=G1&type=2' })
  })

  it('a refusal of the service is shown in words with its code', async () => {
    fakeEngine.groups.create.mockRejectedValueOnce({ message: 'group.error.full', rule: 'group.error.full', code: 6000525 })
    await createPage()
    await byTestId('group-name-input').setValue('Hikers')
    await byTestId('group-members-input').setValue('bob')
    await byTestId('group-create-submit').trigger('click')
    await flushPromises()
    expect(byTestId('group-create-error').text()).toContain('The group is full.')
    expect(byTestId('group-create-error').text()).toContain('6000525')
  })
})

describe('group info', () => {
  it('lists the members with their user IDs and roles; the owner may remove, promote and transfer', async () => {
    await infoPage(GroupMemberRole.Owner)
    expect(fakeEngine.groups.load).toHaveBeenCalledWith('G1')
    const items = wrapper!.findAll('[data-testid="group-member-item"]')
    expect(items.map(i => i.attributes('data-user-id'))).toEqual(['alice', 'bob', 'carol'])
    expect(items[0].find('[data-testid="group-remove-member"]').exists()).toBe(false)
    expect(items[1].findAll('[data-testid="group-remove-member"]')).toHaveLength(1)
    expect(items[2].find('[data-testid="group-member-role"]').text()).toBe('Make admin')
    await items[2].find('[data-testid="group-remove-member"]').trigger('click')
    await flushPromises()
    expect(fakeEngine.groups.kick).toHaveBeenCalledWith('G1', 'carol')
    await items[1].find('[data-testid="group-transfer-owner"]').trigger('click')
    await flushPromises()
    expect(fakeEngine.groups.transferOwner).toHaveBeenCalledWith('G1', 'bob')
    expect(byTestId('group-dismiss').exists()).toBe(true)
  })

  it('an admin removes plain members only; a member removes nobody and cannot dismiss', async () => {
    await infoPage(GroupMemberRole.Admin)
    let items = wrapper!.findAll('[data-testid="group-member-item"]')
    // The owner-only ones are gone; carol (a plain member) may be removed.
    expect(items.map(i => i.find('[data-testid="group-remove-member"]').exists())).toEqual([false, false, true])
    expect(wrapper!.find('[data-testid="group-member-role"]').exists()).toBe(false)
    closePage(wrapper)
    ;({ uni, pinia } = freshPage({ userID: 'alice', userName: 'Alice' }))
    await infoPage(GroupMemberRole.Member)
    items = wrapper!.findAll('[data-testid="group-member-item"]')
    expect(items.some(i => i.find('[data-testid="group-remove-member"]').exists())).toBe(false)
    expect(byTestId('group-dismiss').exists()).toBe(false)
    expect(byTestId('group-leave').exists()).toBe(true)
  })

  it('invites by user ID, renames and sets the notice', async () => {
    await infoPage(GroupMemberRole.Owner)
    expect((byTestId('group-rename-input').element as HTMLInputElement).value).toBe('Hikers')
    await byTestId('group-invite-input').setValue('dave erin')
    await byTestId('group-invite-submit').trigger('click')
    await flushPromises()
    expect(fakeEngine.groups.invite).toHaveBeenCalledWith('G1', ['dave', 'erin'])
    expect(byTestId('group-info-notice').text()).toBe('Invited 2.')
    await byTestId('group-rename-input').setValue('Trail crew')
    await byTestId('group-rename-submit').trigger('click')
    await flushPromises()
    expect(fakeEngine.groups.rename).toHaveBeenCalledWith('G1', 'Trail crew')
    await byTestId('group-notice-input').setValue('Meet at 9')
    await byTestId('group-notice-submit').trigger('click')
    await flushPromises()
    expect(fakeEngine.groups.setNotice).toHaveBeenCalledWith('G1', 'Meet at 9')
  })

  it('leaves only after the second, explicit tap, and goes back to the (now read-only) chat', async () => {
    await infoPage(GroupMemberRole.Member)
    await byTestId('group-leave').trigger('click')
    expect(fakeEngine.groups.leave).not.toHaveBeenCalled()
    await flushPromises()
    expect(document.activeElement?.getAttribute('data-testid')).toBe('group-confirm')
    await byTestId('group-confirm').trigger('click')
    await flushPromises()
    expect(fakeEngine.groups.leave).toHaveBeenCalledWith('G1')
    // Opened by its address (no chat below it): to the chat.
    expect(uni.redirectTo).toHaveBeenCalledWith({ url: '/chat/index?id=G1&type=2' })
  })

  it('pages through members with "More members"', async () => {
    await infoPage(GroupMemberRole.Member)
    useGroupsStore().putMembers('G1', [], 50, false)
    await flushPromises()
    await byTestId('group-members-more').trigger('click')
    await flushPromises()
    expect(fakeEngine.groups.loadMembers).toHaveBeenLastCalledWith('G1', undefined)
  })
})

describe('the group chat', () => {
  async function chat() {
    useGroupsStore().patch('G1', { name: 'Hikers', memberCount: 3, myRole: GroupMemberRole.Member })
    wrapper = mount(ChatPage, { global: { plugins: [pinia] } })
    await runHook('onLoad', { id: 'G1', type: '2' })
    await flushPromises()
    return wrapper
  }

  it('has the member count in the title and a way into the group\'s info', async () => {
    await chat()
    expect(uni.setNavigationBarTitle).toHaveBeenLastCalledWith({ title: 'Hikers (3)' })
    expect(byTestId('group-chat-count').text()).toBe('3 members')
    await byTestId('group-info').trigger('click')
    expect(uni.navigateTo).toHaveBeenCalledWith({ url: '/group/info/index?id=G1' })
  })

  it('is read-only once the user was removed, and says by whom', async () => {
    fakeUsers.set('bob', 'Bob')
    await chat()
    useGroupsStore().patch('G1', { ended: 'kicked', endedBy: 'bob' })
    await flushPromises()
    expect(byTestId('group-ended').text()).toContain('removed you from this group')
    expect(byTestId('message-input').attributes('disabled')).toBeDefined()
  })

  it('a dismissed group says so', async () => {
    await chat()
    useGroupsStore().patch('G1', { ended: 'dismissed', endedBy: '' })
    await flushPromises()
    expect(byTestId('group-ended').text()).toBe('This group was dismissed. You can read its messages but no longer send.')
  })
})

describe('the conversation list with groups', () => {
  it('marks each item\'s type, shows a group avatar and "Name: text" for others\' group messages', async () => {
    fakeUsers.set('bob', 'Bob')
    useConversationsStore().upsertMany([
      conversation('G1', { type: GROUP, conversationName: 'Hikers', orderKey: 3, lastMessage: incoming('g1', 3000, 3, { conversationID: 'G1', conversationType: GROUP, senderUserID: 'bob', message: 'hello' }) }),
      conversation('carol', { orderKey: 2, lastMessage: incoming('c1', 2000, 2, { conversationID: 'carol', senderUserID: 'carol', message: 'hi' }) }),
    ])
    wrapper = mount(ConversationsPage, { global: { plugins: [pinia] } })
    await runHook('onShow')
    await flushPromises()
    const items = wrapper.findAll('[data-testid="conversation-item"]')
    expect(items.map(i => i.attributes('data-conversation-type'))).toEqual(['2', '0'])
    expect(items[0].find('[data-testid="group-avatar"]').exists()).toBe(true)
    expect(items[1].find('[data-testid="group-avatar"]').exists()).toBe(false)
    await vi.waitFor(() => expect(items[0].find('.preview').text()).toBe('Bob: hello'))
    expect(items[1].find('.preview').text()).toBe('hi')
    await byTestId('new-group').trigger('click')
    expect(uni.navigateTo).toHaveBeenCalledWith({ url: '/group/create/index' })
  })

  it('enters a room by ID, refusing a bad one in words', async () => {
    wrapper = mount(ConversationsPage, { global: { plugins: [pinia] } })
    await byTestId('room-id-input').setValue('a b')
    await byTestId('room-enter').trigger('click')
    expect(byTestId('room-id-error').text()).toBe('A room ID cannot contain spaces.')
    await byTestId('room-id-input').setValue('lobby')
    await byTestId('room-enter').trigger('click')
    expect(uni.navigateTo).toHaveBeenCalledWith({ url: '/chat/room?id=lobby' })
  })
})

describe.each(LOCALES)('group pages in %s', (locale) => {
  beforeEach(() => {
    i18n.global.locale.value = locale
  })

  it('show words only (no raw key, no unfilled parameter)', async () => {
    for (const show of [createPage, () => infoPage(GroupMemberRole.Owner)]) {
      const w = await show()
      const submit = w.find('[data-testid="group-create-submit"]')
      if (submit.exists())
        await submit.trigger('click') // the rules' sentences show too
      await flushPromises()
      const text = [w.text(), ...w.findAll('[placeholder]').map(e => e.attributes('placeholder')), ...w.findAll('[aria-label]').map(e => e.attributes('aria-label'))].join('\n')
      for (const key of Object.keys(en))
        expect(text, `raw key ${key}`).not.toContain(key)
      expect(text).not.toMatch(/\{\w+\}/)
      expect(/[\u4E00-\u9FFF]/.test(text)).toBe(locale === 'zh-Hans')
      closePage(w)
      ;({ uni, pinia } = freshPage({ userID: 'alice', userName: 'Alice' }))
      i18n.global.locale.value = locale
    }
  })
})
