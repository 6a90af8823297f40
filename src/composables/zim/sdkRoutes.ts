// Where each SDK event goes: the session store, the connection machine, messageSync (the
// one writer of messages), the conversations store, the token renewal. The event router
// (eventRouter.ts) attaches this table.
import type { useConversationsStore } from '@/stores/conversations'
import type { useSessionStore } from '@/stores/session'
import { ConversationEvent, MessageSentStatus, MessageType } from '@/zim/constants'
import type { ZIMMessage } from '@/zim/types'
import type { MachineInput } from './connectionMachine'
import type { Routes } from './eventRouter'
import type { Groups } from './groups'
import type { MessageSync } from './messageSync'
import { type Presence, splitCommands } from './presence'
import type { Rooms } from './rooms'

export interface SdkRoutesDeps {
  session: ReturnType<typeof useSessionStore>
  conversations: ReturnType<typeof useConversationsStore>
  sync: MessageSync
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
  /** Command messages (typing) go here, never to messageSync. */
  presence: Presence
  /** Group and room events (issue 11); without them those events are not listened to. */
  groupEvents?: Groups['events']
  roomEvents?: Rooms['events']
}

/** Groups: state, members, info. Group messages come with the message routes. */
function groupRoutes(events: Groups['events']): Routes {
  return {
    groupStateChanged: events.onGroupState,
    groupMemberStateChanged: events.onMemberState,
    groupMemberInfoUpdated: events.onMemberInfo,
    groupNameUpdated: events.onName,
    groupNoticeUpdated: events.onNotice,
  }
}

/** Rooms: state and members. Room messages come with the message routes. */
function roomRoutes(events: Rooms['events']): Routes {
  return {
    roomStateChanged: events.onRoomState,
    roomMemberJoined: events.onMemberJoined,
    roomMemberLeft: events.onMemberLeft,
  }
}

export function createSdkRoutes(deps: SdkRoutesDeps): Routes {
  const { session, conversations, sync } = deps

  const received = (data: { messageList: ZIMMessage[] }) => {
    // commands are signals (presence), never rows, never read or unread.
    const { commands, messages } = splitCommands(data.messageList)
    if (commands.length)
      deps.presence.onCommands(commands)
    if (!messages.length)
      return
    deps.presence.onMessages(messages)
    sync.report({ type: 'received', messages })
    // Arriving in the chat on screen means read: the unread count must not grow.
    const open = deps.activeConversationID()
    if (open !== undefined && messages.some(m => m.conversationID === open))
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
      // Deleted (here or on another device): its messages go too, from the chat, the cache and search.
      for (const { event, conversation: c } of infoList) {
        if (event === ConversationEvent.Deleted)
          sync.report({ type: 'deleted', conversationID: c.conversationID, conversationType: c.type, refs: [], all: true })
      }
    },
    messageSentStatusChanged: ({ infos }) => {
      for (const info of infos) {
        if (info.message.type === MessageType.Command)
          continue // our own signals are not in the list either
        const message = deps.asOurs(info.message)
        // A transient failure of an outbox send: the outbox tries again; it decides "failed".
        if (info.status === MessageSentStatus.Failed && message.localMessageID && deps.isPendingSend(message.localMessageID))
          continue
        if (info.status === MessageSentStatus.Success)
          sync.report({ type: 'sent', message })
        else if (info.status === MessageSentStatus.Failed)
          sync.report({ type: 'failed', source: 'sdk', message, reason: info.reason })
        else
          sync.report({ type: 'attached', message })
      }
    },
    messageRevokeReceived: ({ messageList }) => {
      sync.report({ type: 'revoked', messages: messageList })
    },
    messageReceiptChanged: ({ infos }) => {
      sync.report({ type: 'receipt', updates: infos })
    },
    conversationMessageReceiptChanged: ({ infos }) => {
      for (const info of infos)
        sync.report({ type: 'conversationReceipt', conversationID: info.conversationID, conversationType: info.conversationType, readTime: info.readTime })
    },
    messageDeleted: ({ conversationID, conversationType, messageList, isDeleteConversationAllMessage }) => {
      sync.report({ type: 'deleted', conversationID, conversationType, refs: messageList, all: isDeleteConversationAllMessage })
    },
    ...messageRoutes,
    ...(deps.groupEvents && groupRoutes(deps.groupEvents)),
    ...(deps.roomEvents && roomRoutes(deps.roomEvents)),
  }
}
