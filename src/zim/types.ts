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
  // h10svc: media messages and their send notification
  ZIMMediaMessage,
  ZIMImageMessage,
  ZIMFileMessage,
  ZIMAudioMessage,
  ZIMVideoMessage,
  ZIMMediaUploadingProgress,
  ZIMSendingMessageCancelConfig,
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
>

/** The static side of the `ZIM` class. */
export interface ZimStatic {
  create: (appConfig: number | { appID: number }) => ZimClient | null
  getInstance: () => ZimClient | null | undefined
  getVersion: () => string
}

export type ZimEventName = keyof ZIMEventHandler
export type ZimEventData<K extends ZimEventName> = Parameters<ZIMEventHandler[K]>[1]
