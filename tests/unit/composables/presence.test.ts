// Typing over command messages: at most one signal per TYPING_SEND_EVERY_MS per chat while the
// composer has text, none without text or a connection; a received one shows for
// TYPING_SHOWN_MS, renewed by the next, ended by a message.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPresence, isTypingSignal, TYPING_SEND_EVERY_MS, TYPING_SHOWN_MS } from '@/composables/zim/presence'
import { MessageDirection, MessageType } from '@/zim/constants'
import type { ZimClient, ZIMMessage } from '@/zim/types'

let sends: { message: ZIMMessage, to: string, type: number }[]
let connected: boolean
const client = {
  sendMessage: vi.fn(async (message: ZIMMessage, to: string, type: number) => {
    sends.push({ message, to, type })
    return { message }
  }),
} as unknown as ZimClient

function presence() {
  return createPresence({ currentClient: () => client, isConnected: () => connected })
}

beforeEach(() => {
  vi.useFakeTimers()
  sends = []
  connected = true
})
afterEach(() => {
  vi.useRealTimers()
})

describe('sending typing', () => {
  it('sends once, then not again for TYPING_SEND_EVERY_MS however often the text changes', () => {
    const p = presence()
    expect(p.composing('bob', 0, true)).toBe(true)
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(100)
      p.composing('bob', 0, true)
    }
    expect(sends).toHaveLength(1)
    vi.advanceTimersByTime(TYPING_SEND_EVERY_MS - 2000)
    expect(p.composing('bob', 0, true)).toBe(true)
    expect(sends).toHaveLength(2)
    expect(sends[0]).toMatchObject({ to: 'bob', type: 0 })
    expect(sends[0].message.type).toBe(MessageType.Command)
    expect(isTypingSignal(sends[0].message)).toBe(true)
  })

  it('each chat has its own clock; an empty composer or no connection sends nothing', () => {
    const p = presence()
    p.composing('bob', 0, true)
    p.composing('carol', 0, true)
    p.composing('dave', 0, false)
    connected = false
    p.composing('erin', 0, true)
    expect(sends.map(s => s.to)).toEqual(['bob', 'carol'])
  })

  it('an emptied composer (the message went out) lets the next text signal at once', () => {
    const p = presence()
    p.composing('bob', 0, true)
    vi.advanceTimersByTime(500)
    expect(p.composing('bob', 0, true)).toBe(false)
    p.composing('bob', 0, false)
    expect(p.composing('bob', 0, true)).toBe(true)
    expect(sends).toHaveLength(2)
  })

  it('a refused signal is swallowed (no unhandled rejection) and gives its turn back to the next keystroke', async () => {
    const failing = { sendMessage: vi.fn(() => Promise.reject(new Error('6000004'))) } as unknown as ZimClient
    const p = createPresence({ currentClient: () => failing, isConnected: () => true })
    expect(p.composing('bob', 0, true)).toBe(true)
    await vi.runAllTimersAsync()
    expect(p.composing('bob', 0, true)).toBe(true)
  })
})

describe('showing typing', () => {
  const signal = (over: Partial<ZIMMessage> = {}) => ({
    type: MessageType.Command,
    message: Uint8Array.from('{"presence":"typing"}', c => c.charCodeAt(0)),
    conversationID: 'bob',
    conversationType: 0,
    direction: MessageDirection.Receive,
    ...over,
  }) as unknown as ZIMMessage

  it('shows for TYPING_SHOWN_MS, renewed by the next signal', () => {
    const p = presence()
    p.onCommands([signal()])
    expect(p.isTyping('bob', 0)).toBe(true)
    vi.advanceTimersByTime(TYPING_SHOWN_MS - 1000)
    p.onCommands([signal()])
    vi.advanceTimersByTime(TYPING_SHOWN_MS - 1)
    expect(p.isTyping('bob', 0)).toBe(true)
    vi.advanceTimersByTime(1)
    expect(p.isTyping('bob', 0)).toBe(false)
  })

  it('a message from that chat hides it; other commands and our own devices\' signals do not show', () => {
    const p = presence()
    p.onCommands([signal(), signal({ conversationID: 'carol', message: Uint8Array.from([1, 2]) } as never), signal({ conversationID: 'dave', direction: MessageDirection.Send })])
    expect([p.isTyping('bob', 0), p.isTyping('carol', 0), p.isTyping('dave', 0)]).toEqual([true, false, false])
    p.onMessages([{ type: MessageType.Text, conversationID: 'bob', conversationType: 0, direction: MessageDirection.Receive } as ZIMMessage])
    expect(p.isTyping('bob', 0)).toBe(false)
  })

  it('forget() on logout clears the indicators and the send clock', () => {
    const p = presence()
    p.onCommands([signal()])
    p.composing('bob', 0, true)
    p.forget()
    expect(p.isTyping('bob', 0)).toBe(false)
    expect(p.composing('bob', 0, true)).toBe(true)
  })
})
