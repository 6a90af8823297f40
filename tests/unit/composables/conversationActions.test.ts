// The conversation list's actions, drafts and one's profile (src/composables/zim/
// conversationActions.ts, drafts.ts, profile.ts) over a fake client and the real stores:
// what the SDK is asked, what the stores hold afterwards, what is refused before asking.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createConversationActions } from '@/composables/zim/conversationActions'
import { createDrafts } from '@/composables/zim/drafts'
import { createMessageSync } from '@/composables/zim/messageSync'
import { memoryStorage } from '@/composables/zim/persistence'
import { createProfileActions } from '@/profile/profileActions'
import { ZimActionError } from '@/composables/zim/actionError'
import { useConversationsStore } from '@/stores/conversations'
import { useDraftsStore } from '@/stores/drafts'
import { useMessagesStore } from '@/stores/messages'
import { useUsersStore } from '@/stores/users'
import { ConversationType } from '@/zim/constants'
import type { ZimClient } from '@/zim/types'
import { conversation, incoming } from '../stores/factories'

const PEER = ConversationType.Peer

function fakeClient() {
  return {
    updateConversationPinnedState: vi.fn(async (_pinned: boolean, conversationID: string, conversationType: number) => ({ conversationID, conversationType })),
    setConversationNotificationStatus: vi.fn(async (_status: number, conversationID: string, conversationType: number) => ({ conversationID, conversationType })),
    setConversationDraft: vi.fn(async (_draft: string, conversationID: string, conversationType: number) => ({ conversationID, conversationType })),
    deleteAllMessage: vi.fn(async (conversationID: string, conversationType: number) => ({ conversationID, conversationType })),
    deleteConversation: vi.fn(async (conversationID: string, conversationType: number) => ({ conversationID, conversationType })),
    clearConversationUnreadMessageCount: vi.fn(async (conversationID: string, conversationType: number) => ({ conversationID, conversationType })),
    updateUserName: vi.fn(async (userName: string) => ({ userName })),
    updateUserAvatarUrl: vi.fn(async (userAvatarUrl: string) => ({ userAvatarUrl })),
  }
}

let zim: ReturnType<typeof fakeClient>
let client: ZimClient | null
const conversations = () => useConversationsStore()

beforeEach(() => {
  setActivePinia(createPinia())
  zim = fakeClient()
  client = zim as unknown as ZimClient
})

