// The local service's custom, command and combined messages, two and three
// users over the bare protocol: custom stored with subType and searchedContent; commands
// relayed to an online receiver only, never stored, never unread; combined messages'
// children uploaded first and readable only by members of a conversation they went into.
import { describe, expect, it } from 'vitest'
import type { ZIMConversation, ZIMMessage } from '../../src/zim/types'
import type { ProtocolClient } from './helpers/protocolClient'
import { ok, sendText, useTestServer } from './helpers/serverUsers'

const { users } = useTestServer({ dbPath: ':memory:' })

let n = 0
async function pair() {
  const i = ++n
  return { a: await users.loggedIn(`ca${i}`), b: await users.loggedIn(`cb${i}`), aID: `ca${i}`, bID: `cb${i}` }
}

const send = (c: ProtocolClient, to: string, message: Record<string, unknown>) =>
  c.request('send', { message, toConversationID: to, conversationType: 0, priority: 1 })

async function history(c: ProtocolClient, conversationID: string): Promise<ZIMMessage[]> {
  return ok<{ messageList: ZIMMessage[] }>(await c.request('queryHistory', { conversationID, conversationType: 0, count: 50, reverse: true })).messageList
}

async function conversation(c: ProtocolClient, id: string): Promise<ZIMConversation | undefined> {
  return ok<{ conversationList: ZIMConversation[] }>(await c.request('queryConversations', { count: 50 })).conversationList.find(x => x.conversationID === id)
}

const child = (text: string, sender: string, fields: Record<string, unknown> = {}) => ({ type: 1, message: text, senderUserID: sender, timestamp: 1, messageID: '9', ...fields })

describe('custom messages', () => {
  it('are stored and delivered with subType and searchedContent', async () => {
    const { a, b, aID, bID } = await pair()
    const card = { type: 200, message: '{"userID":"carol","name":"Carol"}', subType: 1, searchedContent: 'Carol' }
    const sent = ok<{ message: ZIMMessage }>(await send(a, bID, card)).message
    expect(sent).toMatchObject({ type: 200, subType: 1, searchedContent: 'Carol' })
    const pushed = await b.push('messages')
    expect(pushed.messageList[0]).toMatchObject({ type: 200, subType: 1, searchedContent: 'Carol', message: card.message, senderUserID: aID })
    expect((await history(b, aID)).map(m => (m as { subType?: number }).subType)).toEqual([1])
  })

  it('refuses a body over the 32 KB product limit naming the rule', async () => {
    const { a, bID } = await pair()
    const reply = await send(a, bID, { type: 200, message: 'x'.repeat(32 * 1024 + 1), subType: 0 })
    expect(reply).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('custom.maxBytes') })
  })
})

describe('command messages', () => {
  it('reach an online receiver and leave nothing behind: no history, no unread, no conversation', async () => {
    const { a, b, aID, bID } = await pair()
    const sent = ok<{ message: ZIMMessage }>(await send(a, bID, { type: 2, message: [123, 125] })).message
    expect(sent).toMatchObject({ type: 2, messageSeq: 0 })
    const pushed = await b.push('messages')
    expect(pushed.messageList[0]).toMatchObject({ type: 2, message: [123, 125], senderUserID: aID })
    expect(await history(a, bID)).toEqual([])
    expect(await history(b, aID)).toEqual([])
    expect(await conversation(b, aID)).toBeUndefined()
    expect(b.pending().filter(p => p.push === 'conversationChanged')).toEqual([])
  })

  it('in a group reach the members online and leave nothing behind', async () => {
    const a = await users.loggedIn('gcmda')
    const b = await users.loggedIn('gcmdb')
    ok(await a.request('createGroup', { groupID: 'cmd1', groupName: 'Cmd', groupAvatarUrl: '', userIDs: ['gcmdb'], groupNotice: '' }))
    ok(await a.request('send', { message: { type: 2, message: [116] }, toConversationID: 'cmd1', conversationType: 2, priority: 1 }))
    const pushed = await b.push('messages')
    expect(pushed).toMatchObject({ conversationType: 2, fromConversationID: 'cmd1' })
    expect(pushed.messageList[0]).toMatchObject({ type: 2, senderUserID: 'gcmda' })
    const list = ok<{ messageList: ZIMMessage[] }>(await b.request('queryHistory', { conversationID: 'cmd1', conversationType: 2, count: 50, reverse: true })).messageList
    expect(list).toEqual([])
  })

  it('to an offline receiver are dropped: the next login brings only the text', async () => {
    const { a, b, bID } = await pair()
    b.close()
    ok(await send(a, bID, { type: 2, message: [1] }))
    ok(await sendText(a, bID, 'after the signal'))
    const again = await users.loggedIn(bID)
    const page = await again.push('offlineMessages')
    expect(page.batches.flatMap(x => x.messageList).map(m => m.type)).toEqual([1])
    expect((await conversation(again, page.batches[0].fromConversationID))?.unreadMessageCount).toBe(1)
  })
})

