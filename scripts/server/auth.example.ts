// An example ZIM_AUTH_MODULE: the token service calls `authenticate(req, userID)` before it
// signs a token, and refuses with 401 when it returns false. Replace the body with your
// real sign-in check (a session cookie, a WeChat login session from wx.login, OAuth, …):
// the point is that a user only gets a token for their own userID.
//
// This example accepts `Authorization: Bearer <key>` where ZIM_AUTH_KEYS lists
// "userID:key" pairs, e.g. ZIM_AUTH_KEYS="alice:4f1c…,bob:9a2e…".
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

function keys(): Map<string, string> {
  const pairs = (process.env.ZIM_AUTH_KEYS ?? '').split(',').map(p => p.trim()).filter(Boolean)
  return new Map(pairs.map((p) => {
    const at = p.indexOf(':')
    return [p.slice(0, at), p.slice(at + 1)] as [string, string]
  }))
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function authenticate(req: IncomingMessage, userID: string): boolean {
  const header = req.headers.authorization ?? ''
  const presented = /^Bearer (.+)$/.exec(header)?.[1]
  const expected = keys().get(userID)
  return Boolean(presented && expected && same(presented, expected))
}
