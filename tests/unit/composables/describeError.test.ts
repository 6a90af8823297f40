// describeError: every failure becomes words for people plus a stable rule (and its params).
import { describe, expect, it } from 'vitest'
import { describeError, ZimActionError } from '@/composables/zim/actionError'
import { TimeoutError } from '@/composables/zim/timeout'
import { TokenServiceError } from '@/composables/zim/token'
import { ErrorCode } from '@/zim/errors'

describe('describeError', () => {
  it('passes a ZimActionError through unchanged', () => {
    const original = new ZimActionError('User ID is required.', 'userID.required')
    expect(describeError(original)).toBe(original)
  })

  it('keeps the token service\'s rule and message', () => {
    const d = describeError(new TokenServiceError('User ID may contain only …', 400, 'userID.charset'))
    expect(d).toBeInstanceOf(ZimActionError)
    expect(d).toMatchObject({ message: 'User ID may contain only …', rule: 'userID.charset', code: undefined })
  })

  it('a token failure without a rule is token.service', () => {
    expect(describeError(new TokenServiceError('Cannot reach the token service (ECONNREFUSED).'))).toMatchObject({
      rule: 'token.service', message: 'Cannot reach the token service (ECONNREFUSED).',
    })
  })

  it('a timeout is network.timeout', () => {
    expect(describeError(new TimeoutError('The chat service did not answer within 15 s.'))).toMatchObject({
      rule: 'network.timeout', message: 'The chat service did not answer within 15 s.',
    })
  })

  it.each([
    [ErrorCode.NetworkModuleTokenInvalid, 'The sign-in token was rejected.'],
    [ErrorCode.NetworkModuleTokenVersionError, 'The sign-in token has the wrong format.'],
    [ErrorCode.NetworkModuleTokenExpired, 'The sign-in token has expired.'],
    [ErrorCode.NetworkModuleTokenTimeIsTooShort, 'The sign-in token expires too soon.'],
    [ErrorCode.NetworkModuleUserIsNotLogged, 'You are not signed in.'],
    [ErrorCode.CommonModuleTriggerSDKFrequencyLimit, 'Sending too fast; try again.'],
    [ErrorCode.NetworkModuleNetworkError, 'The network is unavailable.'],
  ])('ZIM error %i gets a sentence and keeps the SDK\'s details', (code, sentence) => {
    const d = describeError({ code, message: 'sdk says' })
    expect(d).toBeInstanceOf(ZimActionError)
    expect(d.message).toBe(`${sentence} (${code}: sdk says)`)
    expect(d.rule).toBe(`zim.${code}`)
    expect(d.code).toBe(code)
  })

  it('an unlisted ZIM error keeps its own message and code', () => {
    expect(describeError({ code: 6000001, message: 'The parameter is invalid.' })).toMatchObject({
      message: 'The parameter is invalid. (6000001)', rule: 'zim.6000001', code: 6000001,
    })
  })

  it('anything else keeps its message and has no rule', () => {
    const fromError = describeError(new TypeError('x is undefined'))
    expect(fromError).toBeInstanceOf(ZimActionError)
    expect(fromError).toMatchObject({ message: 'x is undefined', rule: undefined, code: undefined })
    expect(describeError('plain text').message).toBe('plain text')
    // Not shaped like a ZIM error ({code: number, message: string}): no zim.* rule.
    expect(describeError({ code: 'not a number', message: 'm' })).toMatchObject({ rule: undefined, code: undefined })
  })
})
