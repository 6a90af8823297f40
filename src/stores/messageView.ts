import type { ZIMMessage } from '@/zim/types'
import { MessageDirection, MessageSentStatus, MessageType } from '@/zim/constants'

export type MessageStatus = 'sending' | 'sent' | 'failed'

// Types whose body is a `message: string` shown as is; the rest get a label. A custom
// message's body is data for its renderer (utils/customMessages.ts), never shown raw.
const TEXT_TYPES = new Set<number>([MessageType.Text, MessageType.Barrage, MessageType.System])

const LABELS: Record<number, MessageLabel> = {
  [MessageType.Command]: 'messageType.command',
  [MessageType.Image]: 'messageType.image',
  [MessageType.File]: 'messageType.file',
  [MessageType.Audio]: 'messageType.audio',
  [MessageType.Video]: 'messageType.video',
  [MessageType.Revoke]: 'messageType.revoke',
  [MessageType.Tips]: 'messageType.tips',
  [MessageType.Combine]: 'messageType.combine',
  [MessageType.Custom]: 'messageType.custom',
}

/** The translation key (src/locale) of what a list shows for a message without text. */
export type MessageLabel = `messageType.${string}`

/** The one label set for the chat and the conversation list; null for text-like types. */
export function labelOf(type: ZIMMessage['type']): MessageLabel | null {
  if (TEXT_TYPES.has(type)) return null
  return LABELS[type] ?? 'messageType.unknown'
}

/** The body of a text-like message; '' for the others (the page shows `labelOf`). */
export function messageText(message: ZIMMessage): string {
  const body = (message as { message?: unknown }).message
  return TEXT_TYPES.has(message.type) && typeof body === 'string' ? body : ''
}

export function statusOf(message: ZIMMessage): MessageStatus {
  // A received message exists on the server whatever its sentStatus says.
  if (message.direction === MessageDirection.Receive) return 'sent'
  switch (message.sentStatus) {
    case MessageSentStatus.Success: return 'sent'
    case MessageSentStatus.Failed: return 'failed'
    case MessageSentStatus.Sending: return 'sending'
    default: return message.messageID ? 'sent' : 'sending'
  }
}

/**
 * The server's messageID decides when both copies have one; otherwise the SDK's
 * localMessageID (our own send before the server answered).
 */
export function sameMessage(a: ZIMMessage, b: ZIMMessage): boolean {
  if (a.messageID && b.messageID) return a.messageID === b.messageID
  return !!a.localMessageID && a.localMessageID === b.localMessageID
}

/** orderKey is the SDK's own order; a local copy still sending has none (0). */
function isOlderMessage(a: ZIMMessage, b: ZIMMessage): boolean {
  const ka = a.orderKey ?? 0
  const kb = b.orderKey ?? 0
  if (ka > 0 && kb > 0 && ka !== kb) return ka < kb
  return (a.timestamp ?? 0) < (b.timestamp ?? 0)
}

/**
 * Whether `incoming` may replace `current` as a conversation's last message: never an
 * older message, and never a stale copy that would undo a confirmed send.
 */
export function supersedes(incoming: ZIMMessage, current: ZIMMessage | undefined): boolean {
  if (!current) return true
  if (sameMessage(incoming, current))
    return !(current.sentStatus === MessageSentStatus.Success && incoming.sentStatus !== MessageSentStatus.Success)
  return !isOlderMessage(incoming, current)
}

/** What a row is, for QA's `data-type` hook and the row's look. */
export type MessageKind = 'text' | 'barrage' | 'image' | 'file' | 'audio' | 'video' | 'custom' | 'combine' | 'revoked'

const KINDS: Record<number, MessageKind> = {
  [MessageType.Image]: 'image',
  [MessageType.File]: 'file',
  [MessageType.Audio]: 'audio',
  [MessageType.Video]: 'video',
  [MessageType.Custom]: 'custom',
  [MessageType.Command]: 'custom',
  [MessageType.Combine]: 'combine',
  [MessageType.Revoke]: 'revoked',
  [MessageType.Barrage]: 'barrage',
}

/** Text, barrage, system and tips read as text; a recalled message is 'revoked' whatever it was. */
export function kindOf(entry: { type: ZIMMessage['type'], revoked?: boolean }): MessageKind {
  if (entry.revoked) return 'revoked'
  return KINDS[entry.type] ?? 'text'
}
