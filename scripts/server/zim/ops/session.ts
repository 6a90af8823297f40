// login, logout, renewToken and the offline page acks.
import { ErrorCode } from '../../../../src/zim/errors'
import { fileKey } from '../../media/tickets'
import { verifyToken04 } from '../../token04'
import type { OpContext } from './context'
import { defineOp, Refusal } from './context'
import { schemas } from './schemas'

function verify(ctx: OpContext, token: unknown, userID: string, api: string): number {
  const result = verifyToken04(token, { appID: ctx.appID, userID, secret: ctx.serverSecret })
  if (!result.ok)
    throw new Refusal(result.code, `API.${api}: ${result.reason}.`)
  return result.expire
}

export const login = defineOp<'login', typeof schemas.login>({
  api: 'login',
  signedIn: false,
  schema: schemas.login,
  handle({ ctx, conn, req, api }) {
    if (req.appID !== ctx.appID)
      throw new Refusal(ErrorCode.NetworkModuleTokenInvalid, `API.${api}: appID does not match this service.`)
    const { userID, userName } = req
    if (conn.session && conn.session.userID !== userID)
      throw new Refusal(ErrorCode.NetworkModuleUserHasAlreadyLogged, `API.${api}: already logged in as another user; log out first.`)
    const expire = verify(ctx, req.token, userID, api)
    const session = ctx.sessions.start(conn, userID, userName, expire)
    ctx.names.set(userID, userName)
    ctx.log.info({ user: userID }, 'logged in')
    // After the reply has gone out (it leaves in this tick's write), so the client is logged in first.
    setImmediate(() => {
      try {
        if (conn.session === session) {
          // the total unread the SDK reports after its login sync
          ctx.totals.update(session)
          ctx.offline.start(session)
        }
      }
      catch (error) {
        ctx.log.error({ err: error, user: userID }, 'offline delivery failed')
      }
    })
    return { expireAt: expire, fileKey: fileKey(ctx.serverSecret, userID) }
  },
})

export const logout = defineOp<'logout', typeof schemas.logout>({
  api: 'logout',
  signedIn: true,
  schema: schemas.logout,
  handle({ ctx, session }) {
    ctx.sessions.end(session)
    return {}
  },
})

export const renewToken = defineOp<'renewToken', typeof schemas.renewToken>({
  api: 'renewToken',
  signedIn: true,
  schema: schemas.renewToken,
  handle({ ctx, session, req, api }) {
    session.expire = verify(ctx, req.token, session.userID, api)
    ctx.sessions.scheduleExpiry(session)
    return { expireAt: session.expire }
  },
})

export const ackOffline = defineOp<'ackOffline', typeof schemas.ackOffline>({
  api: 'ackOffline',
  signedIn: true,
  schema: schemas.ackOffline,
  handle({ ctx, session, req, api }) {
    const result = ctx.offline.ack(session, req.cursor)
    if ('refused' in result)
      throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: ${result.refused}`)
    return result
  },
})
