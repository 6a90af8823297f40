// One member's settings of a conversation (schema v7): pinned (with its time) and the
// notification status, on their membership row; and the total unread that follows from them.
import type { Database } from 'better-sqlite3'
import { ConversationType } from '../../src/zim/constants'
import { NotificationStatus } from '../../src/zim/conversationRules'

export interface ConversationSettings { pinned: boolean, pinnedTime: number, notificationStatus: number }

export function createConversationSettingsStore(db: Database) {
  const s = {
    get: db.prepare<[string, number, string], { pinned: number, pinned_time: number, notification_status: number }>(
      'SELECT pinned, pinned_time, notification_status FROM memberships WHERE user_id = ? AND type = ? AND conversation_id = ? AND listed = 1'),
    pin: db.prepare('UPDATE memberships SET pinned = ?, pinned_time = ? WHERE user_id = ? AND type = ? AND conversation_id = ? AND listed = 1'),
    pinnedCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM memberships WHERE user_id = ? AND listed = 1 AND pinned = 1'),
    notify: db.prepare('UPDATE memberships SET notification_status = ? WHERE user_id = ? AND type = ? AND conversation_id = ? AND listed = 1'),
    // As the SDK counts it: listed peer and group conversations that are not muted.
    total: db.prepare<[string, number, number], { n: number | null }>(
      'SELECT SUM(unread) AS n FROM memberships WHERE user_id = ? AND listed = 1 AND type != ? AND notification_status != ?'),
    // a deleted conversation starts again with the defaults when a message brings it back.
    reset: db.prepare('UPDATE memberships SET pinned = 0, pinned_time = 0 WHERE user_id = ? AND type = ? AND conversation_id = ?'),
  }
  return {
    /** The member's settings, if the conversation is in their list. */
    get(owner: string, type: number, conversationID: string): ConversationSettings | undefined {
      const r = s.get.get(owner, type, conversationID)
      return r && { pinned: r.pinned === 1, pinnedTime: r.pinned_time, notificationStatus: r.notification_status }
    },
    setPinned(owner: string, type: number, conversationID: string, pinned: boolean, now: number): void {
      s.pin.run(pinned ? 1 : 0, pinned ? now : 0, owner, type, conversationID)
    },
    pinnedCount(owner: string): number {
      return s.pinnedCount.get(owner)!.n
    },
    setNotificationStatus(owner: string, type: number, conversationID: string, status: number): void {
      s.notify.run(status, owner, type, conversationID)
    },
    /** The total unread the SDK reports (conversationTotalUnreadMessageCountUpdated). */
    totalUnread(owner: string): number {
      return s.total.get(owner, ConversationType.Room, NotificationStatus.DoNotDisturb)!.n ?? 0
    },
    /** Unpins a conversation the member deleted from their list. */
    forgetPin(owner: string, type: number, conversationID: string): void {
      s.reset.run(owner, type, conversationID)
    },
  }
}
