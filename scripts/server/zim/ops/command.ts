// Command messages (type 2, h10custom): signals such as "typing", relayed to the receiver if
// online and forgotten — never stored, never queued for later, never unread, never in the
// conversation list.
import type { Push } from '../../../../src/zim/local/protocol'
import type { MessageContent } from '../../db'
import { messageView } from '../views'
import type { OpContext } from './context'

let relayed = 0

export function relayCommand(ctx: OpContext, sender: string, content: MessageContent, to: string, type: number, local: { localMessageID?: unknown }) {
  const now = ctx.now()
  // An id of its own, unlike any stored message's (those are small integers).
  const id = now * 1000 + (++relayed % 1000)
  const stored = {
    id,
    conversation: 0,
    sender,
    receiver: to,
    conversationType: type,
    seq: 0,
    timestamp: now,
    content,
    senderLocal: { localMessageID: typeof local.localMessageID === 'string' ? local.localMessageID : undefined },
  }
  const receiver = to === sender ? undefined : ctx.sessions.get(to)
  if (receiver) {
    const frame: Push = {
      push: 'messages',
      conversationType: type,
      fromConversationID: sender,
      messageList: [{ ...messageView(stored, to), messageSeq: 0 }],
      isOfflineMessage: false,
    }
    ctx.writer.write(receiver.conn, frame)
  }
  return { message: { ...messageView(stored, sender), messageSeq: 0 } }
}
