// The two languages: the same keys in both, every key the code can produce has a text,
// every text compiles (in the form the mini-program's runtime-only vue-i18n needs) and
// keeps its parameters in both languages.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { compileMessages } from '../../scripts/i18n/precompile'
import { describeError } from '@/composables/zim/actionError'
import { viewOf, type MachineContext, type MachineState } from '@/composables/zim/connectionMachine'
import { i18n, LOCALES, normalizeLocale, t } from '@/locale'
import { connectionReasonKey, problemDetails, problemText } from '@/locale/problems'
import { labelOf } from '@/stores/messageView'
import { MessageType } from '@/zim/constants'
import { checkTextBody, checkUserID, checkUserName } from '@/zim/rules'

const root = join(__dirname, '../..')
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const files = Object.fromEntries(LOCALES.map(l => [l, JSON.parse(read(`src/locale/${l}.json`)) as Record<string, string>]))
const keys = (locale: string) => Object.keys(files[locale]).sort()

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(join(root, path)).isDirectory())
      return path.endsWith('local') ? [] : sources(path) // the stand-in speaks the SDK's own texts
    return /\.(ts|vue)$/.test(name) ? [path] : []
  })
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort()

/** The connection reason keys the connection machine reports (issue 8). */
const CONNECTION_KEYS = ['signingIn', 'sessionExpired', 'reconnecting', 'connected', 'lostReconnecting', 'offline',
  'lost', 'lostRetrying', 'kickedOut', 'unregistered', 'loginTimeout'].map(k => `connection.${k}`)

/** Every key the code names: t('…') in pages, keys logic hands out, pages.json's %key%. */
function usedKeys(): Set<string> {
  const used = new Set<string>(CONNECTION_KEYS)
  for (const file of sources('src')) {
    const text = read(file)
    for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1])
    for (const m of text.matchAll(/new (?:ZimActionError|TokenServiceError|TimeoutError|OutboxCancelled)\(\s*'([\w.]+)'/g)) used.add(m[1])
    for (const m of text.matchAll(/super\(\s*'([\w.]+)'\s*\)/g)) used.add(m[1])
    for (const m of text.matchAll(/withTimeout\([^)]*,\s*'([\w.]+)'\)/g)) used.add(m[1])
    for (const m of text.matchAll(/message(?:\s*=|:)\s*'([a-z]\w*\.[\w.]+)'/g)) used.add(m[1])
  }
  for (const m of read('pages.json').matchAll(/%([\w.]+)%/g)) used.add(m[1])
  for (const v of [checkUserID(''), checkUserID('x'.repeat(33)), checkUserID('a b'), checkUserName(''), checkUserName('x'.repeat(257)),
    checkTextBody(''), checkTextBody('x'.repeat(40_000)), checkTextBody('', 10, 'barrage'), checkTextBody('xx', 1, 'barrage'),
    checkTextBody('', 10, 'custom'), checkTextBody('xx', 1, 'custom')])
    used.add(v!.rule)
  for (const type of Object.values(MessageType)) {
    const label = labelOf(type)
    if (label) used.add(label)
  }
  used.add(labelOf(999 as never)!)
  return used
}

