import { describe, expect, it } from 'vitest'
import {
  BARRAGE_MAX_BYTES,
  checkTextBody,
  checkUserID,
  checkUserName,
  COMMAND_MAX_BYTES,
  TEXT_MAX_BYTES,
  USER_ID_MAX_BYTES,
  USER_NAME_MAX_BYTES,
  utf8Length,
} from '../../src/zim/rules'

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['中', 3],
    ['中文', 6],
    ['😀', 4],
    ['a😀b', 6],
    ['👍🏽', 8], // emoji + skin-tone modifier: two astral code points
    ['\uD800', 3], // lone high surrogate at the end: encoded as U+FFFD
    ['\uDC00x', 4], // lone low surrogate
  ])('%j is %i bytes', (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes)
  })

  it('agrees with Buffer.byteLength on well-formed text', () => {
    const sample = 'Hello, 世界! 😀 ñ ß — ✓'
    expect(utf8Length(sample)).toBe(Buffer.byteLength(sample, 'utf8'))
  })
})

describe('checkUserID', () => {
  it.each([
    'a',
    'user_01',
    'x'.repeat(USER_ID_MAX_BYTES),
    '!#$%&()+-:;<=.>?@[]^_{}|~',
    'ABCxyz0189',
  ])('accepts %j', (id) => {
    expect(checkUserID(id)).toBeNull()
  })

  it.each([
    ['', 'userID.required'],
    [undefined, 'userID.required'],
    [null, 'userID.required'],
    [42, 'userID.required'],
    ['x'.repeat(USER_ID_MAX_BYTES + 1), 'userID.maxBytes'],
    ['中'.repeat(11), 'userID.maxBytes'], // 33 bytes, 11 characters
    ['张三', 'userID.charset'],
    ['has space', 'userID.charset'],
    [' lead', 'userID.charset'],
    ['star*', 'userID.charset'],
    ['slash/', 'userID.charset'],
    ['back\\slash', 'userID.charset'],
    ['comma,', 'userID.charset'],
    ['quote"', 'userID.charset'],
    ['apos\'', 'userID.charset'],
    ['tab\t', 'userID.charset'],
    ['new\nline', 'userID.charset'],
    ['café', 'userID.charset'],
    ['😀', 'userID.charset'],
  ])('refuses %j with %s', (id, rule) => {
    const broken = checkUserID(id)
    expect(broken?.rule).toBe(rule)
    expect(broken?.message.length).toBeGreaterThan(0)
  })
})

describe('checkUserName', () => {
  it.each([
    'Alice',
    '张三',
    'with spaces and 😀',
    'x'.repeat(USER_NAME_MAX_BYTES),
    '中'.repeat(85), // 255 bytes
  ])('accepts %j', (name) => {
    expect(checkUserName(name)).toBeNull()
  })

  it.each([
    ['', 'userName.required'],
    ['   ', 'userName.required'],
    [undefined, 'userName.required'],
    [7, 'userName.required'],
    ['x'.repeat(USER_NAME_MAX_BYTES + 1), 'userName.maxBytes'],
    ['中'.repeat(86), 'userName.maxBytes'], // 258 bytes, 86 characters
    [`${'x'.repeat(253)}😀`, 'userName.maxBytes'], // 257 bytes
  ])('refuses %j with %s', (name, rule) => {
    expect(checkUserName(name)?.rule).toBe(rule)
  })
})

describe('checkTextBody', () => {
  it('accepts text up to the limit, counted in UTF-8 bytes', () => {
    expect(checkTextBody('hi')).toBeNull()
    expect(checkTextBody('x'.repeat(TEXT_MAX_BYTES))).toBeNull()
    expect(checkTextBody(' padded ')).toBeNull()
  })

  it.each([
    ['', 'text.required'],
    ['  \n\t ', 'text.required'],
    [undefined, 'text.required'],
    [123, 'text.required'],
  ])('refuses %j with %s', (text, rule) => {
    expect(checkTextBody(text)?.rule).toBe(rule)
  })

  it('refuses text one byte over the limit and says how long it was', () => {
    const broken = checkTextBody('x'.repeat(TEXT_MAX_BYTES + 1))
    expect(broken?.rule).toBe('text.maxBytes')
    expect(broken?.message).toContain(String(TEXT_MAX_BYTES + 1))
    // 10,923 Chinese characters are 32,769 bytes.
    expect(checkTextBody('中'.repeat(10_923))?.rule).toBe('text.maxBytes')
    expect(checkTextBody('中'.repeat(10_922))).toBeNull()
  })

  it('names the kind and limit it was given', () => {
    expect(checkTextBody('x'.repeat(BARRAGE_MAX_BYTES + 1), BARRAGE_MAX_BYTES, 'barrage')?.rule).toBe('barrage.maxBytes')
    expect(checkTextBody('x'.repeat(COMMAND_MAX_BYTES), COMMAND_MAX_BYTES, 'command')).toBeNull()
    expect(checkTextBody('', COMMAND_MAX_BYTES, 'command')?.rule).toBe('command.required')
  })
})
