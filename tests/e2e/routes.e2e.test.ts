// Addresses and tabs in the H5 build: a chat address survives a reload, an edited address
// opens the other chat, a bad one is refused in words, an unknown one lands on the list; a
// second tab of the same account asks "Use here?" before it signs the first one out.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { field, launch, signIn, tap, typeInto } from './browser'

const appUrl = inject('appUrl')

let browser: Browser
const contexts: BrowserContext[] = []

/** A browser profile of its own (tabs in it share storage, as a person's tabs do). */
async function profile(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' })
  contexts.push(context)
  return context
}

const chatUrl = (id: string) => `${appUrl}#/chat/index?id=${encodeURIComponent(id)}&type=0`

async function sendTo(page: Page, peer: string, text: string) {
  await typeInto(page, 'new-chat-input', peer)
  await tap(page, 'new-chat-submit')
  await typeInto(page, 'message-input', text)
  await tap(page, 'message-send')
  await page.locator('[data-testid="message-item"][data-status="sent"]').last().waitFor()
}

const lastText = (page: Page) => page.locator('[data-testid="message-item"] .text').last().innerText()

beforeAll(async () => {
  browser = await launch()
})

afterAll(async () => {
  for (const context of contexts)
    await context.close()
  await browser?.close()
})

describe('routes and tabs', () => {
  it('a chat address restores that chat after a reload, follows an edit, refuses a bad ID, and an unknown one goes to the list', async () => {
    const page = await (await profile()).newPage()
    await signIn(page, appUrl, 'ivan', 'Ivan')
    await sendTo(page, 'judy', 'for judy')
    await page.goBack()
    await sendTo(page, 'kim', 'for kim')

    await page.goto(chatUrl('judy'))
    await page.reload()
    await expect.poll(() => lastText(page)).toBe('for judy')
    await field(page, 'message-input').waitFor()

    await page.evaluate(() => { window.location.hash = '#/chat/index?id=kim&type=0' })
    await expect.poll(() => lastText(page)).toBe('for kim')

    await page.goto(chatUrl('not a user id'))
    await page.reload()
    const refusal = page.locator('[data-testid="chat-route-error"]')
    await refusal.waitFor()
    expect(await refusal.innerText()).toContain('This chat address cannot be opened.')
    expect(await page.locator('[data-testid="message-input"]').count()).toBe(0)

    await page.goto(`${appUrl}#/pages/nowhere/index`)
    await page.reload()
    await page.locator('[data-testid="new-chat-input"]').waitFor()
    await page.close()
  })

  it('a second tab of the same account asks "Use here?"; yes signs in there and the first tab is told it was signed out', async () => {
    const tabs = await profile()
    const first = await tabs.newPage()
    await signIn(first, appUrl, 'liam', 'Liam')
    const second = await tabs.newPage()
    await second.goto(appUrl)
    const prompt = second.locator('[data-testid="tab-use-here-prompt"]')
    await prompt.waitFor()
    expect(await prompt.innerText()).toContain('Liam is signed in in another tab of this browser. Use here?')
    // Nothing was done behind the first tab's back.
    expect(await first.locator('[data-testid="connection-banner"]').count()).toBe(0)

    await tap(second, 'tab-use-here')
    await second.locator('[data-testid="new-chat-input"]').waitFor()
    const banner = first.locator('[data-testid="connection-banner"]')
    await expect.poll(() => banner.getAttribute('data-state')).toBe('kickedOut')

    // The first tab's composer is disabled with the reason while it is signed out.
    await typeInto(first, 'new-chat-input', 'mia')
    await tap(first, 'new-chat-submit')
    await first.locator('[data-testid="composer-disabled-reason"]').waitFor()
    expect(await field(first, 'message-input').isDisabled()).toBe(true)
  })
})
