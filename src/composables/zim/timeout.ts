// The SDK's login promise can stay pending forever when the network is down
// (shared notes: still pending after 400 s), so nothing awaits it bare.

/** `message` is a translation key (src/locale). */
export class TimeoutError extends Error {
  readonly rule = 'network.timeout'
  constructor(message: string, readonly params?: Record<string, string | number>) {
    super(message)
    this.name = 'TimeoutError'
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string, params?: Record<string, string | number>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(message, params)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
