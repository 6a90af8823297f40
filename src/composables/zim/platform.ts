// What the platform tells the connection machine: the network came or went, the app
// came to the foreground or left it. uni-app where it runs; nothing in Node; a manual
// source for tests.

type Unsubscribe = () => void

export interface PlatformSignals {
  onNetworkChange: (listener: (online: boolean) => void) => Unsubscribe
  onAppShow: (listener: () => void) => Unsubscribe
  onAppHide: (listener: () => void) => Unsubscribe
}

interface UniPlatformApi {
  onAppShow?: (cb: () => void) => void
  offAppShow?: (cb: () => void) => void
  onAppHide?: (cb: () => void) => void
  offAppHide?: (cb: () => void) => void
  onNetworkStatusChange?: (cb: (res: { isConnected: boolean }) => void) => void
  offNetworkStatusChange?: (cb: (res: { isConnected: boolean }) => void) => void
}

function uniApi(): UniPlatformApi | undefined {
  return typeof uni === 'undefined' ? undefined : (uni as unknown as UniPlatformApi)
}

function hook<T extends (...args: never[]) => void>(
  on: ((cb: T) => void) | undefined,
  off: ((cb: T) => void) | undefined,
  cb: T,
): Unsubscribe {
  try {
    on?.(cb)
  }
  catch {
    // A platform without this hook: the machine's timers still run.
  }
  return () => {
    try {
      off?.(cb)
    }
    catch {
      // nothing to undo
    }
  }
}

/** uni.onNetworkStatusChange / onAppShow / onAppHide, when there is a `uni`. */
export function uniPlatform(): PlatformSignals {
  return {
    onNetworkChange(listener) {
      const api = uniApi()
      if (!api)
        return () => {}
      return hook(api.onNetworkStatusChange?.bind(api), api.offNetworkStatusChange?.bind(api), (res: { isConnected: boolean }) => listener(!!res?.isConnected))
    },
    onAppShow(listener) {
      const api = uniApi()
      if (!api)
        return () => {}
      return hook(api.onAppShow?.bind(api), api.offAppShow?.bind(api), () => listener())
    },
    onAppHide(listener) {
      const api = uniApi()
      if (!api)
        return () => {}
      return hook(api.onAppHide?.bind(api), api.offAppHide?.bind(api), () => listener())
    },
  }
}

/** Signals a test fires by hand. */
export function manualPlatform() {
  const network = new Set<(online: boolean) => void>()
  const show = new Set<() => void>()
  const hide = new Set<() => void>()
  const signals: PlatformSignals = {
    onNetworkChange: (l) => {
      network.add(l)
      return () => void network.delete(l)
    },
    onAppShow: (l) => {
      show.add(l)
      return () => void show.delete(l)
    },
    onAppHide: (l) => {
      hide.add(l)
      return () => void hide.delete(l)
    },
  }
  return {
    signals,
    setOnline: (online: boolean) => network.forEach(l => l(online)),
    show: () => show.forEach(l => l()),
    hide: () => hide.forEach(l => l()),
    /** How many listeners are attached (all three kinds). */
    listenerCount: () => network.size + show.size + hide.size,
  }
}
