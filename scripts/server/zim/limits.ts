// What one client may cost the local service. Each bound keeps one user (slow, greedy or
// hostile) from taking memory or time from the others; tests shrink them to reach them.

export interface ServiceLimits {
  /** Largest frame a client may send; `ws` closes the socket with 1009 beyond it. */
  maxFrameBytes: number
  /** Bytes written to a socket but not yet taken by the client; beyond it the reader is too slow (1008). */
  maxUnsentBytes: number
  /** Requests read but not yet answered onto the socket; beyond it the socket is not read (TCP pushes back). */
  maxInFlight: number
  /** A query's reply stops adding items at this size (the client pages on, as with the SDK's pages). */
  maxReplyBytes: number
  /** Largest `count` of a query page (ZIM's own limit). */
  maxPage: number
  /** Offline delivery: messages and bytes per page (one frame, acked before the next). */
  offlinePageMessages: number
  offlinePageBytes: number
  /** A slow reader gets this long to take its close frame before the socket is cut. */
  closeGraceMs: number
}

export const DEFAULT_LIMITS: ServiceLimits = {
  maxFrameBytes: 256 * 1024,
  maxUnsentBytes: 4 * 1024 * 1024,
  maxInFlight: 32,
  maxReplyBytes: 512 * 1024,
  maxPage: 100,
  offlinePageMessages: 500,
  offlinePageBytes: 512 * 1024,
  closeGraceMs: 1000,
}
