import { computed, ref, toRaw } from 'vue'
import { defineStore } from 'pinia'
import type { ZIMConversation, ZIMConversationChangeInfo, ZIMConversationType, ZIMMessage } from '@/zim/types'
import { ConversationEvent, MessageDirection } from '@/zim/constants'
import { conversationKey } from './keys'
import { sameMessage, supersedes } from './messageView'
import { typedGetters } from './typedGetters'

// The SDK sets a conversation's orderKey to its last message's timestamp, plus this
// when pinned; touchFromMessage mirrors it so local bumps sort like SDK updates.
const PINNED_ORDER_BASE = 1e12
const NOTIFY: ZIMConversation['notificationStatus'] = 1

function copy(conversation: ZIMConversation): ZIMConversation {
  const { lastMessage } = conversation
  return { ...conversation, lastMessage: lastMessage ? { ...lastMessage } : undefined }
}

function placeholder(conversationID: string, type: ZIMConversationType): ZIMConversation {
  return {
    conversationID, type, conversationName: '', conversationAvatarUrl: '', conversationAlias: '',
    notificationStatus: NOTIFY, unreadMessageCount: 0, readMessageSeq: 0, lastMessage: undefined,
    orderKey: 0, isPinned: false, pinnedTime: 0, mentionedInfoList: [], draft: '', marks: [],
  }
}

/**
 * A snapshot whose last message is older than the one we hold arrived late (a list
 * query racing a live update): keep our newer message, order and unread count, take
 * the rest. A snapshot without a last message is believed: the SDK clears it when a
 * conversation's messages are deleted.
 */
function merge(existing: ZIMConversation, incoming: ZIMConversation): ZIMConversation {
  const next = copy(incoming)
  const held = existing.lastMessage
  if (held && incoming.lastMessage && !supersedes(incoming.lastMessage, held)) {
    next.lastMessage = held
    next.orderKey = Math.max(existing.orderKey, incoming.orderKey)
    next.unreadMessageCount = existing.unreadMessageCount
  }
  return next
}

function byRecency(a: ZIMConversation, b: ZIMConversation): number {
  return (b.orderKey - a.orderKey)
    || ((b.lastMessage?.timestamp ?? 0) - (a.lastMessage?.timestamp ?? 0))
    || conversationKey(a.conversationID, a.type).localeCompare(conversationKey(b.conversationID, b.type))
}

export const useConversationsStore = typedGetters(defineStore('conversations', () => {
  const byKey = ref<Record<string, ZIMConversation>>({})
  /**
   * Conversations ZIM disabled (a group the user left, was removed from, or that was
   * dismissed): still listed, read-only. Keyed by conversationKey().
   */
  const disabled = ref<Record<string, true>>({})

  /** Newest first; pinned ones lead because their orderKey carries the pin base. */
  const ordered = computed(() => Object.values(byKey.value).sort(byRecency))
  const totalUnread = computed(() =>
    Object.values(byKey.value).reduce((sum, c) => sum + (c.unreadMessageCount || 0), 0))

  const get = computed(() => (conversationID: string, type: ZIMConversationType): ZIMConversation | undefined =>
    byKey.value[conversationKey(conversationID, type)])

  function upsert(conversation: ZIMConversation): void {
    const key = conversationKey(conversation.conversationID, conversation.type)
    const existing = byKey.value[key]
    byKey.value[key] = existing ? merge(toRaw(existing), conversation) : copy(conversation)
  }

  function upsertMany(list: ZIMConversation[]): void {
    for (const conversation of list) upsert(conversation)
  }

  function applyChanges(infoList: ZIMConversationChangeInfo[]): void {
    for (const { event, conversation } of infoList) {
      if (event === ConversationEvent.Added || event === ConversationEvent.Updated) upsert(conversation)
      else if (event === ConversationEvent.Disabled) {
        upsert(conversation)
        disabled.value[conversationKey(conversation.conversationID, conversation.type)] = true
      }
      else if (event === ConversationEvent.Deleted)
        remove(conversation.conversationID, conversation.type)
    }
  }

  function markRead(conversationID: string, type: ZIMConversationType): void {
    const conversation = get.value(conversationID, type)
    if (conversation) conversation.unreadMessageCount = 0
  }

  function remove(conversationID: string, type: ZIMConversationType): void {
    delete byKey.value[conversationKey(conversationID, type)]
    delete disabled.value[conversationKey(conversationID, type)]
  }

  const isDisabled = computed(() => (conversationID: string, type: ZIMConversationType): boolean =>
    !!disabled.value[conversationKey(conversationID, type)])

  /** A group the user is out of (known from a group event before, or without, conversationChanged). */
  function setDisabled(conversationID: string, type: ZIMConversationType, value: boolean): void {
    const key = conversationKey(conversationID, type)
    if (value) disabled.value[key] = true
    else delete disabled.value[key]
  }

  /**
   * For messages that bring no conversationChanged (e.g. the stand-in, or before the
   * SDK's own update lands). Only a message newer than the held one moves anything,
   * so a duplicate delivery never counts twice.
   */
  function touchFromMessage(message: ZIMMessage, options: { incrementUnread?: boolean } = {}): void {
    const { conversationID, conversationType: type } = message
    if (!conversationID || type === undefined) return
    const key = conversationKey(conversationID, type)
    const existing = byKey.value[key] ? toRaw(byKey.value[key]) : placeholder(conversationID, type)
    const held = existing.lastMessage
    if (!supersedes(message, held)) return
    // Our own messages (also synced from another device) are never unread.
    const counts = options.incrementUnread && message.direction === MessageDirection.Receive
      && !(held && sameMessage(held, message))
    byKey.value[key] = {
      ...existing,
      lastMessage: { ...message },
      orderKey: Math.max(existing.orderKey, (message.timestamp ?? 0) + (existing.isPinned ? PINNED_ORDER_BASE : 0)),
      unreadMessageCount: existing.unreadMessageCount + (counts ? 1 : 0),
    }
  }

  // ---- the local cache (h12cache): hydrate, reconcile with the full list ----
  // Conversations shown from the cache that the service has not listed yet.
  const cachedOnly = new Set<string>()

  /** The cached list, before the service answers; what the store already holds wins. */
  function hydrate(list: readonly ZIMConversation[]): void {
    for (const conversation of list) {
      const key = conversationKey(conversation.conversationID, conversation.type)
      if (byKey.value[key]) continue
      byKey.value[key] = copy(conversation)
      cachedOnly.add(key)
    }
  }

  /**
   * The service's full list arrived (already upserted): a cached conversation it lacks was
   * deleted elsewhere and goes, unless it holds local state (a draft; `keep`: e.g. an unsent
   * message). Returns the keys dropped.
   */
  function reconcileList(list: readonly ZIMConversation[], keep: (key: string) => boolean): string[] {
    const listed = new Set(list.map(c => conversationKey(c.conversationID, c.type)))
    const dropped: string[] = []
    for (const key of cachedOnly) {
      const held = byKey.value[key]
      if (held && !listed.has(key) && !held.draft && !keep(key)) {
        delete byKey.value[key]
        delete disabled.value[key]
        dropped.push(key)
      }
    }
    cachedOnly.clear()
    return dropped
  }

  function $reset(): void {
    byKey.value = {}
    disabled.value = {}
    cachedOnly.clear()
  }

  return {
    byKey, disabled,
    ordered, totalUnread, get, isDisabled,
    upsertMany, applyChanges, markRead, remove, setDisabled, touchFromMessage, $reset,
    hydrate, reconcileList,
  }
}))
