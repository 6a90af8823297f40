// Search in the H5 build: a message sent 300 messages ago is found from the conversation
// list and opens its chat with the message on screen (inside the list's viewport, marked),
// the search page is used with the keyboard alone, and the screens are photographed in
// zh/en × light/dark (UPDATE_SCREENSHOTS=1 also writes docs/screenshots/search-*).
import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import axe from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { configure, LocalZim, resetConfig } from '../../src/zim/local/index'
import type { ZIMMessage } from '../../src/zim/types'
import { wsSocketFactory } from '../helpers/wsSocket'
import { field, launch, signIn, tap } from './browser'

const appUrl = inject('appUrl')
const serviceHttpUrl = inject('serviceHttpUrl')
const shots = join(inject('screenshotDir'), 'search')
const docs = resolve('docs/screenshots')
const PHONE = { width: 390, height: 844 }
const DEV_APP_ID = 1234567890
const FILLERS = 300

type Lang = 'zh' | 'en'
type Scheme = 'light' | 'dark'
const SYSTEM_LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-US' }

interface Story {
  reader: { id: string, name: string }
  /** The old message, then FILLERS more, from `far`. */
  far: { id: string, name: string, needle: string, filler: (i: number) => string }
  near: { id: string, name: string, lines: string[] }
  /** Finds the needle and more (the screenshot); `exact` finds the needle only. */
  query: string
  exact: string
}

const STORIES: Record<Lang, Story> = {
  en: {
    reader: { id: 'srch-alice', name: 'Alice' },
    far: { id: 'srch-bob', name: 'Bob', needle: 'Our trip to Beijing: the flight leaves from Gate 42', filler: i => `Status update #${i}: nothing new` },
    near: { id: 'srch-carol', name: 'Carol', lines: ['Did you book the Beijing hotel yet?', 'Beijing in May sounds great'] },
    query: 'beijing',
    exact: 'gate beijing',
  },
  zh: {
    reader: { id: 'srch-lin', name: '林晓' },
    far: { id: 'srch-wang', name: '王伟', needle: '我们去北京的行程：航班从 42 号登机口出发', filler: i => `进度更新 #${i}：暂无变化` },
    near: { id: 'srch-li', name: '李娜', lines: ['北京的酒店订好了吗？', '五月去北京应该很舒服'] },
    query: '北京',
    exact: '北京 登机口',
  },
}

async function send(from: { id: string, name: string }, to: string, lines: string[]): Promise<void> {
  configure({ url: `${serviceHttpUrl.replace(/^http/, 'ws')}/zim`, socketFactory: wsSocketFactory, sendMinGapMs: 0 })
  const zim = LocalZim.createDetached(DEV_APP_ID)
  try {
    const reply = await fetch(`${serviceHttpUrl}/api/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userID: from.id }) })
    const { token } = await reply.json() as { token: string }
    await zim.login(from.id, { userName: from.name, token } as never)
    // In order (the needle first), a few in flight at once.
    for (let i = 0; i < lines.length; i += 20)
      await Promise.all(lines.slice(i, i + 20).map(line => zim.sendMessage({ type: 1, message: line } as ZIMMessage, to, 0, { priority: 1 } as never)))
  }
  finally {
    zim.destroy()
    resetConfig()
  }
}

let browser: Browser
const contexts: BrowserContext[] = []

async function phone(lang: Lang, colorScheme: Scheme): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: SYSTEM_LOCALE[lang], colorScheme })
  contexts.push(context)
  return context.newPage()
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready)
  await page.mouse.move(0, 0)
  const file = join(shots, `${name}.png`)
  await page.screenshot({ path: file })
  if (process.env.UPDATE_SCREENSHOTS === '1')
    copyFileSync(file, join(docs, `${name}.png`))
}

/** Signed in as the story's reader, every message delivered, on the search page with `query` typed. */
async function searchAs(page: Page, story: Story, query: string): Promise<void> {
  await signIn(page, appUrl, story.reader.id, story.reader.name)
  await page.locator(`[data-testid="conversation-item"][data-conversation-id="${story.far.id}"]`).waitFor()
  await tap(page, 'search-open')
  await field(page, 'search-input').waitFor()
  await field(page, 'search-input').fill(query)
}

/** axe-core's serious and critical findings on the page as it is now (ids and targets). */
async function seriousA11yFindings(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source })
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: Array<{ id: string, impact?: string, nodes: Array<{ target: unknown }> }> }> } }).axe.run
    const { violations } = await run(document)
    return violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.id} ${JSON.stringify(v.nodes.map(n => n.target))}`)
  })
}

const messageResults = (page: Page) => page.locator('[data-testid="search-result"][data-kind="message"]')

/** Whether the element lies inside the message list's visible box and the window. */
function onScreen(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect()
    const list = el.closest('[data-testid="message-list"]')!.getBoundingClientRect()
    return r.height > 0 && r.top >= list.top - 1 && r.bottom <= list.bottom + 1 && r.bottom <= window.innerHeight
  })
}

/**
 * A reader of its own for each screen: a first sign-in receives the backlog (offline
 * messages), which a second device of the same user would not (nothing cached there yet).
 */
const shotStory = (lang: Lang, scheme: Scheme): Story => ({ ...STORIES[lang], reader: { ...STORIES[lang].reader, id: `${STORIES[lang].reader.id}-${scheme}` } })

async function seed(story: Story, fillers: number): Promise<void> {
  await send(story.far, story.reader.id, [story.far.needle, ...Array.from({ length: fillers }, (_, i) => story.far.filler(i + 1))])
  await send(story.near, story.reader.id, story.near.lines)
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  if (process.env.UPDATE_SCREENSHOTS === '1')
    mkdirSync(docs, { recursive: true })
  browser = await launch()
  await seed(STORIES.en, FILLERS)
  for (const lang of ['en', 'zh'] as const) {
    for (const scheme of ['light', 'dark'] as const)
      await seed(shotStory(lang, scheme), 40)
  }
}, 120_000)

