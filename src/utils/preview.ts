import { MessageSentStatus, MessageType } from '@/zim/constants'
import type { ZIMMessage } from '@/zim/types'

const LABELS: Partial<Record<number, string>> = {
  [MessageType.Image]: '[Image]',
  [MessageType.File]: '[File]',
  [MessageType.Audio]: '[Voice]',
  [MessageType.Video]: '[Video]',
  [MessageType.Command]: '[Command]',
  [MessageType.Revoke]: '[Recalled]',
  [MessageType.Combine]: '[Chat history]',
}

/** One line for a conversation list or a notification. */
export function previewOf(message: ZIMMessage | undefined): string {
  if (!message)
    return ''
  const body = (message as { message?: unknown }).message
  const text = typeof body === 'string' ? body : LABELS[message.type] ?? '[Message]'
  return message.sentStatus === MessageSentStatus.Failed ? `[Not sent] ${text}` : text
}
