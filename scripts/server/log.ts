// Structured logs for the local service (pino). Levels from ZIM_LOG_LEVEL (default info);
// 'silent' for tests. Entries name users, ops and counts, never what a message says.
import pino from 'pino'

export type Logger = pino.Logger

/** `destination`: where the JSON lines go (stdout by default; tests pass a collector). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'zim-local' } }, destination)
}
