import { computed, isReactive, toRaw } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { ConversationType, MessageSentStatus, MessageType } from '@/zim/constants'
import { conversationKey, useMessagesStore } from '@/stores'
import { labelOf } from '@/stores/messageView'
import { attached, incoming, sent } from './factories'

const BOB = conversationKey('bob', ConversationType.Peer)

let store: ReturnType<typeof useMessagesStore>
const list = () => store.listFor('bob', ConversationType.Peer)
const ids = () => list().map(e => e.messageID ?? `local:${e.localMessageID}`)

beforeEach(() => {
  setActivePinia(createPinia())
  store = useMessagesStore()
})

describe('one entry per message', () => {
  it('merges the attached copy and the send result, keeping the render key', () => {
    store.attach(attached('L1', 1000))
    const key = list()[0].key
    store.confirmSent(sent('L1', 'M1', 990, 10))
    expect(list()).toHaveLength(1)
    expect(list()[0]).toMatchObject({ key, localMessageID: 'L1', messageID: 'M1', status: 'sent', direction: 'out', orderKey: 10, timestamp: 990 })
  })

  it('keeps the send result when the attached copy arrives after it', () => {
    store.confirmSent(sent('L1', 'M1', 990, 10))
    store.attach(attached('L1', 1000))
    expect(list()).toHaveLength(1)
    expect(list()[0]).toMatchObject({ messageID: 'M1', status: 'sent', timestamp: 990, orderKey: 10 })
  })

  it('keeps one entry when both the new and the deprecated event deliver a message', () => {
    store.receive([incoming('M1', 1000, 10)])
    store.receive([incoming('M1', 1000, 10)])
    expect(list()).toHaveLength(1)
  })

  it('keeps one entry for a duplicate inside a single batch', () => {
    store.receive([incoming('M1', 1000, 10), incoming('M2', 2000, 20), incoming('M1', 1000, 10)])
    expect(ids()).toEqual(['M1', 'M2'])
  })

  it('merges a history page that overlaps live messages', () => {
    store.receive([incoming('M3', 3000, 30), incoming('M4', 4000, 40)])
    store.receive([incoming('M1', 1000, 10), incoming('M2', 2000, 20), incoming('M3', 3000, 30)])
    expect(ids()).toEqual(['M1', 'M2', 'M3', 'M4'])
  })

  it('matches a history copy of our own send by its localMessageID before the send result', () => {
    store.attach(attached('L1', 1000))
    store.receive([sent('L1', 'M1', 990, 10)]) // history copies of our sends carry direction Send
    expect(list()).toHaveLength(1)
    expect(list()[0]).toMatchObject({ messageID: 'M1', status: 'sent' })
    store.confirmSent(sent('L1', 'M1', 990, 10))
    expect(list()).toHaveLength(1)
  })

  it('matches a history copy without localMessageID by messageID', () => {
    store.attach(attached('L1', 1000))
    store.confirmSent(sent('L1', 'M1', 990, 10))
    store.receive([sent('', 'M1', 990, 10)])
    expect(list()).toHaveLength(1)
  })

  it('does not merge a received message that happens to share a local ID with our send', () => {
    store.attach(attached('L1', 1000))
    store.receive([incoming('M9', 1001, 90, { localMessageID: 'L1' })])
    expect(list()).toHaveLength(2)
    expect(list()[0]).toMatchObject({ localMessageID: 'L1', status: 'sending' })
  })

  it('keeps two own messages apart when their server IDs differ', () => {
    store.receive([sent('L1', 'M1', 1000, 10)])
    store.receive([sent('L1', 'M2', 2000, 20)]) // same local ID from another device
    expect(ids()).toEqual(['M1', 'M2'])
  })

  it('produces one entry for a failed send that is resent and confirmed', () => {
    store.attach(attached('L1', 1000))
    store.receive([incoming('M2', 2000, 20)])
    expect(store.markFailed('L1', BOB, { code: 6000104, message: 'network' })).toBe(true)
    expect(store.markResending('L1')).toBe(true)
    store.attach(attached('L1', 3000)) // the SDK keeps the local ID and restamps the time
    expect(ids()).toEqual(['M2', 'local:L1'])
    store.confirmSent(sent('L1', 'M3', 3010, 30))
    expect(ids()).toEqual(['M2', 'M3'])
    expect(list()[1].status).toBe('sent')
    expect(list()[1].error).toBeUndefined()
  })

  it('produces one entry when a failed send is taken and sent again as a new message', () => {
    store.attach(attached('L1', 1000, { message: 'again' }))
    expect(store.take('bob', ConversationType.Peer, 'L1')).toBeUndefined() // not failed yet
    store.markFailed('L1', BOB, { code: 6000104, message: 'network' })
    expect(store.take('bob', ConversationType.Peer, 'L1')?.text).toBe('again')
    expect(list()).toEqual([])
    store.attach(attached('L2', 2000, { message: 'again' }))
    store.confirmSent(sent('L2', 'M2', 2000, 20))
    expect(ids()).toEqual(['M2'])
    store.attach(attached('L1', 1000)) // a straggler for the taken copy starts a fresh entry, not a ghost merge
    expect(ids()).toEqual(['local:L1', 'M2'])
  })

  it('ignores messages it cannot place or match', () => {
    store.receive([incoming('M1', 1000, 10, { conversationID: '' }), incoming('', 1000, 10, { localMessageID: '' })])
    expect(store.byConversation).toEqual({})
  })
})

