// Read receipts on the chat page with real stores and a scripted engine: the line under
// one's own sends ("Read" / "Unread", "N read" in groups, data-read), nothing under others'
// messages, the page telling the engine which chat is read, and a group message's sheet of
// readers (Escape closes it) in both languages.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ChatPage from '@/chat/index.vue'
import { i18n } from '@/locale'
import { useGroupsStore } from '@/stores/groups'
import { useMessagesStore } from '@/stores/messages'
import { ConversationType, GroupMemberRole } from '@/zim/constants'
import { runHook } from '../helpers/uniStub'
import { incoming, sent } from '../unit/stores/factories'
import { fakeEngine } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

const GROUP = ConversationType.Group
let pinia: Pinia
let wrapper: VueWrapper | undefined

beforeEach(() => {
  ({ pinia } = freshPage({ userID: 'me', userName: 'Me' }))
  for (const fn of Object.values(fakeEngine.receipts))
    fn.mockClear()
})

afterEach(() => {
  closePage(wrapper)
  wrapper = undefined
  i18n.global.locale.value = 'en'
})

async function open(query: Record<string, string>) {
  wrapper = mount(ChatPage, { global: { plugins: [pinia] }, attachTo: document.body })
  await runHook('onLoad', query)
  await flushPromises()
  return wrapper
}

const receipts = () => wrapper!.findAll('[data-testid="message-receipt"]')

describe('receipts in a peer chat', () => {
  it('"Unread" then "Read" under our own sent messages only; the engine is told which chat is read', async () => {
    const messages = useMessagesStore()
    messages.confirmSent(sent('L1', 'M1', 1000, 1, { receiptStatus: 1 }))
    messages.receive([incoming('M2', 2000, 2, { receiptStatus: 1 })])
    messages.confirmSent(sent('L3', 'M3', 3000, 3)) // sent without a receipt
    await open({ id: 'bob', type: '0' })
    expect(fakeEngine.receipts.open).toHaveBeenCalledWith('bob', 0)
    expect(receipts().map(r => [r.text(), r.attributes('data-read')])).toEqual([['Unread', 'false']])

    messages.markOwnReadUpTo('bob', 0, Number.POSITIVE_INFINITY)
    await flushPromises()
    expect(receipts().map(r => [r.text(), r.attributes('data-read')])).toEqual([['Read', 'true']])
    i18n.global.locale.value = 'zh-Hans'
    await flushPromises()
    expect(receipts()[0].text()).toBe('已读')
    // A tap on a peer receipt opens nothing.
    await receipts()[0].trigger('click')
    expect(fakeEngine.receipts.members).not.toHaveBeenCalled()

    closePage(wrapper)
    wrapper = undefined
    expect(fakeEngine.receipts.close).toHaveBeenCalledWith('bob')
  })
})

describe('receipts in a group', () => {
  it('"N read" with a sheet of who read it and who has not; Escape closes it', async () => {
    useGroupsStore().patch('G1', { name: 'Hikers', memberCount: 3, myRole: GroupMemberRole.Member })
    const messages = useMessagesStore()
    messages.confirmSent(sent('L1', 'M1', 1000, 1, { conversationID: 'G1', conversationType: GROUP, receiptStatus: 1 }))
    messages.applyReceipts([{ conversationID: 'G1', conversationType: GROUP, messageID: 'M1', status: 1, readMemberCount: 1, unreadMemberCount: 1 }])
    fakeEngine.receipts.members.mockImplementation(async (_entry, read) => ({
      members: read ? [{ userID: 'bob', userName: 'Bob' }] : [{ userID: 'carol', userName: 'Carol' }],
      nextFlag: 0,
    }))
    await open({ id: 'G1', type: '2' })
    expect(receipts().map(r => [r.text(), r.attributes('data-read'), r.attributes('role')])).toEqual([['1 read', 'false', 'button']])

    await receipts()[0].trigger('click')
    await flushPromises()
    const sheet = wrapper!.find('[data-testid="receipt-sheet"]')
    expect(sheet.find('[data-testid="receipt-read-list"]').text()).toContain('Read (1)')
    expect(sheet.findAll('[data-testid="receipt-read-list"] [data-testid="receipt-member"]').map(m => m.attributes('data-user-id'))).toEqual(['bob'])
    expect(sheet.findAll('[data-testid="receipt-unread-list"] [data-testid="receipt-member"]').map(m => m.attributes('data-user-id'))).toEqual(['carol'])
    expect(document.activeElement?.closest('[data-testid="receipt-sheet-close"]')).not.toBeNull()
    await sheet.trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(wrapper!.find('[data-testid="receipt-sheet"]').exists()).toBe(false)

    messages.applyReceipts([{ conversationID: 'G1', conversationType: GROUP, messageID: 'M1', status: 2, readMemberCount: 2, unreadMemberCount: 0 }])
    await flushPromises()
    expect(receipts().map(r => [r.text(), r.attributes('data-read')])).toEqual([['2 read', 'true']])
    i18n.global.locale.value = 'zh-Hans'
    await flushPromises()
    expect(receipts()[0].text()).toBe('2 人已读')
  })

  it('a received group message waiting for our receipt is reported on screen', async () => {
    useGroupsStore().patch('G1', { name: 'Hikers', memberCount: 3, myRole: GroupMemberRole.Member })
    useMessagesStore().receive([incoming('M5', 5000, 5, { conversationID: 'G1', conversationType: GROUP, receiptStatus: 1 })])
    await open({ id: 'G1', type: '2' })
    expect(fakeEngine.receipts.rowOnScreen).toHaveBeenCalledWith(expect.objectContaining({ messageID: 'M5' }), true)
    expect(receipts()).toHaveLength(0)
  })
})
