// ZIM's conversation and user limits, for the stand-in, the local service and the app.
// The SDK itself checks only what its local checks do (contract tests); the rest is the server's.

/** The SDK adds this to a pinned conversation's orderKey so pinned ones sort first. */
export const PINNED_ORDER_BASE = 1e12
/**
 * Conversations one user may pin (then 6000604). ZEGO's limit is set per app in its
 * console; this is the stand-in's choice.
 */
export const PINNED_CONVERSATIONS_MAX = 100
/** ZIMConversationNotificationStatus: Notify 1, DoNotDisturb 2 (muted: left out of the total). */
export const NotificationStatus = { Notify: 1, DoNotDisturb: 2 } as const
/** updateUserAvatarUrl: ZEGO documents 500 bytes (the SDK checks only 2048 characters). */
export const USER_AVATAR_URL_MAX_BYTES = 500
/** What the SDK's own check allows for a name or avatar URL (MAX_NAME_SIZE, in characters). */
export const SDK_NAME_MAX_CHARS = 2048
/** queryUsersInfo from the server: at most this many users … */
export const USERS_QUERY_MAX = 10
/** … within this window (then 6000012). */
export const USERS_QUERY_WINDOW_MS = 10_000
