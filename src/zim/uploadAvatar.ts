// The app's side of POST /api/avatar (scripts/server/avatars.ts): a picked image goes up with
// uni.uploadFile and comes back as a 256 px avatar's public address, ready for
// updateUserAvatarUrl. It talks to the token service (VITE_TOKEN_URL's host), so it works the
// same with the stand-in and with ZEGO's cloud. Failures are keys (`problem.avatar.*`) with
// params; pages put them into words.
import { AVATAR_FORMATS, AVATAR_PATH, AVATAR_SOURCE_MAX_BYTES } from './avatar'
import { zimConfig } from './config'

/** Who uploads: the signed-in user and a ZIM token of theirs (the one they signed in with). */
export interface AvatarUploadAuth { userID: string, token: string }

export interface UploadedAvatar {
  /** Public and cacheable: what updateUserAvatarUrl takes. */
  url: string
  md5: string
  width: number
  height: number
  size: number
}

/** `message` is a translation key; `params` fill it in; `detail` is for support, never the page. */
export class AvatarUploadError extends Error {
  constructor(message: string, readonly params: Record<string, string | number> = {}, readonly status = 0, readonly detail = '') {
    super(message)
    this.name = 'AvatarUploadError'
  }
}

/** The service's refusal rules that have words of their own; the rest is `problem.avatar.failed`. */
const WORDED: Record<string, string> = {
  'avatar.maxBytes': 'problem.avatar.maxBytes',
  'avatar.format': 'problem.avatar.format',
  'avatar.unreadable': 'problem.avatar.format',
  'avatar.unauthorized': 'problem.avatar.unauthorized',
}

/** Where avatars go: the token service's host (…/api/token → …/api/avatar). */
function avatarUploadUrl(tokenUrl = zimConfig.tokenUrl): string {
  return new URL(AVATAR_PATH, tokenUrl).toString()
}

interface UploadResult { statusCode: number, data: string }
interface UploadCall {
  url: string
  filePath: string
  name: string
  header: Record<string, string>
  success: (r: UploadResult) => void
  fail: (e: { errMsg?: string }) => void
}

function refusal(status: number, body: string): AvatarUploadError {
  let error: { rule?: string, message?: string, params?: Record<string, string | number> } = {}
  try {
    error = (JSON.parse(body) as { error?: typeof error }).error ?? {}
  }
  catch {
    // not the service's JSON (a proxy's page): the generic sentence
  }
  const key = (error.rule && WORDED[error.rule]) || 'problem.avatar.failed'
  const params: Record<string, string | number> = key === 'problem.avatar.maxBytes'
    ? { max: AVATAR_SOURCE_MAX_BYTES / 1024 / 1024 }
    : key === 'problem.avatar.format' ? { formats: AVATAR_FORMATS.join(', ').toUpperCase() } : {}
  return new AvatarUploadError(key, params, status, error.message ?? body.slice(0, 200))
}

/**
 * Uploads the image at `filePath` (a path from uni.chooseImage / chooseMedia, or an H5 blob
 * URL) as the user's avatar. Resolves with its address; rejects with an AvatarUploadError.
 */
export function uploadAvatar(
  filePath: string,
  auth: AvatarUploadAuth,
  options: { url?: string, upload?: (call: UploadCall) => void } = {},
): Promise<UploadedAvatar> {
  // Named as `uni.uploadFile`: uni's H5 build keeps only the APIs the code names so.
  const upload = options.upload ?? ((call: UploadCall) => uni.uploadFile(call as never))
  return new Promise((resolve, reject) => {
    upload({
      url: options.url ?? avatarUploadUrl(),
      filePath,
      name: 'file',
      header: { 'Authorization': `Bearer ${auth.token}`, 'X-Zim-User-ID': auth.userID },
      success: ({ statusCode, data }) => {
        if (statusCode !== 200) {
          reject(refusal(statusCode, String(data ?? '')))
          return
        }
        try {
          resolve(JSON.parse(data) as UploadedAvatar)
        }
        catch {
          reject(new AvatarUploadError('problem.avatar.failed', {}, statusCode, String(data).slice(0, 200)))
        }
      },
      fail: e => reject(new AvatarUploadError('problem.avatar.network', {}, 0, e?.errMsg ?? '')),
    })
  })
}
