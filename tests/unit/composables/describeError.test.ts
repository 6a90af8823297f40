// describeError: every failure becomes a translation key plus a stable rule; what
// the SDK said stays in params.detail (console, support), never in the words.
import { describe, expect, it } from 'vitest'
import { describeError, ZimActionError } from '@/composables/zim/actionError'
import { TimeoutError } from '@/composables/zim/timeout'
import { TokenServiceError } from '@/composables/zim/token'
import { ZimLoadError } from '@/zim/deferred'
import { hasText } from '@/locale'
import en from '@/locale/en.json'

describe('describeError', () => {
  it('passes a ZimActionError through unchanged', () => {
    const original = new ZimActionError('userID.required', 'userID.required')
    expect(describeError(original)).toBe(original)
  })

  it('keeps the token service\'s rule, key and what it said', () => {
    const d = describeError(new TokenServiceError('token.refused', 400, 'userID.charset', { status: 400, detail: 'No spaces.' }))
    expect(d).toBeInstanceOf(ZimActionError)
    expect(d).toMatchObject({ message: 'token.refused', rule: 'userID.charset', code: undefined, params: { detail: 'No spaces.' } })
  })

  it('a token failure without a rule is token.service', () => {
    expect(describeError(new TokenServiceError('token.unreachable', undefined, undefined, { detail: 'ECONNREFUSED' }))).toMatchObject({
      rule: 'token.service', message: 'token.unreachable',
    })
  })

  it('a timeout is network.timeout and keeps its key', () => {
    expect(describeError(new TimeoutError('connection.loginTimeout'))).toMatchObject({
      rule: 'network.timeout', message: 'connection.loginTimeout',
    })
  })

  it('a failed download of the chat module says so, with the platform\'s reason as detail', () => {
    expect(describeError(new ZimLoadError({ errMsg: 'require.async:fail' }))).toMatchObject({
      rule: 'zimLoad.download', message: 'zimLoad.download', params: { detail: 'require.async:fail' },
    })
  })

  // Every ZIM code the locale files word gets its own sentence.
  it.each(Object.keys(en).filter(k => /^zim\.\d+$/.test(k)).map(k => Number(k.slice(4))))('ZIM error %i gets its own sentence and keeps the SDK\'s details', (code) => {
    const d = describeError({ code, message: 'sdk says' })
    expect(d).toBeInstanceOf(ZimActionError)
    expect(d.message).toBe(`zim.${code}`)
    expect(hasText(d.message)).toBe(true)
    expect(d.rule).toBe(`zim.${code}`)
    expect(d.code).toBe(code)
    expect(d.params).toEqual({ detail: 'sdk says' })
  })

  it('an unlisted ZIM error gets the generic service sentence and keeps its code', () => {
    expect(describeError({ code: 6000001, message: 'The parameter is invalid.' })).toMatchObject({
      message: 'error.service', rule: 'zim.6000001', code: 6000001, params: { detail: 'The parameter is invalid.' },
    })
  })

  it('anything else is the generic sentence, with what it said as detail and no rule', () => {
    const fromError = describeError(new TypeError('x is undefined'))
    expect(fromError).toBeInstanceOf(ZimActionError)
    expect(fromError).toMatchObject({ message: 'error.generic', rule: undefined, code: undefined, params: { detail: 'x is undefined' } })
    expect(describeError('plain text').params).toEqual({ detail: 'plain text' })
    // Not shaped like a ZIM error ({code: number, message: string}): no zim.* rule.
    expect(describeError({ code: 'not a number', message: 'm' })).toMatchObject({ rule: undefined, code: undefined })
  })
})
