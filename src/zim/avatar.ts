// Profile pictures (scripts/server/avatars.ts): where they go and what is taken, shared by the
// token service and the app's uploadAvatar (src/zim/uploadAvatar.ts).

/** POST here (multipart, field `file`) with the user's ZIM token. */
export const AVATAR_PATH = '/api/avatar'
/** GET `${AVATARS_PATH}/<md5>.<ext>`: public, cacheable. */
export const AVATARS_PATH = '/api/avatars'
/** The image as picked; it is stored at 256 × 256 px. */
export const AVATAR_SOURCE_MAX_BYTES = 5 * 1024 * 1024
export const AVATAR_SIDE_PX = 256
/** What file-type may read the bytes as. */
export const AVATAR_FORMATS = ['jpg', 'png', 'webp', 'gif'] as const
