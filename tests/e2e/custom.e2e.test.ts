// Custom and combined messages and typing in the H5 build, real Chromium: dora forwards two messages to evan as one
// combined message and evan opens its detail with the keyboard; evan's typing shows at
// dora's and goes with his message; a contact card shared on opens a chat with that person.
// Users dora, evan and gus: other files count alice's, bob's and carol's messages.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launch, signIn, tap, typeInto, userBrowser } from './browser'

const appUrl = inject('appUrl')
const shots = inject('screenshotDir')

const items = (page: Page) => page.locator('[data-testid="message-item"]')
const texts = (page: Page) => items(page).locator('.bubble').allInnerTexts()
const count = (page: Page, testid: string) => page.locator(`[data-testid="${testid}"]`).count()
const openChat = (page: Page, peer: string) => page.locator(`[data-testid="conversation-item"][data-conversation-id="${peer}"]`).click()

async function send(page: Page, text: string) {
  await typeInto(page, 'message-input', text)
  await tap(page, 'message-send')
  await page.locator('[data-testid="message-item"][data-status="sent"]').filter({ hasText: text }).waitFor()
}

describe('custom and combined messages, typing', () => {
  const users = userBrowser(shots)

  beforeAll(() => users.open())
  afterAll(() => users.close())

  it('dora forwards two messages as one combined message; evan opens its detail; evan\'s typing shows at dora\'s', async () => {
    const dora = await users.newUserPage()
    const evan = await users.newUserPage()
    await signIn(dora, appUrl, 'dora', 'Dora')
    await signIn(evan, appUrl, 'evan', 'Evan')

    await typeInto(dora, 'new-chat-input', 'evan')
    await tap(dora, 'new-chat-submit')
    await send(dora, 'lunch at noon?')
    await openChat(evan, 'dora')
    await send(evan, 'yes, the usual place')
    await expect.poll(() => texts(dora), { timeout: 10_000 }).toEqual(['lunch at noon?', 'yes, the usual place'])

    // Forward from the menu, pick the second one too, send as one message to evan.
    await items(dora).first().locator('.bubble').click({ button: 'right' })
    await tap(dora, 'message-action-forward')
    await dora.locator('[data-testid="select-bar"]').waitFor()
    await dora.locator('[data-testid="message-select"]').nth(1).click()
    expect(await dora.locator('[data-testid="select-count"]').innerText()).toBe('2 selected (at most 100)')
    await dora.screenshot({ path: join(shots, 'custom-select.png') })
    await tap(dora, 'select-forward-combined')
    await dora.locator('[data-testid="forward-target"][data-id="evan"]').click()
    await expect.poll(() => count(dora, 'select-bar')).toBe(0)

    const combined = evan.locator('[data-testid="message-item"][data-type="combine"]')
    await combined.waitFor({ timeout: 10_000 })
    expect(await combined.locator('[data-testid="combine-title"]').innerText()).toBe('Chat history of Dora and Evan')
    // The keyboard: focus the card, Enter opens the detail, Escape closes it.
    await combined.locator('.bubble').focus()
    await evan.keyboard.press('Enter')
    await evan.locator('[data-testid="combine-detail"]').waitFor()
    await expect.poll(() => evan.locator('[data-testid="combine-detail-item"]').allInnerTexts(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('lunch at noon?'), expect.stringContaining('yes, the usual place')])
    await evan.screenshot({ path: join(shots, 'custom-detail.png') })
    await evan.keyboard.press('Escape')
    await expect.poll(() => count(evan, 'combine-detail')).toBe(0)

    // Typing: evan writes, dora sees it; his message ends it.
    expect(await count(dora, 'typing-indicator')).toBe(0)
    await typeInto(evan, 'message-input', 'on my way')
    await dora.locator('[data-testid="typing-indicator"]').waitFor({ timeout: 10_000 })
    expect(await dora.locator('[data-testid="typing-indicator"]').innerText()).toBe('Evan is typing…')
    await tap(evan, 'message-send')
    await expect.poll(() => count(dora, 'typing-indicator'), { timeout: 10_000 }).toBe(0)
    // Never a row: dora's list has the two texts, the combined message and the new text only.
    await expect.poll(() => items(dora).evaluateAll(els => els.map(e => e.getAttribute('data-type'))), { timeout: 10_000 }).toEqual(['text', 'text', 'combine', 'text'])
  })

  it('gus\'s card shared on by dora reaches evan as a contact card; a tap opens a chat with gus', async () => {
    const gus = await users.newUserPage()
    const dora = await users.newUserPage()
    const evan = await users.newUserPage()
    await signIn(gus, appUrl, 'gus', 'Gus')
    await typeInto(gus, 'new-chat-input', 'dora')
    await tap(gus, 'new-chat-submit')
    await send(gus, 'hi, I am Gus')
    await signIn(dora, appUrl, 'dora', 'Dora')
    await openChat(dora, 'gus')
    await items(dora).first().locator('.bubble').click({ button: 'right' })
    await tap(dora, 'message-action-shareContact')
    await dora.locator('[data-testid="forward-target"][data-id="evan"]').click()

    await signIn(evan, appUrl, 'evan', 'Evan')
    await openChat(evan, 'dora')
    const card = evan.locator('[data-testid="message-item"][data-type="custom"] [data-testid="contact-card"]')
    await card.waitFor({ timeout: 10_000 })
    expect(await card.locator('[data-testid="contact-card-name"]').innerText()).toBe('Gus')
    await card.click()
    await expect.poll(() => evan.url()).toContain('id=gus')
  })

  it('the cards, the selection bar and the detail at phone size, zh/en × light/dark (UPDATE_SCREENSHOTS=1 writes docs/screenshots)', async () => {
    const browser = await launch()
    const save = async (page: Page, name: string) => {
      await page.evaluate(() => document.fonts.ready)
      const file = join(shots, `${name}.png`)
      await page.screenshot({ path: file })
      if (process.env.UPDATE_SCREENSHOTS === '1') {
        mkdirSync(resolve('docs/screenshots'), { recursive: true })
        copyFileSync(file, resolve('docs/screenshots', `${name}.png`))
      }
    }
    try {
      for (const [lang, locale] of [['en', 'en-US'], ['zh', 'zh-CN']] as const) {
        for (const colorScheme of ['light', 'dark'] as const) {
          const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale, colorScheme })
          const page = await context.newPage()
          await signIn(page, appUrl, 'evan', 'Evan')
          await openChat(page, 'dora')
          await page.locator('[data-testid="contact-card"]').waitFor()
          await save(page, `custom-cards-${lang}-${colorScheme}`)

          await items(page).first().locator('.bubble').click({ button: 'right' })
          await tap(page, 'message-action-forward')
          await page.locator('[data-testid="message-select"]').nth(1).click()
          await save(page, `custom-select-${lang}-${colorScheme}`)
          await tap(page, 'select-cancel')

          await page.locator('[data-testid="message-item"][data-type="combine"] .bubble').click()
          await page.locator('[data-testid="combine-detail-item"]').first().waitFor()
          await save(page, `custom-detail-${lang}-${colorScheme}`)
          await context.close()
        }
      }
    }
    finally {
      await browser.close()
    }
  })
})
