// Media in the H5 build, two users in real Chromium against the local service: one sends
// an image and a file, the other sees the image loaded (not broken) and the file card with
// its name and size, and downloads the same bytes; an 11 MB image is refused naming the
// 10 MB limit before any upload; a cancelled upload leaves nothing on the receiver's side.
// Then the attach menu and each bubble at phone size, zh/en × light/dark, and the menu by
// keyboard. (mia and noah: other e2e files count alice's and bob's messages.)
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { fixtureDir } from '../helpers/mediaFixtures'
import { signIn, tap, typeInto, userBrowser } from './browser'

const appUrl = inject('appUrl')
const shots = inject('screenshotDir')

const items = (page: Page) => page.locator('[data-testid="message-item"]')
const types = (page: Page) => items(page).evaluateAll(els => els.map(el => el.getAttribute('data-type') ?? ''))

/** Opens the attach menu, picks `testid` and hands the browser's file chooser `file`. */
async function attach(page: Page, testid: string, file: { name: string, mimeType: string, buffer: Buffer }): Promise<void> {
  await tap(page, 'attach-button')
  const chooser = page.waitForEvent('filechooser')
  await tap(page, testid)
  await (await chooser).setFiles(file)
}

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready)
  const file = join(shots, `${name}.png`)
  await page.screenshot({ path: file })
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(resolve('docs/screenshots'), { recursive: true })
    copyFileSync(file, resolve('docs/screenshots', `${name}.png`))
  }
}

