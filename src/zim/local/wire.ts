// What changes between the SDK's objects and JSON frames: a command message's body is a
// Uint8Array in the SDK and a plain array of byte values on the wire.
import type { ZIMConversation, ZIMMessage } from '../types'
import { MessageType } from '../constants'

type WithBody = ZIMMessage & { message?: unknown }

export function toWire(message: ZIMMessage): ZIMMessage {
  const body = (message as WithBody).message
  if (message.type === MessageType.Command && body instanceof Uint8Array)
    return { ...message, message: Array.from(body) } as ZIMMessage
  return message
}

export function fromWire(message: ZIMMessage): ZIMMessage {
  const body = (message as WithBody).message
  if (message.type !== MessageType.Command)
    return message
  if (Array.isArray(body))
    return { ...message, message: Uint8Array.from(body as number[]) } as ZIMMessage
  if (typeof body === 'string' && typeof TextEncoder !== 'undefined')
    return { ...message, message: new TextEncoder().encode(body) } as ZIMMessage
  return message
}

export function conversationFromWire(conversation: ZIMConversation): ZIMConversation {
  if (!conversation.lastMessage)
    return conversation
  return { ...conversation, lastMessage: fromWire(conversation.lastMessage) }
}
