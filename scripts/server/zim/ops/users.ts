// queryUsers: read-only names of other users (the SDK's queryUsersInfo). The stand-in keeps
// no avatars, so every avatar URL is empty and the app shows initials.
import { defineOp } from './context'
import { schemas } from './schemas'

export const queryUsers = defineOp<'queryUsers', typeof schemas.queryUsers>({
  api: 'queryUsersInfo',
  signedIn: true,
  schema: schemas.queryUsers,
  handle({ ctx, req }) {
    return { users: req.userIDs.map(userID => ({ userID, userName: ctx.names.get(userID) })) }
  },
})