describe('conversation actions', () => {
  function setup() {
    const forgetDraft = vi.fn()
    const actions = createConversationActions({
      conversations: conversations(),
      sync: createMessageSync({ messages: useMessagesStore(), conversations: conversations() }),
      currentClient: () => client,
      forgetDraft,
    })
    conversations().upsertMany([
      conversation('bob', { orderKey: 2000, unreadMessageCount: 3, lastMessage: incoming('B1', 2000, 1) }),
      conversation('carol', { orderKey: 3000, unreadMessageCount: 1 }),
    ])
    return { actions, forgetDraft }
  }

  it('pins with the SDK, then the list puts it first; unpinning puts it back', async () => {
    const { actions } = setup()
    await actions.pin('bob', PEER, true)
    expect(zim.updateConversationPinnedState).toHaveBeenCalledWith(true, 'bob', PEER)
    expect(conversations().ordered.map(c => c.conversationID)).toEqual(['bob', 'carol'])
    await actions.pin('bob', PEER, false)
    expect(zim.updateConversationPinnedState).toHaveBeenLastCalledWith(false, 'bob', PEER)
    expect(conversations().ordered.map(c => c.conversationID)).toEqual(['carol', 'bob'])
  })

  it('mutes with DoNotDisturb (2) and unmutes with Notify (1); the total follows', async () => {
    const { actions } = setup()
    expect(conversations().totalUnread).toBe(4)
    await actions.mute('bob', PEER, true)
    expect(zim.setConversationNotificationStatus).toHaveBeenCalledWith(2, 'bob', PEER)
    expect(conversations().totalUnread).toBe(1)
    await actions.mute('bob', PEER, false)
    expect(zim.setConversationNotificationStatus).toHaveBeenLastCalledWith(1, 'bob', PEER)
    expect(conversations().totalUnread).toBe(4)
  })

  it('a refusal leaves the store as it was and comes back as a ZimActionError with ZIM code', async () => {
    const { actions } = setup()
    zim.updateConversationPinnedState.mockRejectedValueOnce({ code: 6000604, message: 'pinned conversations limit' })
    const err = await actions.pin('bob', PEER, true).catch(e => e)
    expect(err).toBeInstanceOf(ZimActionError)
    expect(err).toMatchObject({ code: 6000604, rule: 'zim.6000604' })
    expect(conversations().get('bob', PEER)!.isPinned).toBe(false)
  })

  it('deletes the messages (server copy too), then the conversation (server copy too), its messages and draft', async () => {
    const { actions, forgetDraft } = setup()
    useMessagesStore().receive([incoming('B1', 2000, 1, { conversationID: 'bob' })])
    await actions.remove('bob', PEER)
    expect(zim.deleteAllMessage).toHaveBeenCalledWith('bob', PEER, { isAlsoDeleteServerMessage: true })
    expect(zim.deleteConversation).toHaveBeenCalledWith('bob', PEER, { isAlsoDeleteServerConversation: true })
    expect(zim.deleteAllMessage.mock.invocationCallOrder[0]).toBeLessThan(zim.deleteConversation.mock.invocationCallOrder[0])
    expect(conversations().get('bob', PEER)).toBeUndefined()
    expect(useMessagesStore().listFor('bob', PEER)).toEqual([])
    expect(forgetDraft).toHaveBeenCalledWith('bob', PEER)
  })

  it('a conversation with no message (a draft only) is deleted here only: no messages to delete, none on the server (6000603 there)', async () => {
    const { actions } = setup()
    await actions.remove('carol', PEER)
    expect(zim.deleteAllMessage).not.toHaveBeenCalled()
    expect(zim.deleteConversation).toHaveBeenCalledWith('carol', PEER, { isAlsoDeleteServerConversation: false })
  })

  it('a failed message delete keeps the conversation', async () => {
    const { actions } = setup()
    zim.deleteAllMessage.mockRejectedValueOnce({ code: 6000001, message: 'no' })
    await expect(actions.remove('bob', PEER)).rejects.toMatchObject({ code: 6000001 })
    expect(zim.deleteConversation).not.toHaveBeenCalled()
    expect(conversations().get('bob', PEER)).toBeDefined()
  })

  it('marks read on the server and in the list', async () => {
    const { actions } = setup()
    await actions.markRead('bob', PEER)
    expect(zim.clearConversationUnreadMessageCount).toHaveBeenCalledWith('bob', PEER)
    expect(conversations().get('bob', PEER)!.unreadMessageCount).toBe(0)
  })

  it('without an SDK instance, says so (6000121) and asks nothing', async () => {
    const { actions } = setup()
    client = null
    await expect(actions.mute('bob', PEER, true)).rejects.toMatchObject({ code: 6000121 })
  })
})

