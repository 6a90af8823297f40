// The useZim() the pages see in component tests: reactive state a test sets (`fakeState`)
// and every verb a vi.fn() with a benign default, so a test asserts what a page asked for
// and scripts what it gets back. It `satisfies UseZimReturn`: it cannot drift from the real one.
// Use: vi.mock('@/composables/useZim', () => import('./fakeZim')).
import { computed, ref } from 'vue'
import { vi } from 'vitest'
import type { UseZimReturn, ZimConnection } from '@/composables/useZim'
import type { SessionError, SessionUser } from '@/stores/session'
import { createPresence } from '@/composables/zim/presence'
import { useDraftsStore } from '@/stores/drafts'
import type { ZimClient, ZIMMessage } from '@/zim/types'

const IDLE: ZimConnection = { phase: 'idle', reason: '', error: null }

export const fakeState = {
  connection: ref<ZimConnection>({ ...IDLE }),
  user: ref<SessionUser | null>(null),
  error: ref<SessionError | null>(null),
}

function defaults() {
  return {
    session: {
      login: async (_userID: string, _userName: string): Promise<void> => undefined,
      restore: async (): Promise<boolean> => false,
      logout: (): void => undefined,
      signInAgain: (): void => undefined,
    },
    conversations: {
      refresh: async (): Promise<void> => undefined,
    },
    chat: {
      open: async (_conversationID: string, _type?: number): Promise<boolean> => false,
      close: (_conversationID: string): void => undefined,
      loadOlder: async (_conversationID: string, _type?: number): Promise<boolean> => false,
      sendText: async (_to: string, _text: string, _type?: number): Promise<ZIMMessage> => ({}) as ZIMMessage,
      send: async (_message: ZIMMessage, _to: string, _type?: number, _priority?: number): Promise<ZIMMessage> => ({}) as ZIMMessage,
      resend: async (_conversationID: string, _type: number, _localMessageID: string): Promise<ZIMMessage> => ({}) as ZIMMessage,
    },
  }
}

type Groups = ReturnType<typeof defaults>
type Mocked<G> = { [K in keyof G]: G[K] extends (...args: infer A) => infer R ? ReturnType<typeof vi.fn<(...args: A) => R>> : never }

function mocked<G extends Record<string, (...args: never[]) => unknown>>(group: G): Mocked<G> {
  const out = {} as Record<string, unknown>
  for (const [name, fn] of Object.entries(group))
    out[name] = vi.fn(fn)
  return out as Mocked<G>
}

const d = defaults()

export const fakeZim = {
  connection: computed(() => fakeState.connection.value),
  user: computed(() => fakeState.user.value),
  error: computed(() => fakeState.error.value),
  session: mocked(d.session),
  conversations: mocked(d.conversations),
  chat: mocked(d.chat),
  close: vi.fn((): void => undefined),
} satisfies UseZimReturn

/** Clears calls, scripted behaviour and state; back to the defaults. */
export function resetFakeZim(): void {
  const fresh = defaults()
  for (const group of ['session', 'conversations', 'chat'] as const) {
    const mocks = fakeZim[group] as Record<string, ReturnType<typeof vi.fn>>
    const impls = fresh[group] as Record<string, (...args: never[]) => unknown>
    for (const name of Object.keys(impls)) {
      mocks[name].mockReset()
      mocks[name].mockImplementation(impls[name as keyof Groups[typeof group]] as never)
    }
  }
  fakeZim.close.mockReset()
  for (const fn of [fakeEngine.messageActions.revoke, fakeEngine.messageActions.remove, fakeEngine.resend, fakeEngine.send, fakeEngine.media.send, fakeEngine.media.cancel])
    fn.mockClear()
  fakeClient.sendMessage.mockClear()
  fakeClient.queryCombineMessageDetail.mockClear()
  fakeEngine.presence.forget()
  resetFakeEngine()
  fakeUsers.clear()
  fakeClient.queryUsersInfo.mockClear()
  fakeState.connection.value = { ...IDLE }
  fakeState.user.value = null
  fakeState.error.value = null
}

/** Who queryUsersInfo knows in page tests: userID → userName. */
export const fakeUsers = new Map<string, string>()

export const fakeClient = {
  queryUsersInfo: vi.fn(async (userIDs: string[]) => ({
    userList: userIDs.filter(id => fakeUsers.has(id)).map(userID => ({
      baseInfo: { userID, userName: fakeUsers.get(userID)!, userAvatarUrl: '', userExtendedData: '' },
      userAvatarUrl: '',
      extendedData: '',
    })),
    errorUserList: [],
  })),
  /** Typing signals and forwarded messages the page sent straight to the SDK. */
  sendMessage: vi.fn(async (message: ZIMMessage) => ({ message })),
  /** Children a test scripts for a combined message's detail. */
  queryCombineMessageDetail: vi.fn(async (message: ZIMMessage) => ({ message: { ...message, messageList: [] as ZIMMessage[] } })),
}

export const currentZimClient = vi.fn((): ZimClient | null => fakeClient as unknown as ZimClient)

export const useZim = vi.fn((): UseZimReturn => fakeZim)

