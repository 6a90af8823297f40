// The same stored message or conversation looks different from each member's side.
import { ConversationType, MessageDirection, MessageSentStatus } from '../../../src/zim/constants'
import type { ZIMConversation, ZIMMessage } from '../../../src/zim/types'
import type { ConversationRow, StoredMessage, ZimDb } from '../db'

export function messageView(m: StoredMessage, viewer: string): ZIMMessage {
  const mine = m.sender === viewer
  // Object.assign, not a spread: several times faster here, and a view is made per member and send.
  return Object.assign({}, m.content, {
    messageID: String(m.id),
    localMessageID: mine ? (m.senderLocal.localMessageID ?? String(m.id)) : String(m.id),
    messageSeq: m.seq,
    senderUserID: m.sender,
    // A peer chat is named after the other user; a room or group after itself.
    conversationID: m.conversationType === ConversationType.Peer && !mine ? m.sender : m.receiver,
    conversationType: m.conversationType,
    direction: mine ? MessageDirection.Send : MessageDirection.Receive,
    sentStatus: MessageSentStatus.Success,
    timestamp: m.timestamp,
    orderKey: m.id,
    isUserInserted: false,
    receiptStatus: 0,
    localExtendedData: mine ? (m.senderLocal.localExtendedData ?? '') : '',
  }) as unknown as ZIMMessage
}

/** User names, read from storage once and kept current by logins. */
export function createNames(db: ZimDb) {
  const names = new Map<string, string>()
  const avatars = new Map<string, string>()
  return {
    get(userID: string): string {
      let name = names.get(userID)
      if (name === undefined) {
        name = db.userName(userID) ?? ''
        names.set(userID, name)
      }
      return name
    },
    /** a group's name and avatar as they are now (they change with updates). */
    group(groupID: string): { name: string, avatarUrl: string } {
      const g = db.groups.group(groupID)
      return { name: g?.name ?? '', avatarUrl: g?.avatarUrl ?? '' }
    },
    set(userID: string, userName: string): void {
      if (names.get(userID) === userName)
        return
      names.set(userID, userName)
      db.saveUser(userID, userName)
    },
    // v7: avatars (updateUserAvatarUrl), read from storage once like names
    avatar(userID: string): string {
      let url = avatars.get(userID)
      if (url === undefined) {
        url = db.users.avatarUrl(userID)
        avatars.set(userID, url)
      }
      return url
    },
    setAvatar(userID: string, url: string): void {
      avatars.set(userID, url)
      db.users.saveAvatarUrl(userID, url)
    },
  }
}

export type Names = ReturnType<typeof createNames>

/** `lastMessage`: the view of the last message, when the caller already made it. */
export function conversationView(c: ConversationRow, names: Names, lastMessage = messageView(c.lastMessage, c.owner)): ZIMConversation {
  return {
    conversationID: c.conversationID,
    type: c.type,
    // ZIM names a peer conversation after the other user, a group's after the group.
    conversationName: c.type === ConversationType.Peer ? names.get(c.conversationID) : c.type === ConversationType.Group ? names.group(c.conversationID).name : '',
    conversationAvatarUrl: c.type === ConversationType.Group ? names.group(c.conversationID).avatarUrl : c.type === ConversationType.Peer ? names.avatar(c.conversationID) : '',
    conversationAlias: '',
    notificationStatus: c.notificationStatus,
    unreadMessageCount: c.unread,
    readMessageSeq: c.readSeq,
    // deleteAllMessage leaves the conversation without a last message, as in the SDK.
    lastMessage: c.lastMessageHidden ? undefined : lastMessage,
    orderKey: c.orderKey,
    isPinned: c.isPinned,
    pinnedTime: c.pinnedTime,
    mentionedInfoList: [],
    draft: '',
    marks: [],
  } as ZIMConversation
}

/** Takes items while their JSON fits in `maxBytes` (at least one): a reply is never larger than the cap allows. */
export function fitting<T>(items: T[], maxBytes: number, fromEnd = false): T[] {
  const order = fromEnd ? [...items].reverse() : items
  const kept: T[] = []
  let bytes = 0
  for (const item of order) {
    bytes += Buffer.byteLength(JSON.stringify(item)) + 1
    if (kept.length > 0 && bytes > maxBytes)
      break
    kept.push(item)
  }
  return fromEnd ? kept.reverse() : kept
}
