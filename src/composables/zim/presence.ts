// Presence over command messages (type 2): "typing" is sent at most once every
// TYPING_SEND_EVERY_MS while the composer changes and has text, straight to the SDK (not
// through the outbox: a late "typing" is worse than none); a received one shows for
// TYPING_SHOWN_MS unless another renews it or a message from that chat arrives first.
// Commands are never rows: the event router hands them here, not to messageSync.
import { reactive } from 'vue'
import { conversationKey } from '@/stores/keys'
import { MessageDirection, MessagePriority, MessageType } from '@/zim/constants'
import type { ZimClient, ZIMConversationType, ZIMMessage } from '@/zim/types'

export const TYPING_SEND_EVERY_MS = 3000
export const TYPING_SHOWN_MS = 5000

/** The signal's bytes: ASCII JSON, so it needs no TextEncoder (absent on some mini-program runtimes). */
const TYPING_SIGNAL = '{"presence":"typing"}'

const toBytes = (text: string) => Uint8Array.from(text, c => c.charCodeAt(0))

function bodyText(body: unknown): string {
  if (typeof body === 'string')
    return body
  if (body instanceof Uint8Array || Array.isArray(body))
    return String.fromCharCode(...Array.from(body as ArrayLike<number>))
  return ''
}

export function isTypingSignal(message: ZIMMessage): boolean {
  return message.type === MessageType.Command && bodyText((message as { message?: unknown }).message) === TYPING_SIGNAL
}

export interface PresenceDeps {
  currentClient: () => ZimClient | null
  isConnected: () => boolean
  now?: () => number
}

export function createPresence(deps: PresenceDeps) {
  const now = deps.now ?? Date.now
  /** conversationKey → when the indicator goes away (ms); present = someone is typing there. */
  const typing = reactive<Record<string, number>>({})
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  const lastSent = new Map<string, number>()

  function hide(key: string): void {
    clearTimeout(timers.get(key))
    timers.delete(key)
    delete typing[key]
  }

  function show(key: string): void {
    clearTimeout(timers.get(key))
    typing[key] = now() + TYPING_SHOWN_MS
    timers.set(key, setTimeout(() => hide(key), TYPING_SHOWN_MS))
  }

  const keyOf = (m: ZIMMessage) => (m.conversationID && m.conversationType !== undefined ? conversationKey(m.conversationID, m.conversationType) : '')

  return {
    /** Command messages from the SDK: another user's "typing" shows; our other devices' are ignored. */
    onCommands(messages: readonly ZIMMessage[]): void {
      for (const m of messages) {
        if (m.direction !== MessageDirection.Send && isTypingSignal(m) && keyOf(m))
          show(keyOf(m))
      }
    },
    /** A message that arrives ends its sender's "typing" in that chat. */
    onMessages(messages: readonly ZIMMessage[]): void {
      for (const m of messages) {
        if (m.direction !== MessageDirection.Send && keyOf(m) in typing)
          hide(keyOf(m))
      }
    },
    /** Reactive: whether the other side of this chat is typing. */
    isTyping(conversationID: string, type: ZIMConversationType): boolean {
      return conversationKey(conversationID, type) in typing
    },
    /**
     * The composer changed: with text, "typing" goes out unless one went out to this chat
     * less than TYPING_SEND_EVERY_MS ago (since the composer was last empty). Returns whether one was sent.
     */
    composing(conversationID: string, type: ZIMConversationType, hasText: boolean): boolean {
      const key = conversationKey(conversationID, type)
      // An emptied composer (a message sent, the text deleted) ends this round of typing:
      // the other side's indicator went with the message, so the next text signals at once.
      if (!hasText) {
        lastSent.delete(key)
        return false
      }
      const zim = deps.currentClient()
      if (!zim || !deps.isConnected())
        return false
      const t = now()
      const last = lastSent.get(key)
      if (last !== undefined && t - last < TYPING_SEND_EVERY_MS)
        return false
      lastSent.set(key, t)
      const signal = { type: MessageType.Command, message: toBytes(TYPING_SIGNAL) } as unknown as ZIMMessage
      // A refused signal (paced: a message went out to this chat a moment ago) is not worth
      // a retry or a word; the clock is given back, so the next keystroke sends one.
      zim.sendMessage(signal, conversationID, type, { priority: MessagePriority.Low } as never).catch(() => {
        if (lastSent.get(key) === t)
          lastSent.delete(key)
      })
      return true
    },
    /** On logout: nobody is typing any more, and the clock starts again. */
    forget(): void {
      for (const key of Object.keys(typing))
        hide(key)
      lastSent.clear()
    },
  }
}

export type Presence = ReturnType<typeof createPresence>

/** Splits what the SDK delivered: command messages (signals) and the rest (rows). */
export function splitCommands(list: readonly ZIMMessage[]): { commands: ZIMMessage[], messages: ZIMMessage[] } {
  const commands: ZIMMessage[] = []
  const messages: ZIMMessage[] = []
  for (const m of list)
    (m.type === MessageType.Command ? commands : messages).push(m)
  return { commands, messages }
}
