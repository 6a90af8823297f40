// Media in the open chat, over the one engine: choose a file (image, video, file), send a
// pick (voice comes from useVoiceRecorder), cancel an upload. Rejections are
// ZimActionErrors with a rule key (a limit names itself); the page turns them into words.
import { ConversationType } from '@/zim/constants'
import type { ZIMConversationType, ZIMMessage } from '@/zim/types'
import { pickFile, pickImage, pickVideo } from './media/pickers'
import { liveEngine } from './useZim'
import type { MediaPick } from './zim/mediaSending'

export type { MediaPick } from './zim/mediaSending'

export type AttachChoice = 'image' | 'camera' | 'video' | 'file'

export interface UseMediaMessagesReturn {
  /** Opens the platform's picker; null when the person closed it. */
  choose: (choice: AttachChoice) => Promise<MediaPick | null>
  send: (pick: MediaPick, conversationID: string, type?: ZIMConversationType) => Promise<ZIMMessage>
  /** Cancels an upload of ours; false when it is already through (or failed). */
  cancel: (localMessageID: string) => boolean
}

export function useMediaMessages(): UseMediaMessagesReturn {
  return {
    choose(choice) {
      switch (choice) {
        case 'image': return pickImage('album')
        case 'camera': return pickImage('camera')
        case 'video': return pickVideo()
        case 'file': return pickFile()
      }
    },
    send: (pick, conversationID, type = ConversationType.Peer) => liveEngine().media.send(pick, conversationID, type),
    cancel: localMessageID => liveEngine().media.cancel(localMessageID),
  }
}
