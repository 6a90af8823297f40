// What a sent message may carry, checked on the service because the SDK checks less
// than ZEGO documents (see zim-sdk.md): the product limits only hold if someone enforces
// them, and only whitelisted fields are stored so a client cannot plant server fields.
import { BARRAGE_MAX_BYTES, checkTextBody, COMMAND_MAX_BYTES, TEXT_MAX_BYTES, utf8Length } from '../../src/zim/rules'
import type { RuleViolation } from '../../src/zim/rules'
import { MessageType } from '../../src/zim/constants'
import type { MessageContent } from './db'
import { combineContent } from './combineContent'

/** ZEGO documents 1 KB for extendedData. */
export const EXTENDED_DATA_MAX_BYTES = 1024

const violation = (rule: string, message: string): RuleViolation => ({ rule, message })

/** A command body is bytes: a string, a byte array, or a JSON-serialised Uint8Array ({"0":…}). */
function commandBytes(body: unknown): number[] | string | null {
  if (typeof body === 'string')
    return body
  const values = Array.isArray(body)
    ? body
    : typeof body === 'object' && body !== null
      ? Object.keys(body).every((k, i) => k === String(i)) ? Object.values(body) : null
      : null
  if (!values || !values.every(v => Number.isInteger(v) && v >= 0 && v <= 255))
    return null
  return values as number[]
}

/**
 * Returns the stored content of a message the client sent, or the rule it breaks.
 * Media messages are checked against their uploaded file instead (zim/ops/media.ts).
 */
export function messageContent(message: Record<string, unknown>): MessageContent | RuleViolation {
  const { type, extendedData = '' } = message
  if (typeof extendedData !== 'string' || utf8Length(extendedData) > EXTENDED_DATA_MAX_BYTES)
    return violation('extendedData.maxBytes', `extendedData must be a string of at most ${EXTENDED_DATA_MAX_BYTES} bytes.`)

  switch (type) {
    case MessageType.Text:
    case MessageType.Barrage: {
      const kind = type === MessageType.Text ? 'text' : 'barrage'
      const broken = checkTextBody(message.message, kind === 'text' ? TEXT_MAX_BYTES : BARRAGE_MAX_BYTES, kind)
      return broken ?? { type, message: message.message as string, extendedData }
    }
    case MessageType.Command: {
      const body = commandBytes(message.message)
      if (body === null || body.length === 0)
        return violation('command.required', 'A command message needs a non-empty body (bytes or a string).')
      const bytes = typeof body === 'string' ? utf8Length(body) : body.length
      if (bytes > COMMAND_MAX_BYTES)
        return violation('command.maxBytes', `A command message must be at most ${COMMAND_MAX_BYTES} bytes (this one is ${bytes}).`)
      return { type, message: body, extendedData }
    }
    case MessageType.Custom: {
      const broken = checkTextBody(message.message, TEXT_MAX_BYTES, 'custom')
      if (broken)
        return broken
      const { subType = 0, searchedContent = '' } = message
      if (!Number.isInteger(subType) || typeof searchedContent !== 'string')
        return violation('custom.fields', 'A custom message needs an integer subType and a string searchedContent.')
      return { type, message: message.message as string, subType, searchedContent, extendedData }
    }
    // a combined message carries its title, summary and the id of its uploaded children.
    case MessageType.Combine:
      return combineContent(message, extendedData)
    default:
      return violation('message.type', `Message type ${String(type)} is not supported by the local service (text 1, command 2, image 11, file 12, audio 13, video 14, barrage 20, combine 100, custom 200).`)
  }
}
