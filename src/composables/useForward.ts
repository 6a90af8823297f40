// Forwarding messages: one by one, or as one combined message (type 100) whose
// title and summary are fitted to the SDK's byte limits. Sends go through the app's one
// send path (outbox), like a typed message. Logic only: the page supplies the words.
import type { MessageEntry } from '@/stores/messages'
import { MessageType } from '@/zim/constants'
import { COMBINE_SUMMARY_MAX_BYTES, COMBINE_TITLE_MAX_BYTES, utf8Length } from '@/zim/rules'
import type { ZIMConversationType, ZIMMessage } from '@/zim/types'
import { currentZimClient, liveEngine } from './useZim'

export interface ForwardTarget {
  conversationID: string
  type: ZIMConversationType
}

/** Types the SDK refuses inside a combined message (and that make no sense to forward). */
const NOT_FORWARDABLE = new Set<number>([MessageType.Command, MessageType.Barrage, MessageType.Tips, MessageType.Revoke, MessageType.System])

/** Sent (the server has it) and of a type that can travel on. */
export function forwardable(entry: MessageEntry): boolean {
  return entry.status === 'sent' && !entry.revoked && !!entry.messageID && !!entry.raw && !NOT_FORWARDABLE.has(entry.type)
}

/** The longest start of `text` within `maxBytes` UTF-8 bytes, with "…" when cut. */
export function fitBytes(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes)
    return text
  const chars = Array.from(text)
  let out = ''
  for (const c of chars) {
    if (utf8Length(`${out}${c}…`) > maxBytes)
      break
    out += c
  }
  return `${out}…`
}

/** Fields a message's content does not carry on to a new conversation. */
const NOT_CONTENT = ['messageID', 'localMessageID', 'messageSeq', 'orderKey', 'sentStatus', 'direction', 'timestamp', 'conversationID',
  'conversationType', 'senderUserID', 'isUserInserted', 'receiptStatus', 'localExtendedData', 'fileLocalPath', 'combineID', 'messageList']

function contentOf(message: ZIMMessage): ZIMMessage {
  const copy = { ...message } as Record<string, unknown>
  for (const field of NOT_CONTENT)
    delete copy[field]
  return copy as unknown as ZIMMessage
}

/** A combined message's children: held since it was sent here, else asked of the server. */
async function childrenOf(message: ZIMMessage): Promise<ZIMMessage[]> {
  const held = (message as { messageList?: ZIMMessage[] }).messageList
  if (held?.length)
    return held
  const zim = currentZimClient()
  if (!zim)
    throw new Error('not signed in')
  const { message: detailed } = await zim.queryCombineMessageDetail(message as never)
  return (detailed as { messageList?: ZIMMessage[] }).messageList ?? []
}

/** What is sent on for one entry: its content; a combined message brings its children along. */
async function forwardMessage(entry: MessageEntry): Promise<ZIMMessage> {
  const raw = entry.raw!
  const content = contentOf(raw)
  if (raw.type === MessageType.Combine)
    (content as { messageList?: ZIMMessage[] }).messageList = await childrenOf(raw)
  return content
}

export interface CombineWords {
  title: string
  /** One line per message ("Alice: hello"), joined and fitted here. */
  lines: string[]
}

export function combinedMessage(entries: readonly MessageEntry[], words: CombineWords): ZIMMessage {
  return {
    type: MessageType.Combine,
    title: fitBytes(words.title, COMBINE_TITLE_MAX_BYTES),
    summary: fitBytes(words.lines.join('\n'), COMBINE_SUMMARY_MAX_BYTES),
    messageList: entries.map(e => ({ ...e.raw! })),
  } as unknown as ZIMMessage
}

export interface UseForwardReturn {
  /** Each entry as its own message, in the order given; resolves when all are queued and sent. */
  each: (entries: readonly MessageEntry[], target: ForwardTarget) => Promise<void>
  /** All entries as one combined message. */
  combined: (entries: readonly MessageEntry[], target: ForwardTarget, words: CombineWords) => Promise<void>
  /** Any message (a contact card) to a target, through the same path. */
  send: (message: ZIMMessage, target: ForwardTarget) => Promise<void>
}

export function useForward(): UseForwardReturn {
  const send = async (message: ZIMMessage, target: ForwardTarget) => {
    await liveEngine().send(message, target.conversationID, target.type)
  }
  return {
    async each(entries, target) {
      const messages = await Promise.all(entries.filter(forwardable).map(forwardMessage))
      // Queued in order at once: the outbox sends them in this order, paced.
      await Promise.all(messages.map(m => send(m, target)))
    },
    combined: (entries, target, words) => send(combinedMessage(entries.filter(forwardable), words), target),
    send,
  }
}