describe('drafts', () => {
  function setup(userID = 'alice') {
    const storage = memoryStorage()
    let now = 5000
    const drafts = createDrafts({
      drafts: useDraftsStore(),
      conversations: conversations(),
      storage,
      currentClient: () => client,
      currentUserID: () => userID,
      now: () => now,
    })
    return { drafts, storage, tick: (ms: number) => { now += ms } }
  }

  it('saves a draft in the store, in storage under the user, and with the SDK; the list moves it to now', () => {
    const { drafts, storage } = setup()
    conversations().upsertMany([conversation('carol', { orderKey: 4000 })])
    drafts.save('bob', PEER, 'half a thought')
    expect(useDraftsStore().textOf('bob', PEER)).toBe('half a thought')
    expect(zim.setConversationDraft).toHaveBeenCalledWith('half a thought', 'bob', PEER)
    expect(JSON.parse(storage.get('zim-chat.drafts.alice')!)).toEqual([{ conversationID: 'bob', type: PEER, text: 'half a thought', at: 5000 }])
    expect(conversations().ordered.map(c => c.conversationID)).toEqual(['bob', 'carol'])
  })

  it('the same text again asks nothing; blank text clears the draft (and tells the SDK)', () => {
    const { drafts, storage } = setup()
    drafts.save('bob', PEER, 'hi')
    drafts.save('bob', PEER, 'hi')
    expect(zim.setConversationDraft).toHaveBeenCalledTimes(1)
    drafts.save('bob', PEER, '   ')
    expect(useDraftsStore().textOf('bob', PEER)).toBe('')
    expect(zim.setConversationDraft).toHaveBeenLastCalledWith('', 'bob', PEER)
    expect(JSON.parse(storage.get('zim-chat.drafts.alice')!)).toEqual([])
  })

  it('a deleted conversation loses its draft without telling the SDK (an empty draft would create it again)', () => {
    const { drafts } = setup()
    drafts.save('bob', PEER, 'hi')
    drafts.clear('bob', PEER, false)
    expect(useDraftsStore().textOf('bob', PEER)).toBe('')
    expect(zim.setConversationDraft).toHaveBeenCalledTimes(1)
  })

  it('rooms keep no drafts (ZIM refuses type 1)', () => {
    const { drafts } = setup()
    drafts.save('lobby', ConversationType.Room, 'hello room')
    expect(useDraftsStore().list).toEqual([])
    expect(zim.setConversationDraft).not.toHaveBeenCalled()
  })

  it('a login loads the user\'s drafts from storage (an unreadable key is no draft), and the list shows their conversations', () => {
    const { drafts, storage } = setup()
    storage.set('zim-chat.drafts.alice', JSON.stringify([{ conversationID: 'bob', type: PEER, text: 'kept', at: 100 }, { conversationID: 'x', type: 1, text: 'room', at: 1 }, 'junk']))
    drafts.load('alice')
    expect(useDraftsStore().list.map(d => d.text)).toEqual(['kept'])
    expect(conversations().get('bob', PEER)).toBeDefined()
    storage.set('zim-chat.drafts.eve', '{not json')
    drafts.load('eve')
    expect(useDraftsStore().list).toEqual([])
  })

  it('after a catch-up, gives the SDK only the drafts its conversations do not carry', () => {
    const { drafts } = setup()
    drafts.save('bob', PEER, 'for bob')
    drafts.save('carol', PEER, 'for carol')
    zim.setConversationDraft.mockClear()
    conversations().upsertMany([conversation('bob', { draft: 'for bob' }), conversation('carol', { draft: '' })])
    drafts.reapply()
    expect(zim.setConversationDraft.mock.calls).toEqual([['for carol', 'carol', PEER]])
  })

  it('logout forgets the drafts, in storage too; another user never sees them', () => {
    const { drafts, storage } = setup()
    drafts.save('bob', PEER, 'secret')
    drafts.forget('alice')
    expect(storage.get('zim-chat.drafts.alice')).toBeNull()
    expect(useDraftsStore().list).toEqual([])
  })
})

describe('profile', () => {
  function setup() {
    const renamed = vi.fn()
    const profile = createProfileActions({ users: useUsersStore(), currentClient: () => client, currentUserID: () => 'alice', renamed })
    return { profile, renamed }
  }

  it('a new name goes to ZIM, then to the session and the users store', async () => {
    const { profile, renamed } = setup()
    await profile.setName('  Alice Liddell ')
    expect(zim.updateUserName).toHaveBeenCalledWith('Alice Liddell')
    expect(renamed).toHaveBeenCalledWith('Alice Liddell')
    expect(useUsersStore().profiles.alice).toEqual({ userName: 'Alice Liddell', avatarUrl: '' })
  })

  it('a name over 256 bytes (or blank) is refused before ZIM is asked, naming the rule', async () => {
    const { profile, renamed } = setup()
    await expect(profile.setName('名'.repeat(86))).rejects.toMatchObject({ rule: 'userName.maxBytes', params: { max: 256 } })
    await expect(profile.setName('  ')).rejects.toMatchObject({ rule: 'userName.required' })
    await profile.setName('名'.repeat(85)) // 255 bytes
    expect(zim.updateUserName).toHaveBeenCalledTimes(1)
    expect(renamed).toHaveBeenCalledTimes(1)
  })

  it('an avatar URL over 500 bytes is refused before ZIM is asked; one within goes to ZIM and the store', async () => {
    const { profile } = setup()
    const base = 'http://127.0.0.1/api/avatars/'
    await expect(profile.setAvatarUrl(base + 'a'.repeat(501 - base.length))).rejects.toMatchObject({ rule: 'profile.avatarUrlMaxBytes', params: { max: 500, bytes: 501 } })
    expect(zim.updateUserAvatarUrl).not.toHaveBeenCalled()
    const url = base + 'a'.repeat(500 - base.length)
    await profile.setAvatarUrl(url)
    expect(zim.updateUserAvatarUrl).toHaveBeenCalledWith(url)
    expect(useUsersStore().profiles.alice.avatarUrl).toBe(url)
  })

  it('ZIM\'s refusal keeps the old name', async () => {
    const { profile, renamed } = setup()
    zim.updateUserName.mockRejectedValueOnce({ code: 6000001, message: 'bad' })
    await expect(profile.setName('Bob')).rejects.toMatchObject({ code: 6000001 })
    expect(renamed).not.toHaveBeenCalled()
    expect(useUsersStore().profiles.alice).toBeUndefined()
  })
})
