// The ZIM lifecycle behind useZim, wired together here, each part declared before the
// parts that use it: one SDK instance, the sign-in lifecycle (signIn.ts, with the
// connection machine), messageSync (the one writer of messages), the send path
// (sendPath.ts: sending → outbox → sdkSend), read tracking (reading.ts), catch-up queries
// (catchUp.ts), token renewal (tokenRenewal.ts) and the SDK's event routes (sdkRoutes.ts).
import { useConversationsStore } from '@/stores/conversations'
import { useDraftsStore } from '@/stores/drafts'
import { useGroupsStore } from '@/stores/groups'
import { useMessagesStore } from '@/stores/messages'
import { useRoomsStore } from '@/stores/rooms'
import { useSessionStore } from '@/stores/session'
import { resetAllStores } from '@/stores'
import { createCacheSync } from '@/cache/cacheSync'
import { describeError } from './actionError'
import { createCatchUp } from './catchUp'
import { createConversationActions } from './conversationActions'
import { createDrafts } from './drafts'
import { createEngineEvents } from './engineEvents'
import { createEventRouter } from './eventRouter'
import { uniSaveFile } from './mediaFiles'
import { createMediaSending } from './mediaSending'
import { createGroups } from './groups'
import { createHistory } from './history'
import { createMessageActions } from './messageActions'
import { createMessageSync } from './messageSync'
import { resolveTuning, type EngineOptions } from './options'
import type { OutboxItem } from './outbox'
import { uniPlatform } from './platform'
import { createPresence } from './presence'
import { createReading } from './reading'
import { createReceipts } from './receipts'
import { createRooms } from './rooms'
import { createSdkInstance } from './sdkInstance'
import { createSdkRoutes } from './sdkRoutes'
import { createSendPath } from './sendPath'
import { createSignIn } from './signIn'
import { createTokenRenewal } from './tokenRenewal'
import { ConversationType } from '@/zim/constants'
import type { ZIMConversationType } from '@/zim/types'

export { ZimActionError } from './actionError'
export type { EngineEvent } from './engineEvents'
export { ENGINE_DEFAULTS, type EngineOptions } from './options'

