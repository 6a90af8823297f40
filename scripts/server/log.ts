// Structured logs for the local service (pino). Levels from ZIM_LOG_LEVEL (default info);
// 'silent' for tests. Entries name users, ops and counts, never what a message says.
import pino from 'pino'

export type Logger = pino.Logger

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'zim-local' } })
}
