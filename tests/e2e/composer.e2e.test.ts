// The composer in the H5 build, with uni-h5's real (throttled) field: what a person types at
// speed is what the other person reads, whole, once and in order; focus stays; lines stay.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { field, signIn, tap, typeInto, userBrowser } from './browser'

const appUrl = inject('appUrl')
const shots = inject('screenshotDir')

const isFieldFocused = (page: Page) => field(page, 'message-input').evaluate(el => el === document.activeElement)
const bubbles = (page: Page, direction: 'in' | 'out') =>
  page.locator(`[data-testid="message-item"][data-direction="${direction}"] .text`).allInnerTexts()

describe('the composer in the H5 build', () => {
  const users = userBrowser(shots)
  let carol: Page
  let dave: Page

  beforeAll(async () => {
    await users.open()
    carol = await users.newUserPage()
    dave = await users.newUserPage()
    await signIn(carol, appUrl, 'carol', 'Carol')
    await signIn(dave, appUrl, 'dave', 'Dave')
    for (const [page, peer] of [[carol, 'dave'], [dave, 'carol']] as const) {
      await typeInto(page, 'new-chat-input', peer)
      await tap(page, 'new-chat-submit')
      await field(page, 'message-input').waitFor()
    }
  })

  afterAll(() => users.close())

  it('20 messages typed at 30 ms per key and sent with Enter arrive whole, once, in order; focus stays', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `quick brown fox ${i + 1}`)
    await field(carol, 'message-input').click()
    for (const text of texts) {
      await carol.keyboard.type(text, { delay: 30 })
      await carol.keyboard.press('Enter')
      expect(await field(carol, 'message-input').inputValue()).toBe('')
      expect(await isFieldFocused(carol)).toBe(true)
    }
    await expect.poll(() => bubbles(dave, 'in'), { timeout: 30_000 }).toEqual(texts)
    expect(await bubbles(carol, 'out')).toEqual(texts)
    await expect.poll(() => carol.locator('[data-testid="message-item"][data-direction="out"][data-status="sent"]').count()).toBe(20)
  })

  it('the send button sends too and keeps the focus in the field', async () => {
    await field(carol, 'message-input').click()
    await carol.keyboard.type('by the button', { delay: 30 })
    await tap(carol, 'message-send')
    await expect.poll(() => bubbles(dave, 'in').then(b => b.at(-1))).toBe('by the button')
    expect(await isFieldFocused(carol)).toBe(true)
  })

  it('Shift+Enter breaks a line; the bubble keeps it', async () => {
    await field(carol, 'message-input').click()
    await carol.keyboard.type('first line', { delay: 30 })
    await carol.keyboard.press('Shift+Enter')
    await carol.keyboard.type('second line', { delay: 30 })
    expect(await field(carol, 'message-input').inputValue()).toBe('first line\nsecond line')
    await carol.keyboard.press('Enter')
    await expect.poll(() => bubbles(dave, 'in').then(b => b.at(-1))).toBe('first line\nsecond line')
  })

  it('an emoji from the panel goes in at the cursor', async () => {
    await field(dave, 'message-input').click()
    await dave.keyboard.type('see you', { delay: 30 })
    await dave.keyboard.press('Home')
    await tap(dave, 'emoji-button')
    const emoji = dave.locator('[data-testid="emoji-item"]').first()
    const glyph = await emoji.innerText()
    await emoji.click()
    expect(await field(dave, 'message-input').inputValue()).toBe(`${glyph}see you`)
    await dave.keyboard.press('Enter')
    await expect.poll(() => bubbles(carol, 'in').then(b => b.at(-1))).toBe(`${glyph}see you`)
  })
})
