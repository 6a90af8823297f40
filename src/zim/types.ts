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
  // media messages and their send notification
  ZIMMediaMessage,
  ZIMImageMessage,
  ZIMFileMessage,
  ZIMAudioMessage,
  ZIMVideoMessage,
  ZIMMediaUploadingProgress,
  ZIMSendingMessageCancelConfig,
  ZIMCustomMessage,
} from 'zego-zim-miniprogram'

// groups and rooms
export type {
  ZIMErrorUserInfo,
  ZIMGroupAdvancedConfig,
  ZIMGroupAvatarUrlUpdatedResult,
  ZIMGroupCreatedResult,
  ZIMGroupDismissedResult,
  ZIMGroupFullInfo,
  ZIMGroupInfo,
  ZIMGroupInfoQueriedResult,
  ZIMGroupJoinedResult,
  ZIMGroupLeftResult,
  ZIMGroupListQueriedResult,
  ZIMGroupMemberInfo,
  ZIMGroupMemberKickedResult,
  ZIMGroupMemberCountQueriedResult,
  ZIMGroupMemberListQueriedResult,
  ZIMGroupMemberQueryConfig,
  ZIMGroupMemberRoleUpdatedResult,
  ZIMGroupNameUpdatedResult,
  ZIMGroupNoticeUpdatedResult,
  ZIMGroupOperatedInfo,
  ZIMGroupOwnerTransferredResult,
  ZIMGroupUsersInvitedResult,
  ZIMRoomAdvancedConfig,
  ZIMRoomCreatedResult,
  ZIMRoomEnteredResult,
  ZIMRoomFullInfo,
  ZIMRoomInfo,
  ZIMRoomJoinedResult,
  ZIMRoomLeftResult,
  ZIMRoomMemberQueriedResult,
  ZIMRoomMemberQueryConfig,
  ZIMRoomOnlineMemberCountQueriedResult,
} from 'zego-zim-miniprogram'

// read receipts
export type {
  ZIMConversationMessageReceiptReadSentResult,
  ZIMGroupMessageReceiptMemberListQueriedResult,
  ZIMGroupMessageReceiptMemberQueryConfig,
  ZIMMessageReceiptInfo,
  ZIMMessageReceiptsInfoQueriedResult,
  ZIMMessageReceiptsReadSentResult,
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
  | 'cancelSendingMessage'
  | 'queryCombineMessageDetail'
  // conversation management, users and search (h12svc)
  | 'updateConversationPinnedState'
  | 'setConversationNotificationStatus'
  | 'setConversationDraft'
  | 'deleteAllMessage'
  | 'updateUserName'
  | 'updateUserAvatarUrl'
  | 'searchLocalMessages'
  | 'searchGlobalLocalMessages'
  | 'searchLocalConversations'
  // groups and rooms
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
  | 'updateGroupName'
  | 'updateGroupNotice'
  | 'updateGroupAvatarUrl'
  | 'createRoom'
  | 'enterRoom'
  | 'joinRoom'
  | 'leaveRoom'
  | 'queryRoomMemberList'
  | 'queryRoomOnlineMemberCount'
  // read receipts
  | 'sendConversationMessageReceiptRead'
  | 'sendMessageReceiptsRead'
  | 'queryMessageReceiptsInfo'
  | 'queryGroupMessageReceiptReadMemberList'
  | 'queryGroupMessageReceiptUnreadMemberList'
>

/**
 * Group calls the app makes where the SDK has them and the stand-in may not yet
 * (groups.ts falls back to paging the member list).
 */
export type ZimGroupExtras = Partial<Pick<ZIM, 'queryGroupMemberCount'>>

/**
 * Search (h12search): ZEGO's own local search, asked on H5 where the web SDK keeps its
 * messages; the mini-program SDK and the stand-in answer empty lists.
 */
export type ZimSearchExtras = Partial<Pick<ZIM, 'searchLocalMessages' | 'searchGlobalLocalMessages'>>
export type { ZIMMessageSearchConfig } from 'zego-zim-miniprogram'

/** The static side of the `ZIM` class. */
export interface ZimStatic {
  create: (appConfig: number | { appID: number }) => ZimClient | null
  getInstance: () => ZimClient | null | undefined
  getVersion: () => string
}

export type ZimEventName = keyof ZIMEventHandler
export type ZimEventData<K extends ZimEventName> = Parameters<ZIMEventHandler[K]>[1]
