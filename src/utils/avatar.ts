// What an avatar shows: the user's picture when they have one, else their initials on one
// of the theme's avatar tones (src/styles/theme.css), the same tone for the same ID.

/** How many `--color-avatar-N` tones the theme defines. */
export const AVATAR_TONES = 6

export type Avatar =
  | { kind: 'image', url: string }
  | { kind: 'initials', initials: string, tone: number }

/** FNV-1a: stable across runs and platforms, unlike anything seeded. */
function hash(text: string): number {
  let h = 0x811C9DC5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** "Ada Lovelace" → "AL", "bob" → "B", "王小明" → "王". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/[\s._-]+/).filter(Boolean)
  const first = (word: string) => Array.from(word)[0] ?? ''
  if (!words.length)
    return '?'
  const letters = words.length > 1 && /^[a-z]/i.test(words[0]) ? first(words[0]) + first(words[1]) : first(words[0])
  return letters.toUpperCase()
}

export function avatarOf(userID: string, name: string, url?: string): Avatar {
  if (url)
    return { kind: 'image', url }
  return { kind: 'initials', initials: initialsOf(name || userID), tone: (hash(userID) % AVATAR_TONES) + 1 }
}
