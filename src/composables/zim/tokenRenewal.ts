// Renews the token before it runs out, with a few retries; after the last one the
// connection machine's re-login on TokenExpired takes over.
import type { SessionUser } from '@/stores/session'
import type { ZimClient } from '@/zim/types'
import type { FetchToken } from './token'

export interface TokenRenewalDeps {
  fetchToken: FetchToken
  /** Waits between tries; one more try than there are delays. */
  delaysMs: readonly number[]
  currentUser: () => SessionUser | null
  currentClient: () => ZimClient | null
  /** False once the engine is destroyed or the session is neither connected nor reconnecting. */
  isLive: () => boolean
  onRenewed: () => void
  onGaveUp: (err: unknown) => void
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

export function createTokenRenewal(deps: TokenRenewalDeps) {
  let renewing: Promise<void> | null = null

  /** One loop at a time: a second tokenWillExpire while renewing joins the first. */
  function renewToken(): Promise<void> {
    renewing ??= renewLoop().finally(() => {
      renewing = null
    })
    return renewing
  }

  async function renewLoop(): Promise<void> {
    const who = deps.currentUser()
    const zim = deps.currentClient()
    // A logout, another user or a new SDK instance makes this loop's token worthless.
    const stillOurs = () => deps.isLive() && deps.currentUser() === who && deps.currentClient() === zim
    if (!who || !zim)
      return
    for (let attempt = 0; ; attempt++) {
      if (!stillOurs())
        return
      try {
        const { token } = await deps.fetchToken(who.userID)
        if (!stillOurs())
          return
        await zim.renewToken(token)
        deps.onRenewed()
        return
      }
      catch (err) {
        if (attempt >= deps.delaysMs.length) {
          // Out of tries: the SDK drops the session with TokenExpired when the token
          // runs out, and the machine logs in again with a new token.
          deps.onGaveUp(err)
          return
        }
        await sleep(deps.delaysMs[attempt])
      }
    }
  }

  return { renewToken }
}
