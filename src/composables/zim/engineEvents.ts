// What the engine reports to `subscribe` listeners (diagnostics, tests, the benchmark).
import type { ZimActionError } from './actionError'
import type { Phase } from './connectionMachine'

export type EngineEvent =
  | { type: 'phase', phase: Phase, previous: Phase }
  | { type: 'caughtUp' }
  | { type: 'tokenRenewed' }
  | { type: 'tokenRenewalFailed', error: ZimActionError }
  | { type: 'sendRetry', id: string, error: ZimActionError }
  | { type: 'sendFailed', id: string, error: ZimActionError }

export function createEngineEvents() {
  const listeners = new Set<(event: EngineEvent) => void>()
  return {
    emit(event: EngineEvent): void {
      for (const listener of listeners) {
        try {
          listener(event)
        }
        catch (err) {
          console.error('[zim] engine listener failed', err)
        }
      }
    },
    /** Listens to engine events; returns the unsubscribe. */
    subscribe(listener: (event: EngineEvent) => void): () => void {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    clear: () => listeners.clear(),
  }
}
