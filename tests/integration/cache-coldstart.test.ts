// A cold start from the local cache against the real local service: the list and the chat
// are there before the login finishes, then what the service sends is merged in — nothing
// doubled, nothing stale (a message deleted on another device, one recalled by its sender).
import { nextTick } from 'vue'
import { describe, expect, it } from 'vitest'
import { memoryStorage } from '@/composables/zim/persistence'
import { ConversationType, MessageType } from '@/zim/constants'
import type { ZIMMessage } from '@/zim/types'
import { until } from '../helpers/wait'
import { useEngineUsers } from './helpers/engineUsers'

const PEER = ConversationType.Peer
const { app, signedIn, user } = useEngineUsers()

describe('cold start from the cache', () => {
  it('paints the cached list and chat before the login, then merges the service without doubles or stale messages', async () => {
    const [aID, bID, cID] = [user('alice'), user('bob'), user('carol')]
    const storage = memoryStorage()
    const b = await signedIn(bID)
    const c = await signedIn(cID)
    const before = await signedIn(aID, { storage })
    const sent: ZIMMessage[] = []
    for (let i = 1; i <= 5; i++)
      sent.push(await b.engine.sendText(aID, `b${i}`))
    await c.engine.sendText(aID, 'from carol')
    await before.engine.openConversation(bID, PEER)
    await until(() => before.messages.listFor(bID, PEER).length === 5, 'alice has the 5 messages')
    await until(() => before.conversations.ordered.length === 2, 'alice lists both conversations')
    // A draft left in carol's chat: its own key, read back before the cached list is painted.
    before.engine.drafts.save(cID, PEER, 'half a thought')
    await nextTick()
    before.engine.cache.flushNow()
    expect(before.engine.cache.size().keys).toBe(4) // the list, bob's and carol's messages, the index

    // Meanwhile, on alice's other device: b2 is deleted for her; bob recalls b3 and writes b6.
    const other = await signedIn(aID)
    await until(() => before.session.connection === 'kickedOut', 'the first device is signed out')
    const hers = before.messages.listFor(bID, PEER)[1].raw!
    await other.sdk()!.deleteMessages([hers], bID, PEER, { isAlsoDeleteServerMessage: true })
    await b.sdk()!.revokeMessage(sent[2], { revokeExtendedData: '' })
    await b.engine.sendText(aID, 'b6')

    // The reload: a new app instance over the same storage, the remembered user signed back in.
    const after = app({ storage })
    const restoring = after.engine.restoreSession()
    expect(after.session.connection).not.toBe('connected')
    expect(after.conversations.ordered.map(x => x.conversationID).sort()).toEqual([bID, cID].sort())
    // The draft's conversation is the cached one (its last message and unread), not an empty row.
    expect((after.conversations.get(cID, PEER)?.lastMessage as { message?: string } | undefined)?.message).toBe('from carol')
    expect(after.conversations.get(cID, PEER)?.unreadMessageCount).toBe(1)
    const opening = after.engine.openConversation(bID, PEER)
    expect(after.messages.listFor(bID, PEER).map(e => e.text)).toEqual(['b1', 'b2', 'b3', 'b4', 'b5'])

    expect(await restoring).toBe(true)
    await opening
    await until(() => after.messages.listFor(bID, PEER).some(e => e.text === 'b6'), 'b6 arrives')
    await until(() => !after.messages.listFor(bID, PEER).some(e => e.messageID === sent[1].messageID), 'the deleted b2 goes')
    const list = after.messages.listFor(bID, PEER)
    const ids = list.map(e => e.messageID)
    expect(new Set(ids).size).toBe(ids.length)
    expect(list.map(e => (e.revoked ? 'recalled' : e.text))).toEqual(['b1', 'recalled', 'b4', 'b5', 'b6'])
    expect(list.find(e => e.revoked)?.type).toBe(MessageType.Revoke)
    expect(after.conversations.ordered).toHaveLength(2)
  })

  it('logout forgets the cache: the next user of the device sees nothing of it', async () => {
    const [aID, bID] = [user('alice'), user('bob')]
    const storage = memoryStorage()
    const b = await signedIn(bID)
    const a = await signedIn(aID, { storage })
    await b.engine.sendText(aID, 'hello')
    await until(() => a.conversations.ordered.length === 1, 'alice lists bob')
    await nextTick()
    a.engine.cache.flushNow()
    expect(a.engine.cache.size().keys).toBeGreaterThan(1)
    a.engine.logout()
    expect(a.engine.cache.size()).toEqual({ bytes: 0, keys: 0 })
    const probe = app({ storage })
    expect(await probe.engine.restoreSession()).toBe(false)
    expect(probe.conversations.ordered).toEqual([])
  })
})
