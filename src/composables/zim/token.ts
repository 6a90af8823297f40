// Tokens come from the business server (here: the local token service), never from
// the client: the ServerSecret must not be in any bundle.

export interface IssuedToken {
  token: string
  /** Unix seconds. */
  expireAt: number
}

export type FetchToken = (userID: string) => Promise<IssuedToken>

/**
 * `message` is a translation key (src/locale); `rule` the rule the service named;
 * `params.detail` what the service said, for the console and support.
 */
export class TokenServiceError extends Error {
  constructor(message: string, readonly status?: number, readonly rule?: string, readonly params?: Record<string, string | number>) {
    super(message)
    this.name = 'TokenServiceError'
  }
}

interface TokenReply { token?: string, expireAt?: number, error?: { rule?: string, message?: string } }

function parseReply(status: number, body: TokenReply): IssuedToken {
  if (status === 200 && typeof body.token === 'string' && typeof body.expireAt === 'number')
    return { token: body.token, expireAt: body.expireAt }
  throw new TokenServiceError('token.refused', status, body.error?.rule, { status, ...(body.error?.message && { detail: body.error.message }) })
}

export interface TokenFetcherOptions {
  /**
   * Extra request headers, asked for on every request: where a deployment sends the
   * credential its token service's `authenticate` hook checks (docs/deploy.md).
   */
  headers?: () => Record<string, string> | Promise<Record<string, string>>
}

/** `uni.request` where the app runs (H5 and mini-program), `fetch` in Node. */
export function createTokenFetcher(url: string, options: TokenFetcherOptions = {}): FetchToken {
  return async (userID) => {
    const headers = { 'content-type': 'application/json', ...(await options.headers?.()) }
    if (typeof uni !== 'undefined' && typeof uni.request === 'function') {
      const res = await new Promise<UniApp.RequestSuccessCallbackResult>((resolve, reject) => {
        uni.request({
          url,
          method: 'POST',
          header: headers,
          data: { userID },
          timeout: 10_000,
          success: resolve,
          fail: err => reject(new TokenServiceError('token.unreachable', undefined, undefined, { detail: err.errMsg })),
        })
      })
      return parseReply(res.statusCode, (res.data ?? {}) as TokenReply)
    }
    let res: Response
    try {
      res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ userID }),
      })
    }
    catch (err) {
      throw new TokenServiceError('token.unreachable', undefined, undefined, { detail: (err as Error).message })
    }
    return parseReply(res.status, await res.json().catch(() => ({})) as TokenReply)
  }
}
