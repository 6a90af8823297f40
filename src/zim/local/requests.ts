// Requests to the service while a session lives: sent at once on a logged-in link, or
// when one is back; settled by the reply, a timeout (6000104) or the session's end.
import { ErrorCode } from '../errors'
import type { ZIMError } from '../types'
import { getConfig } from './config'
import type { Link, RequestBody } from './link'
import type { Reply, ReplyData } from './protocol'
import { type ApiName, sdkError } from './validate'

type Timer = ReturnType<typeof setTimeout>

interface Pending {
  api: ApiName
  body: RequestBody
  resolve: (data: unknown) => void
  reject: (error: ZIMError) => void
  timer?: Timer
  link: Link | null
  id: number
  /** Sent again after a reconnect when its link dropped unanswered (never a send). */
  resendable: boolean
}

export function toZimError(reply: Extract<Reply, { ok: false }>): ZIMError {
  return { code: reply.code as ZIMError['code'], message: reply.message }
}

export class Requests {
  private readonly pending = new Set<Pending>()

  /** `liveLink`: the link the session is logged in on, if any. */
  constructor(private readonly liveLink: () => Link | null) {}

  /** Sends now if logged in on a live link, else when it is; 6000104 after sendTimeoutMs. */
  call<B extends RequestBody>(api: ApiName, body: B, resendable: boolean): Promise<ReplyData[B['op']]> {
    return new Promise((resolve, reject) => {
      const p: Pending = { api, body, resolve: resolve as (data: unknown) => void, reject, link: null, id: 0, resendable }
      p.timer = setTimeout(() => this.settle(p, sdkError(ErrorCode.NetworkModuleNetworkError, api)), getConfig().sendTimeoutMs)
      this.pending.add(p)
      const link = this.liveLink()
      if (link)
        this.dispatch(p, link)
    })
  }

  /** A login succeeded on `link`: everything waiting goes out on it. */
  flush(link: Link): void {
    for (const p of this.pending) {
      if (!p.link && this.liveLink() === link)
        this.dispatch(p, link)
    }
  }

  /** `link` dropped: sends fail (the app decides about resending), the rest waits for the next link. */
  linkDown(link: Link): void {
    for (const p of this.pending) {
      if (p.link !== link)
        continue
      p.link = null
      if (!p.resendable)
        this.settle(p, sdkError(ErrorCode.NetworkModuleNetworkError, p.api))
    }
  }

  /** The session ended: every request fails with the error for its API. */
  failAll(errorFor: (api: ApiName) => ZIMError): void {
    for (const p of [...this.pending])
      this.settle(p, errorFor(p.api))
  }

  private dispatch(p: Pending, link: Link): void {
    p.link = link
    p.id = link.request(p.body, (reply) => {
      if (reply.ok)
        this.settle(p, null, reply.data)
      else
        this.settle(p, toZimError(reply))
    })
  }

  private settle(p: Pending, error: ZIMError | null, data?: unknown): void {
    if (!this.pending.delete(p))
      return
    clearTimeout(p.timer)
    if (p.link)
      p.link.forget(p.id)
    if (error)
      p.reject(error)
    else
      p.resolve(data)
  }
}
