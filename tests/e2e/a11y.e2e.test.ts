// axe-core on every page of the H5 build, in both themes, at a phone's size: no serious or
// critical violation. The counts per page are printed for the release note. Also: the
// keyboard reaches every action, with a visible focus ring.
import axe from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { field, launch, signIn, tap, typeInto } from './browser'

const appUrl = inject('appUrl')
const PHONE = { width: 390, height: 844 }

interface AxeResult { id: string, impact: string | null, nodes: { target: string[] }[] }

const READER = { light: 'frank', dark: 'gina' } as const

let browser: Browser
const contexts: BrowserContext[] = []

async function phone(colorScheme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-US', colorScheme })
  contexts.push(context)
  return context.newPage()
}

/** axe's violations on the page as it is now, with the counts printed. */
async function audit(page: Page, name: string): Promise<AxeResult[]> {
  await page.addScriptTag({ content: axe.source })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeResult[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => ({ target: n.target })) }))
  })
  const count = (impact: string) => violations.filter(v => v.impact === impact).reduce((n, v) => n + v.nodes.length, 0)
  console.info(`axe ${name}: critical ${count('critical')}, serious ${count('serious')}, moderate ${count('moderate')}, minor ${count('minor')} (${[...new Set(violations.map(v => v.id))].join(', ') || 'none'})`)
  return violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
}

beforeAll(async () => {
  browser = await launch()
  // Someone to talk to, so the chat page has messages in both directions (one reader per theme).
  const erin = await phone('light')
  await signIn(erin, appUrl, 'erin', 'Erin')
  for (const scheme of ['light', 'dark'] as const) {
    await typeInto(erin, 'new-chat-input', READER[scheme])
    await tap(erin, 'new-chat-submit')
    await typeInto(erin, 'message-input', 'Hi, can you read this?')
    await tap(erin, 'message-send')
    await erin.locator('[data-testid="message-item"][data-status="sent"]').waitFor()
    await erin.goBack()
  }
  await erin.context().close()
})

afterAll(async () => {
  for (const context of contexts)
    await context.close()
  await browser?.close()
})

describe.each(['light', 'dark'] as const)('axe-core, %s theme', (scheme) => {
  it('login, conversations and chat have no serious or critical violation', async () => {
    const page = await phone(scheme)
    await page.goto(appUrl)
    await page.locator('[data-testid="login-submit"]').waitFor()
    expect(await audit(page, `login ${scheme}`)).toEqual([])

    // A refused sign-in: the error is shown and tied to its field.
    await tap(page, 'login-submit')
    await page.locator('[data-testid="login-user-id-error"]').waitFor()
    expect(await audit(page, `login-error ${scheme}`)).toEqual([])

    await signIn(page, appUrl, READER[scheme], READER[scheme])
    await page.locator('[data-testid="conversation-item"][data-conversation-id="erin"]').waitFor()
    expect(await audit(page, `conversations ${scheme}`)).toEqual([])

    await page.locator('[data-testid="conversation-item"][data-conversation-id="erin"]').click()
    await page.locator('[data-testid="message-item"]').first().waitFor()
    await typeInto(page, 'message-input', 'Yes, loud and clear')
    await tap(page, 'message-send')
    await page.locator('[data-testid="message-item"][data-direction="out"][data-status="sent"]').waitFor()
    expect(await audit(page, `chat ${scheme}`)).toEqual([])

    await tap(page, 'emoji-button')
    await page.locator('[data-testid="emoji-item"]').first().waitFor()
    expect(await audit(page, `chat-emoji ${scheme}`)).toEqual([])
  })
})

describe.each(['light', 'dark'] as const)('axe-core on the group and room pages, %s theme', (scheme) => {
  it('create group (with an error), group chat, group info and room have no serious or critical violation', async () => {
    const page = await phone(scheme)
    await signIn(page, appUrl, `${READER[scheme]}-g`, 'Gus')
    await tap(page, 'new-group')
    await typeInto(page, 'group-name-input', 'Readers')
    await typeInto(page, 'group-members-input', 'erin, bad*id')
    await tap(page, 'group-create-submit')
    await page.locator('[data-testid="group-members-error"]').waitFor()
    expect(await audit(page, `group-create ${scheme}`)).toEqual([])
    await typeInto(page, 'group-members-input', 'erin')
    await tap(page, 'group-create-submit')
    await field(page, 'message-input').waitFor()
    await typeInto(page, 'message-input', 'Welcome, readers')
    await tap(page, 'message-send')
    await page.locator('[data-testid="message-item"][data-direction="out"][data-status="sent"]').waitFor()
    expect(await audit(page, `group-chat ${scheme}`)).toEqual([])
    await tap(page, 'group-info')
    await page.locator('[data-testid="group-member-item"]').first().waitFor()
    expect(await audit(page, `group-info ${scheme}`)).toEqual([])
    await tap(page, 'group-leave')
    await page.locator('[data-testid="group-confirm"]').waitFor()
    expect(await audit(page, `group-info-confirm ${scheme}`)).toEqual([])
    await tap(page, 'group-confirm')
    await page.locator('[data-testid="group-ended"]').waitFor()
    expect(await audit(page, `group-chat-read-only ${scheme}`)).toEqual([])
    await page.goBack()
    await typeInto(page, 'room-id-input', `a11y-${scheme}`)
    await tap(page, 'room-enter')
    await page.locator('[data-testid="room-member-count"][data-count="1"]').waitFor()
    await typeInto(page, 'message-input', 'Hello room')
    await tap(page, 'message-send')
    await page.locator('[data-testid="message-item"][data-status="sent"]').waitFor()
    expect(await audit(page, `room ${scheme}`)).toEqual([])
  })
})

describe('the keyboard', () => {
  it('reaches the composer\'s actions with Tab, presses them with Enter/Space, and shows a focus ring', async () => {
    const page = await phone('light')
    await signIn(page, appUrl, 'grace', 'Grace')
    await typeInto(page, 'new-chat-input', 'heidi')
    await page.keyboard.press('Tab')
    const focused = () => page.evaluate(() => (document.activeElement?.closest('[data-testid]') as HTMLElement | null)?.dataset.testid ?? '')
    expect(await focused()).toBe('new-chat-submit')
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
    expect(ring).toBe('solid')
    await page.keyboard.press('Enter')
    await field(page, 'message-input').waitFor()
    await field(page, 'message-input').focus()
    await page.keyboard.press('Shift+Tab')
    expect(await focused()).toBe('emoji-button')
    await page.keyboard.press('Space')
    await page.locator('[data-testid="emoji-item"]').first().waitFor()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('message-send')
  })
})
