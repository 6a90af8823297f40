// What a chat address (chat/index?id=…&type=…) asks for, checked before anything is
// opened: a chat with a bad ID would otherwise open and fail every send.
import { ConversationType } from '@/zim/constants'
import { checkUserID, CONVERSATION_ID_MAX_CHARS, type RuleViolation } from '@/zim/rules'
import type { ZIMConversationType } from '@/zim/types'
import { routes } from './navigation'

export interface ChatRoute {
  conversationID: string
  type: ZIMConversationType
  /** The message to open the chat at (from search), a ZIM messageID. */
  at?: string
}

// ZIM's message IDs are unsigned 64-bit integers, as decimal strings.
const MESSAGE_ID = /^\d{1,20}$/

export type ChatRouteCheck =
  | { ok: true, route: ChatRoute }
  /** No ID at all: nothing to refuse, the reader belongs on the conversation list. */
  | { ok: false, missing: true }
  | { ok: false, missing: false, problem: RuleViolation }

const TYPES = new Set<number>(Object.values(ConversationType))

function decode(value: string): string | null {
  try {
    return decodeURIComponent(value)
  }
  catch {
    return null
  }
}

export function checkChatRoute(query: Record<string, unknown> | undefined): ChatRouteCheck {
  const raw = query?.id
  if (raw === undefined || raw === '')
    return { ok: false, missing: true }
  const conversationID = decode(String(raw))
  if (conversationID === null)
    return { ok: false, missing: false, problem: { rule: 'route.idEncoding', message: 'route.idEncoding' } }
  const type = Number(query?.type ?? ConversationType.Peer)
  if (!TYPES.has(type))
    return { ok: false, missing: false, problem: { rule: 'route.type', message: 'route.type' } }
  if (type === ConversationType.Peer) {
    const broken = checkUserID(conversationID)
    if (broken)
      return { ok: false, missing: false, problem: broken }
  }
  else if (conversationID.length > CONVERSATION_ID_MAX_CHARS) {
    return { ok: false, missing: false, problem: { rule: 'route.idLength', params: { max: CONVERSATION_ID_MAX_CHARS }, message: 'route.idLength' } }
  }
  const at = query?.at === undefined || query.at === '' ? undefined : decode(String(query.at))
  if (at !== undefined && (at === null || !MESSAGE_ID.test(at)))
    return { ok: false, missing: false, problem: { rule: 'search.routeAt', message: 'search.routeAt' } }
  return { ok: true, route: { conversationID, type: type as ZIMConversationType, ...(at ? { at } : {}) } }
}

/** The page path and query of an H5 hash address ("#/chat/index?id=bob&type=0"). */
export function parseHashRoute(hash: string): { path: string, query: Record<string, string> } {
  const [path, search = ''] = hash.replace(/^#/, '').split('?')
  const query: Record<string, string> = {}
  for (const part of search.split('&').filter(Boolean)) {
    const [key, value = ''] = part.split('=')
    query[key] = value
  }
  return { path: path || '/', query }
}

const PAGES = new Set<string>([routes.login, routes.conversations, routes.chat('').split('?')[0], '/',
  routes.createGroup, routes.groupInfo('').split('?')[0], routes.room('').split('?')[0], routes.search()])

/** Whether an H5 page path is one of the app's pages ('/' is the first page). */
export function isKnownPage(path: string): boolean {
  return PAGES.has(path)
}
