// Signed strings that let plain HTTP requests (an upload, an <image src>) act for a
// signed-in user without a session: an upload ticket (from the fileUpload op, for one
// file, for 10 minutes, the SDK's upload timeout) and a user's file key (from login,
// added by the stand-in to every file URL it hands the app).
import { createHmac, timingSafeEqual } from 'node:crypto'

/** The SDK's wx.uploadFile timeout: a ticket lives as long as an upload may take. */
export const TICKET_TTL_MS = 600_000

export interface UploadTicket {
  md5: string
  size: number
  /** The message type the file is for (11 image, 12 file, 13 audio, 14 video). */
  type: number
  name: string
  user: string
  /** Expiry, ms. */
  exp: number
}

const sign = (secret: string, purpose: string, data: string) =>
  createHmac('sha256', secret).update(`${purpose}\n${data}`).digest('base64url')

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function issueTicket(secret: string, ticket: UploadTicket): string {
  const body = Buffer.from(JSON.stringify(ticket)).toString('base64url')
  return `${body}.${sign(secret, 'upload', body)}`
}

/** The ticket, or a reason it is not one. */
export function readTicket(secret: string, text: unknown, now = Date.now()): UploadTicket | string {
  if (typeof text !== 'string' || !text.includes('.'))
    return 'The upload has no ticket (ask fileUpload for one).'
  const [body, mac] = text.split('.', 2)
  if (!same(mac, sign(secret, 'upload', body)))
    return 'The upload ticket is not one this service issued.'
  const ticket = JSON.parse(Buffer.from(body, 'base64url').toString()) as UploadTicket
  if (ticket.exp < now)
    return 'The upload ticket has expired (an upload may take at most 600 s).'
  return ticket
}

/** The key a user's file URLs carry (`k`): stable across logins, so cached URLs keep working. */
export function fileKey(secret: string, userID: string): string {
  return sign(secret, 'files', userID).slice(0, 22)
}

export function checkFileKey(secret: string, userID: string, key: unknown): boolean {
  return typeof key === 'string' && same(key, fileKey(secret, userID))
}
