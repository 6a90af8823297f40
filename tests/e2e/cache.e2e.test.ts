// The local cache in the H5 build: with the service stopped, a reload still shows the
// conversation list and the last messages (from uni storage, i.e. localStorage), and the
// banner says the app is offline. UPDATE_SCREENSHOTS=1 writes docs/screenshots/cache-*.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { signIn, tap, typeInto, userBrowser } from './browser'

const appUrl = inject('appUrl')
const shots = inject('screenshotDir')
const control = inject('serviceControlUrl')

async function service(action: 'stop' | 'start'): Promise<void> {
  const res = await fetch(`${control}/service/${action}`, { method: 'POST' })
  if (!res.ok)
    throw new Error(`service ${action}: HTTP ${res.status} ${await res.text()}`)
}

const banner = (page: Page) => page.locator('[data-testid="connection-banner"]')
const texts = (page: Page) => page.locator('[data-testid="message-item"]').allTextContents()
const listItem = (page: Page, id: string) => page.locator(`[data-testid="conversation-item"][data-conversation-id="${id}"]`)

describe('the local cache in the H5 build', () => {
  const users = userBrowser(shots)

  beforeAll(() => users.open())

  afterEach(async () => {
    await service('start') // the next test file finds the service running
  })

  afterAll(() => users.close())

  it('with the service stopped, a reload shows the conversation list and the last messages, and says offline', async () => {
    const alice = await users.newUserPage()
    const bob = await users.newUserPage()
    await signIn(alice, appUrl, 'cache-alice', 'Alice')
    await signIn(bob, appUrl, 'cache-bob', 'Bob')
    await typeInto(bob, 'new-chat-input', 'cache-alice')
    await tap(bob, 'new-chat-submit')
    for (let i = 1; i <= 3; i++) {
      await typeInto(bob, 'message-input', `cached message ${i}`)
      await tap(bob, 'message-send')
    }
    await expect.poll(() => bob.locator('[data-testid="message-item"][data-status="sent"]').count(), { timeout: 15_000 }).toBe(3)

    await listItem(alice, 'cache-bob').waitFor({ timeout: 15_000 })
    await listItem(alice, 'cache-bob').click()
    await expect.poll(() => texts(alice), { timeout: 15_000 }).toHaveLength(3)
    // The cache is written after a quiet period, off the hot path: wait for it, not for a time.
    await expect.poll(() => alice.evaluate(() => localStorage.getItem('zim-chat.cache.cache-alice.m.0%3Acache-bob') ?? ''), { timeout: 15_000 })
      .toContain('cached message 3')
    await expect.poll(() => alice.evaluate(() => localStorage.getItem('zim-chat.cache.cache-alice.list') ?? ''), { timeout: 15_000 })
      .toContain('cached message 3')
    const saved = await alice.context().storageState()

    await service('stop')
    // The chat's address reloaded: its last messages from the cache, the banner saying why nothing is newer.
    await alice.reload()
    await expect.poll(() => texts(alice), { timeout: 15_000 }).toEqual([
      expect.stringContaining('cached message 1'), expect.stringContaining('cached message 2'), expect.stringContaining('cached message 3'),
    ])
    await banner(alice).waitFor({ timeout: 15_000 })
    expect(await banner(alice).getAttribute('data-state')).toMatch(/^(connecting|reconnecting|disconnected)$/)
    expect(await banner(alice).textContent()).toMatch(/connect|offline/i)

    // The app opened at its start page: the list painted from the cache, not the login form.
    await alice.goto(appUrl)
    await alice.reload()
    await listItem(alice, 'cache-bob').waitFor({ timeout: 15_000 })
    expect(await listItem(alice, 'cache-bob').textContent()).toContain('cached message 3')
    expect(await alice.locator('[data-testid="login-submit"]').count()).toBe(0)
    await banner(alice).waitFor({ timeout: 15_000 })
    await alice.screenshot({ path: join(shots, 'cache-offline-list.png') })

    // Phone size, zh/en × light/dark: the same cache in fresh contexts, the service still stopped.
    const browser = users.browser()
    for (const [lang, locale] of [['en', 'en-US'], ['zh', 'zh-CN']] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale, colorScheme, storageState: saved })
        const page = await context.newPage()
        const save = async (name: string) => {
          await page.evaluate(() => document.fonts.ready)
          const file = join(shots, `${name}-${lang}-${colorScheme}.png`)
          await page.screenshot({ path: file })
          if (process.env.UPDATE_SCREENSHOTS === '1') {
            mkdirSync(resolve('docs/screenshots'), { recursive: true })
            copyFileSync(file, resolve('docs/screenshots', `${name}-${lang}-${colorScheme}.png`))
          }
        }
        await page.goto(appUrl)
        await listItem(page, 'cache-bob').waitFor({ timeout: 15_000 })
        await banner(page).waitFor({ timeout: 15_000 })
        await save('cache-offline-list')
        await listItem(page, 'cache-bob').click()
        await expect.poll(() => texts(page), { timeout: 15_000 }).toHaveLength(3)
        await save('cache-offline-chat')
        await context.close()
      }
    }
  })
})