describe('locale files', () => {
  it('zh-Hans and en have the same keys, none empty', () => {
    expect(keys('zh-Hans')).toEqual(keys('en'))
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(files[locale]))
        expect(text.trim(), `${locale} ${key}`).not.toBe('')
    }
  })

  it('a key means the same in both: the same parameters', () => {
    for (const key of keys('en'))
      expect(placeholders(files['zh-Hans'][key]), key).toEqual(placeholders(files.en[key]))
  })

  it('every message compiles to a message function (no string is left for the runtime to compile)', () => {
    for (const locale of LOCALES) {
      const code = compileMessages(files[locale], locale)
      expect(code).not.toMatch(/^\s*"[^"]+":\s*"/m) // values are functions, not strings (a text may hold ": ")
      // Each value is a compiled function or one of the two shared helpers that make one.
      expect(code.match(/^\s*"[^"]+": (?:s\(|n\(|\(ctx\) =>)/gm)).toHaveLength(keys(locale).length)
    }
  })

  it('the shared helpers give what the compiler would: text, named placeholders, quotes and backslashes', async () => {
    const sources = { plain: 'Hold to talk', named: 'At most {max} MB (this one is {size} MB).', quoted: 'say "hi" \\ {n}', plural: 'one | many' }
    const dir = mkdtempSync(join(tmpdir(), 'i18n-'))
    const file = join(dir, 'messages.mjs')
    writeFileSync(file, compileMessages(sources, 'test'))
    const { default: messages } = await import(pathToFileURL(file).href) as { default: Record<string, (ctx: unknown) => unknown> }
    rmSync(dir, { recursive: true })
    const ctx = {
      normalize: (parts: unknown[]) => parts.join(''),
      interpolate: (value: unknown) => String(value),
      named: (key: string) => `<${key}>`,
      plural: (choices: unknown[]) => choices[1],
    }
    expect(messages.plain(ctx)).toBe('Hold to talk')
    expect(messages.named(ctx)).toBe('At most <max> MB (this one is <size> MB).')
    expect(messages.quoted(ctx)).toBe('say "hi" \\ <n>')
    expect(messages.plural(ctx)).toBe('many')
  })

  it('every key the code uses has a text in both languages', () => {
    const used = [...usedKeys()]
    expect(used.length).toBeGreaterThan(60)
    const missing = LOCALES.flatMap(locale => used.filter(key => !(key in files[locale])).map(key => `${locale}: ${key}`))
    expect(missing).toEqual([])
  })

  it('every text is used: no key is left behind when the code stops naming it', () => {
    const used = usedKeys()
    // Also a key the code spells out anywhere (a rule such as 'zim.kickedOut', a key chosen in a ternary).
    for (const file of sources('src')) {
      for (const m of read(file).matchAll(/['`]([a-zA-Z]+\.[\w.]+)['`]/g)) used.add(m[1])
    }
    // ZIM codes with a sentence: describeError hands out `zim.<code>` for exactly these.
    const worded = (key: string) => /^zim\.\d+$/.test(key) && describeError({ code: Number(key.slice(4)), message: '' }).message === key
    expect(keys('en').filter(key => !used.has(key) && !worded(key))).toEqual([])
  })

  it('interpolates parameters, in both languages', () => {
    const before = i18n.global.locale.value
    try {
      for (const locale of LOCALES) {
        i18n.global.locale.value = locale
        const text = t('userID.maxBytes', { max: 32 })
        expect(text).toContain('32')
        expect(text).not.toMatch(/[{}]/)
      }
      i18n.global.locale.value = 'en'
      expect(t('userID.maxBytes', { max: 32 })).toBe('A user ID can have at most 32 bytes.')
      expect(t('userID.charset', { allowed: '@{}|' })).toBe('A user ID can only use digits, letters and @{}| (no spaces).')
      i18n.global.locale.value = 'zh-Hans'
      expect(t('userID.maxBytes', { max: 32 })).toBe('用户 ID 最多 32 个字节。')
    }
    finally {
      i18n.global.locale.value = before
    }
  })

  it('every reason the connection machine gives maps onto a connection.* key with a text', () => {
    const states: [MachineState, boolean][] = [
      [{ phase: 'signingIn', loginID: 1, attempt: 0, resume: false, cause: 'user' }, true],
      [{ phase: 'signingIn', loginID: 1, attempt: 1, resume: true, cause: 'retry' }, true],
      [{ phase: 'signingIn', loginID: 1, attempt: 1, resume: true, cause: 'tokenExpired' }, true],
      [{ phase: 'connected' }, true],
      [{ phase: 'sdkReconnecting' }, true],
      [{ phase: 'retryWait', attempt: 1, parked: null }, true],
      [{ phase: 'retryWait', attempt: 1, parked: 'manual' }, true],
      [{ phase: 'retryWait', attempt: 1, parked: 'offline' }, false],
      [{ phase: 'kickedOut' }, true],
      [{ phase: 'stopped', cause: 'unregistered' }, true],
    ]
    const keysFound = states.map(([state, online]) => {
      const ctx: MachineContext = { state, online, foreground: true, autoRetry: true, lastLoginID: 1, rooms: [] }
      return connectionReasonKey(viewOf(ctx).reason)
    })
    expect(keysFound.filter(k => !k || !(k in files.en))).toEqual([])
    expect(new Set(keysFound).size).toBe(states.length)
  })

  it('words a problem by its rule, else its message key, else generically; the code only on the details line', () => {
    const before = i18n.global.locale.value
    i18n.global.locale.value = 'en'
    try {
      // From the session store, which keeps no params: the rule's fixed numbers fill in.
      expect(problemText({ message: 'userID.maxBytes', rule: 'userID.maxBytes' })).toBe('A user ID can have at most 32 bytes.')
      // A rule the app has no words for (the token service's own) falls back to the message key.
      expect(problemText({ message: 'token.refused', rule: 'auth.error' })).toBe('The sign-in service refused the request.')
      expect(problemText({ message: 'connection.loginTimeout', rule: 'network.timeout' })).toMatch(/did not answer in time/)
      expect(problemText({ message: 'error.service', rule: 'zim.6000001', code: 6000001 })).toBe('The chat service refused this request.')
      expect(problemText({ message: 'something a service said' })).toBe('Something went wrong. Try again.')
      expect(problemText({ message: 'something a service said', code: 7 })).toBe('The chat service refused this request.')
      expect(problemDetails({ message: 'error.service', code: 6000001 })).toBe('Error code 6000001')
      expect(problemDetails({ message: 'userID.required' })).toBe('')
    }
    finally {
      i18n.global.locale.value = before
    }
  })

  it.each([
    ['zh-CN', 'zh-Hans'], ['zh-Hans', 'zh-Hans'], ['zh_TW', 'zh-Hans'], ['zh', 'zh-Hans'],
    ['en', 'en'], ['en-US', 'en'], ['fr', 'en'], [undefined, 'en'],
  ])('the system locale %s reads %s', (system, locale) => {
    expect(normalizeLocale(system)).toBe(locale)
  })
})
