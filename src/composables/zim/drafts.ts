// Drafts: what a person left in a chat's composer. Kept in the drafts store and in storage
// (one small key per user, removed at logout), and given to the SDK with setConversationDraft
// so its conversation carries it. The mini-program SDK keeps drafts in memory only, so after
// each login the ones its list does not carry are given to it again.
import type { useConversationsStore } from '@/stores/conversations'
import type { Draft, useDraftsStore } from '@/stores/drafts'
import { ConversationType } from '@/zim/constants'
import type { ZimClient, ZIMConversationType } from '@/zim/types'
import type { KeyValueStorage } from './persistence'

export interface DraftsDeps {
  drafts: ReturnType<typeof useDraftsStore>
  conversations: ReturnType<typeof useConversationsStore>
  storage: KeyValueStorage
  currentClient: () => ZimClient | null
  currentUserID: () => string | undefined
  now?: () => number
}

const storageKey = (userID: string) => `zim-chat.drafts.${userID}`

function parse(raw: string | null): Draft[] {
  try {
    const list = JSON.parse(raw ?? '[]') as unknown
    return Array.isArray(list)
      ? list.filter((d): d is Draft => !!d && typeof d.conversationID === 'string' && typeof d.text === 'string'
        && (d.type === ConversationType.Peer || d.type === ConversationType.Group) && typeof d.at === 'number')
      : []
  }
  catch {
    return [] // an unreadable key is no draft, never a crash
  }
}

export function createDrafts(deps: DraftsDeps) {
  const { drafts, conversations } = deps
  const now = deps.now ?? Date.now

  function persist(): void {
    const userID = deps.currentUserID()
    if (userID)
      deps.storage.set(storageKey(userID), JSON.stringify(drafts.list))
  }

  /** Local only in the SDK (it cannot fail on the server); a refusal leaves our copy as it is. */
  function tellSdk(text: string, conversationID: string, type: ZIMConversationType): void {
    const zim = deps.currentClient()
    try {
      void zim?.setConversationDraft(text, conversationID, type).catch(() => undefined)
    }
    catch {
      // An SDK build that throws at once (bad arguments): our copy stays, which is what counts.
    }
  }

  /** `sdk: false` for a deleted conversation: an empty draft would make the SDK create it again. */
  function clear(conversationID: string, type: ZIMConversationType, sdk = true): void {
    if (!drafts.remove(conversationID, type))
      return
    persist()
    if (sdk)
      tellSdk('', conversationID, type)
  }

  return {
    /** The chat was left with `text` in the composer (blank text clears the draft). */
    save(conversationID: string, type: ZIMConversationType, text: string): void {
      if (type === ConversationType.Room)
        return // ZIM keeps no drafts for rooms (6000001)
      if (!text.trim()) {
        clear(conversationID, type)
        return
      }
      const at = now()
      if (!drafts.set({ conversationID, type, text, at }))
        return
      persist()
      conversations.noteDraft(conversationID, type, at)
      tellSdk(text, conversationID, type)
    },
    clear,
    /** A user was adopted (login, restore): their drafts, from storage. */
    load(userID: string): void {
      drafts.replaceAll(parse(deps.storage.get(storageKey(userID))))
      for (const d of drafts.list)
        conversations.noteDraft(d.conversationID, d.type, d.at)
    },
    /** After a catch-up: the SDK's conversations get the drafts they do not carry. */
    reapply(): void {
      for (const d of drafts.list) {
        if (conversations.get(d.conversationID, d.type)?.draft !== d.text) {
          conversations.noteDraft(d.conversationID, d.type, d.at)
          tellSdk(d.text, d.conversationID, d.type)
        }
      }
    },
    /** On logout: this user's drafts leave storage too. */
    forget(userID: string | undefined): void {
      if (userID)
        deps.storage.remove(storageKey(userID))
      drafts.$reset()
    },
  }
}
