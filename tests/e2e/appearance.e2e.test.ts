// Both languages and both themes in the H5 build, in real Chromium at a phone's size:
// the app follows the system's language and colour scheme, the in-app switch changes the
// language at once and is remembered, and the three pages are photographed in zh/en ×
// light/dark (test-results/e2e/appearance; UPDATE_SCREENSHOTS=1 also writes docs/screenshots).
import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launch, signIn, tap, typeInto } from './browser'

const appUrl = inject('appUrl')
const shots = join(inject('screenshotDir'), 'appearance')
const docs = resolve('docs/screenshots')
const PHONE = { width: 390, height: 844 }

type Lang = 'zh' | 'en'
type Scheme = 'light' | 'dark'
const SYSTEM_LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-US' }
/** Who is signed in for each language's screenshots, and what they were sent. */
const READER: Record<Lang, { id: string, name: string, incoming: string[], reply: string }> = {
  zh: { id: 'lin', name: '林晓', incoming: ['晚上好！今晚一起吃饭吗？', '七点在老地方见？'], reply: '好呀，七点见 👍' },
  en: { id: 'alice', name: 'Alice', incoming: ['Hi Alice! Dinner tonight?', 'Seven at the usual place?'], reply: 'Sounds good, see you at seven 👍' },
}

let browser: Browser
const contexts: BrowserContext[] = []

async function phone(lang: Lang, colorScheme: Scheme): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: SYSTEM_LOCALE[lang], colorScheme })
  contexts.push(context)
  return context.newPage()
}

async function shoot(page: Page, name: string): Promise<void> {
  // Nothing half-drawn: fonts loaded and no caret blinking into the picture.
  await page.evaluate(() => document.fonts.ready)
  await page.mouse.move(0, 0)
  const file = join(shots, `${name}.png`)
  await page.screenshot({ path: file })
  if (process.env.UPDATE_SCREENSHOTS === '1')
    copyFileSync(file, join(docs, `${name}.png`))
}

/** The login page of a fresh start, ready for taps. */
async function openApp(page: Page): Promise<void> {
  await page.goto(appUrl)
  await page.locator('[data-testid="login-submit"]').waitFor()
}

const text = (page: Page, testid: string) => page.locator(`[data-testid="${testid}"]`).first().innerText()
const background = (page: Page, selector: string) => page.locator(selector).first().evaluate(e => getComputedStyle(e).backgroundColor)

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  if (process.env.UPDATE_SCREENSHOTS === '1')
    mkdirSync(docs, { recursive: true })
  browser = await launch()
  // Sam writes to both readers; each reader answers once, so the chats go both ways.
  const sam = await phone('en', 'light')
  await signIn(sam, appUrl, 'sam', 'Sam')
  for (const lang of ['zh', 'en'] as const) {
    await typeInto(sam, 'new-chat-input', READER[lang].id)
    await tap(sam, 'new-chat-submit')
    for (const line of READER[lang].incoming) {
      await typeInto(sam, 'message-input', line)
      await tap(sam, 'message-send')
    }
    await sam.locator('[data-testid="message-item"][data-status="sent"]').nth(READER[lang].incoming.length - 1).waitFor()
    await sam.goBack()
  }
  for (const lang of ['zh', 'en'] as const) {
    const reader = await phone(lang, 'light')
    await signIn(reader, appUrl, READER[lang].id, READER[lang].name)
    await reader.locator('[data-testid="conversation-item"][data-conversation-id="sam"]').click()
    await reader.locator('[data-testid="message-item"]').nth(READER[lang].incoming.length - 1).waitFor()
    await typeInto(reader, 'message-input', READER[lang].reply)
    await tap(reader, 'message-send')
    await reader.locator('[data-testid="message-item"][data-direction="out"][data-status="sent"]').waitFor()
    await reader.context().close()
  }
})

afterAll(async () => {
  for (const context of contexts)
    await context.close().catch(() => undefined)
  await browser?.close()
})

describe('languages in the H5 build', () => {
  it('follows the system language, switches in the app at once, and remembers the choice', async () => {
    const page = await phone('zh', 'light')
    await openApp(page)
    expect(await text(page, 'login-submit')).toBe('登录')
    await expect.poll(() => page.title()).toBe('登录')
    await typeInto(page, 'login-user-id', 'x'.repeat(33))
    expect(await text(page, 'login-user-id-error')).toBe('用户 ID 最多 32 个字节。')

    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hans')
    await tap(page, 'locale-switch')
    await expect.poll(() => text(page, 'login-submit')).toBe('Sign in')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    expect(await text(page, 'login-user-id-error')).toBe('A user ID can have at most 32 bytes.')
    await expect.poll(() => page.title()).toBe('Sign in')

    await page.reload()
    await page.locator('[data-testid="login-submit"]').waitFor()
    expect(await text(page, 'login-submit')).toBe('Sign in')
    await tap(page, 'locale-switch')
    await expect.poll(() => text(page, 'login-submit')).toBe('登录')
  })
})

describe('themes in the H5 build', () => {
  it('follows the system colour scheme, page and navigation bar', async () => {
    const page = await phone('en', 'light')
    await openApp(page)
    expect(await background(page, 'uni-page-body')).toBe('rgb(247, 247, 247)')
    expect(await background(page, '.uni-page-head')).toBe('rgb(247, 247, 247)')
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(() => background(page, 'uni-page-body')).toBe('rgb(17, 17, 17)')
    await expect.poll(() => background(page, '.uni-page-head')).toBe('rgb(17, 17, 17)')
    const color = await page.locator('.title').evaluate(e => getComputedStyle(e).color)
    expect(color).toBe('rgb(236, 236, 236)')
  })

  it('draws one focus ring around a field reached by keyboard, not a second one inside it', async () => {
    const page = await phone('en', 'dark')
    await openApp(page)
    // The language switch comes first; the user ID field is the next stop.
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('User ID')
    const ringed = await page.evaluate(() => Array.from(document.querySelectorAll('*'))
      .filter((el) => { const s = getComputedStyle(el); return s.outlineStyle !== 'none' && s.outlineWidth !== '0px' })
      .map(el => el.tagName.toLowerCase()))
    expect(ringed).toEqual(['uni-input'])
  })
})

describe('the three pages in zh/en × light/dark at 390x844', () => {
  it.each([
    ['zh', 'light'], ['zh', 'dark'], ['en', 'light'], ['en', 'dark'],
  ] as const)('%s, %s', async (lang, scheme) => {
    const page = await phone(lang, scheme)
    const reader = READER[lang]
    await openApp(page)
    await typeInto(page, 'login-user-id', reader.id)
    await typeInto(page, 'login-user-name', reader.name)
    await shoot(page, `login-${lang}-${scheme}`)

    await tap(page, 'login-submit')
    const item = page.locator('[data-testid="conversation-item"][data-conversation-id="sam"]')
    await item.waitFor()
    await expect.poll(() => item.innerText()).toContain(reader.reply)
    await shoot(page, `conversations-${lang}-${scheme}`)

    await item.click()
    await expect.poll(() => page.locator('[data-testid="message-item"]').count()).toBe(reader.incoming.length + 1)
    await shoot(page, `chat-${lang}-${scheme}`)

    // The composer: a two-line draft and the emoji panel open.
    await typeInto(page, 'message-input', `${reader.reply}\n${reader.incoming[0]}`)
    await tap(page, 'emoji-button')
    await page.locator('[data-testid="emoji-item"]').first().waitFor()
    await shoot(page, `composer-${lang}-${scheme}`)
  })
})
