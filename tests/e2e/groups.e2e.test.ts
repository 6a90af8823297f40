// Three users in a group in the H5 build against the local service: Alice creates it with
// Bob and Carol, all three exchange messages (names at each run, "Alice: …" previews, the
// count in the title), then Carol leaves: her chat turns read-only and says why, the others
// see two members, and what they send next does not reach her. Rooms: two users, the live
// count, a message, a barrage, and leaving. UPDATE_SCREENSHOTS=1 writes the group-/room-
// screenshots (390x844, zh/en × light/dark) to docs/screenshots.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { field, signIn, tap, typeInto, userBrowser } from './browser'

const appUrl = inject('appUrl')
const shots = inject('screenshotDir')

const item = (page: Page, id: string) => page.locator(`[data-testid="conversation-item"][data-conversation-id="${id}"]`)
const rows = (page: Page) => page.locator('[data-testid="message-item"]')
const texts = (page: Page) => rows(page).allTextContents()

async function send(page: Page, text: string): Promise<void> {
  await typeInto(page, 'message-input', text)
  await tap(page, 'message-send')
  await expect.poll(async () => (await page.locator('[data-testid="message-item"][data-direction="out"]').last().getAttribute('data-status'))).toBe('sent')
}

/** The group's ID, from the chat address the create page opened. */
function groupIDOf(page: Page): string {
  const match = /[?&]id=([^&]+)/.exec(page.url())
  if (!match)
    throw new Error(`no group ID in ${page.url()}`)
  return decodeURIComponent(match[1])
}

async function createGroup(page: Page, name: string, members: string): Promise<string> {
  await tap(page, 'new-group')
  await typeInto(page, 'group-name-input', name)
  await typeInto(page, 'group-members-input', members)
  await tap(page, 'group-create-submit')
  await field(page, 'message-input').waitFor()
  await expect.poll(() => page.url()).toContain('type=2')
  return groupIDOf(page)
}

describe('three users in a group', () => {
  const users = userBrowser(shots)
  beforeAll(() => users.open())
  afterAll(() => users.close())

  it('create, exchange messages, and one leaves', async () => {
    const [alice, bob, carol] = [await users.newUserPage(), await users.newUserPage(), await users.newUserPage()]
    await signIn(alice, appUrl, 'g-alice', 'Alice')
    await signIn(bob, appUrl, 'g-bob', 'Bob')
    await signIn(carol, appUrl, 'g-carol', 'Carol')

    // A member ID that breaks ZIM's rules is refused in words, naming it.
    await tap(alice, 'new-group')
    await typeInto(alice, 'group-name-input', 'Hikers')
    await typeInto(alice, 'group-members-input', 'g-bob, not*valid')
    await tap(alice, 'group-create-submit')
    expect(await alice.locator('[data-testid="group-members-error"]').textContent()).toContain('not*valid')
    await alice.goBack()

    const groupID = await createGroup(alice, 'Hikers', 'g-bob, g-carol')
    await expect.poll(async () => (await alice.title()) + (await alice.locator('[data-testid="group-chat-count"]').allTextContents()).join('')).toContain('3')
    await send(alice, 'Hello team')

    // Bob, then Carol, find the group in their lists (type 2, "Name: last message") and answer.
    const answers = [[bob, 'Alice: Hello team', 'Hi from Bob'], [carol, 'Bob: Hi from Bob', 'Carol here']] as const
    for (const [page, preview, text] of answers) {
      const group = item(page, groupID)
      await group.waitFor()
      expect(await group.getAttribute('data-conversation-type')).toBe('2')
      await expect.poll(async () => (await group.locator('.preview').allTextContents()).join('')).toContain(preview)
      await group.click()
      await expect.poll(async () => (await texts(page)).at(-1)).toContain(preview.split(': ')[1])
      await send(page, text)
    }

    // Everyone sees everything once, in order, each run under its sender's name.
    for (const page of [alice, bob, carol]) {
      await expect.poll(() => rows(page).count()).toBe(3)
      const all = await texts(page)
      expect(all[0]).toContain('Hello team')
      expect(all[1]).toContain('Hi from Bob')
      expect(all[2]).toContain('Carol here')
    }
    const senders = await alice.locator('[data-testid="message-item"][data-direction="in"] .sender').allTextContents()
    expect(senders).toEqual(['Bob', 'Carol'])

    // Carol leaves from the group's info page (a second, explicit tap).
    await tap(carol, 'group-info')
    await expect.poll(() => carol.locator('[data-testid="group-member-item"]').count()).toBe(3)
    await tap(carol, 'group-leave')
    await tap(carol, 'group-confirm')
    await carol.locator('[data-testid="group-ended"]').waitFor()
    expect(await carol.locator('[data-testid="group-ended"]').textContent()).toContain('You left this group')
    expect(await field(carol, 'message-input').isDisabled()).toBe(true)

    // The others see two members; what they send next does not reach Carol.
    await tap(alice, 'group-info')
    await expect.poll(() => alice.locator('[data-testid="group-member-item"]').count()).toBe(2)
    expect(await alice.locator('[data-testid="group-member-item"][data-user-id="g-carol"]').count()).toBe(0)
    await alice.goBack()
    await send(alice, 'Carol has gone')
    await expect.poll(() => rows(bob).count()).toBe(4)
    // Bob's own send is the barrier: once it reached Alice, Alice's earlier one reached everyone it was for.
    await send(bob, 'Indeed')
    await expect.poll(() => rows(alice).count()).toBe(5)
    expect(await rows(carol).count()).toBe(3)
    await alice.screenshot({ path: join(shots, 'group-chat-alice.png') })
    await carol.screenshot({ path: join(shots, 'group-chat-carol-left.png') })
  })
})

