// One handler per event type, as the SDK does: `on` replaces, `off` removes.
// A handler that throws never breaks the caller; the error is reported (by default
// rethrown from a fresh task, so it surfaces as uncaught like the SDK's).
import type { ZIM } from 'zego-zim-miniprogram'
import type { ZimEventData, ZimEventName } from '../types'
import { getConfig } from './config'

type AnyHandler = (zim: ZIM, data: unknown) => void

export class EventHub {
  private handlers = new Map<ZimEventName, AnyHandler>()

  constructor(private readonly owner: () => ZIM) {}

  set(type: ZimEventName, handler: unknown): void {
    if (typeof handler === 'function')
      this.handlers.set(type, handler as AnyHandler)
    else
      this.handlers.delete(type)
  }

  remove(type: ZimEventName): void {
    this.handlers.delete(type)
  }

  clear(): void {
    this.handlers.clear()
  }

  emit<K extends ZimEventName>(type: K, data: ZimEventData<K>): void {
    const handler = this.handlers.get(type)
    if (!handler)
      return
    try {
      handler(this.owner(), data)
    }
    catch (error) {
      getConfig().reportHandlerError(error)
    }
  }
}
