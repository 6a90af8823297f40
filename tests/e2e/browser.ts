// Debian's Chromium driven by playwright-core (Playwright's own browser download
// cannot work here). Fails loudly when Chromium is missing: .ci/run installs it.
import { existsSync, mkdirSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: run "apt-get install -y chromium" (.ci/run does) or set CHROMIUM_PATH.`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
}

/** uni's H5 `<input>` / `<textarea>` is a wrapper element; the real field is inside it. */
export function field(page: Page, testid: string): Locator {
  return page.locator(`[data-testid="${testid}"]`).locator('input, textarea').first()
}

export async function typeInto(page: Page, testid: string, text: string): Promise<void> {
  await field(page, testid).fill(text)
}

export async function tap(page: Page, testid: string): Promise<void> {
  await page.locator(`[data-testid="${testid}"]`).first().click()
}

export async function signIn(page: Page, appUrl: string, userID: string, userName: string): Promise<void> {
  await page.goto(appUrl)
  await typeInto(page, 'login-user-id', userID)
  await typeInto(page, 'login-user-name', userName)
  await tap(page, 'login-submit')
  await page.locator('[data-testid="new-chat-input"]').waitFor()
}

/**
 * One browser for a test file and a context per user (separate storage, like two
 * devices); call `open` in beforeAll and `close` in afterAll.
 */
export function userBrowser(screenshotDir: string) {
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []
  return {
    async open(): Promise<void> {
      mkdirSync(screenshotDir, { recursive: true })
      browser = await launch()
    },
    /** The open browser, for a test that makes its own contexts (phone size, locale, theme). */
    browser(): Browser {
      if (!browser)
        throw new Error('userBrowser: open() first')
      return browser
    },
    async newUserPage(): Promise<Page> {
      if (!browser)
        throw new Error('userBrowser: open() first')
      const context = await browser.newContext({ viewport: { width: 420, height: 780 } })
      contexts.push(context)
      return context.newPage()
    },
    async close(): Promise<void> {
      for (const context of contexts)
        await context.close()
      await browser?.close()
    },
  }
}
