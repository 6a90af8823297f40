// What an op handler may use, and how an op is declared: name → schema → handler.
import type * as v from 'valibot'
import type { ZimErrorCode } from '../../../../src/zim/errors'
import type { ReplyData, RequestOp } from '../../../../src/zim/local/protocol'
import type { ZIMMessage } from '../../../../src/zim/types'
import type { ConversationRow, ZimDb } from '../../db'
import type { Logger } from '../../log'
import type { MediaService } from '../../media/service'
import type { Connection, Writer } from '../connection'
import type { ServiceLimits } from '../limits'
import type { OfflineDelivery } from '../offline'
import type { Rooms } from '../rooms'
import type { Session, Sessions } from '../sessions'
import type { Names } from '../views'
import type { Totals } from '../totals'

/** A refusal that becomes a `{ ok: false }` reply. */
export class Refusal extends Error {
  constructor(readonly code: ZimErrorCode, message: string) {
    super(message)
  }
}

export interface OpContext {
  appID: number
  serverSecret: string
  db: ZimDb
  names: Names
  sessions: Sessions
  writer: Writer
  offline: OfflineDelivery
  limits: ServiceLimits
  log: Logger
  /** The service's clock (ms): message timestamps and the revoke window; tests move it. */
  now: () => number
  /** Tells a member (if online) that one of their conversations changed. */
  pushConversation: (userID: string, event: number, row: ConversationRow, lastMessage?: ZIMMessage) => void
  /** Tells a session the user's total unread when it changed (pushConversation does it too). */
  totals: Totals
  /** uploaded files (media/service.ts). */
  media: MediaService
  // who is in which room (memory only)
  rooms: Rooms
}

export interface OpCall<S> {
  ctx: OpContext
  conn: Connection
  /** Set for every op declared `signedIn`. */
  session: Session
  req: S
  /** The SDK method the op stands for, as its error messages name it. */
  api: string
}

export interface OpSpec<K extends RequestOp, S extends v.GenericSchema = v.GenericSchema> {
  api: string
  /** False only for ops allowed before login (login itself). */
  signedIn: boolean
  schema: S
  handle: (call: OpCall<v.InferOutput<S>>) => ReplyData[K]
}

export function defineOp<K extends RequestOp, S extends v.GenericSchema>(spec: OpSpec<K, S>): OpSpec<K, S> {
  return spec
}