describe('ordering', () => {
  it('orders out-of-order arrivals by orderKey', () => {
    store.receive([incoming('M3', 3000, 30)])
    store.receive([incoming('M1', 1000, 10)])
    store.receive([incoming('M2', 2000, 20)])
    expect(ids()).toEqual(['M1', 'M2', 'M3'])
  })

  it('prefers orderKey over timestamp when both messages have one', () => {
    store.receive([incoming('M1', 2000, 10), incoming('M2', 1000, 20)])
    expect(ids()).toEqual(['M1', 'M2'])
  })

  it('falls back to timestamp when messages have no orderKey', () => {
    store.receive([incoming('M2', 2000, 0), incoming('M1', 1000, 0)])
    expect(ids()).toEqual(['M1', 'M2'])
  })

  it('prepends an older history page before what is there', () => {
    store.receive([incoming('M5', 5000, 50), incoming('M6', 6000, 60)])
    store.receive([incoming('M4', 4000, 40), incoming('M3', 3000, 30)]) // pages may come newest first
    expect(ids()).toEqual(['M3', 'M4', 'M5', 'M6'])
  })

  it('places a pending message by its time, after confirmed ones with the same time', () => {
    store.attach(attached('L1', 2000))
    store.receive([incoming('M1', 2000, 20), incoming('M0', 1000, 10), incoming('M3', 3000, 30)])
    expect(ids()).toEqual(['M0', 'M1', 'local:L1', 'M3'])
  })

  it('moves a confirmed send to its server position', () => {
    store.attach(attached('L1', 5000)) // client clock ahead of the server
    store.receive([incoming('M1', 4000, 40)])
    expect(ids()).toEqual(['M1', 'local:L1'])
    store.confirmSent(sent('L1', 'M0', 3000, 30))
    expect(ids()).toEqual(['M0', 'M1'])
  })

  it('appends in place in the common case rather than rebuilding the list', () => {
    store.receive([incoming('M1', 1000, 10)])
    const before = toRaw(store.byConversation[BOB])
    store.receive([incoming('M2', 2000, 20)])
    expect(toRaw(store.byConversation[BOB])).toBe(before)
    expect(ids()).toEqual(['M1', 'M2'])
  })

  it('keeps thousands of messages ordered when pages and live messages interleave', () => {
    const at = (n: number) => incoming(`M${n}`, 1000 + n, n)
    for (let n = 3001; n <= 6000; n++) store.receive([at(n)])
    for (let page = 2; page >= 0; page--) // pages overlap their neighbours by one
      store.receive(Array.from({ length: 1001 }, (_, i) => at(page * 1000 + i + 1)))
    const keys = list().map(e => e.orderKey!)
    expect(keys).toHaveLength(6000)
    expect(keys.every((k, i) => i === 0 || keys[i - 1] < k)).toBe(true)
  })
})

