// The event router: one handler per routed event on the current SDK instance, cleanly
// moved to a new instance, and nothing from a stale instance reaching the app.
import { describe, expect, it, vi } from 'vitest'
import { createEventRouter, type Routes } from '@/composables/zim/eventRouter'
import type { ZimClient, ZimEventName } from '@/zim/types'

type Listener = (source: unknown, data: unknown) => void

/** Just the on/off side of an SDK instance: one listener per event, as the SDK keeps. */
function fakeClient() {
  const listeners = new Map<string, Listener>()
  const on = vi.fn((name: string, listener: Listener) => void listeners.set(name, listener))
  const off = vi.fn((name?: string) => {
    if (name === undefined)
      listeners.clear()
    else
      listeners.delete(name)
  })
  const client = { on, off } as unknown as ZimClient
  /** What the SDK does when `name` happens: calls the listener with itself as source. */
  const emit = (name: ZimEventName, data: unknown, source: unknown = client) => listeners.get(name)?.(source, data)
  return { client, on, off, listeners, emit }
}

function routes() {
  return {
    connectionStateChanged: vi.fn(),
    conversationChanged: vi.fn(),
    peerMessageReceived: vi.fn(),
  }
}

const ROUTED = ['connectionStateChanged', 'conversationChanged', 'peerMessageReceived']

describe('createEventRouter', () => {
  it('attach registers each routed event exactly once', () => {
    const r = routes()
    const a = fakeClient()
    const router = createEventRouter(r as Routes, () => true)
    router.attach(a.client)
    expect(a.on).toHaveBeenCalledTimes(ROUTED.length)
    expect(a.on.mock.calls.map(c => c[0]).sort()).toEqual([...ROUTED].sort())
    expect(a.off).not.toHaveBeenCalled()
  })

  it('attaching again to the same instance changes nothing', () => {
    const a = fakeClient()
    const router = createEventRouter(routes() as Routes, () => true)
    router.attach(a.client)
    router.attach(a.client)
    expect(a.on).toHaveBeenCalledTimes(ROUTED.length)
    expect(a.off).not.toHaveBeenCalled()
  })

  it('routes an event from the current instance with its data', () => {
    const r = routes()
    const a = fakeClient()
    const router = createEventRouter(r as Routes, source => source === a.client)
    router.attach(a.client)
    const data = { state: 2, event: 0, extendedData: '' }
    a.emit('connectionStateChanged', data)
    expect(r.connectionStateChanged).toHaveBeenCalledTimes(1)
    expect(r.connectionStateChanged).toHaveBeenCalledWith(data)
    expect(r.conversationChanged).not.toHaveBeenCalled()
  })

  it('attaching to a new instance detaches the old one event by event, never with off()', () => {
    const a = fakeClient()
    const b = fakeClient()
    const router = createEventRouter(routes() as Routes, () => true)
    router.attach(a.client)
    router.attach(b.client)
    expect(a.off).toHaveBeenCalledTimes(ROUTED.length)
    expect(a.off.mock.calls.map(c => c[0]).sort()).toEqual([...ROUTED].sort())
    for (const call of a.off.mock.calls)
      expect(call).toHaveLength(1)
    expect(a.listeners.size).toBe(0)
    expect(b.on).toHaveBeenCalledTimes(ROUTED.length)
    expect(b.off).not.toHaveBeenCalled()
  })

  it('leaves listeners it does not route alone when detaching', () => {
    const a = fakeClient()
    const sdkOwn = vi.fn()
    a.listeners.set('error', sdkOwn)
    const router = createEventRouter(routes() as Routes, () => true)
    router.attach(a.client)
    router.detach()
    expect(a.listeners.get('error')).toBe(sdkOwn)
    expect(a.off).not.toHaveBeenCalledWith()
  })

  it('drops events whose source is not the current instance', () => {
    const r = routes()
    const a = fakeClient()
    let current: unknown = a.client
    const router = createEventRouter(r as Routes, source => source === current)
    router.attach(a.client)
    // The instance was replaced (e.g. destroyed and re-created) but its handler fires late.
    current = { replaced: true }
    a.emit('peerMessageReceived', { messageList: [] })
    expect(r.peerMessageReceived).not.toHaveBeenCalled()
    // An event claiming another source is dropped too.
    current = a.client
    a.emit('peerMessageReceived', { messageList: [] }, { other: true })
    expect(r.peerMessageReceived).not.toHaveBeenCalled()
    a.emit('peerMessageReceived', { messageList: [] })
    expect(r.peerMessageReceived).toHaveBeenCalledTimes(1)
  })

  it('detach then attach to the same instance registers again', () => {
    const a = fakeClient()
    const router = createEventRouter(routes() as Routes, () => true)
    router.attach(a.client)
    router.detach()
    router.attach(a.client)
    expect(a.on).toHaveBeenCalledTimes(2 * ROUTED.length)
    expect(a.listeners.size).toBe(ROUTED.length)
  })

  it('detach without an instance does nothing', () => {
    const router = createEventRouter(routes() as Routes, () => true)
    expect(() => router.detach()).not.toThrow()
  })
})
