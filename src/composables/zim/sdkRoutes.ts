// Where each SDK event goes: the session store, the connection machine, the other
// stores, the token renewal. The event router (eventRouter.ts) attaches this table.
import type { useConversationsStore } from '@/stores/conversations'
import type { useMessagesStore } from '@/stores/messages'
import type { useSessionStore } from '@/stores/session'
import { MessageSentStatus } from '@/zim/constants'
import type { ZIMMessage } from '@/zim/types'
import type { MachineInput } from './connectionMachine'
import type { Routes } from './eventRouter'

export interface SdkRoutesDeps {
  session: ReturnType<typeof useSessionStore>
  conversations: ReturnType<typeof useConversationsStore>
  messages: ReturnType<typeof useMessagesStore>
  /** Which SDK message events to listen to: never both sets, or messages arrive twice. */
  messageEvents: 'current' | 'deprecated'
  sendToMachine: (input: MachineInput) => void
  renewToken: () => Promise<void>
  /** Our copy of a message the SDK reports (see sdkSend.ts). */
  asOurs: (message: ZIMMessage) => ZIMMessage
  /** True while the outbox still holds (and will try again) the message with this id. */
  isPendingSend: (localMessageID: string) => boolean
  activeConversationID: () => string | undefined
  markActiveRead: () => Promise<void>
}

export function createSdkRoutes(deps: SdkRoutesDeps): Routes {
  const { session, conversations, messages } = deps

  const received = (data: { messageList: ZIMMessage[] }) => {
    messages.receive(data.messageList)
    // Arriving in the chat on screen means read: the unread count must not grow.
    const open = deps.activeConversationID()
    if (open !== undefined && data.messageList.some(m => m.conversationID === open))
      void deps.markActiveRead()
  }

  const messageRoutes: Routes = deps.messageEvents === 'deprecated'
    ? { receivePeerMessage: received, receiveRoomMessage: received, receiveGroupMessage: received }
    : { peerMessageReceived: received, roomMessageReceived: received, groupMessageReceived: received }

  return {
    error: (err) => {
      session.setError({ code: err.code, message: err.message })
    },
    connectionStateChanged: ({ state, event }) => {
      session.$patch({ rawState: state, rawEvent: event })
      deps.sendToMachine({ type: 'sdkState', state, event })
    },
    tokenWillExpire: () => {
      void deps.renewToken()
    },
    conversationChanged: ({ infoList }) => {
      conversations.applyChanges(infoList)
    },
    messageSentStatusChanged: ({ infos }) => {
      for (const info of infos) {
        const message = deps.asOurs(info.message)
        // A transient failure of an outbox send: the outbox tries again; it decides "failed".
        if (info.status === MessageSentStatus.Failed && message.localMessageID && deps.isPendingSend(message.localMessageID))
          continue
        messages.applySentStatus(message, info.reason)
      }
    },
    ...messageRoutes,
  }
}
