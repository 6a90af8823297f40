// The H5 build in Chromium while the local service goes away and comes back (stopped
// and started again on the same port, same database, through the harness's loopback
// control endpoint; see globalSetup.ts).
import { join } from 'node:path'
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

/** The banner is on screen and nothing (the H5 navigation bar) covers it. */
function bannerUncovered(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="connection-banner"]')
    if (!el)
      return false
    const r = el.getBoundingClientRect()
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
    return r.height > 0 && hit !== null && el.contains(hit)
  })
}

describe('offline and back in the H5 build', () => {
  const users = userBrowser(shots)
  const newUserPage = () => users.newUserPage()

  beforeAll(() => users.open())

  afterEach(async () => {
    // Whatever happened, the next test file finds the service running.
    await service('start')
  })

  afterAll(() => users.close())

  it('the banner shows while the service is gone and clears when it returns; a message typed offline is delivered', async () => {
    const alice = await newUserPage()
    const bob = await newUserPage()
    await signIn(alice, appUrl, 'offline-alice', 'Alice')
    await signIn(bob, appUrl, 'offline-bob', 'Bob')
    expect(await banner(alice).count()).toBe(0)
    expect(await banner(bob).count()).toBe(0)

    await typeInto(alice, 'new-chat-input', 'offline-bob')
    await tap(alice, 'new-chat-submit')
    await alice.locator('[data-testid="message-input"]').waitFor()

    // The service goes away: both apps say so (Alice in the chat, Bob on his list).
    await service('stop')
    await banner(alice).waitFor({ timeout: 15_000 })
    await banner(bob).waitFor({ timeout: 15_000 })
    expect(await banner(alice).getAttribute('data-state')).toMatch(/^(reconnecting|disconnected)$/)
    expect(await banner(alice).textContent()).toMatch(/connect|offline/i)

    // Alice writes anyway: the message is there at once, waiting.
    await typeInto(alice, 'message-input', 'typed while the service was down')
    await tap(alice, 'message-send')
    const mine = alice.locator('[data-testid="message-item"][data-direction="out"]').last()
    await expect.poll(() => mine.getAttribute('data-status')).toBe('sending')
    expect(await mine.textContent()).toContain('typed while the service was down')
    expect(await alice.locator('[data-testid="message-resend"]').count()).toBe(0)
    expect(await bannerUncovered(alice)).toBe(true)
    expect(await bannerUncovered(bob)).toBe(true)
    await alice.screenshot({ path: join(shots, 'offline-alice-sending.png') })

    // The service comes back: the banners clear and the message goes out.
    const back = Date.now()
    await service('start')
    await expect.poll(() => banner(alice).count(), { timeout: 45_000 }).toBe(0)
    await expect.poll(() => mine.getAttribute('data-status'), { timeout: 45_000 }).toBe('sent')
    await expect.poll(() => banner(bob).count(), { timeout: 45_000 }).toBe(0)
    console.info(`e2e offline: banner cleared and message sent ${((Date.now() - back) / 1000).toFixed(1)} s after the service came back`)

    // Bob receives it, once.
    const fromAlice = bob.locator('[data-testid="conversation-item"][data-conversation-id="offline-alice"]')
    await fromAlice.waitFor({ timeout: 30_000 })
    expect(await fromAlice.textContent()).toContain('typed while the service was down')
    await fromAlice.click()
    const incoming = bob.locator('[data-testid="message-item"][data-direction="in"]')
    await expect.poll(() => incoming.count()).toBe(1)
    expect(await incoming.first().textContent()).toContain('typed while the service was down')
    expect(await alice.locator('[data-testid="message-item"][data-direction="out"]').count()).toBe(1)
    await bob.screenshot({ path: join(shots, 'offline-bob-received.png') })
  })
})
