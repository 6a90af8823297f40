// The useZim() the pages see in component tests: every method a vi.fn() with a benign
// default, so a test asserts what a page asked for and scripts what it gets back.
// Use: vi.mock('@/composables/useZim', () => import('./fakeZim')).
import { vi } from 'vitest'
import type { ZIMMessage } from '@/zim/types'

function defaults() {
  return {
    login: async (_userID: string, _userName: string): Promise<void> => undefined,
    logout: (): void => undefined,
    restoreSession: async (): Promise<boolean> => false,
    openConversation: async (_conversationID: string, _type?: number): Promise<void> => undefined,
    closeConversation: (_conversationID: string): void => undefined,
    sendText: async (_to: string, _text: string, _type?: number): Promise<ZIMMessage> => ({}) as ZIMMessage,
    resend: async (_conversationID: string, _type: number, _localMessageID: string): Promise<ZIMMessage> => ({}) as ZIMMessage,
    loadOlder: async (_conversationID: string, _type?: number): Promise<boolean> => false,
    catchUp: async (): Promise<void> => undefined,
    signInAgain: (): void => undefined,
  }
}

type Methods = ReturnType<typeof defaults>

function build() {
  const d = defaults()
  return {
    login: vi.fn(d.login),
    logout: vi.fn(d.logout),
    restoreSession: vi.fn(d.restoreSession),
    openConversation: vi.fn(d.openConversation),
    closeConversation: vi.fn(d.closeConversation),
    sendText: vi.fn(d.sendText),
    resend: vi.fn(d.resend),
    loadOlder: vi.fn(d.loadOlder),
    catchUp: vi.fn(d.catchUp),
    signInAgain: vi.fn(d.signInAgain),
  }
}

export const fakeZim = build()

/** Clears calls and scripted behaviour; back to the defaults. */
export function resetFakeZim(): void {
  const d = defaults()
  for (const name of Object.keys(d) as (keyof Methods)[]) {
    fakeZim[name].mockReset()
    fakeZim[name].mockImplementation(d[name] as never)
  }
}

export const useZim = vi.fn(() => fakeZim)
export const disposeZim = vi.fn()