/** The engine parts feature composables (useMessageActions) reach through `liveEngine`. */
export const fakeEngine = {
  messageActions: {
    revoke: vi.fn(async (_entry: unknown): Promise<void> => undefined),
    remove: vi.fn(async (_entry: unknown): Promise<void> => undefined),
  },
  resend: vi.fn(async (_conversationID: string, _type: number, _localMessageID: string): Promise<ZIMMessage> => ({}) as ZIMMessage),
  /** The send path forwarding goes through. */
  send: vi.fn(async (message: ZIMMessage, _to: string, _type?: number): Promise<ZIMMessage> => message),
  /** The real presence part over the fake client: typing is sent with fakeClient.sendMessage. */
  presence: createPresence({ currentClient: () => fakeClient as unknown as ZimClient, isConnected: () => true }),
  media: {
    send: vi.fn(async (_pick: unknown, _conversationID: string, _type?: number): Promise<ZIMMessage> => ({}) as ZIMMessage),
    cancel: vi.fn((_localMessageID: string): boolean => true),
  },
  /** useGroups / useRooms reach these (issue 11); pages' tests script them. */
  groups: {
    create: vi.fn(async (_name: string, _memberIDs: readonly string[]) => ({ groupID: 'G1', refused: [] as { userID: string, reason: number }[] })),
    load: vi.fn(async (_groupID: string): Promise<void> => undefined),
    loadMembers: vi.fn(async (_groupID: string, _first?: boolean): Promise<boolean> => false),
    invite: vi.fn(async (_groupID: string, _userIDs: readonly string[]) => [] as { userID: string, reason: number }[]),
    kick: vi.fn(async (_groupID: string, _userID: string): Promise<void> => undefined),
    setRole: vi.fn(async (_groupID: string, _userID: string, _role: number): Promise<void> => undefined),
    transferOwner: vi.fn(async (_groupID: string, _userID: string): Promise<void> => undefined),
    rename: vi.fn(async (_groupID: string, _name: string): Promise<void> => undefined),
    setNotice: vi.fn(async (_groupID: string, _notice: string): Promise<void> => undefined),
    leave: vi.fn(async (_groupID: string): Promise<void> => undefined),
    dismiss: vi.fn(async (_groupID: string): Promise<void> => undefined),
  },
  rooms: {
    enter: vi.fn(async (_roomID: string): Promise<void> => undefined),
    leave: vi.fn(async (_roomID: string): Promise<void> => undefined),
  },
  sendText: vi.fn(async (_to: string, _text: string, _type?: number): Promise<ZIMMessage> => ({}) as ZIMMessage),
  /** useReadReceipts reaches these; a test scripts `members`. */
  receipts: {
    open: vi.fn((_id: string, _type: number) => undefined),
    close: vi.fn((_id: string) => undefined),
    setPageShown: vi.fn((_shown: boolean) => undefined),
    setForeground: vi.fn((_shown: boolean) => undefined),
    changed: vi.fn(() => undefined),
    resume: vi.fn(() => undefined),
    rowOnScreen: vi.fn((_entry: unknown, _shown: boolean) => undefined),
    members: vi.fn(async (_entry: unknown, _read: boolean, _nextFlag?: number) => ({ members: [] as { userID: string, userName: string }[], nextFlag: 0 })),
    forget: vi.fn(() => undefined),
  },
  /** The list's menu (issue 12): each resolves unless a test scripts a refusal. */
  conversationActions: {
    pin: vi.fn(async (_id: string, _type: number, _pinned: boolean): Promise<void> => undefined),
    mute: vi.fn(async (_id: string, _type: number, _muted: boolean): Promise<void> => undefined),
    remove: vi.fn(async (_id: string, _type: number): Promise<void> => undefined),
    markRead: vi.fn(async (_id: string, _type: number): Promise<void> => undefined),
  },
  /** Drafts land in the real drafts store (the page reads it), with no storage or SDK behind. */
  drafts: {
    save: vi.fn((conversationID: string, type: number, text: string): void => {
      if (text.trim())
        useDraftsStore().set({ conversationID, type: type as 0, text, at: Date.now() })
      else
        useDraftsStore().remove(conversationID, type as 0)
    }),
    clear: vi.fn((conversationID: string, type: number): void => void useDraftsStore().remove(conversationID, type as 0)),
  },
  /** One's own name changed on the profile page. */
  renamed: vi.fn((_userName: string): void => undefined),
  /** useHistoryAround (search): a chat opened at a message, the pages after a gap. */
  history: {
    openAround: vi.fn(async (_conversationID: string, _type: number, _anchor: ZIMMessage): Promise<void> => undefined),
    loadNewer: vi.fn(async (_conversationID: string, _type: number, _edge: string): Promise<void> => undefined),
  },
}

/** Back to the benign defaults (each page test starts here). */
function resetFakeEngine(): void {
  const fresh = { groups: { create: { groupID: 'G1', refused: [] }, loadMembers: false, invite: [] } as Record<string, unknown> }
  for (const [name, fn] of Object.entries(fakeEngine.groups)) {
    fn.mockReset()
    fn.mockImplementation((async () => fresh.groups[name]) as never)
  }
  for (const fn of [...Object.values(fakeEngine.rooms), fakeEngine.sendText]) {
    fn.mockReset()
    fn.mockImplementation((async () => ({})) as never)
  }
  fakeEngine.renamed.mockClear()
  for (const fn of Object.values(fakeEngine.conversationActions)) {
    fn.mockReset()
    fn.mockImplementation((async () => undefined) as never)
  }
  fakeEngine.drafts.save.mockClear()
  fakeEngine.drafts.clear.mockClear()
  fakeEngine.send.mockReset()
  fakeEngine.send.mockImplementation(async (message: ZIMMessage) => message)
  for (const fn of Object.values(fakeEngine.rooms))
    fn.mockImplementation((async () => undefined) as never)
}

export const liveEngine = vi.fn(() => fakeEngine)
export const disposeZim = vi.fn()
