// Test-only trouble on the wire, set through RunningServer.faults (never over the network).

/** Which frames a fault applies to. `in`: requests from clients; `out`: replies and pushes. */
export interface FrameMatch {
  direction: 'in' | 'out'
  /** Only this user's connection (by its logged-in session). */
  userID?: string
  /** For `in` and for replies: the request op (e.g. 'send'); for pushes: 'push:<kind>'. */
  op?: string
}

export interface FrameDrop extends FrameMatch {
  /** How many matching frames to drop; Infinity until cleared. */
  count: number
}

export interface FrameFaults {
  dropFrames: (rule: Partial<FrameMatch> & { direction: FrameMatch['direction'], count?: number }) => void
  /** Holds every frame in `direction` (or both) for `ms` before handling or sending it; 0 stops. */
  delayFrames: (ms: number, direction?: FrameMatch['direction'] | 'both') => void
  clearFrameFaults: () => void
  /** Frames dropped so far. */
  readonly dropped: number
}

export function createFrameFaults() {
  const drops: FrameDrop[] = []
  const delayMs = { in: 0, out: 0 }
  let droppedCount = 0

  const control: FrameFaults = {
    dropFrames(rule) {
      drops.push({ direction: rule.direction, userID: rule.userID, op: rule.op, count: rule.count ?? 1 })
    },
    delayFrames(ms, direction = 'both') {
      const value = Math.max(0, ms)
      if (direction !== 'out')
        delayMs.in = value
      if (direction !== 'in')
        delayMs.out = value
    },
    clearFrameFaults() {
      drops.length = 0
      delayMs.in = 0
      delayMs.out = 0
    },
    get dropped() {
      return droppedCount
    },
  }

  return {
    control,
    delayMs,
    /** True when a drop rule takes this frame (and counts it down). */
    dropThis(userID: string | undefined, direction: FrameMatch['direction'], op: string | undefined): boolean {
      for (const rule of drops) {
        if (rule.direction !== direction || rule.count <= 0)
          continue
        if (rule.userID !== undefined && userID !== rule.userID)
          continue
        if (rule.op !== undefined && rule.op !== op)
          continue
        rule.count--
        droppedCount++
        return true
      }
      return false
    },
  }
}

export type Faults = ReturnType<typeof createFrameFaults>