describe('media messages', () => {
  const users = userBrowser(shots)
  let png: Buffer
  const notes = Buffer.from(Array.from({ length: 3000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(''))

  beforeAll(async () => {
    await users.open()
    png = await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 230, g: 120, b: 40 } } }).png().toBuffer()
  })
  afterAll(() => users.close())

  it('mia sends an image and a file; noah sees the image loaded and the file card, and downloads the same bytes; 11 MB is refused; a cancelled upload never arrives', async () => {
    const mia = await users.newUserPage()
    const noah = await users.newUserPage()
    await signIn(mia, appUrl, 'mia', 'Mia')
    await signIn(noah, appUrl, 'noah', 'Noah')
    await typeInto(mia, 'new-chat-input', 'noah')
    await tap(mia, 'new-chat-submit')

    await attach(mia, 'attach-image', { name: 'sunset.png', mimeType: 'image/png', buffer: png })
    await mia.locator('[data-testid="message-item"][data-type="image"][data-status="sent"]').waitFor({ timeout: 30_000 })
    await attach(mia, 'attach-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: notes })
    await mia.locator('[data-testid="message-item"][data-type="file"][data-status="sent"]').waitFor({ timeout: 30_000 })

    await noah.locator('[data-testid="conversation-item"][data-conversation-id="mia"]').click()
    await expect.poll(() => types(noah), { timeout: 15_000 }).toEqual(['image', 'file'])
    const img = noah.locator('[data-testid="message-item"][data-type="image"] [data-testid="message-image"]')
    expect(await img.evaluate(el => el.tagName)).toBe('IMG')
    await expect.poll(() => img.evaluate(el => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0)
    // The thumbnail keeps the picture's 320×200 ratio.
    const box = await img.boundingBox()
    expect(Math.round((box!.width / box!.height) * 10) / 10).toBe(1.6)
    const card = noah.locator('[data-testid="message-item"][data-type="file"]')
    expect(await card.locator('[data-testid="message-file-name"]').allInnerTexts()).toEqual(['notes.txt'])
    expect(await card.locator('[data-testid="message-file-size"]').allInnerTexts()).toEqual(['2.9 KB'])
    const downloading = noah.waitForEvent('download')
    await card.locator('[data-testid="message-file"]').click()
    const download = await downloading
    expect(download.suggestedFilename()).toBe('notes.txt')
    expect(readFileSync(await download.path()).equals(notes)).toBe(true)

    // 11 MB: refused before anything is uploaded, and the sentence names the 10 MB limit.
    const before = await items(mia).count()
    await attach(mia, 'attach-image', { name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(11 * 1024 * 1024, 1) })
    const error = mia.locator('[data-testid="message-error"]')
    await error.waitFor()
    expect((await error.allInnerTexts()).join(' ')).toContain('10 MB')
    expect(await items(mia).count()).toBe(before)

    // A cancelled upload: the upload is held on the way (as a slow network would), cancelled,
    // and shown as failed with resend; nothing reaches noah.
    let held = false
    await mia.route('**/zim/files/upload**', () => {
      held = true // never answered: the cancel aborts it
    })
    await attach(mia, 'attach-file', { name: 'draft.txt', mimeType: 'text/plain', buffer: Buffer.from('not for noah') })
    const uploading = mia.locator('[data-testid="message-item"][data-type="file"][data-status="sending"]')
    await uploading.locator('[data-testid="message-progress"]').waitFor()
    await expect.poll(() => held, { timeout: 15_000 }).toBe(true)
    await uploading.locator('[data-testid="message-cancel"]').click()
    const failed = mia.locator('[data-testid="message-item"][data-type="file"][data-status="failed"]')
    await failed.waitFor({ timeout: 15_000 })
    expect((await failed.locator('[data-testid="message-error"]').allInnerTexts()).join(' ')).toContain('Upload cancelled')
    expect(await failed.locator('[data-testid="message-resend"]').count()).toBe(1)
    await mia.unroute('**/zim/files/upload**')
    // A text after it is the signal that noah has everything mia sent since.
    await typeInto(mia, 'message-input', 'that one was cancelled')
    await tap(mia, 'message-send')
    await expect.poll(() => types(noah), { timeout: 15_000 }).toEqual(['image', 'file', 'text'])
    expect(await noah.locator('[data-testid="message-file-name"]').allInnerTexts()).toEqual(['notes.txt'])
  })

  it('the attach menu, its choices and a file card by keyboard', async () => {
    const page = await users.newUserPage()
    await signIn(page, appUrl, 'kai', 'Kai')
    await typeInto(page, 'new-chat-input', 'lena')
    await tap(page, 'new-chat-submit')
    await page.locator('[data-testid="attach-button"]').focus()
    await page.keyboard.press('Enter')
    await page.locator('[data-testid="attach-panel"]').waitFor()
    const order: string[] = []
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab')
      order.push(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? ''))
    }
    expect(order).toEqual(['attach-image', 'attach-camera', 'attach-video', 'attach-file', 'voice-record'])
    expect(await page.locator('[data-testid="voice-record"]').getAttribute('aria-disabled')).toBe('true')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('[data-testid="attach-panel"]').count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('attach-button')
    // Space opens it again; Enter on a choice asks uni for the picker (its hidden file input
    // is created and clicked). Headless Chromium shows no chooser for a click synthesised
    // from a key press, so the file itself is chosen with the mouse below.
    await page.keyboard.press(' ')
    await page.locator('[data-testid="attach-panel"]').waitFor()
    await page.locator('[data-testid="attach-file"]').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('input[type="file"]').count()).toBe(1)
    await expect.poll(() => page.locator('[data-testid="attach-panel"]').count()).toBe(0)
    await attach(page, 'attach-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: notes })
    await page.locator('[data-testid="message-item"][data-type="file"][data-status="sent"]').waitFor({ timeout: 30_000 })
    // A file card is a control of its own: Enter downloads it, and does not open the message menu.
    await page.locator('[data-testid="message-file"]').focus()
    const downloading = page.waitForEvent('download')
    await page.keyboard.press('Enter')
    expect((await downloading).suggestedFilename()).toBe('notes.txt')
    expect(await page.locator('[data-testid="message-menu"]').count()).toBe(0)
  })

  it('the attach menu and each bubble at phone size, zh/en × light/dark (UPDATE_SCREENSHOTS=1 writes docs/screenshots)', async () => {
    // A video through the attach menu, and a voice message (H5 cannot record: it goes in
    // through the engine the hold-to-talk button uses on WeChat).
    const fixtures = fixtureDir()
    const mia = await users.newUserPage()
    await signIn(mia, appUrl, 'mia', 'Mia')
    await mia.locator('[data-testid="conversation-item"][data-conversation-id="noah"]').click()
    await attach(mia, 'attach-video', { name: 'clip.mp4', mimeType: 'video/mp4', buffer: readFileSync(fixtures.video(2)) })
    await mia.locator('[data-testid="message-item"][data-type="video"][data-status="sent"]').waitFor({ timeout: 30_000 })
    const mp3 = [...readFileSync(fixtures.audio(3))]
    fixtures.remove()
    await mia.evaluate(async (bytes) => {
      const blob = new Blob([new Uint8Array(bytes)], { type: 'audio/mpeg' })
      const engine = (globalThis as unknown as { __zimEngine__: { media: { send: (pick: unknown, to: string, type: number) => Promise<unknown> } } }).__zimEngine__
      await engine.media.send({ kind: 'audio', path: URL.createObjectURL(blob), name: 'voice.mp3', size: blob.size, duration: 3 }, 'noah', 0)
    }, mp3)

    const browser = users.browser()
    for (const [lang, locale] of [['en', 'en-US'], ['zh', 'zh-CN']] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale, colorScheme })
        const page = await context.newPage()
        await signIn(page, appUrl, 'noah', 'Noah')
        await page.locator('[data-testid="conversation-item"][data-conversation-id="mia"]').click()
        await expect.poll(() => types(page), { timeout: 15_000 }).toEqual(['image', 'file', 'text', 'video', 'audio'])
        await expect.poll(() => page.locator('[data-testid="message-image"]').evaluate(el => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
        expect(await page.locator('[data-testid="message-audio-duration"]').allInnerTexts()).toEqual(['3″'])
        await shot(page, `media-bubbles-${lang}-${colorScheme}`)
        await tap(page, 'attach-button')
        await page.locator('[data-testid="attach-panel"]').waitFor()
        await shot(page, `media-attach-${lang}-${colorScheme}`)
        await context.close()
      }
    }
  })
})
