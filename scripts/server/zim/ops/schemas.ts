// The fields of each op, declared once; a frame that breaks them is answered 6000001
// with the rule it broke, in the SDK's message format.
import * as v from 'valibot'
import { ConversationType, MessageType } from '../../../../src/zim/constants'
import { checkUserID, checkUserName, CONVERSATION_ID_MAX_CHARS } from '../../../../src/zim/rules'
import type { RuleViolation } from '../../../../src/zim/rules'

/** A field checked by one of ZIM's input rules (shared with the client), named in the message. */
export function ruled(check: (value: unknown) => RuleViolation | null | undefined) {
  return v.pipe(
    v.unknown(),
    v.rawCheck(({ dataset, addIssue }) => {
      const broken = dataset.typed ? check(dataset.value) : undefined
      if (broken)
        addIssue({ message: `${broken.rule}: ${broken.message}` })
    }),
    v.transform(value => value as string),
  )
}

const TYPE_MESSAGE = 'conversationType must be 0, 1 or 2.'
export const conversationType = v.picklist([ConversationType.Peer, ConversationType.Room, ConversationType.Group], TYPE_MESSAGE)

export function conversationID(name: string) {
  const message = `${name} must be 1 to ${CONVERSATION_ID_MAX_CHARS} characters.`
  return v.pipe(v.string(message), v.minLength(1, message), v.maxLength(CONVERSATION_ID_MAX_CHARS, message))
}

const COUNT_MESSAGE = 'count must be a positive integer.'
export const count = v.pipe(v.number(COUNT_MESSAGE), v.safeInteger(COUNT_MESSAGE), v.minValue(1, COUNT_MESSAGE))

const ORDER_KEY_MESSAGE = 'nextOrderKey must be a non-negative integer.'
export const orderKey = v.nullish(v.pipe(v.number(ORDER_KEY_MESSAGE), v.safeInteger(ORDER_KEY_MESSAGE), v.minValue(0, ORDER_KEY_MESSAGE)))

export const conversationKey = v.looseObject({ conversationID: conversationID('conversationID'), conversationType })

// media
const md5 = v.pipe(v.string('md5 must be 32 hex digits.'), v.regex(/^[0-9a-f]{32}$/, 'md5 must be 32 lowercase hex digits.'))
const fileName = v.pipe(v.string('fileName must be a string.'), v.maxLength(255, 'fileName must be at most 255 characters.'))
const mediaType = v.picklist([MessageType.Image, MessageType.File, MessageType.Audio, MessageType.Video], 'fileType must be 11 (image), 12 (file), 13 (audio) or 14 (video).')

export const schemas = {
  login: v.looseObject({
    appID: v.unknown(),
    userID: ruled(checkUserID),
    userName: ruled(checkUserName),
    token: v.unknown(),
  }),
  logout: v.looseObject({}),
  renewToken: v.looseObject({ token: v.unknown() }),
  send: v.looseObject({
    message: v.looseObject({}, 'message is required.'),
    priority: v.picklist([1, 2, 3], 'priority must be 1, 2 or 3.'),
    conversationType,
    toConversationID: conversationID('toConversationID'),
  }),
  queryConversations: v.looseObject({
    nextOrderKey: orderKey,
    nextConversationID: v.optional(conversationID('nextConversationID')),
    nextConversationType: v.optional(conversationType),
    count,
  }),
  queryHistory: v.looseObject({
    conversationID: conversationID('conversationID'),
    conversationType,
    nextOrderKey: orderKey,
    count,
    reverse: v.optional(v.boolean('reverse must be true or false.'), false),
  }),
  clearUnread: conversationKey,
  deleteConversation: conversationKey,
  revokeMessage: v.looseObject({
    conversationID: conversationID('conversationID'),
    conversationType,
    messageSeq: v.pipe(v.number('messageSeq must be a positive integer.'), v.safeInteger('messageSeq must be a positive integer.'), v.minValue(1, 'messageSeq must be a positive integer.')),
    revokeExtendedData: v.optional(v.string('revokeExtendedData must be a string.'), ''),
  }),
  deleteMessages: v.looseObject({
    conversationID: conversationID('conversationID'),
    conversationType,
    messageIDs: v.pipe(
      v.array(v.pipe(v.string('messageIDs must be message IDs.'), v.regex(/^\d{1,15}$/, 'messageIDs must be message IDs.')), 'messageIDs must be a list.'),
      v.minLength(1, 'messageIDs must not be empty.'),
      v.maxLength(100, 'messageIDs must have at most 100 entries.'),
    ),
  }),
  queryUsers: v.looseObject({
    userIDs: v.pipe(v.array(ruled(checkUserID), 'userIDs must be a list.'), v.minLength(1, 'userIDs must not be empty.'), v.maxLength(10, 'userIDs must have at most 10 IDs.')),
  }),
  // media
  fileUpload: v.looseObject({
    md5,
    fileName,
    fileSize: v.pipe(v.number('fileSize must be a number of bytes.'), v.safeInteger('fileSize must be a whole number of bytes.'), v.minValue(0, 'fileSize must not be negative.')),
    fileType: mediaType,
    duration: v.optional(v.pipe(v.number('duration must be a number of seconds.'), v.minValue(0, 'duration must not be negative.'))),
  }),
  fileProcess: v.looseObject({ md5, fileName, fileType: mediaType }),
  // conversation settings and users (ops/conversationSettings.ts, ops/users.ts)
  pinConversation: v.looseObject({
    conversationID: conversationID('conversationID'),
    conversationType,
    isPinned: v.boolean('isPinned must be true or false.'),
  }),
  setNotificationStatus: v.looseObject({
    conversationID: conversationID('conversationID'),
    conversationType,
    status: v.picklist([1, 2], 'status must be 1 (notify) or 2 (do not disturb).'),
  }),
  deleteAllMessages: conversationKey,
  updateUserInfo: v.looseObject({
    field: v.picklist(['name', 'avatarUrl'], 'field must be "name" or "avatarUrl".'),
    value: v.string('value must be a string.'),
  }),
  ackOffline: v.looseObject({
    cursor: v.pipe(v.number('cursor must be a number.'), v.safeInteger('cursor must be a whole number.'), v.minValue(0, 'cursor must not be negative.')),
  }),
}
