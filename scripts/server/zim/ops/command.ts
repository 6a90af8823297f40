// Command messages (type 2): signals such as "typing", relayed to the receivers (a peer, or a
// group's members) online and forgotten — never stored, never queued for later, never unread, never in the
// conversation list.
import { ConversationType } from '../../../../src/zim/constants'
import type { Push } from '../../../../src/zim/local/protocol'
import type { MessageContent } from '../../db'
import { messageView } from '../views'
import type { OpContext } from './context'

let relayed = 0

/**
 * `to` is the conversation as the sender names it; a group's command goes to each member
 * online (`receivers`), under the group's ID, a peer's to the peer under the sender's ID.
 */
export function relayCommand(ctx: OpContext, sender: string, content: MessageContent, to: string, type: number, local: { localMessageID?: unknown }, receivers: readonly string[] = [to]) {
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
  const fromConversationID = type === ConversationType.Peer ? sender : to
  for (const userID of receivers) {
    const receiver = userID === sender ? undefined : ctx.sessions.get(userID)
    if (!receiver)
      continue
    const frame: Push = {
      push: 'messages',
      conversationType: type,
      fromConversationID,
      messageList: [{ ...messageView(stored, userID), messageSeq: 0 }],
      isOfflineMessage: false,
    }
    ctx.writer.write(receiver.conn, frame)
  }
  return { message: { ...messageView(stored, sender), messageSeq: 0 } }
}
