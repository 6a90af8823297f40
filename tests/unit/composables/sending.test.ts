// sending: what a typed message becomes before the outbox has it, and which kind it is.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, expect, it, vi } from 'vitest'
import { createMessageSync } from '@/composables/zim/messageSync'
import type { createOutbox, OutboxItem } from '@/composables/zim/outbox'
import { createSending } from '@/composables/zim/sending'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { MessageType } from '@/zim/constants'
import type { ZIMMessage } from '@/zim/types'

let queued: OutboxItem[]
let sending: ReturnType<typeof createSending>

beforeEach(() => {
  setActivePinia(createPinia())
  queued = []
  const outbox = { enqueue: vi.fn((item: OutboxItem) => { queued.push(item); return new Promise<ZIMMessage>(() => {}) }) }
  sending = createSending({
    sync: createMessageSync({ messages: useMessagesStore(), conversations: useConversationsStore() }),
    outbox: outbox as unknown as ReturnType<typeof createOutbox>,
    currentUserID: () => 'me',
    canQueue: () => true,
  })
})

it('a text is a text; an image goes through an upload', () => {
  void sending.sendText('bob', 'hi')
  void sending.send({ type: MessageType.Image, fileLocalPath: '/a.png' } as ZIMMessage, 'bob')
  expect(queued.map(i => i.kind)).toEqual(['text', 'upload'])
})

it('shows the message at once, as ours and sending, before the outbox has sent anything', () => {
  void sending.sendText('bob', 'hi')
  expect(useMessagesStore().listFor('bob', 0)).toMatchObject([{ direction: 'out', status: 'sending', text: 'hi', senderUserID: 'me' }])
  expect(queued[0].message).toEqual({ type: MessageType.Text, message: 'hi' })
})
