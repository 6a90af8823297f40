import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { signIn, tap, typeInto, userBrowser } from './browser'

const appUrl = inject('appUrl')
const shots = inject('screenshotDir')

describe('two users chatting in the H5 build', () => {
  const users = userBrowser(shots)
  const newUserPage = () => users.newUserPage()

  beforeAll(() => users.open())

  afterAll(() => users.close())

  it('exchanges messages both ways with live updates and an unread badge', async () => {
    const alice = await newUserPage()
    const bob = await newUserPage()
    await signIn(alice, appUrl, 'alice', 'Alice')
    await signIn(bob, appUrl, 'bob', 'Bob')

    // Bob starts a chat with Alice and sends a message.
    await typeInto(bob, 'new-chat-input', 'alice')
    await tap(bob, 'new-chat-submit')
    await typeInto(bob, 'message-input', 'Hi Alice, this is Bob')
    await tap(bob, 'message-send')
    const bobsMessage = bob.locator('[data-testid="message-item"][data-direction="out"]').last()
    await expect.poll(() => bobsMessage.getAttribute('data-status')).toBe('sent')

    // Alice sees the conversation appear live, with one unread message.
    const fromBob = alice.locator('[data-testid="conversation-item"][data-conversation-id="bob"]')
    await fromBob.waitFor()
    await expect.poll(() => fromBob.locator('[data-testid="conversation-unread"]').textContent()).toBe('1')
    expect(await fromBob.textContent()).toContain('Hi Alice, this is Bob')
    await alice.screenshot({ path: join(shots, 'alice-conversations.png') })

    // Opening it shows the message and clears the badge.
    await fromBob.click()
    const incoming = alice.locator('[data-testid="message-item"][data-direction="in"]')
    await expect.poll(() => incoming.count()).toBe(1)
    expect(await incoming.first().textContent()).toContain('Hi Alice, this is Bob')

    // Alice replies; Bob, who still has the chat open, sees it arrive live.
    await typeInto(alice, 'message-input', 'Hello Bob!')
    await tap(alice, 'message-send')
    const bobIncoming = bob.locator('[data-testid="message-item"][data-direction="in"]')
    await expect.poll(() => bobIncoming.count()).toBe(1)
    expect(await bobIncoming.first().textContent()).toContain('Hello Bob!')
    await bob.screenshot({ path: join(shots, 'bob-chat.png') })

    await alice.goBack()
    const badge = alice.locator('[data-testid="conversation-item"][data-conversation-id="bob"] [data-testid="conversation-unread"]')
    await expect.poll(() => badge.count()).toBe(0)

    // A reload keeps Alice signed in (a fresh token is fetched) with her conversation and history.
    await alice.reload()
    const again = alice.locator('[data-testid="conversation-item"][data-conversation-id="bob"]')
    await again.waitFor()
    await again.click()
    await expect.poll(() => alice.locator('[data-testid="message-item"]').count()).toBe(2)
  })
})
