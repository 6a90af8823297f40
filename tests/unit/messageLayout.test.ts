// Separators, sender runs, avatars and row kinds of the chat list (src/utils, messageView).
import { describe, expect, it } from 'vitest'
import { kindOf } from '@/stores/messageView'
import { AVATAR_TONES, avatarOf, initialsOf } from '@/utils/avatar'
import { layoutRows, SEPARATOR_GAP_MS } from '@/utils/messageLayout'
import { separatorLabel } from '@/utils/time'
import { MessageType } from '@/zim/constants'

const NOW = new Date(2026, 11, 1, 15, 0).getTime()
const at = (day: number, h: number, m: number, year = 2026, month = 11) => new Date(year, month, day, h, m).getTime()
const row = (key: string, senderUserID: string, timestamp: number) => ({ key, senderUserID, timestamp })

describe('time separators', () => {
  it('today, yesterday (by the calendar), this year, another year', () => {
    expect(separatorLabel(at(1, 14, 3), NOW)).toEqual({ key: 'list.time.today', params: { time: '14:03', month: 12, day: 1, year: 2026 } })
    expect(separatorLabel(at(30, 9, 12, 2026, 10), NOW).key).toBe('list.time.yesterday')
    expect(separatorLabel(at(30, 9, 12, 2026, 10), NOW).params.time).toBe('09:12')
    // Late last night is still yesterday, early this morning is today.
    expect(separatorLabel(at(30, 23, 59, 2026, 10), at(1, 0, 1)).key).toBe('list.time.yesterday')
    expect(separatorLabel(at(1, 0, 0), at(1, 23, 59)).key).toBe('list.time.today')
    expect(separatorLabel(at(3, 8, 0, 2026, 0), NOW)).toMatchObject({ key: 'list.time.thisYear', params: { month: 1, day: 3 } })
    expect(separatorLabel(at(31, 8, 0, 2025, 11), NOW)).toMatchObject({ key: 'list.time.date', params: { year: 2025, month: 12, day: 31 } })
  })

  it('a gap of 5 minutes or more gets a separator; less does not', () => {
    const t0 = at(1, 14, 0)
    const rows = [row('a', 'bob', t0), row('b', 'bob', t0 + SEPARATOR_GAP_MS - 1), row('c', 'bob', t0 + 2 * SEPARATOR_GAP_MS - 1)]
    expect(layoutRows(rows, null, NOW).map(r => !!r.separator)).toEqual([true, false, true])
  })
})

describe('sender runs', () => {
  const t0 = at(1, 14, 0)

  it('consecutive rows of one sender form one group; a new sender or a separator starts one', () => {
    const rows = [
      row('1', 'bob', t0), row('2', 'bob', t0 + 1000), row('3', 'me', t0 + 2000),
      row('4', 'me', t0 + 3000), row('5', 'me', t0 + SEPARATOR_GAP_MS + 3000), row('6', 'bob', t0 + SEPARATOR_GAP_MS + 4000),
    ]
    expect(layoutRows(rows, null, NOW).map(r => r.groupStart)).toEqual([true, false, true, false, true, true])
  })

  it('a window that starts inside a run continues it (the row above the window counts)', () => {
    const before = row('0', 'bob', t0)
    const [first] = layoutRows([row('1', 'bob', t0 + 1000)], before, NOW)
    expect(first).toEqual({ separator: null, groupStart: false })
  })
})

describe('avatars', () => {
  it('the avatar URL when set, else initials on a tone from the ID', () => {
    expect(avatarOf('bob', 'Bob', 'https://example.com/b.png')).toEqual({ kind: 'image', url: 'https://example.com/b.png' })
    const a = avatarOf('bob', 'Bob')
    expect(a).toMatchObject({ kind: 'initials', initials: 'B' })
    // The same ID always gets the same tone, whatever the name; tones stay in the palette.
    expect(avatarOf('bob', 'Robert')).toMatchObject({ tone: (a as { tone: number }).tone })
    const tones = new Set(Array.from({ length: 200 }, (_, i) => (avatarOf(`user${i}`, 'x') as { tone: number }).tone))
    expect([...tones].sort()).toEqual(Array.from({ length: AVATAR_TONES }, (_, i) => i + 1))
  })

  it('initials: two words give two letters, one word or CJK one character', () => {
    expect(initialsOf('Ada Lovelace')).toBe('AL')
    expect(initialsOf('alice')).toBe('A')
    expect(initialsOf('王小明')).toBe('王')
    expect(initialsOf('  ')).toBe('?')
    expect(initialsOf('😀 smile')).toBe('😀')
  })
})

describe('row kinds (data-type)', () => {
  it('maps every message type onto the kinds QA knows', () => {
    expect(kindOf({ type: MessageType.Text })).toBe('text')
    expect(kindOf({ type: MessageType.Image })).toBe('image')
    expect(kindOf({ type: MessageType.File })).toBe('file')
    expect(kindOf({ type: MessageType.Audio })).toBe('audio')
    expect(kindOf({ type: MessageType.Video })).toBe('video')
    expect(kindOf({ type: MessageType.Custom })).toBe('custom')
    expect(kindOf({ type: MessageType.Combine })).toBe('combine')
    expect(kindOf({ type: MessageType.Revoke })).toBe('revoked')
    expect(kindOf({ type: MessageType.Barrage })).toBe('barrage')
    expect(kindOf({ type: MessageType.Text, revoked: true })).toBe('revoked')
  })
})
