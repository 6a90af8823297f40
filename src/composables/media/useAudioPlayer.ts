// One voice message plays at a time, app-wide: a single inner audio context, and which
// message it is playing. Starting another stops the first (as WeChat does).
import { readonly, ref } from 'vue'

interface InnerAudio {
  src: string
  play: () => void
  pause: () => void
  stop: () => void
  onEnded: (cb: () => void) => void
  onError: (cb: () => void) => void
  onPause?: (cb: () => void) => void
  onStop?: (cb: () => void) => void
}

const playing = ref<string | null>(null)
let context: InnerAudio | null = null

function audio(): InnerAudio | null {
  if (context)
    return context
  // Named as uni.createInnerAudioContext: uni's H5 build keeps only the APIs named so.
  if (typeof uni.createInnerAudioContext !== 'function')
    return null
  context = uni.createInnerAudioContext() as unknown as InnerAudio
  const done = () => {
    playing.value = null
  }
  context.onEnded(done)
  context.onError(done)
  context.onStop?.(done)
  return context
}

export function useAudioPlayer() {
  return {
    /** The key of the message playing now, or null. */
    playing: readonly(playing),
    /** Plays `src` as `key`, or pauses it when `key` is the one playing. */
    toggle(key: string, src: string): void {
      const ctx = audio()
      if (!ctx)
        return
      if (playing.value === key) {
        ctx.pause()
        playing.value = null
        return
      }
      ctx.stop()
      ctx.src = src
      ctx.play()
      playing.value = key
    },
    stop(): void {
      context?.stop()
      playing.value = null
    },
  }
}

/** Tests: a fresh context next time. */
export function resetAudioPlayer(): void {
  context = null
  playing.value = null
}
