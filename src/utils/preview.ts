import { labelOf, messageText, type MessageLabel } from '@/stores/messageView'
import { MessageSentStatus } from '@/zim/constants'
import type { ZIMMessage } from '@/zim/types'

/** One line for a conversation list: the text, or the label key of its type; the page translates. */
export interface Preview {
  text: string
  label: MessageLabel | null
  failed: boolean
}

export function previewOf(message: ZIMMessage | undefined): Preview | null {
  if (!message)
    return null
  return {
    text: messageText(message),
    label: labelOf(message.type),
    failed: message.sentStatus === MessageSentStatus.Failed,
  }
}
