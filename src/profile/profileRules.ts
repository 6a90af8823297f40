// ZIM's documented limits on one's own profile, checked before any call: a display name of
// at most 256 bytes (the same rule as at login, rules.ts) and an avatar URL of at most 500
// bytes (ZIM.updateUserAvatarUrl). The SDK itself only refuses strings over 2048.
import { broken, utf8Length, type RuleViolation } from '@/zim/rules'

const USER_AVATAR_URL_MAX_BYTES = 500

export function checkAvatarUrl(url: unknown): RuleViolation | null {
  if (typeof url !== 'string' || url.length === 0)
    return broken('profile.avatarRequired')
  const bytes = utf8Length(url)
  if (bytes > USER_AVATAR_URL_MAX_BYTES)
    return broken('profile.avatarUrlMaxBytes', { max: USER_AVATAR_URL_MAX_BYTES, bytes })
  return null
}
