// Where the messages held for a conversation may not be contiguous on the server. A chat
// opened at an old message (from search) holds the history around it, and perhaps the
// newest page too, with the server's messages between them missing: the list must know,
// to load them as the reader scrolls down, instead of showing the two parts as one.
// A gap is named by its edge: the server messageID after which messages may be missing.

/** One contiguous stretch of the server's history just loaded, oldest first. */
export interface LoadedRun {
  messageIDs: readonly string[]
  /** Older messages may exist between the run and what the list held before it. */
  olderOpen: boolean
  /** Newer messages may exist after the run's last message. */
  newerOpen: boolean
}

/**
 * The edges after `run` was merged into `list` (the conversation's entries in order, the
 * run included): an edge inside the run is closed, the run's end is one when newer
 * messages may follow, and the held message just before the run is one when older ones
 * may lie between.
 */
export function gapsAfterRun(list: readonly { messageID?: string }[], edges: readonly string[], run: LoadedRun): string[] {
  const inRun = new Set(run.messageIDs)
  const next = edges.filter(edge => !inRun.has(edge))
  const last = run.messageIDs[run.messageIDs.length - 1]
  if (run.newerOpen && last)
    next.push(last)
  const first = run.messageIDs[0]
  if (run.olderOpen && first) {
    const at = list.findIndex(e => e.messageID === first)
    for (let i = at - 1; i >= 0; i--) {
      const id = list[i].messageID
      if (id && !inRun.has(id)) {
        next.push(id)
        break
      }
    }
  }
  return [...new Set(next)]
}
