// The conversation list people manage, in the H5 build against the local service, several
// users in real Chromium (issue 12): a pinned chat stays first after a reload, a draft
// survives a reload and comes back in the composer, a muted chat shows a dot and leaves the
// title's total, a new display name reaches the other user. Users pia, quinn, ray, sol:
// other e2e files count their own users' messages.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { fixtureDir } from '../helpers/mediaFixtures'
import { field, signIn, tap, typeInto, userBrowser } from './browser'

const appUrl = inject('appUrl')
const shots = inject('screenshotDir')

const row = (page: Page, id: string) => page.locator(`[data-testid="conversation-item"][data-conversation-id="${id}"]`)
const more = (page: Page, id: string) => page.locator(`[data-testid="conversation-more"][data-conversation-id="${id}"]`)
const order = (page: Page) => page.locator('[data-testid="conversation-item"]').evaluateAll(els => els.map(el => el.getAttribute('data-conversation-id')))

/** Opens a chat with `peer` from the list, sends `text` and waits until it is sent. */
async function send(page: Page, peer: string, text: string): Promise<void> {
  await typeInto(page, 'new-chat-input', peer)
  await tap(page, 'new-chat-submit')
  await typeInto(page, 'message-input', text)
  await tap(page, 'message-send')
  await page.locator('[data-testid="message-item"][data-status="sent"]').filter({ hasText: text }).waitFor()
}

/** Back to the list the way a person goes back (the browser's back: uni's navigateBack). */
async function backToList(page: Page): Promise<void> {
  await page.goBack()
  await page.locator('[data-testid="new-chat-input"]').waitFor()
}

async function menuAction(page: Page, id: string, action: string): Promise<void> {
  await more(page, id).click()
  await page.locator('[data-testid="conversation-menu"]').waitFor()
  await tap(page, `conversation-action-${action}`)
  await expect.poll(() => page.locator('[data-testid="conversation-menu"]').count()).toBe(0)
}

