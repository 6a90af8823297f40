// The chat list stays light: paging through 2,000 messages up to the first and back down
// to the newest never puts more than 60 message rows in the DOM, and the message the
// reader was looking at stays where it was.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { configure, LocalZim, resetConfig } from '../../src/zim/local/index'
import type { ZIMMessage } from '../../src/zim/types'
import { wsSocketFactory } from '../helpers/wsSocket'
import { signIn, tap, typeInto, userBrowser } from './browser'

const appUrl = inject('appUrl')
const serviceHttpUrl = inject('serviceHttpUrl')
const shots = inject('screenshotDir')

const TOTAL = 2000
const MAX_ROWS = 60
const DEV_APP_ID = 1234567890

/** A sender that writes `count` messages into the chat with `to`, a few in flight at once. */
async function seed(from: string, to: string, count: number): Promise<void> {
  configure({ url: `${serviceHttpUrl.replace(/^http/, 'ws')}/zim`, socketFactory: wsSocketFactory, sendMinGapMs: 0 })
  const zim = LocalZim.createDetached(DEV_APP_ID)
  try {
    const reply = await fetch(`${serviceHttpUrl}/api/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userID: from }) })
    const { token } = await reply.json() as { token: string }
    await zim.login(from, { userName: 'Pager', token } as never)
    for (let i = 1; i <= count; i += 20) {
      const batch = Array.from({ length: Math.min(20, count - i + 1) }, (_, k) =>
        zim.sendMessage({ type: 1, message: `page message ${i + k}` } as ZIMMessage, to, 0, { priority: 1 } as never))
      await Promise.all(batch)
    }
  }
  finally {
    zim.destroy()
    resetConfig()
  }
}

describe('a long chat in the H5 build', () => {
  const users = userBrowser(shots)
  beforeAll(() => users.open())
  afterAll(() => users.close())

  it(`keeps at most ${MAX_ROWS} rows in the DOM while paging through ${TOTAL} messages`, async () => {
    await seed('pager', 'reader', TOTAL)
    const page = await users.newUserPage()
    await signIn(page, appUrl, 'reader', 'Reader')
    await typeInto(page, 'new-chat-input', 'pager')
    await tap(page, 'new-chat-submit')
    const rows = page.locator('[data-testid="message-item"]')
    await expect.poll(() => rows.last().textContent()).toContain(`page message ${TOTAL}`)

    let most = await rows.count()
    const older = page.locator('[data-testid="message-load-older"]')
    let steps = 0
    // Up to the very first message, by the keyboard-reachable "Earlier messages".
    // Read without waiting: the link goes away once the first message is shown, and a
    // waiting read (textContent) would then hang the poll instead of answering.
    const olderText = async () => (await older.allTextContents())[0]?.trim()
    const firstRowText = async () => (await rows.first().locator('.text').allTextContents())[0]
    while (await older.count() > 0) {
      const firstText = await firstRowText()
      await older.click()
      await expect.poll(async () => (await olderText()) !== 'Loading…', { timeout: 15_000 }).toBe(true)
      // Either the window moved up, or the server said there is nothing older (the link goes).
      await expect.poll(async () => (await olderText()) === undefined || (await firstRowText()) !== firstText, { timeout: 15_000 }).toBe(true)
      most = Math.max(most, await rows.count())
      expect(most).toBeLessThanOrEqual(MAX_ROWS)
      steps++
      expect(steps).toBeLessThan(400)
    }
    expect(await rows.first().textContent()).toContain('page message 1')
    expect(await rows.count()).toBe(MAX_ROWS)

    // And back down to the newest, by scrolling: the row the reader looks at must not move.
    const scroller = page.locator('[data-testid="message-list"] > .uni-scroll-view > .uni-scroll-view')
    while (!((await rows.last().textContent()) ?? '').includes(`page message ${TOTAL}`)) {
      const lastBefore = await rows.last().locator('.text').textContent()
      const probe = await scroller.evaluate((el) => {
        el.scrollTop = el.scrollHeight
        const box = el.getBoundingClientRect()
        // The row under the middle of the viewport, and where it is.
        const row = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)?.closest('[data-testid="message-item"]')
        return row ? { id: row.id, top: row.getBoundingClientRect().top } : null
      })
      await expect.poll(() => rows.last().locator('.text').textContent(), { timeout: 15_000 }).not.toBe(lastBefore)
      if (probe) {
        const top = await page.locator(`#${probe.id}`).evaluate(el => el.getBoundingClientRect().top)
        expect(Math.abs(top - probe.top)).toBeLessThan(2)
      }
      most = Math.max(most, await rows.count())
      expect(most).toBeLessThanOrEqual(MAX_ROWS)
      steps++
      expect(steps).toBeLessThan(800)
    }
    console.info(`paged through ${TOTAL} messages in ${steps} steps; most rows in the DOM at once: ${most}`)
    expect(most).toBeLessThanOrEqual(MAX_ROWS)
  }, 240_000)
})
