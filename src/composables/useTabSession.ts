// One signed-in tab per account in a browser profile. Two tabs share uni storage, so a
// second tab would restore the same session and the service would kick the first one out
// without anyone asking. Here the tab that is signed in as a user holds a Web Lock named
// after that user; another tab that is about to sign in as the same user finds the lock
// taken and asks "Use here?" first. Saying yes signs in as before: the service kicks the
// other tab out (its banner says so), which lets go of the lock. WeChat has one page
// stack and no locks: nothing is ever in use elsewhere there.
import { effectScope, watch } from 'vue'
import { loadSavedSession, uniStorage } from './zim/persistence'
import { useZim } from './useZim'

/** The part of the Web Locks API used here (navigator.locks). */
export interface TabLocks {
  request: (name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => unknown) => Promise<unknown>
}

export interface UseTabSessionReturn {
  /** Whether this platform has tabs to tell apart (H5 with Web Locks); false on WeChat. */
  supported: boolean
  /** Whether another tab of this browser is signed in as `userID` now. */
  inUseElsewhere: (userID: string) => Promise<boolean>
  /** The remembered user, when another tab is signed in as them (a restore would kick it); else null. */
  savedUserInUseElsewhere: () => Promise<{ userID: string, userName: string } | null>
}

const lockName = (userID: string) => `zim-chat.session:${userID}`

function browserLocks(): TabLocks | null {
  const nav = (globalThis as { navigator?: { locks?: TabLocks } }).navigator
  return nav?.locks ?? null
}

let held: { userID: string, release: () => void } | null = null
let installed = false

function release(): void {
  held?.release()
  held = null
}

function hold(locks: TabLocks, userID: string): void {
  if (held?.userID === userID)
    return
  release()
  let letGo!: () => void
  const gate = new Promise<void>((done) => {
    letGo = done
  })
  // Waits while a tab that was just kicked out still holds it, then keeps it until letGo().
  void locks.request(lockName(userID), {}, () => gate)
  held = { userID, release: letGo }
}

/**
 * @param locks where the locks live; @default navigator.locks (none on WeChat)
 */
export function useTabSession(locks: TabLocks | null = browserLocks()): UseTabSessionReturn {
  if (locks && !installed) {
    installed = true
    const { connection, user } = useZim()
    // For the life of the tab, not of one page.
    effectScope(true).run(() => {
      watch(() => [connection.value.phase, user.value?.userID] as const, ([phase, userID]) => {
        if (userID && phase === 'connected')
          hold(locks, userID)
        else if (!userID || phase === 'kickedOut' || phase === 'idle')
          release()
      }, { immediate: true })
    })
  }

  async function inUseElsewhere(userID: string): Promise<boolean> {
    if (!locks || held?.userID === userID)
      return false
    return locks.request(lockName(userID), { ifAvailable: true }, lock => lock === null) as Promise<boolean>
  }

  return {
    supported: locks !== null,
    inUseElsewhere,
    async savedUserInUseElsewhere() {
      const saved = loadSavedSession(uniStorage())
      return saved && !useZim().user.value && await inUseElsewhere(saved.userID) ? saved : null
    },
  }
}