describe('the conversation list people manage', () => {
  const users = userBrowser(shots)

  beforeAll(() => users.open())
  afterAll(() => users.close())

  it('a pinned conversation stays first after a reload; unpinning puts it back in its place', async () => {
    const pia = await users.newUserPage()
    await signIn(pia, appUrl, 'pia', 'Pia')
    await send(pia, 'ray', 'older, to ray')
    await backToList(pia)
    await send(pia, 'quinn', 'newer, to quinn')
    await backToList(pia)
    await expect.poll(() => order(pia)).toEqual(['quinn', 'ray'])

    await menuAction(pia, 'ray', 'pin')
    await expect.poll(() => order(pia)).toEqual(['ray', 'quinn'])
    expect(await row(pia, 'ray').getAttribute('data-pinned')).toBe('true')
    await pia.screenshot({ path: join(shots, 'conversations-pinned.png') })

    await pia.reload()
    await row(pia, 'quinn').waitFor()
    await expect.poll(() => order(pia), { timeout: 10_000 }).toEqual(['ray', 'quinn'])
    expect(await row(pia, 'ray').getAttribute('data-pinned')).toBe('true')

    // The keyboard: Tab to ray's "more" button, Enter opens the menu on its first item
    // ("Unpin"), Escape closes it and the focus is back on the button; Enter on the item unpins.
    const rayMore = more(pia, 'ray')
    await rayMore.focus()
    await pia.keyboard.press('Enter')
    await pia.locator('[data-testid="conversation-menu"]').waitFor()
    await expect.poll(() => pia.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Unpin')
    await pia.keyboard.press('Escape')
    await expect.poll(() => pia.locator('[data-testid="conversation-menu"]').count()).toBe(0)
    expect(await rayMore.evaluate(el => el === document.activeElement)).toBe(true)
    await pia.keyboard.press('Enter')
    await pia.locator('[data-testid="conversation-menu"]').waitFor()
    await pia.keyboard.press('Enter')
    await expect.poll(() => order(pia)).toEqual(['quinn', 'ray'])
    expect(await row(pia, 'ray').getAttribute('data-pinned')).toBe('false')
  })

  it('a draft survives a reload: "[Draft] …" in the list, back in the composer with the cursor at the end, gone once sent', async () => {
    const sol = await users.newUserPage()
    await signIn(sol, appUrl, 'sol', 'Sol')
    await send(sol, 'quinn', 'first')
    await typeInto(sol, 'message-input', 'a thought to finish')
    await backToList(sol)
    await expect.poll(() => row(sol, 'quinn').locator('[data-testid="conversation-draft"]').allInnerTexts()).toEqual(['[Draft] a thought to finish'])

    await sol.reload()
    await row(sol, 'quinn').waitFor()
    await expect.poll(() => row(sol, 'quinn').locator('[data-testid="conversation-draft"]').allInnerTexts(), { timeout: 10_000 }).toEqual(['[Draft] a thought to finish'])

    await row(sol, 'quinn').click()
    const input = field(sol, 'message-input')
    await expect.poll(() => input.inputValue()).toBe('a thought to finish')
    await input.focus()
    expect(await input.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd])).toEqual([19, 19])
    await sol.keyboard.type(', now')
    await tap(sol, 'message-send')
    await sol.locator('[data-testid="message-item"][data-status="sent"]').filter({ hasText: 'a thought to finish, now' }).waitFor()
    await backToList(sol)
    await expect.poll(() => row(sol, 'quinn').locator('[data-testid="conversation-draft"]').count()).toBe(0)
    await sol.reload()
    await row(sol, 'quinn').waitFor()
    expect(await row(sol, 'quinn').locator('[data-testid="conversation-draft"]').count()).toBe(0)
  })

  it('a muted conversation shows a dot instead of its count and leaves the title\'s total', async () => {
    const quinn = await users.newUserPage()
    const pia = await users.newUserPage()
    await signIn(quinn, appUrl, 'quinn', 'Quinn')
    await signIn(pia, appUrl, 'pia', 'Pia')
    await send(quinn, 'pia', 'one')
    await typeInto(quinn, 'message-input', 'two')
    await tap(quinn, 'message-send')
    await quinn.locator('[data-testid="message-item"][data-status="sent"]').filter({ hasText: 'two' }).waitFor()

    await expect.poll(() => row(pia, 'quinn').locator('[data-testid="conversation-unread"]').allInnerTexts(), { timeout: 10_000 }).toEqual(['2'])
    await expect.poll(() => pia.title()).toBe('Chats (2)')

    await menuAction(pia, 'quinn', 'mute')
    expect(await row(pia, 'quinn').getAttribute('data-muted')).toBe('true')
    await expect.poll(() => row(pia, 'quinn').locator('[data-testid="conversation-unread-dot"]').count()).toBe(1)
    expect(await row(pia, 'quinn').locator('[data-testid="conversation-unread"]').count()).toBe(0)
    await expect.poll(() => pia.title()).toBe('Chats')

    // Still muted after a reload (the service keeps it); a new message keeps the title as it is.
    await pia.reload()
    await row(pia, 'quinn').waitFor()
    await expect.poll(() => row(pia, 'quinn').getAttribute('data-muted'), { timeout: 10_000 }).toBe('true')
    await typeInto(quinn, 'message-input', 'three')
    await tap(quinn, 'message-send')
    await quinn.locator('[data-testid="message-item"][data-status="sent"]').filter({ hasText: 'three' }).waitFor()
    await expect.poll(() => row(pia, 'quinn').locator('.preview').allInnerTexts(), { timeout: 10_000 }).toEqual(['three'])
    expect(await pia.title()).toBe('Chats')
    await pia.screenshot({ path: join(shots, 'conversations-muted.png') })

    await menuAction(pia, 'quinn', 'mute') // now "Unmute"
    await expect.poll(() => pia.title()).toBe('Chats (3)')
  })

  it('a new display name, saved on the profile page, is what the other user sees', async () => {
    const ray = await users.newUserPage()
    const pia = await users.newUserPage()
    await signIn(ray, appUrl, 'ray', 'Ray')
    await signIn(pia, appUrl, 'pia', 'Pia')
    await row(ray, 'pia').waitFor()
    await expect.poll(() => row(ray, 'pia').locator('.name').allInnerTexts()).toEqual(['Pia'])

    await tap(pia, 'profile-open')
    const name = field(pia, 'profile-name-input')
    await expect.poll(() => name.inputValue()).toBe('Pia')
    // Over ZIM's 256 bytes: refused before anything is sent, the limit named.
    await name.fill('名'.repeat(90))
    await expect.poll(() => pia.locator('[data-testid="profile-name-error"]').allInnerTexts()).toEqual(['A display name can have at most 256 bytes.'])
    await name.fill('Pia Zhang')
    await tap(pia, 'profile-save')
    await pia.locator('[data-testid="profile-saved"]').waitFor()

    // A picture from the album: uploaded, resized to 256 px, its address set with updateUserAvatarUrl.
    const files = fixtureDir()
    try {
      const chooser = pia.waitForEvent('filechooser')
      await tap(pia, 'profile-avatar-change')
      await (await chooser).setFiles(await files.image(600, 400))
      await expect.poll(() => pia.locator('[data-testid="profile-avatar"]').evaluate(el => el.tagName.toLowerCase()), { timeout: 15_000 }).toBe('uni-image')
    }
    finally {
      files.remove()
    }
    await backToList(pia)
    await expect.poll(() => pia.locator('[data-testid="profile-open"] .me-name').allInnerTexts()).toEqual(['Pia Zhang (pia)'])
    await pia.locator('[data-testid="my-avatar"]').and(pia.locator('uni-image')).waitFor()

    await ray.reload()
    await row(ray, 'pia').waitFor()
    await expect.poll(() => row(ray, 'pia').locator('.name').allInnerTexts(), { timeout: 15_000 }).toEqual(['Pia Zhang'])
    await row(ray, 'pia').locator('[data-testid="peer-avatar"]').waitFor({ timeout: 15_000 })
    // And after pia's own reload the name stays (the next sign-in sends it).
    await pia.reload()
    await expect.poll(() => pia.locator('[data-testid="profile-open"] .me-name').allInnerTexts(), { timeout: 10_000 }).toEqual(['Pia Zhang (pia)'])
  })

  it('the list with a pinned, a muted and a draft row, the menu and the profile page at phone size, zh/en × light/dark (UPDATE_SCREENSHOTS=1 writes docs/screenshots)', async () => {
    const browser = users.browser()
    const keep = (name: string) => {
      if (process.env.UPDATE_SCREENSHOTS === '1') {
        mkdirSync(resolve('docs/screenshots'), { recursive: true })
        copyFileSync(join(shots, `${name}.png`), resolve('docs/screenshots', `${name}.png`))
      }
    }
    for (const [lang, locale] of [['en', 'en-US'], ['zh', 'zh-CN']] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale, colorScheme })
        const page = await context.newPage()
        // pia (after the tests above): ray pinned, quinn muted, a draft to sol.
        await signIn(page, appUrl, 'pia', 'Pia Zhang')
        await row(page, 'quinn').waitFor()
        if (await row(page, 'ray').getAttribute('data-pinned') !== 'true')
          await menuAction(page, 'ray', 'pin')
        await expect.poll(() => row(page, 'ray').getAttribute('data-pinned')).toBe('true')
        if (await row(page, 'quinn').getAttribute('data-muted') !== 'true')
          await menuAction(page, 'quinn', 'mute')
        await expect.poll(() => row(page, 'quinn').getAttribute('data-muted')).toBe('true')
        if (await row(page, 'sol').count() === 0 || await row(page, 'sol').locator('[data-testid="conversation-draft"]').count() === 0) {
          await typeInto(page, 'new-chat-input', 'sol')
          await tap(page, 'new-chat-submit')
          await typeInto(page, 'message-input', lang === 'en' ? 'See you at the station' : '车站见')
          await backToList(page)
        }
        await row(page, 'sol').locator('[data-testid="conversation-draft"]').waitFor()
        await page.evaluate(() => document.fonts.ready)
        await page.screenshot({ path: join(shots, `conversations-list-${lang}-${colorScheme}.png`) })
        keep(`conversations-list-${lang}-${colorScheme}`)

        await more(page, 'quinn').click()
        await page.locator('[data-testid="conversation-menu"]').waitFor()
        await page.screenshot({ path: join(shots, `conversations-menu-${lang}-${colorScheme}.png`) })
        keep(`conversations-menu-${lang}-${colorScheme}`)
        await page.keyboard.press('Escape')
        await expect.poll(() => page.locator('[data-testid="conversation-menu"]').count()).toBe(0)

        await tap(page, 'profile-open')
        await expect.poll(() => field(page, 'profile-name-input').inputValue()).toBe('Pia Zhang')
        await page.evaluate(() => document.fonts.ready)
        await page.screenshot({ path: join(shots, `profile-${lang}-${colorScheme}.png`) })
        keep(`profile-${lang}-${colorScheme}`)
        await context.close()
      }
    }
  })
})
