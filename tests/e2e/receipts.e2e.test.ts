// Read receipts in the H5 build against the local service: the sender sees "Unread" until
// the receiver opens the chat, then "Read"; in a group of three a message goes "1 read" then
// "2 read", and a tap (or Enter) lists who read it. UPDATE_SCREENSHOTS=1 writes the
// receipts- screenshots (390x844, zh/en × light/dark) to docs/screenshots.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { field, signIn, tap, typeInto, userBrowser } from './browser'

const appUrl = inject('appUrl')
const shots = inject('screenshotDir')

const item = (page: Page, id: string) => page.locator(`[data-testid="conversation-item"][data-conversation-id="${id}"]`)
const receipts = (page: Page) => page.locator('[data-testid="message-receipt"]')
/** The last receipt's words and data-read, without waiting (a poll reads it again). */
async function lastReceipt(page: Page): Promise<string> {
  const all = await receipts(page).allTextContents()
  const read = await receipts(page).evaluateAll(els => els.map(el => el.getAttribute('data-read')))
  return all.length ? `${all[all.length - 1].trim()}|${read[read.length - 1]}` : ''
}

async function send(page: Page, text: string): Promise<void> {
  await typeInto(page, 'message-input', text)
  await tap(page, 'message-send')
  await expect.poll(async () => (await page.locator('[data-testid="message-item"][data-direction="out"]').last().getAttribute('data-status'))).toBe('sent')
}

async function openChatWith(page: Page, userID: string): Promise<void> {
  await typeInto(page, 'new-chat-input', userID)
  await tap(page, 'new-chat-submit')
  await field(page, 'message-input').waitFor()
}

async function createGroup(page: Page, name: string, members: string): Promise<string> {
  await tap(page, 'new-group')
  await typeInto(page, 'group-name-input', name)
  await typeInto(page, 'group-members-input', members)
  await tap(page, 'group-create-submit')
  await field(page, 'message-input').waitFor()
  await expect.poll(() => page.url()).toContain('type=2')
  return decodeURIComponent(/[?&]id=([^&]+)/.exec(page.url())![1])
}

describe('read receipts', () => {
  const users = userBrowser(shots)
  beforeAll(() => users.open())
  afterAll(() => users.close())

  it('peer: the sender sees "Read" after the receiver opens the chat', async () => {
    const [alice, bob] = [await users.newUserPage(), await users.newUserPage()]
    await signIn(alice, appUrl, 'rc-alice', 'Alice')
    await signIn(bob, appUrl, 'rc-bob', 'Bob')
    await openChatWith(alice, 'rc-bob')
    await send(alice, 'Are you there?')
    await expect.poll(() => lastReceipt(alice), { timeout: 10_000 }).toBe('Unread|false')

    // In bob's list only: nothing is read yet.
    await item(bob, 'rc-alice').waitFor()
    expect(await lastReceipt(alice)).toBe('Unread|false')
    await item(bob, 'rc-alice').click()
    await expect.poll(() => lastReceipt(alice), { timeout: 15_000 }).toBe('Read|true')
    // bob's own messages carry no receipt line; his answer is unread until alice reads it (she has the chat open).
    expect(await receipts(bob).count()).toBe(0)
    await send(bob, 'Yes!')
    await expect.poll(() => lastReceipt(bob), { timeout: 15_000 }).toBe('Read|true')
  })

  it('group: "1 read" then "2 read"; a tap or Enter lists who read it, Escape closes', async () => {
    const [alice, bob, carol] = [await users.newUserPage(), await users.newUserPage(), await users.newUserPage()]
    await signIn(alice, appUrl, 'rg-alice', 'Alice')
    await signIn(bob, appUrl, 'rg-bob', 'Bob')
    await signIn(carol, appUrl, 'rg-carol', 'Carol')
    const groupID = await createGroup(alice, 'Readers', 'rg-bob, rg-carol')
    await send(alice, 'Who has read this?')
    await expect.poll(() => lastReceipt(alice), { timeout: 10_000 }).toBe('Unread|false')

    await item(bob, groupID).click()
    await expect.poll(() => lastReceipt(alice), { timeout: 15_000 }).toBe('1 read|false')
    await receipts(alice).last().click()
    const sheet = alice.locator('[data-testid="receipt-sheet"]')
    await sheet.waitFor()
    await expect.poll(() => sheet.locator('[data-testid="receipt-read-list"] [data-testid="receipt-member"]').evaluateAll(els => els.map(el => el.getAttribute('data-user-id'))), { timeout: 10_000 }).toEqual(['rg-bob'])
    await expect.poll(() => sheet.locator('[data-testid="receipt-unread-list"] [data-testid="receipt-member"]').evaluateAll(els => els.map(el => el.getAttribute('data-user-id'))), { timeout: 10_000 }).toEqual(['rg-carol'])
    await alice.keyboard.press('Escape')
    await sheet.waitFor({ state: 'detached' })

    await item(carol, groupID).click()
    await expect.poll(() => lastReceipt(alice), { timeout: 15_000 }).toBe('2 read|true')
    // With the keyboard: focus the receipt, Enter opens the sheet, Escape closes it.
    await receipts(alice).last().focus()
    await alice.keyboard.press('Enter')
    await sheet.waitFor()
    await expect.poll(() => sheet.locator('[data-testid="receipt-read-list"] [data-testid="receipt-member"]').count(), { timeout: 10_000 }).toBe(2)
    await alice.keyboard.press('Escape')
    await sheet.waitFor({ state: 'detached' })
  })
})

