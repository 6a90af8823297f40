// queryUsers (the SDK's queryUsersInfo from the server: names and avatars, at most 10 users
// every 10 s a user, else 6000012) and updateUserInfo (updateUserName / updateUserAvatarUrl).
import { ErrorCode } from '../../../../src/zim/errors'
import { USER_AVATAR_URL_MAX_BYTES, USERS_QUERY_MAX, USERS_QUERY_WINDOW_MS } from '../../../../src/zim/conversationRules'
import { checkUserName, utf8Length } from '../../../../src/zim/rules'
import { defineOp, Refusal } from './context'
import { schemas } from './schemas'

/** When each user asked for how many users, within the window (memory only, like ZEGO's rate limits). */
const asked = new WeakMap<object, { at: number, count: number }[]>()

export const queryUsers = defineOp<'queryUsers', typeof schemas.queryUsers>({
  api: 'queryUsersInfo',
  signedIn: true,
  schema: schemas.queryUsers,
  handle({ ctx, session, req, api }) {
    const now = ctx.now()
    const recent = (asked.get(session) ?? []).filter(q => now - q.at < USERS_QUERY_WINDOW_MS)
    const used = recent.reduce((n, q) => n + q.count, 0)
    if (used + req.userIDs.length > USERS_QUERY_MAX) {
      asked.set(session, recent)
      throw new Refusal(ErrorCode.CommonModuleUserInfoQueriedLimit, `API.${api}: at most ${USERS_QUERY_MAX} users every ${USERS_QUERY_WINDOW_MS / 1000} s can be queried from the server.`)
    }
    recent.push({ at: now, count: req.userIDs.length })
    asked.set(session, recent)
    return { users: req.userIDs.map(userID => ({ userID, userName: ctx.names.get(userID), userAvatarUrl: ctx.names.avatar(userID) })) }
  },
})

export const updateUserInfo = defineOp<'updateUserInfo', typeof schemas.updateUserInfo>({
  // the SDK names both calls so in its errors
  api: 'updateUser',
  signedIn: true,
  schema: schemas.updateUserInfo,
  handle({ ctx, session, req }) {
    const me = session.userID
    if (req.field === 'name') {
      const broken = checkUserName(req.value)
      if (broken)
        throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.updateUser: ${broken.rule}: ${broken.message}`)
      ctx.names.set(me, req.value)
      session.userName = req.value
    }
    else {
      if (utf8Length(req.value) > USER_AVATAR_URL_MAX_BYTES)
        throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.updateUser: userAvatarUrl must be at most ${USER_AVATAR_URL_MAX_BYTES} bytes.`)
      ctx.names.setAvatar(me, req.value)
    }
    return { value: req.value }
  },
})