export function createZimEngine(options: EngineOptions) {
  const tuning = resolveTuning(options)
  const session = useSessionStore(options.pinia)
  const conversations = useConversationsStore(options.pinia)
  const messages = useMessagesStore(options.pinia)
  const platform = options.platform ?? uniPlatform()
  const { emit, subscribe, clear: clearListeners } = createEngineEvents()
  const sdk = createSdkInstance(options.zim, options.appID)
  const { current: currentClient, instance } = sdk
  let destroying = false
  let destroyed = false

  const signIn = createSignIn({
    session,
    storage: options.storage,
    fetchToken: options.fetchToken,
    tuning,
    instance,
    currentClient,
    isDestroyed: () => destroyed,
    isDestroying: () => destroying,
    onPhase: (phase, previous) => emit({ type: 'phase', phase, previous }),
  })
  const isConnected = () => signIn.phase() === 'connected'

  // ---- messages: page → sending → outbox → sdkSend → SDK; every outcome → messageSync ----

  // The local cache (h12cache): its changes are marked by messageSync, written later.
  const cache = createCacheSync({ storage: options.storage, bounds: tuning.cache, conversations, messages, sync: () => sync })
  // The cached list is painted as soon as the user is known, not when the login finishes,
  // and before drafts and unsent messages add their rows (the store keeps what it holds:
  // those rows would hide the cached ones).
  signIn.onAdopt(user => cache.adopt(user.userID))
  const sync = createMessageSync({ messages, conversations, onChanged: key => cache.changed(key) })
  const { sdkSend, outbox, sending } = createSendPath({
    sync,
    storage: options.storage,
    tuning,
    currentClient,
    isConnected,
    currentUserID: () => signIn.user()?.userID,
    canQueue: () => signIn.user() !== null && !destroyed,
    emit,
  })

  const media = createMediaSending({ sending, outbox, saveFile: options.saveFile ?? uniSaveFile })

  const messageActions = createMessageActions({
    sync,
    currentClient,
    discardFailed: localMessageID => void outbox.discard(localMessageID),
  })

  // ---- groups and rooms (issue 11): their own stores; their messages use the path above ----

  const groups = createGroups({
    groups: useGroupsStore(options.pinia),
    conversations,
    currentClient,
    currentUserID: () => signIn.user()?.userID,
  })
  const rooms = createRooms({
    rooms: useRoomsStore(options.pinia),
    sync,
    currentClient,
    noteRoom: (roomID, inside) => signIn.send({ type: inside ? 'roomEntered' : 'roomLeft', roomID }),
    isConnected,
    currentUserID: () => signIn.user()?.userID,
  })

  // ---- what the stores learn by asking: read tracking, catch-up, token renewal ----

  const reading = createReading({ conversations, currentClient })
  const catchUp = createCatchUp({
    session,
    conversations,
    messages,
    sync,
    reading,
    currentClient,
    instance,
    isConnected,
    historyPageSize: tuning.historyPageSize,
    maxPages: tuning.catchUpMaxPages,
    onCaughtUp: () => emit({ type: 'caughtUp' }),
    onConversationList: (list, complete) => cache.reconcileList(list, complete),
  })
  const renewal = createTokenRenewal({
    fetchToken: options.fetchToken,
    delaysMs: tuning.renewRetryDelaysMs,
    currentUser: signIn.user,
    currentClient,
    isLive: () => !destroyed && (isConnected() || signIn.phase() === 'sdkReconnecting'),
    onRenewed: () => emit({ type: 'tokenRenewed' }),
    onGaveUp: err => emit({ type: 'tokenRenewalFailed', error: describeError(err) }),
  })

  // Read receipts (useReadReceipts): sent while a chat is read in the foreground.
  const receipts = createReceipts({ sync, messages, currentClient, isConnected })
  // History around a message (a chat opened from search) and the gaps it leaves.
  const history = createHistory({ messages, sync, instance, historyPageSize: tuning.historyPageSize })

  // Typing over command messages: its own state, fed by the event router.
  const presence = createPresence({ currentClient, isConnected })

  // ---- the conversation list people manage, drafts and one's profile (issue 12) ----

  const drafts = createDrafts({
    drafts: useDraftsStore(options.pinia),
    conversations,
    storage: options.storage,
    currentClient,
    currentUserID: () => signIn.user()?.userID,
  })
  const conversationActions = createConversationActions({
    conversations,
    sync,
    currentClient,
    forgetDraft: (conversationID, type) => drafts.clear(conversationID, type, false),
  })
  signIn.onAdopt(user => drafts.load(user.userID))
  // After each catch-up: the SDK's list now says which drafts it lacks (WeChat: all, after a restart).
  subscribe((event) => {
    if (event.type === 'caughtUp')
      drafts.reapply()
  })

  // ---- SDK events and platform signals in; what follows from a session going up ----

  const router = createEventRouter(createSdkRoutes({
    session,
    conversations,
    sync,
    messageEvents: tuning.messageEvents,
    sendToMachine: signIn.send,
    renewToken: renewal.renewToken,
    asOurs: message => sdkSend.asOurs(message),
    isPendingSend: localMessageID => outbox.isPending(localMessageID),
    activeConversationID: () => reading.active()?.id,
    markActiveRead: reading.markActiveRead,
    presence,
    groupEvents: groups.events,
    roomEvents: rooms.events,
  }), source => source === currentClient() && !destroyed)
  sdk.onCreate(zim => router.attach(zim))

  const unsubscribePlatform = [
    platform.onNetworkChange(online => signIn.send({ type: 'network', online })),
    // read receipts: none while the app is in the background
    platform.onAppShow(() => {
      signIn.send({ type: 'appShow' })
      receipts.setForeground(true)
    }),
    platform.onAppHide(() => {
      signIn.send({ type: 'appHide' })
      receipts.setForeground(false)
      cache.flushNow() // a mini-program in the background may be ended without a word
    }),
  ]

  signIn.onConnected(() => {
    outbox.resume()
    void catchUp.catchUp()
    receipts.resume() // read receipts that waited for the connection
  })
  signIn.onWake(() => void catchUp.catchUp())
  // A new session is in no room: the machine knows which ones the user was in.
  signIn.onReenterRooms(roomIDs => void rooms.reenter(roomIDs))
  // Messages kept from before a reload (or a kick-out) show again, then go out.
  signIn.onAdopt((user) => {
    for (const item of outbox.setUser(user.userID))
      sending.showLocalCopy(item)
  })

  // ---- logout / destroy ----

  function logout(): void {
    cache.clear()
    drafts.forget(signIn.user()?.userID)
    signIn.logout()
    outbox.clear()
    sdkSend.forgetIDs()
    reading.forget()
    receipts.forget()
    presence.forget()
    resetAllStores(options.pinia)
  }

  function destroy(): void {
    destroying = true
    logout()
    destroyed = true
    signIn.dispose()
    rooms.dispose()
    cache.dispose()
    for (const off of unsubscribePlatform)
      off()
    router.detach()
    sdk.destroy()
    clearListeners()
  }

  return {
    login: signIn.login,
    logout,
    destroy,
    restoreSession: signIn.restoreSession,
    openConversation: (conversationID: string, type?: ZIMConversationType) => {
      cache.opened(conversationID, type ?? ConversationType.Peer)
      return catchUp.openConversation(conversationID, type)
    },
    /** The local cache's size in storage and an immediate flush (benchmarks, diagnostics). */
    cache: { size: cache.size, flushNow: cache.flushNow },
    closeConversation: reading.close,
    loadOlder: catchUp.loadOlder,
    send: sending.send,
    sendText: sending.sendText,
    resend: sending.resend,
    /** Image, file, voice and video sends, and cancelling an upload (useMediaMessages). */
    media,
    /** Recall and delete (useMessageActions). */
    messageActions,
    /** History around a message and its gaps (useHistoryAround). */
    history,
    /** Typing indicators over command messages (usePresence). */
    presence,
    /** Groups (useGroups). */
    groups,
    /** Rooms (useRooms). */
    rooms,
    /** Read receipts (useReadReceipts). */
    receipts,
    /** Pin, mute, delete, mark read (useConversationActions). */
    conversationActions,
    /** What was left in each chat's composer (useDrafts). */
    drafts,
    /** One's own name changed (the profile page's updateUserName): the session and the next login follow. */
    renamed: signIn.renamed,
    /** A fresh token for the signed-in user (the avatar upload authenticates with it). */
    fetchToken: options.fetchToken,
    catchUp: catchUp.catchUp,
    /** Renews the token now (normally driven by tokenWillExpire). */
    renewToken: renewal.renewToken,
    /** For tests and diagnostics: the SDK instance, if created. */
    currentClient,
    isRetryPending: signIn.isRetryPending,
    /** The connection machine's phase ('idle', 'signingIn', 'connected', …). */
    connectionPhase: signIn.phase,
    /** Messages waiting in (or failed out of) the outbox, oldest first. */
    outboxItems: (): OutboxItem[] => outbox.list().map(item => ({ ...item })),
    subscribe,
  }
}

export type ZimEngine = ReturnType<typeof createZimEngine>
