// Stand-ins for what uni-app provides at run time, for component tests:
// - the page lifecycle hooks of '@dcloudio/uni-app' (the real ones need uni's forked
//   Vue): each hook only records its callback, and the test runs it with `runHook`;
// - the `uni` global: navigation, title, selector query and storage, as vi.fn()s.
// Use: vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub')) and installUni().
import { vi } from 'vitest'

// Hooks receive whatever uni passes (a query object for onLoad, nothing for most).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type HookCallback = (...args: any[]) => unknown

export type HookName = 'onLaunch' | 'onShow' | 'onHide' | 'onLoad' | 'onReady' | 'onUnload' | 'onPullDownRefresh' | 'onReachBottom'

const registered = new Map<HookName, HookCallback[]>()

function hook(name: HookName) {
  return (callback: HookCallback): void => {
    const list = registered.get(name) ?? []
    list.push(callback)
    registered.set(name, list)
  }
}

export const onLaunch = hook('onLaunch')
export const onShow = hook('onShow')
export const onHide = hook('onHide')
export const onLoad = hook('onLoad')
export const onReady = hook('onReady')
export const onUnload = hook('onUnload')
export const onPullDownRefresh = hook('onPullDownRefresh')
export const onReachBottom = hook('onReachBottom')

/** How many callbacks a mounted page registered for `name`. */
export function hookCount(name: HookName): number {
  return registered.get(name)?.length ?? 0
}

/** Runs every callback registered for `name`, as uni would, and waits for async ones. */
export async function runHook(name: HookName, ...args: unknown[]): Promise<void> {
  const list = registered.get(name)
  if (!list?.length)
    throw new Error(`No ${name} callback was registered`)
  for (const callback of list)
    await callback(...args)
}

/** Forgets all recorded callbacks (call before mounting the next page). */
export function resetHooks(): void {
  registered.clear()
}

export interface SelectorQueryStub {
  select: (selector: string) => SelectorQueryStub
  in: (scope: unknown) => SelectorQueryStub
  boundingClientRect: (callback?: (rect: unknown) => void) => SelectorQueryStub
  exec: (callback?: (results: unknown[]) => void) => void
}

/** A `uni` with the APIs the app uses; every function is a vi.fn() to assert on. */
export function createUniStub(options: { viewportHeight?: number } = {}) {
  const storage = new Map<string, unknown>()
  const rect = { top: 0, left: 0, width: 375, height: options.viewportHeight ?? 600 }
  const query = (): SelectorQueryStub => {
    const q: SelectorQueryStub = {
      select: vi.fn(() => q),
      in: vi.fn(() => q),
      boundingClientRect: vi.fn((callback?: (rect: unknown) => void) => {
        callback?.({ ...rect })
        return q
      }),
      exec: vi.fn((callback?: (results: unknown[]) => void) => callback?.([{ ...rect }])),
    }
    return q
  }
  return {
    reLaunch: vi.fn((_options: { url: string }) => undefined),
    navigateTo: vi.fn((_options: { url: string }) => undefined),
    redirectTo: vi.fn((_options: { url: string }) => undefined),
    navigateBack: vi.fn((_options?: { delta?: number }) => undefined),
    setNavigationBarTitle: vi.fn((_options: { title: string }) => undefined),
    showToast: vi.fn((_options: { title: string }) => undefined),
    setClipboardData: vi.fn((options: { data: string, success?: () => void }) => options.success?.()),
    createSelectorQuery: vi.fn(query),
    getStorageSync: vi.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
    setStorageSync: vi.fn((key: string, value: unknown) => void storage.set(key, value)),
    removeStorageSync: vi.fn((key: string) => void storage.delete(key)),
    storage,
  }
}

export type UniStub = ReturnType<typeof createUniStub>

/** Puts a fresh stub on globalThis.uni; undo with vi.unstubAllGlobals(). */
export function installUni(options?: { viewportHeight?: number }): UniStub {
  const stub = createUniStub(options)
  vi.stubGlobal('uni', stub)
  return stub
}
