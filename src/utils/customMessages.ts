// Custom messages (type 200) by subType: which renderer shows a body, what a list shows for
// it, and how one is made. A fork adds a subType here and a renderer in CustomBody.vue
// (a v-if per renderer: the mini-program build has no dynamic components). Logic only:
// keys and data, no words.
import type { MessageLabel } from '@/stores/messageView'
import { MessageType } from '@/zim/constants'
import { checkUserID, USER_NAME_MAX_BYTES, utf8Length } from '@/zim/rules'
import type { ZIMCustomMessage } from '@/zim/types'

/** The subTypes this app defines (0–200, the SDK's range). */
export const CustomSubType = {
  ContactCard: 1,
} as const

export type CustomRenderer = 'contact' | 'fallback'

interface Registered {
  renderer: CustomRenderer
  /** What the conversation list and the combined-message summary show for it. */
  label: MessageLabel
}

const REGISTRY: Readonly<Record<number, Registered>> = {
  [CustomSubType.ContactCard]: { renderer: 'contact', label: 'messageType.contactCard' },
}

const UNKNOWN: Registered = { renderer: 'fallback', label: 'messageType.custom' }

export function registered(subType: number | undefined): Registered {
  return REGISTRY[subType ?? 0] ?? UNKNOWN
}

export interface ContactCard {
  userID: string
  name: string
}

/** The card in a body, or null when the body is not a valid card (then the fallback shows). */
export function parseContactCard(body: string): ContactCard | null {
  let data: unknown
  try {
    data = JSON.parse(body)
  }
  catch {
    return null
  }
  const { userID, name } = (data ?? {}) as { userID?: unknown, name?: unknown }
  if (checkUserID(userID) !== null)
    return null
  const shown = typeof name === 'string' && name.trim() && utf8Length(name) <= USER_NAME_MAX_BYTES ? name : (userID as string)
  return { userID: userID as string, name: shown }
}

/** A contact card to send: the name is also the searchable content. */
export function contactCardMessage(card: ContactCard): ZIMCustomMessage {
  return {
    type: MessageType.Custom,
    subType: CustomSubType.ContactCard,
    message: JSON.stringify({ userID: card.userID, name: card.name }),
    searchedContent: card.name,
  } as ZIMCustomMessage
}
