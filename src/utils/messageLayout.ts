// How the rendered rows of a chat are laid out: where a time separator goes and which rows
// start a group under one sender's name and avatar. Costs the window's length only.
import { separatorLabel, type TimeLabel } from './time'

/** A gap of at least this long between two messages gets a time separator. */
export const SEPARATOR_GAP_MS = 5 * 60_000

interface LayoutInput {
  key: string
  senderUserID: string
  timestamp: number
}

export interface RowLayout {
  /** A separator above the row, or null. */
  separator: TimeLabel | null
  /** First row of a run from one sender: it shows the name and the avatar. */
  groupStart: boolean
}

/**
 * `before` is the row just above the window (null at the top of the conversation), so a
 * window that starts mid-group does not start a new group.
 */
export function layoutRows(rows: readonly LayoutInput[], before: LayoutInput | null, now = Date.now()): RowLayout[] {
  let previous = before
  return rows.map((row) => {
    const gap = !previous || row.timestamp - previous.timestamp >= SEPARATOR_GAP_MS
    const separator = gap && row.timestamp ? separatorLabel(row.timestamp, now) : null
    const groupStart = !previous || !!separator || previous.senderUserID !== row.senderUserID
    previous = row
    return { separator, groupStart }
  })
}
