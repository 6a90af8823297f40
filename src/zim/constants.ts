// Runtime values of the SDK enums we use, checked key by key against the SDK's own
// enums, so the type-check fails if a value here ever disagrees with the SDK.
// (Importing the enums at runtime would pull the whole SDK into every bundle.)
import type {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMConversationEvent,
  ZIMConversationType,
  ZIMGroupEvent,
  ZIMGroupMemberEvent,
  ZIMGroupMemberState,
  ZIMGroupState,
  ZIMMessageDirection,
  ZIMMessagePriority,
  ZIMMessageSentStatus,
  ZIMMessageType,
  ZIMRoomEvent,
  ZIMRoomState,
} from 'zego-zim-miniprogram'

/** Each key must carry the same value as the SDK enum member of that name. */
type SameAs<E> = { [K in keyof E]?: E[K] }

export const ConnectionState = {
  Disconnected: 0,
  Connecting: 1,
  Connected: 2,
  Reconnecting: 3,
} as const satisfies SameAs<typeof ZIMConnectionState>

export const ConnectionEvent = {
  Success: 0,
  ActiveLogin: 1,
  LoginTimeout: 2,
  LoginInterrupted: 3,
  KickedOut: 4,
  TokenExpired: 5,
  Unregistered: 6,
} as const satisfies SameAs<typeof ZIMConnectionEvent>

export const ConversationType = {
  Peer: 0,
  Room: 1,
  Group: 2,
} as const satisfies SameAs<typeof ZIMConversationType>

export const ConversationEvent = {
  Added: 0,
  Updated: 1,
  Disabled: 2,
  Deleted: 3,
} as const satisfies SameAs<typeof ZIMConversationEvent>

export const MessageDirection = {
  Send: 0,
  Receive: 1,
} as const satisfies SameAs<typeof ZIMMessageDirection>

export const MessagePriority = {
  Low: 1,
  Medium: 2,
  High: 3,
} as const satisfies SameAs<typeof ZIMMessagePriority>

export const MessageSentStatus = {
  Sending: 0,
  Success: 1,
  Failed: 2,
} as const satisfies SameAs<typeof ZIMMessageSentStatus>

export const MessageType = {
  Text: 1,
  Command: 2,
  Image: 11,
  File: 12,
  Audio: 13,
  Video: 14,
  Barrage: 20,
  System: 30,
  Revoke: 31,
  Tips: 32,
  Combine: 100,
  Custom: 200,
} as const satisfies SameAs<typeof ZIMMessageType>

// ---- groups and rooms ----

export const GroupState = {
  Quit: 0,
  Enter: 1,
} as const satisfies SameAs<typeof ZIMGroupState>

export const GroupEvent = {
  Created: 1,
  Dismissed: 2,
  Joined: 3,
  Invited: 4,
  Left: 5,
  KickedOut: 6,
} as const satisfies SameAs<typeof ZIMGroupEvent>

export const GroupMemberState = {
  Quit: 0,
  Enter: 1,
} as const satisfies SameAs<typeof ZIMGroupMemberState>

export const GroupMemberEvent = {
  Joined: 1,
  Left: 2,
  KickedOut: 4,
  Invited: 5,
} as const satisfies SameAs<typeof ZIMGroupMemberEvent>

/** memberRole values (the SDK types them as plain numbers): one table, in groupRules.ts. */
export { GroupRole as GroupMemberRole } from './groupRules'

export const RoomState = {
  Disconnected: 0,
  Connecting: 1,
  Connected: 2,
} as const satisfies SameAs<typeof ZIMRoomState>

export const RoomEvent = {
  Success: 0,
  NetworkInterrupted: 1,
  NetworkDisconnected: 2,
  RoomNotExist: 3,
  ActiveCreate: 4,
  CreateFailed: 5,
  ActiveEnter: 6,
  EnterFailed: 7,
  KickedOut: 8,
  ConnectTimeout: 9,
  KickedOutByOtherDevice: 10,
} as const satisfies SameAs<typeof ZIMRoomEvent>
