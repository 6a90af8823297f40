// The stand-in's user calls: updateUserName / updateUserAvatarUrl (the SDK checks only a
// string of at most 2048 characters; the service holds ZEGO's documented 256 / 500 bytes)
// (both named API.updateUser in its errors), and queryUsersInfo, answered like the SDK from the users it already knows unless
// `isQueryFromServer`; the service allows 10 users every 10 s (6000012).
import type {
  ZIMUserAvatarUrlUpdatedResult,
  ZIMUserFullInfo,
  ZIMUserNameUpdatedResult,
  ZIMUsersInfoQueriedResult,
  ZIMUsersInfoQueryConfig,
} from 'zego-zim-miniprogram'
import type { ZIMErrorUserInfo } from '../types'
import { CONVERSATION_ID_MAX_CHARS } from '../rules'
import { SDK_NAME_MAX_CHARS } from '../conversationRules'
import { ErrorCode } from '../errors'
import type { LocalHost } from './host'

interface KnownUser { userID: string, userName: string, userAvatarUrl: string }

function fullInfo(u: KnownUser): ZIMUserFullInfo {
  return {
    baseInfo: { userID: u.userID, userName: u.userName, userAvatarUrl: u.userAvatarUrl, userExtendedData: '' },
    userAvatarUrl: u.userAvatarUrl,
    extendedData: '',
  } as ZIMUserFullInfo
}

export class LocalUsers {
  /** What the SDK keeps as its dbUserMap: users it has fetched (this login). */
  private readonly known = new Map<string, KnownUser>()

  constructor(private readonly host: LocalHost) {}

  clear(): void {
    this.known.clear()
  }

  updateUserName(userName: string): Promise<ZIMUserNameUpdatedResult> {
    const api = 'API.updateUser' as const
    const refused = this.host.refuse(api, typeof userName === 'string' && userName.length <= SDK_NAME_MAX_CHARS ? null : 'userName is invalid.')
    if (refused)
      return refused
    return this.host.call(api, { op: 'updateUserInfo', field: 'name', value: userName }, true).then(() => ({ userName }))
  }

  updateUserAvatarUrl(userAvatarUrl: string): Promise<ZIMUserAvatarUrlUpdatedResult> {
    const api = 'API.updateUser' as const
    const refused = this.host.refuse(api, typeof userAvatarUrl === 'string' && userAvatarUrl.length <= SDK_NAME_MAX_CHARS ? null : 'userAvatarUrl is invalid.')
    if (refused)
      return refused
    return this.host.call(api, { op: 'updateUserInfo', field: 'avatarUrl', value: userAvatarUrl }, true).then(() => ({ userAvatarUrl }))
  }

  queryUsersInfo(userIDs: string[], config?: ZIMUsersInfoQueryConfig): Promise<ZIMUsersInfoQueriedResult> {
    const api = 'API.queryUsersInfo' as const
    const listOk = Array.isArray(userIDs) && userIDs.length > 0 && userIDs.every(id => typeof id === 'string' && id.length > 0)
    const refused = this.host.refuse(api, listOk ? null : 'userIDs is invalid or each of its elements must be a valid string type.')
    if (refused)
      return refused
    // As the SDK: IDs over the ID length are answered in errorUserList; the rest deduplicated.
    const errorUserList: ZIMErrorUserInfo[] = userIDs
      .filter(id => id.length > CONVERSATION_ID_MAX_CHARS)
      .map(userID => ({ userID, reason: ErrorCode.CommonModuleParamsInvalid }))
    const wanted = [...new Set(userIDs.filter(id => id.length <= CONVERSATION_ID_MAX_CHARS))]
    const fetch = config?.isQueryFromServer ? wanted : wanted.filter(id => !this.known.has(id))
    const answer = (): ZIMUsersInfoQueriedResult => ({
      userList: wanted.filter(id => this.known.has(id)).map(id => fullInfo(this.known.get(id)!)),
      errorUserList,
    })
    if (fetch.length === 0)
      return Promise.resolve(answer())
    return this.host.call(api, { op: 'queryUsers', userIDs: fetch }, true).then(({ users }) => {
      for (const { userID, userName, userAvatarUrl } of users)
        this.known.set(userID, { userID, userName, userAvatarUrl: userAvatarUrl ?? '' })
      return answer()
    })
  }
}
