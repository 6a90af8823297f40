// Who was signed in survives an app restart or a page reload; only logout forgets it.

export interface KeyValueStorage {
  get: (key: string) => string | null
  set: (key: string, value: string) => void
  remove: (key: string) => void
}

export function uniStorage(): KeyValueStorage {
  if (typeof uni === 'undefined' || typeof uni.getStorageSync !== 'function')
    return memoryStorage()
  return {
    get: key => (uni.getStorageSync(key) as string) || null,
    set: (key, value) => uni.setStorageSync(key, value),
    remove: key => uni.removeStorageSync(key),
  }
}

export function memoryStorage(): KeyValueStorage {
  const data = new Map<string, string>()
  return {
    get: key => data.get(key) ?? null,
    set: (key, value) => void data.set(key, value),
    remove: key => void data.delete(key),
  }
}

export interface SavedSession { userID: string, userName: string }

const SESSION_KEY = 'zim-chat.session'

export function loadSavedSession(storage: KeyValueStorage): SavedSession | null {
  try {
    const parsed = JSON.parse(storage.get(SESSION_KEY) ?? 'null') as SavedSession | null
    return parsed && typeof parsed.userID === 'string' && typeof parsed.userName === 'string' ? parsed : null
  }
  catch {
    return null
  }
}

export function saveSession(storage: KeyValueStorage, session: SavedSession): void {
  storage.set(SESSION_KEY, JSON.stringify(session))
}

export function forgetSession(storage: KeyValueStorage): void {
  storage.remove(SESSION_KEY)
}