describe('a room', () => {
  const users = userBrowser(shots)
  beforeAll(() => users.open())
  afterAll(() => users.close())

  it('two users enter by ID, see the live count, exchange text and barrage, and leave', async () => {
    const [dan, eve] = [await users.newUserPage(), await users.newUserPage()]
    await signIn(dan, appUrl, 'r-dan', 'Dan')
    await signIn(eve, appUrl, 'r-eve', 'Eve')
    const count = (page: Page) => page.locator('[data-testid="room-member-count"]').getAttribute('data-count')
    for (const page of [dan, eve]) {
      await typeInto(page, 'room-id-input', 'e2e-lobby')
      await tap(page, 'room-enter')
      await field(page, 'message-input').waitFor()
    }
    await expect.poll(() => count(dan)).toBe('2')
    await expect.poll(() => count(eve)).toBe('2')
    await send(dan, 'Welcome to the lobby')
    await expect.poll(() => texts(eve)).toEqual([expect.stringContaining('Welcome to the lobby')])
    await tap(eve, 'room-mode-barrage')
    await send(eve, 'woohoo')
    await expect.poll(() => dan.locator('[data-testid="message-item"][data-type="barrage"]').count()).toBe(1)
    await tap(eve, 'room-leave')
    await dan.locator('[data-testid="room-member-count"][data-count="1"]').waitFor()
    // A room keeps nothing in the conversation list.
    await expect.poll(() => eve.locator('[data-testid="conversation-item"][data-conversation-type="1"]').count()).toBe(0)
  })
})

describe('screenshots of the group and room pages', () => {
  const users = userBrowser(shots)
  beforeAll(() => users.open())
  afterAll(() => users.close())

  it('create-group, group chat, group info and room at 390x844, zh/en × light/dark', async () => {
    const host = await users.newUserPage()
    await signIn(host, appUrl, 's-host', 'Hana')
    const readers = { 'en-light': 's-en-l', 'en-dark': 's-en-d', 'zh-light': 's-zh-l', 'zh-dark': 's-zh-d' } as const
    const browser = (host.context().browser())!
    for (const [lang, locale] of [['en', 'en-US'], ['zh', 'zh-CN']] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const reader = readers[`${lang}-${colorScheme}`]
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale, colorScheme })
        const page = await context.newPage()
        await signIn(page, appUrl, reader, lang === 'zh' ? '小明' : 'Sam')
        const shot = async (name: string) => {
          const file = join(shots, `${name}-${lang}-${colorScheme}.png`)
          await page.screenshot({ path: file })
          if (process.env.UPDATE_SCREENSHOTS === '1') {
            mkdirSync(resolve('docs/screenshots'), { recursive: true })
            copyFileSync(file, resolve('docs/screenshots', `${name}-${lang}-${colorScheme}.png`))
          }
        }
        await tap(page, 'new-group')
        await typeInto(page, 'group-name-input', lang === 'zh' ? '周末徒步' : 'Weekend hiking')
        await typeInto(page, 'group-members-input', 's-host, bad*id')
        await tap(page, 'group-create-submit')
        await page.locator('[data-testid="group-members-error"]').waitFor()
        await shot('group-create')
        await typeInto(page, 'group-members-input', 's-host')
        await tap(page, 'group-create-submit')
        await expect.poll(() => page.url()).toContain('type=2')
        const groupID = groupIDOf(page)
        await send(page, lang === 'zh' ? '周六早上九点出发？' : 'Leaving Saturday at 9?')
        // The host answers in the group, so the chat shows both sides with a name.
        await host.reload()
        await item(host, groupID).click()
        await send(host, lang === 'zh' ? '好的，我带水。' : 'Sounds good, I will bring water.')
        await host.goBack()
        await expect.poll(() => rows(page).count()).toBe(2)
        await shot('group-chat')
        await tap(page, 'group-info')
        await expect.poll(() => page.locator('[data-testid="group-member-item"]').count()).toBe(2)
        await shot('group-info')
        await page.goBack()
        await page.goBack()
        await item(page, groupID).waitFor()
        await shot('group-list')
        await typeInto(page, 'room-id-input', `shot-${lang}-${colorScheme}`)
        await tap(page, 'room-enter')
        await page.locator('[data-testid="room-member-count"][data-count="1"]').waitFor()
        await send(page, lang === 'zh' ? '大家好！' : 'Hello, room!')
        await tap(page, 'room-mode-barrage')
        await send(page, lang === 'zh' ? '弹幕来了' : 'Barrage!')
        await shot('room')
        await context.close()
      }
    }
  })
})
