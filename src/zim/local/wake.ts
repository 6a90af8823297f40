// The SDK retries a broken connection at once when the app comes back to the foreground
// or the network returns (it hooks wx.onAppShow / wx.onNetworkStatusChange). This is the
// same hook for the stand-in; in Node (tests) there is no `uni` and it does nothing.

type Unsubscribe = () => void

interface UniWakeApi {
  onAppShow?: (cb: () => void) => void
  offAppShow?: (cb: () => void) => void
  onNetworkStatusChange?: (cb: (res: { isConnected: boolean }) => void) => void
  offNetworkStatusChange?: (cb: (res: { isConnected: boolean }) => void) => void
}

/** Calls `wake` on app show and when the network comes back; returns the undo. */
export function onWake(wake: () => void): Unsubscribe {
  const api = (typeof uni === 'undefined' ? undefined : uni) as UniWakeApi | undefined
  if (!api)
    return () => {}
  const onShow = () => wake()
  const onNetwork = (res: { isConnected: boolean }) => {
    if (res?.isConnected)
      wake()
  }
  try {
    api.onAppShow?.(onShow)
    api.onNetworkStatusChange?.(onNetwork)
  }
  catch {
    // A platform without these hooks: retries still run on their timer.
  }
  return () => {
    try {
      api.offAppShow?.(onShow)
      api.offNetworkStatusChange?.(onNetwork)
    }
    catch {
      // nothing to undo
    }
  }
}
