// What the app's send / sendText / resend do: report the message to messageSync at once
// (shown as "sending"), hand it to the outbox, and turn the outbox's outcome into what the
// caller sees.
import { ConversationType, MessageDirection, MessagePriority, MessageSentStatus, MessageType } from '@/zim/constants'
import { ErrorCode, zimError } from '@/zim/errors'
import { checkTextBody } from '@/zim/rules'
import type { ZIMConversationType, ZIMMessage, ZIMTextMessage } from '@/zim/types'
import { describeError, violation, ZimActionError } from './actionError'
import type { MessageSync } from './messageSync'
import type { SendKind } from './options'
import { newOutboxID, type createOutbox, type OutboxItem } from './outbox'

export interface SendingDeps {
  sync: MessageSync
  outbox: ReturnType<typeof createOutbox>
  /** Who is signed in; the sender of local copies. */
  currentUserID: () => string | undefined
  /** False without a signed-in user or after destroy: then there is no outbox to use. */
  canQueue: () => boolean
}

/** Media goes through an upload first: minutes, not seconds. */
const UPLOAD_TYPES = new Set<number>([MessageType.Image, MessageType.File, MessageType.Audio, MessageType.Video])

const kindOf = (message: ZIMMessage): SendKind => (UPLOAD_TYPES.has(message.type) ? 'upload' : 'text')

/** Fields the SDK (or the service) sets on a message; an outbox item keeps only the content. */
const SDK_FIELDS = ['messageID', 'localMessageID', 'messageSeq', 'orderKey', 'sentStatus', 'direction', 'timestamp',
  'conversationID', 'conversationType', 'senderUserID', 'isUserInserted', 'receiptStatus'] as const

function contentOf(message: ZIMMessage): ZIMMessage {
  const copy = { ...message } as Record<string, unknown>
  for (const field of SDK_FIELDS)
    delete copy[field]
  return copy as unknown as ZIMMessage
}

export function createSending(deps: SendingDeps) {
  const { sync, outbox } = deps
  let unsentCounter = 0

  /** The message as the list shows it before the SDK has seen it. */
  function showLocalCopy(item: OutboxItem): void {
    const local = {
      ...item.message,
      localMessageID: item.id,
      messageID: '',
      conversationID: item.conversationID,
      conversationType: item.conversationType,
      senderUserID: deps.currentUserID() ?? '',
      direction: MessageDirection.Send,
      sentStatus: item.state === 'failed' ? MessageSentStatus.Failed : MessageSentStatus.Sending,
      timestamp: item.createdAt,
    } as ZIMMessage
    sync.report(item.state === 'failed'
      ? { type: 'local', message: local, error: item.error ?? { message: 'chat.notSent' } }
      : { type: 'local', message: local })
  }

  /** Without a signed-in user there is no outbox: keep the text as a failed copy, say why. */
  function refuseWithoutUser(message: ZIMMessage, toConversationID: string, type: ZIMConversationType): Promise<never> {
    const err = describeError(zimError(ErrorCode.NetworkModuleUserIsNotLogged, 'API.sendMessage: Not logged with call.'))
    const copy = {
      ...message,
      localMessageID: `unsent-${Date.now()}-${++unsentCounter}`,
      messageID: '',
      conversationID: toConversationID,
      conversationType: type,
      senderUserID: '',
      direction: MessageDirection.Send,
      sentStatus: MessageSentStatus.Failed,
      timestamp: Date.now(),
    } as ZIMMessage
    sync.report({ type: 'local', message: copy, error: { code: err.code, message: err.message } })
    return Promise.reject(err)
  }

  /**
   * Sends one message: shown at once as "sending", kept until it is through, sent in
   * order and paced per conversation. Resolves with the server's copy; rejects only when
   * it finally fails (then the list shows why and offers resend) or on logout.
   */
  function send(message: ZIMMessage, toConversationID: string, type: ZIMConversationType = ConversationType.Peer, priority: number = MessagePriority.Low,
    extra: Pick<OutboxItem, 'localFile'> = {}): Promise<ZIMMessage> {
    if (!deps.canQueue())
      return refuseWithoutUser(message, toConversationID, type)
    const now = Date.now()
    const item: OutboxItem = {
      id: newOutboxID(now),
      conversationID: toConversationID,
      conversationType: type,
      message: contentOf(message),
      kind: kindOf(message),
      priority,
      createdAt: now,
      state: 'pending',
      attempts: 0,
      persist: message.type !== MessageType.Command,
      ...extra,
    }
    showLocalCopy(item)
    return outbox.enqueue(item).then(
      (sent) => {
        Object.assign(message, sent)
        return sent
      },
      (err: unknown) => {
        throw describeError(err)
      },
    )
  }

  function sendText(toConversationID: string, text: string, type: ZIMConversationType = ConversationType.Peer): Promise<ZIMMessage> {
    const broken = checkTextBody(text)
    if (broken)
      return Promise.reject(violation(broken))
    const message: ZIMTextMessage = { type: MessageType.Text, message: text }
    return send(message, toConversationID, type)
  }

  /**
   * Sends a failed message again under the same id: if the first try did reach the
   * service after all, the service answers with that copy and the receiver sees it once.
   */
  function resend(conversationID: string, type: ZIMConversationType, localMessageID: string): Promise<ZIMMessage> {
    const ref = { localMessageID, conversationID, conversationType: type }
    const item = outbox.get(localMessageID)
    if (item && item.state === 'failed') {
      sync.report({ type: 'resending', ref })
      const done = outbox.retry(localMessageID)
      if (done)
        return done.catch((err: unknown) => {
          throw describeError(err)
        })
    }
    if (item)
      return Promise.reject(new ZimActionError('resend.unknown', 'resend.unknown'))
    // A failed copy the outbox never held (sent while signed out): send its text anew.
    const entry = sync.takeFailed(ref)
    if (!entry)
      return Promise.reject(new ZimActionError('resend.unknown', 'resend.unknown'))
    return sendText(conversationID, entry.text, type)
  }

  return { showLocalCopy, send, sendText, resend }
}
