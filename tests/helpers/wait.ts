// The one way tests wait: for a condition (a signal), never for a fixed time. `sleep` is
// only for what is itself a span of time (pacing, a fault's length, load shaping).

/** Resolves once `check()` holds; fails naming `what` after `ms`. */
export async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  if (!(await waitFor(check, ms)))
    throw new Error(`timed out after ${ms} ms waiting for ${what}`)
}

/** Like `until`, but answers false instead of throwing when `ms` ran out. */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end)
      return false
    await sleep(10)
  }
  return true
}

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

/**
 * A barrier on one client's connection: a request and its reply. The service answers in
 * order on one socket, so everything it sent this client before (a push, a duplicate)
 * has arrived once this resolves. "Nothing else came" can then be checked at once.
 */
export async function roundTrip(client: { queryConversationList: (config: { count: number }) => Promise<unknown> } | null | undefined): Promise<void> {
  if (!client)
    throw new Error('roundTrip: no SDK instance')
  await client.queryConversationList({ count: 1 })
}
