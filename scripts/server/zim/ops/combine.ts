// Combined messages: the children are uploaded before the message (the SDK
// posts them as a file to ZEGO's cloud), and read back only by the uploader and the members
// of a conversation the combined message was sent into.
import { randomBytes } from 'node:crypto'
import * as v from 'valibot'
import { MessageType } from '../../../../src/zim/constants'
import { ErrorCode } from '../../../../src/zim/errors'
import type { ZIMMessage } from '../../../../src/zim/types'
import { combineChildren } from '../../combineContent'
import type { MessageContent, ZimDb } from '../../db'
import type { OpContext } from './context'
import { defineOp, Refusal } from './context'

/** ZEGO's server answer for a combine the caller may not read is not documented; the stand-in's. */
const NOT_READABLE = ErrorCode.CommonModuleIMServerError

const schemas = {
  uploadCombine: v.looseObject({ children: v.array(v.unknown(), 'children must be a list.') }),
  queryCombine: v.looseObject({ combineID: v.pipe(v.string('combineID must be a string.'), v.minLength(1, 'combineID must not be empty.'), v.maxLength(128, 'combineID must be at most 128 characters.')) }),
}

export const uploadCombine = defineOp<'uploadCombine', typeof schemas.uploadCombine>({
  api: 'sendMessage',
  signedIn: true,
  schema: schemas.uploadCombine,
  handle({ ctx, session, req, api }) {
    const children = combineChildren(req.children)
    if ('rule' in children)
      throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: ${children.rule}: ${children.message}`)
    // A nested combined message must be one the uploader can read.
    for (const child of children) {
      if (child.type === MessageType.Combine && !ctx.db.combines.canRead(String(child.combineID ?? ''), session.userID))
        throw new Refusal(NOT_READABLE, `API.${api}: combine.nested: a combined message inside must be one you can read.`)
    }
    const combineID = `lc${randomBytes(12).toString('hex')}`
    ctx.db.combines.save(combineID, session.userID, children, ctx.now())
    return { combineID }
  },
})

export const queryCombine = defineOp<'queryCombine', typeof schemas.queryCombine>({
  api: 'queryCombineMessageDetail',
  signedIn: true,
  schema: schemas.queryCombine,
  handle({ ctx, session, req, api }) {
    const stored = ctx.db.combines.canRead(req.combineID, session.userID) ? ctx.db.combines.get(req.combineID) : undefined
    if (!stored)
      throw new Refusal(NOT_READABLE, `API.${api}: combine.notReadable: only members of a conversation it was sent into can read it.`)
    const messageList = stored.children.map(child => ({ ...child, sentStatus: 1, isServerMessage: false, messageList: [] }) as unknown as ZIMMessage)
    return { messageList }
  },
})

/**
 * Called by `send` for a combined message: the sender must be able to read the children,
 * before anything is stored.
 */
export function checkCombineSend(db: ZimDb, sender: string, content: MessageContent, api: string): void {
  if (content.type === MessageType.Combine && !db.combines.canRead(String(content.combineID), sender))
    throw new Refusal(NOT_READABLE, `API.${api}: combine.notReadable: the combined message's children are not yours to send.`)
}

/** After the message is stored: its conversation's members may read the children (nested ones too). */
/**
 * A combined message's conversation may read its children, nested ones too, and fetch their
 * files — those the sender may fetch: naming a file's MD5 in a child grants nothing more.
 */
export function grantCombine(ctx: OpContext, content: MessageContent, sent: { conversation: number, id: number, sender: string }): void {
  const { db } = ctx
  const { conversation } = sent
  if (content.type !== MessageType.Combine)
    return
  const seen = new Set<string>()
  const walk = (combineID: string) => {
    if (seen.has(combineID))
      return
    seen.add(combineID)
    db.combines.grant(combineID, conversation)
    for (const child of db.combines.get(combineID)?.children ?? []) {
      if (typeof child.fileUID === 'string' && child.fileUID !== '' && ctx.media.store.mayFetch(child.fileUID, sent.sender))
        ctx.media.store.used(child.fileUID, conversation, sent.id)
      if (child.type === MessageType.Combine && typeof child.combineID === 'string')
        walk(child.combineID)
    }
  }
  walk(String(content.combineID))
}
