// The composer's text edits, kept apart from the page so they are tested without a DOM.

export interface Edit {
  text: string
  /** Where the cursor goes after the edit. */
  cursor: number
}

/** `insert` replacing the selection [start, end) of `text`; a missing position means the end. */
export function insertAt(text: string, insert: string, start?: number, end?: number): Edit {
  const from = clamp(start ?? text.length, text.length)
  const to = Math.max(from, clamp(end ?? from, text.length))
  return { text: text.slice(0, from) + insert + text.slice(to), cursor: from + insert.length }
}

function clamp(position: number, length: number): number {
  return Number.isFinite(position) ? Math.min(Math.max(0, Math.trunc(position)), length) : length
}

export interface EnterKey {
  key: string
  shiftKey?: boolean
  altKey?: boolean
  ctrlKey?: boolean
  metaKey?: boolean
  isComposing?: boolean
  keyCode?: number
}

/**
 * What a key press means in the H5 composer: Enter sends, Shift/Alt+Enter (or Enter while an
 * input method is composing, keyCode 229) stays a line break; anything else is typing.
 */
export function enterAction(event: EnterKey): 'send' | 'newline' | null {
  if (event.key !== 'Enter')
    return null
  if (event.isComposing || event.keyCode === 229 || event.shiftKey || event.altKey)
    return 'newline'
  return 'send'
}

/** The emoji the panel offers, in the order shown. */
export const EMOJI = [
  '😀', '😂', '🥲', '😊', '😍', '😘', '😎', '🤔', '😅', '😭', '😡', '😱',
  '👍', '👎', '👏', '🙏', '💪', '👋', '🤝', '🙌', '❤️', '💔', '🔥', '✨',
  '🎉', '🎂', '☕', '🍻', '🌹', '🌞', '🌙', '⭐', '✅', '❌', '❓', '💯',
] as const
