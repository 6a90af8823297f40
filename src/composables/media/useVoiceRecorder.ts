// Hold to talk: press starts the recorder, sliding the finger away (up, as in WeChat) arms
// the cancel, release sends or drops it. The recorder itself stops at the 300 s cap and
// the recording is sent as it is. Mini-program only (H5 has no uni.getRecorderManager).
import { computed, ref } from 'vue'
import type { MediaPick } from '@/composables/zim/mediaSending'
import { limitOf } from '@/zim/mediaRules'

/** How far (px) the finger must slide up from where it pressed to cancel. */
const CANCEL_SLIDE_PX = 60
/** Shorter than this is a slip of the finger, not a message. */
const MIN_VOICE_MS = 1000
const MAX_VOICE_MS = (limitOf('audio').maxDurationS ?? 300) * 1000

interface RecorderManager {
  start: (options: Record<string, unknown>) => void
  stop: () => void
  onStart: (cb: () => void) => void
  onStop: (cb: (res: { tempFilePath: string, duration?: number, fileSize?: number }) => void) => void
  onError: (cb: (err: { errMsg?: string }) => void) => void
}

export interface VoiceRecorderCallbacks {
  onRecorded: (pick: MediaPick) => void
  /** A key: 'voice.tooShort', 'voice.failed'. */
  onProblem: (key: string) => void
}

export function useVoiceRecorder(callbacks: VoiceRecorderCallbacks) {
  const recording = ref(false)
  const cancelArmed = ref(false)
  const elapsedMs = ref(0)
  let startY = 0
  let startedAt = 0
  let dropping = false
  let ticker: ReturnType<typeof setInterval> | undefined
  let manager: RecorderManager | null = null

  function recorder(): RecorderManager | null {
    if (manager)
      return manager
    if (typeof uni.getRecorderManager !== 'function')
      return null
    manager = uni.getRecorderManager() as unknown as RecorderManager
    manager.onStop((res) => {
      const duration = res.duration ?? Date.now() - startedAt
      finish()
      if (dropping)
        return
      if (duration < MIN_VOICE_MS) {
        callbacks.onProblem('voice.tooShort')
        return
      }
      callbacks.onRecorded({ kind: 'audio', path: res.tempFilePath, size: res.fileSize, duration: Math.min(duration, MAX_VOICE_MS) / 1000, name: `voice-${Date.now()}.mp3` })
    })
    manager.onError(() => {
      finish()
      callbacks.onProblem('voice.failed')
    })
    return manager
  }

  function finish() {
    recording.value = false
    cancelArmed.value = false
    if (ticker)
      clearInterval(ticker)
    ticker = undefined
  }

  const pointY = (event: unknown) => {
    const touch = (event as { touches?: { clientY?: number, pageY?: number }[] }).touches?.[0]
    return touch?.clientY ?? touch?.pageY ?? 0
  }

  return {
    recording,
    cancelArmed,
    /** Whole seconds recorded, for "0:12". */
    elapsedSeconds: computed(() => Math.floor(elapsedMs.value / 1000)),
    press(event: unknown): void {
      const r = recorder()
      if (!r || recording.value)
        return
      startY = pointY(event)
      startedAt = Date.now()
      dropping = false
      elapsedMs.value = 0
      recording.value = true
      ticker = setInterval(() => {
        elapsedMs.value = Date.now() - startedAt
      }, 250)
      r.start({ duration: MAX_VOICE_MS, format: 'mp3', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000 })
    },
    move(event: unknown): void {
      if (recording.value)
        cancelArmed.value = startY - pointY(event) > CANCEL_SLIDE_PX
    },
    release(): void {
      if (!recording.value)
        return
      dropping = cancelArmed.value
      manager?.stop()
    },
    /** The touch was taken away (a call came in): drop the recording. */
    abort(): void {
      if (!recording.value)
        return
      dropping = true
      manager?.stop()
    },
  }
}
