import type { ZIMError, ZIMErrorCode } from 'zego-zim-miniprogram'

type SameAs<E> = { [K in keyof E]?: E[K] }

/** The ZIM error codes the app and the stand-in use, checked against the SDK's enum. */
export const ErrorCode = {
  CommonModuleParamsInvalid: 6000001,
  CommonModuleNotInit: 6000002,
  CommonModuleInvalidAppID: 6000003,
  CommonModuleTriggerSDKFrequencyLimit: 6000004,
  CommonModuleIMServerError: 6000007,
  // conversation settings and users
  CommonModuleUserInfoQueriedLimit: 6000012,
  NetworkModuleCommonError: 6000101,
  NetworkModuleTokenInvalid: 6000103,
  NetworkModuleNetworkError: 6000104,
  NetworkModuleRequestTimeout: 6000105,
  NetworkModuleTokenExpired: 6000106,
  NetworkModuleTokenVersionError: 6000107,
  NetworkModuleTokenTimeIsTooShort: 6000108,
  NetworkModuleUserHasAlreadyLogged: 6000111,
  NetworkModuleUserIsNotLogged: 6000121,
  MessageModuleSendMessageFailed: 6000203,
  // media
  MessageModuleSendMessageFailedForCancelled: 6000206,
  MessageModuleFileNotExist: 6000211,
  MessageModuleFileServerError: 6000212,
  MessageModuleFileTypeUnsupported: 6000213,
  MessageModuleFileSizeInvalid: 6000214,
  MessageModuleFileDurationInvalid: 6000215,
  MessageModuleMessageExceedsRevokeTime: 6000278,
  MessageModuleMessageHasBeenRevoked: 6000279,
  // rooms and groups
  RoomModuleCreateRoomError: 6000303,
  RoomModuleJoinRoomError: 6000304,
  RoomModuleLeaveRoomError: 6000306,
  RoomModuleUserIsNotInTheRoom: 6000321,
  RoomModuleTheRoomDoesNotExist: 6000322,
  RoomModuleTheRoomAlreadyExists: 6000323,
  RoomModuleTheNumberOfExistingRoomsHasReachedLimit: 6000324,
  RoomModuleTheNumberOfJoinedRoomsHasReachedLimit: 6000325,
  GroupModuleCreateGroupError: 6000503,
  GroupModuleDismissGroupError: 6000504,
  GroupModuleJoinGroupError: 6000505,
  GroupModuleLeaveGroupError: 6000506,
  GroupModuleKickoutGroupMemberError: 6000507,
  GroupModuleInviteUserIntoGroupError: 6000508,
  GroupModuleUserIsNotInTheGroup: 6000521,
  GroupModuleMemberIsAlreadyInTheGroup: 6000522,
  GroupModuleGroupDoesNotExist: 6000523,
  GroupModuleGroupAlreadyExists: 6000524,
  GroupModuleGroupMemberHasReachedLimit: 6000525,
  GroupModuleCreateGroupWithDismissed: 6000527,
  GroupModuleGroupNoCorrespondingOperationAuthority: 6000541,
  ConversationModuleServerError: 6000602,
  ConversationModuleConversationDoesNotExist: 6000603,
  ConversationModuleConversationPinnedListReachedLimit: 6000604,
} as const satisfies SameAs<typeof ZIMErrorCode>

export type ZimErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** The SDK rejects with plain `{ code, message }` objects; so does the stand-in. */
export function zimError(code: ZimErrorCode, message: string): ZIMError {
  return { code: code as ZIMError['code'], message }
}

export function isZimError(value: unknown): value is ZIMError {
  return typeof value === 'object' && value !== null
    && typeof (value as ZIMError).code === 'number'
    && typeof (value as ZIMError).message === 'string'
}
