// Combined messages: the children are uploaded before the message (the SDK
// posts them as a file to ZEGO's cloud), and read back only by the uploader and the members
// of a conversation the combined message was sent into.
import { randomBytes } from 'node:crypto'
import * as v from 'valibot'
import { MessageType } from '../../../../src/zim/constants'
import { ErrorCode } from '../../../../src/zim/errors'
import type { ZIMMessage } from '../../../../src/zim/types'
import { combineChildren } from '../../combineContent'
import type { MessageContent } from '../../db'
import type { OpContext } from './context'
import { defineOp, Refusal } from './context'

/** ZEGO's server answer for a combine the caller may not read is not documented; the stand-in's. */
const NOT_READABLE = ErrorCode.CommonModuleIMServerError

const schemas = {
  uploadCombine: v.looseObject({ children: v.array(v.unknown(), 'children must be a list.') }),
  queryCombine: v.looseObject({ combineID: v.pipe(v.string('combineID must be a string.'), v.minLength(1, 'combineID must not be empty.'), v.maxLength(128, 'combineID must be at most 128 characters.')) }),
}

/** Whether `userID` may read the combined message: stored access, or a room they are in now. */
export function combineReadable(ctx: OpContext, combineID: string, userID: string): boolean {
  return ctx.db.combines.canRead(combineID, userID) || ctx.rooms.mayReadCombine(combineID, userID)
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
      if (child.type === MessageType.Combine && !combineReadable(ctx, String(child.combineID ?? ''), session.userID))
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
    const stored = combineReadable(ctx, req.combineID, session.userID) ? ctx.db.combines.get(req.combineID) : undefined
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
export function checkCombineSend(ctx: OpContext, sender: string, content: MessageContent, api: string): void {
  if (content.type === MessageType.Combine && !combineReadable(ctx, String(content.combineID), sender))
    throw new Refusal(NOT_READABLE, `API.${api}: combine.notReadable: the combined message's children are not yours to send.`)
}

/**
 * A combined message's readers may read its children, nested ones too, and fetch their
 * files — those the sender may fetch: naming a file's MD5 in a child grants nothing more.
 * `grant` records it for one combine ID and `file` for one file.
 */
function walkCombine(ctx: OpContext, content: MessageContent, sender: string, grant: (combineID: string) => void, file: (md5: string) => void): void {
  if (content.type !== MessageType.Combine)
    return
  const seen = new Set<string>()
  const walk = (combineID: string) => {
    if (seen.has(combineID))
      return
    seen.add(combineID)
    grant(combineID)
    for (const child of ctx.db.combines.get(combineID)?.children ?? []) {
      if (typeof child.fileUID === 'string' && child.fileUID !== '' && ctx.media.store.mayFetch(child.fileUID, sender))
        file(child.fileUID)
      if (child.type === MessageType.Combine && typeof child.combineID === 'string')
        walk(child.combineID)
    }
  }
  walk(String(content.combineID))
}

/** After the message is stored: its conversation's members may read it (see walkCombine). */
export function grantCombine(ctx: OpContext, content: MessageContent, sent: { conversation: number, id: number, sender: string }): void {
  walkCombine(ctx, content, sent.sender,
    combineID => ctx.db.combines.grant(combineID, sent.conversation),
    md5 => ctx.media.store.used(md5, sent.conversation, sent.id))
}

/** Said in a room: those in the room may read it while they are in it (kept in memory only). */
export function grantCombineInRoom(ctx: OpContext, content: MessageContent, room: { combines: Set<string>, files: Set<string> }, sender: string): void {
  walkCombine(ctx, content, sender, combineID => room.combines.add(combineID), md5 => room.files.add(md5))
}
