// The seam: every type here comes from the SDK's own declarations, so the real
// SDK and the local stand-in are checked against one contract.
import type { ZIM, ZIMEventHandler } from 'zego-zim-miniprogram'

export type {
  ZIMConversation,
  ZIMConversationChangeInfo,
  ZIMConversationType,
  ZIMError,
  ZIMEventHandler,
  ZIMMessage,
  ZIMMessageDeleteConfig,
  ZIMMessageQueryConfig,
  ZIMMessageRevokeConfig,
  ZIMRevokeMessage,
  ZIMMessageSendConfig,
  ZIMMessageSendNotification,
  ZIMMessageSentResult,
  ZIMTextMessage,
  ZIMUserInfo,
} from 'zego-zim-miniprogram'

// ---- groups and rooms (issue 11) ----
export type {
  ZIMGroupFullInfo,
  ZIMGroupMemberInfo,
} from 'zego-zim-miniprogram'

/** The instance methods the app uses; both the SDK and the stand-in implement them. */
export type ZimClient = Pick<
  ZIM,
  | 'on'
  | 'off'
  | 'login'
  | 'logout'
  | 'renewToken'
  | 'destroy'
  | 'sendMessage'
  | 'queryConversationList'
  | 'queryHistoryMessage'
  | 'clearConversationUnreadMessageCount'
  | 'deleteConversation'
  | 'revokeMessage'
  | 'deleteMessages'
  | 'queryUsersInfo'
>

/** The group methods the app uses (useGroups); both the SDK and the stand-in implement them. */
export type ZimGroupClient = Pick<
  ZIM,
  | 'createGroup'
  | 'joinGroup'
  | 'leaveGroup'
  | 'dismissGroup'
  | 'inviteUsersIntoGroup'
  | 'kickGroupMembers'
  | 'setGroupMemberRole'
  | 'transferGroupOwner'
  | 'queryGroupList'
  | 'queryGroupInfo'
  | 'queryGroupMemberList'
  | 'queryGroupMemberCount'
  | 'updateGroupName'
  | 'updateGroupNotice'
>

/** The room methods the app uses (useRooms). */
export type ZimRoomClient = Pick<
  ZIM,
  | 'enterRoom'
  | 'leaveRoom'
  | 'queryRoomMemberList'
  | 'queryRoomOnlineMemberCount'
>

/** The static side of the `ZIM` class. */
export interface ZimStatic {
  create: (appConfig: number | { appID: number }) => ZimClient | null
  getInstance: () => ZimClient | null | undefined
  getVersion: () => string
}

export type ZimEventName = keyof ZIMEventHandler
export type ZimEventData<K extends ZimEventName> = Parameters<ZIMEventHandler[K]>[1]
