import { registered } from '@/utils/customMessages'
import { labelOf, messageText, type MessageLabel } from '@/stores/messageView'
import { MessageSentStatus, MessageType } from '@/zim/constants'
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
    // A custom message is labelled by its subType ("[Contact card]").
    label: message.type === MessageType.Custom ? registered((message as { subType?: number }).subType).label : labelOf(message.type),
    failed: message.sentStatus === MessageSentStatus.Failed,
  }
}