afterAll(async () => {
  for (const context of contexts)
    await context.close().catch(() => undefined)
  await browser?.close()
})

describe('search in the H5 build', () => {
  it(`finds a message sent ${FILLERS} messages ago and opens the chat with it on screen`, async () => {
    const story = STORIES.en
    const page = await phone('en', 'light')
    await searchAs(page, story, story.exact)
    const hit = messageResults(page)
    await expect.poll(() => hit.count(), { timeout: 15_000 }).toBe(1)
    expect(await hit.first().getAttribute('data-conversation-id')).toBe(story.far.id)
    // Both words are marked, in the text as sent.
    expect(await hit.first().locator('.hit').allTextContents()).toEqual(['Beijing', 'Gate'])
    const messageID = await hit.first().getAttribute('data-message-id')
    expect(messageID).toMatch(/^\d+$/)

    await hit.first().click()
    const row = `[data-testid="message-item"][data-message-id="${messageID}"]`
    // Marked for a moment: caught while it is.
    await page.locator(`${row}[data-marked="true"]`).waitFor()
    expect(page.url()).toContain(`at=${messageID}`)
    await expect.poll(() => onScreen(page, row), { timeout: 10_000 }).toBe(true)
    expect(await page.locator(row).innerText()).toContain(story.far.needle)
    // The list still renders a window, not the whole conversation.
    expect(await page.locator('[data-testid="message-item"]').count()).toBeLessThanOrEqual(60)
    // The mark is for a moment.
    await expect.poll(() => page.locator(row).getAttribute('data-marked'), { timeout: 10_000 }).toBe(null)
    // The message stays where it was taken: nothing moved it off screen meanwhile.
    expect(await onScreen(page, row)).toBe(true)

    // After a reload only the local cache has it (nothing in memory): found and opened again.
    await page.goto(`${appUrl}#/search/index`)
    await field(page, 'search-input').waitFor()
    await field(page, 'search-input').fill(story.exact)
    await expect.poll(() => messageResults(page).count(), { timeout: 15_000 }).toBe(1)
    await messageResults(page).first().click()
    await page.locator(row).waitFor()
    await expect.poll(() => onScreen(page, row), { timeout: 10_000 }).toBe(true)
  })

  it('searches within a chat from its header', async () => {
    const story = STORIES.en
    const page = await phone('en', 'light')
    await signIn(page, appUrl, story.reader.id, story.reader.name)
    await page.locator(`[data-testid="conversation-item"][data-conversation-id="${story.near.id}"]`).click()
    await tap(page, 'chat-search')
    await field(page, 'search-input').fill(story.query)
    await expect.poll(() => messageResults(page).count(), { timeout: 15_000 }).toBe(2)
    for (const id of await messageResults(page).evaluateAll(els => els.map(e => e.getAttribute('data-conversation-id'))))
      expect(id).toBe(story.near.id)
  })

  it('is used with the keyboard: type, Tab to a result, Enter opens it, Escape clears then goes back', async () => {
    const story = STORIES.en
    const page = await phone('en', 'light')
    await signIn(page, appUrl, story.reader.id, story.reader.name)
    await page.locator(`[data-testid="conversation-item"][data-conversation-id="${story.far.id}"]`).waitFor()
    await page.locator('[data-testid="search-open"]').focus()
    await page.keyboard.press('Enter')
    await field(page, 'search-input').waitFor()
    await expect.poll(() => field(page, 'search-input').evaluate(el => el === document.activeElement)).toBe(true)
    await page.keyboard.type('carol')
    const conversation = page.locator('[data-testid="search-result"][data-kind="conversation"]')
    await expect.poll(() => conversation.count(), { timeout: 15_000 }).toBe(1)
    // Escape clears the field first, and goes back from an empty one.
    await page.keyboard.press('Escape')
    await expect.poll(() => field(page, 'search-input').inputValue()).toBe('')
    await page.keyboard.type('carol')
    await expect.poll(() => conversation.count(), { timeout: 15_000 }).toBe(1)
    let steps = 0
    while (!(await conversation.first().evaluate(el => el === document.activeElement)) && steps++ < 10)
      await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.locator('[data-testid="message-input"]').waitFor()
    expect(page.url()).toContain(`id=${story.near.id}`)
    await page.goBack()
    await field(page, 'search-input').waitFor()
    await field(page, 'search-input').fill('')
    await field(page, 'search-input').focus()
    await page.keyboard.press('Escape')
    await page.locator('[data-testid="search-open"]').waitFor()
  })

  for (const lang of ['en', 'zh'] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`screens in ${lang}, ${scheme}: highlighted results, a chat opened at a message`, async () => {
        const story = shotStory(lang, scheme)
        const page = await phone(lang, scheme)
        await searchAs(page, story, story.query)
        await expect.poll(() => messageResults(page).count(), { timeout: 15_000 }).toBe(3)
        await shoot(page, `search-results-${lang}-${scheme}`)
        expect(await seriousA11yFindings(page)).toEqual([])
        const needle = messageResults(page).filter({ hasText: story.far.needle.slice(0, 8) })
        const messageID = await needle.first().getAttribute('data-message-id')
        await needle.first().click()
        const row = `[data-testid="message-item"][data-message-id="${messageID}"][data-marked="true"]`
        await page.locator(row).waitFor()
        await expect.poll(() => onScreen(page, row), { timeout: 10_000 }).toBe(true)
        await shoot(page, `search-chat-at-${lang}-${scheme}`)
      })
    }
  }
})