describe('send state', () => {
  it('goes from sending to failed, keeping the text for a resend', () => {
    store.attach(attached('L1', 1000, { message: 'keep me' }))
    store.markFailed('L1', BOB, { code: 6000104, message: 'network' })
    expect(list()[0]).toMatchObject({ status: 'failed', text: 'keep me', error: { code: 6000104, message: 'network' } })
  })

  it('ignores a late failure for a message already sent', () => {
    store.attach(attached('L1', 1000))
    store.confirmSent(sent('L1', 'M1', 1000, 10))
    expect(store.markFailed('L1', BOB, { code: 1, message: 'late' })).toBe(false)
    store.receive([sent('L1', 'M1', 1000, 10, { sentStatus: MessageSentStatus.Failed })])
    expect(list()[0].status).toBe('sent')
    expect(list()[0].error).toBeUndefined()
  })

  it('never lets a late sending copy downgrade sent', () => {
    store.confirmSent(sent('L1', 'M1', 1000, 10))
    store.attach(attached('L1', 1000))
    expect(list()[0].status).toBe('sent')
  })

  it('does not revive a failed message from a stale sending copy', () => {
    store.attach(attached('L1', 1000))
    store.markFailed('L1', BOB, { code: 6000104, message: 'network' })
    store.attach(attached('L1', 1000))
    expect(list()[0].status).toBe('failed')
  })

  it('accepts a copy proving a failed message was delivered after all', () => {
    store.attach(attached('L1', 1000))
    store.markFailed('L1', BOB, { code: 6000104, message: 'timeout' })
    store.receive([sent('L1', 'M1', 1000, 10)])
    expect(list()[0]).toMatchObject({ status: 'sent', messageID: 'M1' })
    expect(list()[0].error).toBeUndefined()
  })

  it('resends only from failed, once', () => {
    store.attach(attached('L1', 1000))
    expect(store.markResending('L1', BOB)).toBe(false) // still sending
    store.markFailed('L1', BOB, { code: 6000104, message: 'network' })
    expect(store.markResending('L1', BOB)).toBe(true)
    expect(list()[0].status).toBe('sending')
    expect(list()[0].error).toBeUndefined()
    expect(store.markResending('L1', BOB)).toBe(false) // double tap
    store.confirmSent(sent('L1', 'M1', 1000, 10))
    expect(store.markResending('L1', BOB)).toBe(false)
    expect(store.markResending('nope')).toBe(false)
  })

  it('marks a send failed from the message object as well', () => {
    const message = attached('L1', 1000)
    store.attach(message)
    expect(store.markFailed(message, { code: 6000104, message: 'network' })).toBe(true)
    expect(list()[0]).toMatchObject({ status: 'failed', error: { code: 6000104, message: 'network' } })
  })

  it('applies the SDK sent-status event, with its reason, but never after sent', () => {
    store.attach(attached('L1', 1000))
    store.applySentStatus(attached('L1', 1000, { sentStatus: MessageSentStatus.Failed }), 'network down')
    expect(list()[0]).toMatchObject({ status: 'failed', error: { message: 'network down' } })
    store.attach(attached('L2', 2000))
    store.confirmSent(sent('L2', 'M2', 2000, 20))
    store.applySentStatus(attached('L2', 2000, { sentStatus: MessageSentStatus.Failed }), 'late')
    expect(list()[1].status).toBe('sent')
    expect(list()[1].error).toBeUndefined()
  })

  it('finds a send by local ID only in the conversation named', () => {
    store.attach(attached('L1', 1000))
    expect(store.markFailed('L1', conversationKey('bob', ConversationType.Group), { code: 1, message: 'x' })).toBe(false)
    expect(list()[0].status).toBe('sending')
  })
})

describe('lists', () => {
  it('keeps a peer and a group with the same ID apart', () => {
    store.receive([incoming('M1', 1000, 10), incoming('G1', 1000, 10, { conversationType: ConversationType.Group })])
    expect(ids()).toEqual(['M1'])
    expect(store.listFor('bob', ConversationType.Group).map(e => e.messageID)).toEqual(['G1'])
  })

  it('keeps text for text-like messages; media have none and a label key by type', () => {
    store.receive([incoming('M1', 1000, 10, { message: 'hi' }), incoming('M2', 2000, 20, { type: MessageType.Image, message: undefined })])
    expect(list().map(e => [e.text, labelOf(e.type)])).toEqual([['hi', null], ['', 'messageType.image']])
  })

  it('keeps a snapshot of the raw message outside reactivity', () => {
    const message = attached('L1', 1000)
    store.attach(message)
    message.messageID = 'mutated by the SDK'
    expect(list()[0].raw?.messageID).toBe('')
    expect(isReactive(list()[0].raw)).toBe(false)
  })

  it('updates a computed view on confirmation and on a history page', () => {
    const view = computed(() => store.listFor('bob', ConversationType.Peer).map(e => `${e.messageID ?? e.localMessageID}:${e.status}`))
    expect(view.value).toEqual([])
    store.attach(attached('L1', 5000))
    expect(view.value).toEqual(['L1:sending'])
    store.confirmSent(sent('L1', 'M5', 5000, 50))
    expect(view.value).toEqual(['M5:sent'])
    store.receive([incoming('M1', 1000, 10)])
    expect(view.value).toEqual(['M1:sent', 'M5:sent'])
  })

  it('gives the oldest confirmed message as the next history anchor', () => {
    expect(store.oldestConfirmed('bob', ConversationType.Peer)).toBeUndefined()
    store.attach(attached('L0', 500))
    store.receive([incoming('M2', 2000, 20), incoming('M1', 1000, 10)])
    expect(store.oldestConfirmed('bob', ConversationType.Peer)?.messageID).toBe('M1')
  })

  it('forgets a removed conversation completely, lookups included', () => {
    store.receive([incoming('M1', 1000, 10)])
    store.removeConversation(BOB)
    expect(list()).toEqual([])
    store.receive([incoming('M1', 1000, 10)])
    expect(ids()).toEqual(['M1'])
  })

  it('$reset clears every list and lookup', () => {
    store.attach(attached('L1', 1000))
    store.$reset()
    expect(store.byConversation).toEqual({})
    expect(store.markResending('L1')).toBe(false)
    store.attach(attached('L1', 1000))
    expect(list()).toHaveLength(1)
  })

  it('rebuilds lookups for lists it did not build itself', () => {
    store.receive([incoming('M1', 1000, 10)])
    const pinia = createPinia()
    setActivePinia(pinia)
    pinia.state.value.messages = { byConversation: JSON.parse(JSON.stringify(store.byConversation)) }
    const restored = useMessagesStore()
    restored.receive([incoming('M1', 1000, 10)])
    expect(restored.listFor('bob', ConversationType.Peer)).toHaveLength(1)
  })
})
