import type { ZIMConversationType } from '@/zim/types'

/**
 * One key per conversation for every store. IDs are only unique within a type (a
 * peer and a group may share an ID), so the type is part of the key.
 */
export function conversationKey(conversationID: string, type: ZIMConversationType | number): string {
  return `${type}:${conversationID}`
}
