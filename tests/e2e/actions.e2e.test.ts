// Actions on a message in the H5 build, two users in real Chromium: alice recalls a
// message and carol sees "Alice recalled a message" (her display name); carol deletes one for herself and
// alice keeps her copy; the menu from the keyboard (Enter opens, Escape closes, focus
// back on the bubble). carol, not bob: chat.e2e counts alice and bob's messages.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launch, signIn, tap, typeInto, userBrowser } from './browser'

const appUrl = inject('appUrl')
const shots = inject('screenshotDir')

const items = (page: Page) => page.locator('[data-testid="message-item"]')
const texts = (page: Page) => items(page).locator('.bubble').allInnerTexts()

/** Reloads and shows the chat with `peer` again, whether the reload restores the chat or lands on the list. */
async function reopen(page: Page, peer: string): Promise<void> {
  await page.reload()
  const listed = `[data-testid="conversation-item"][data-conversation-id="${peer}"]`
  await page.locator(`[data-testid="message-item"], ${listed}`).first().waitFor()
  if (await page.locator(listed).count() > 0)
    await page.locator(listed).click()
}

describe('actions on a message', () => {
  const users = userBrowser(shots)

  beforeAll(() => users.open())
  afterAll(() => users.close())

  it('alice recalls a message and carol sees "Alice recalled a message" (her display name); carol deletes one for herself only', async () => {
    const alice = await users.newUserPage()
    const carol = await users.newUserPage()
    await signIn(alice, appUrl, 'alice', 'Alice')
    await signIn(carol, appUrl, 'carol', 'Carol')

    await typeInto(alice, 'new-chat-input', 'carol')
    await tap(alice, 'new-chat-submit')
    for (const line of ['meet at 6, not 7', 'see you there']) {
      await typeInto(alice, 'message-input', line)
      await tap(alice, 'message-send')
      await alice.locator('[data-testid="message-item"][data-status="sent"]').filter({ hasText: line }).waitFor()
    }
    await carol.locator('[data-testid="conversation-item"][data-conversation-id="alice"]').click()
    await expect.poll(() => texts(carol)).toEqual(['meet at 6, not 7', 'see you there'])

    // Right-click on alice's first bubble: the menu offers recall.
    await items(alice).first().locator('.bubble').click({ button: 'right' })
    const menu = alice.locator('[data-testid="message-menu"]')
    await menu.waitFor()
    expect(await menu.getAttribute('role')).toBe('menu')
    await alice.screenshot({ path: join(shots, 'actions-menu.png') })
    await tap(alice, 'message-action-revoke')
    await expect.poll(() => menu.count()).toBe(0)
    await expect.poll(() => texts(alice), { timeout: 10_000 }).toEqual(['You recalled a message', 'see you there'])
    await expect.poll(() => texts(carol), { timeout: 10_000 }).toEqual(['Alice recalled a message', 'see you there'])
    await carol.screenshot({ path: join(shots, 'actions-recalled.png') })

    // carol deletes alice's second message for herself; alice still has it.
    await items(carol).nth(1).locator('.bubble').click({ button: 'right' })
    await carol.locator('[data-testid="message-menu"]').waitFor()
    expect(await carol.locator('[data-testid="message-action-revoke"]').count()).toBe(0)
    await tap(carol, 'message-action-delete')
    await expect.poll(() => texts(carol)).toEqual(['Alice recalled a message'])
    // Both read the chat again from the service (a reload lands on the conversation list today).
    await reopen(carol, 'alice')
    await expect.poll(() => texts(carol), { timeout: 10_000 }).toEqual(['Alice recalled a message'])
    await reopen(alice, 'carol')
    await expect.poll(() => texts(alice), { timeout: 10_000 }).toEqual(['You recalled a message', 'see you there'])

    // The keyboard: focus a bubble, Enter opens the menu on its first action, Escape closes it.
    const bubble = items(alice).nth(1).locator('.bubble')
    await bubble.focus()
    await alice.keyboard.press('Enter')
    await alice.locator('[data-testid="message-menu"]').waitFor()
    expect(await alice.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('message-action-copy')
    await alice.keyboard.press('ArrowDown')
    expect(await alice.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('message-action-revoke')
    await alice.keyboard.press('Escape')
    await expect.poll(() => alice.locator('[data-testid="message-menu"]').count()).toBe(0)
    expect(await bubble.evaluate(el => el === document.activeElement)).toBe(true)
  })

  it('the menu and a recalled message at phone size, zh/en × light/dark (UPDATE_SCREENSHOTS=1 writes docs/screenshots)', async () => {
    const browser = await launch()
    try {
      for (const [lang, locale] of [['en', 'en-US'], ['zh', 'zh-CN']] as const) {
        for (const colorScheme of ['light', 'dark'] as const) {
          const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale, colorScheme })
          const page = await context.newPage()
          await signIn(page, appUrl, 'carol', 'Carol')
          await page.locator('[data-testid="conversation-item"][data-conversation-id="alice"]').click()
          await items(page).first().waitFor()
          await items(page).first().locator('.bubble').click({ button: 'right' })
          await page.locator('[data-testid="message-menu"]').waitFor()
          await page.evaluate(() => document.fonts.ready)
          const name = `actions-menu-${lang}-${colorScheme}`
          const file = join(shots, `${name}.png`)
          await page.screenshot({ path: file })
          if (process.env.UPDATE_SCREENSHOTS === '1') {
            mkdirSync(resolve('docs/screenshots'), { recursive: true })
            copyFileSync(file, resolve('docs/screenshots', `${name}.png`))
          }
          await context.close()
        }
      }
    }
    finally {
      await browser.close()
    }
  })
})