describe('screenshots of receipts', () => {
  const users = userBrowser(shots)
  beforeAll(() => users.open())
  afterAll(() => users.close())

  it('peer "Read"/"Unread", group "N read" and the readers\' sheet at 390x844, zh/en × light/dark', async () => {
    const reader = await users.newUserPage()
    const other = await users.newUserPage()
    await signIn(reader, appUrl, 'rs-reader', 'Riley')
    await signIn(other, appUrl, 'rs-other', 'Olive')
    const browser = users.browser()
    for (const [lang, locale] of [['en', 'en-US'], ['zh', 'zh-CN']] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale, colorScheme })
        const page = await context.newPage()
        const me = `rs-${lang}-${colorScheme}`
        await signIn(page, appUrl, me, lang === 'zh' ? '小明' : 'Sam')
        const shot = async (name: string) => {
          const file = join(shots, `${name}-${lang}-${colorScheme}.png`)
          await page.screenshot({ path: file })
          if (process.env.UPDATE_SCREENSHOTS === '1') {
            mkdirSync(resolve('docs/screenshots'), { recursive: true })
            copyFileSync(file, resolve('docs/screenshots', `${name}-${lang}-${colorScheme}.png`))
          }
        }
        // Peer: one read, one sent after the reader left the chat (unread).
        await openChatWith(page, 'rs-reader')
        await send(page, lang === 'zh' ? '明天的会议改到十点了。' : 'Tomorrow\'s meeting moved to 10.')
        await reader.reload()
        await item(reader, me).click()
        await expect.poll(() => lastReceipt(page), { timeout: 15_000 }).toContain('true')
        await reader.goBack()
        await item(reader, me).waitFor()
        await send(page, lang === 'zh' ? '记得带电脑。' : 'Bring your laptop.')
        await expect.poll(() => receipts(page).count(), { timeout: 15_000 }).toBe(2)
        await shot('receipts-peer')
        // Group: one of two has read it.
        await page.goBack()
        const groupID = await createGroup(page, lang === 'zh' ? '项目组' : 'Project team', 'rs-reader, rs-other')
        await send(page, lang === 'zh' ? '初稿已经上传。' : 'The first draft is up.')
        await reader.reload()
        await item(reader, groupID).click()
        await expect.poll(() => lastReceipt(page), { timeout: 15_000 }).toContain(lang === 'zh' ? '1 人已读' : '1 read')
        await reader.goBack()
        await shot('receipts-group')
        await receipts(page).last().click()
        await page.locator('[data-testid="receipt-sheet"] [data-testid="receipt-member"]').nth(1).waitFor()
        await shot('receipts-sheet')
        await context.close()
      }
    }
  })
})