describe('combined messages', () => {
  it('upload, send, and only members read the children', async () => {
    const { a, b, aID, bID } = await pair()
    const { combineID } = ok<{ combineID: string }>(await a.request('uploadCombine', { children: [child('one', aID), child('two', bID, { localMessageID: 'secret' })] }))
    const message = { type: 100, title: 'Chat history', summary: 'one\ntwo', combineID }
    const sent = ok<{ message: ZIMMessage }>(await send(a, bID, message)).message
    expect(sent).toMatchObject({ type: 100, title: 'Chat history', summary: 'one\ntwo', combineID })
    const pushed = await b.push('messages')
    expect(pushed.messageList[0]).toMatchObject({ type: 100, combineID, title: 'Chat history' })

    const detail = ok<{ messageList: ZIMMessage[] }>(await b.request('queryCombine', { combineID })).messageList
    expect(detail.map(m => (m as unknown as { message: string }).message)).toEqual(['one', 'two'])
    expect(detail[1]).toMatchObject({ senderUserID: bID, sentStatus: 1 })
    expect(detail[1]).not.toHaveProperty('localMessageID')

    const stranger = await users.loggedIn(`cx${n}`)
    expect(await stranger.request('queryCombine', { combineID })).toMatchObject({ ok: false, code: 6000007, message: expect.stringContaining('combine.notReadable') })
    // Nor can a stranger send it on as theirs.
    expect(await send(stranger, aID, message)).toMatchObject({ ok: false, code: 6000007 })
    // The receiver can forward it: the next conversation's members read it too.
    ok(await send(b, `cx${n}`, message))
    expect(await stranger.request('queryCombine', { combineID })).toMatchObject({ ok: true })
  })

  it('said in a room, is read by those in the room while they are in it, and by nobody else', async () => {
    const { a, b, aID } = await pair()
    const stranger = await users.loggedIn(`cx${n}`)
    const roomID = `cr${n}`
    ok(await a.request('enterRoom', { mode: 'create', roomID, roomName: 'R' }))
    ok(await b.request('enterRoom', { mode: 'enter', roomID, roomName: '' }))
    const { combineID } = ok<{ combineID: string }>(await a.request('uploadCombine', { children: [child('in the room', aID)] }))
    ok(await a.request('send', { message: { type: 100, title: 'T', summary: 'S', combineID }, toConversationID: roomID, conversationType: 1, priority: 1 }))
    expect(await b.request('queryCombine', { combineID })).toMatchObject({ ok: true })
    expect(await stranger.request('queryCombine', { combineID })).toMatchObject({ ok: false, code: 6000007 })
    ok(await b.request('leaveRoom', { roomID }))
    expect(await b.request('queryCombine', { combineID })).toMatchObject({ ok: false, code: 6000007 })
  })

  it('refuses children of the wrong types, an empty list, and a title or summary over the SDK limits', async () => {
    const { a, bID, aID } = await pair()
    for (const type of [2, 20, 31, 32, 30]) {
      const reply = await a.request('uploadCombine', { children: [child('x', aID, { type })] })
      expect(reply, `type ${type}`).toMatchObject({ ok: false, code: 6000001, message: expect.stringContaining('combine.childType') })
    }
    expect(await a.request('uploadCombine', { children: [] })).toMatchObject({ ok: false, message: expect.stringContaining('combine.children') })
    const { combineID } = ok<{ combineID: string }>(await a.request('uploadCombine', { children: [child('x', aID)] }))
    expect(await send(a, bID, { type: 100, title: 'x'.repeat(101), summary: 's', combineID })).toMatchObject({ ok: false, message: expect.stringContaining('combine.title') })
    expect(await send(a, bID, { type: 100, title: 't', summary: '字'.repeat(167), combineID })).toMatchObject({ ok: false, message: expect.stringContaining('combine.summary') })
    expect(await send(a, bID, { type: 100, title: 't', summary: 's' })).toMatchObject({ ok: false, message: expect.stringContaining('combine.children') })
  })
})
