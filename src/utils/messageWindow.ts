// Renders a window of a long list, never more than `max` items: the newest `size` while the
// reader follows the bottom; while they read history, `max` items from a pinned first item
// (so nothing jumps), moved `step` items up or down as they reach either edge.
// Every recomputation costs O(1) in the list's length: the pinned item is looked for where
// it was, then where a change at the top would have moved it, then in a small neighbourhood.
import { computed, ref, type Ref } from 'vue'

/** How far from its last place a pinned item is looked for before the window gives up on it. */
const NEARBY = 64

export interface MessageWindowOptions {
  /** Items shown while following the bottom. */
  size: number
  /** Items ever shown at once. */
  max: number
  /** Items the window moves by at an edge. */
  step: number
}

export function messageWindow<T extends { key: string }>(items: Ref<readonly T[]>, { size, max, step }: MessageWindowOptions) {
  if (size > max || step > max)
    throw new RangeError('messageWindow: size and step must not exceed max')
  const atBottom = ref(true)
  /** Key of the first rendered item while the reader is away from the bottom. */
  const pinnedKey = ref<string | null>(null)
  /** Where the pinned item was last seen, and the list's length then. */
  let lastStart = 0
  let lastLength = 0
  let followedKey: string | null = null
  /** Items that arrived at the end since the reader left the bottom. */
  const arrivedBelow = ref(0)
  let lastTailKey = items.value[items.value.length - 1]?.key

  function locate(list: readonly T[], key: string): number {
    const at = (i: number) => i >= 0 && i < list.length && list[i].key === key
    if (at(lastStart))
      return lastStart
    const shifted = lastStart + list.length - lastLength
    if (at(shifted))
      return shifted
    for (let d = 1; d <= NEARBY; d++) {
      if (at(shifted - d)) return shifted - d
      if (at(shifted + d)) return shifted + d
    }
    // Gone (deleted): stay where it was, so the reader sees its neighbours.
    return Math.min(lastStart, Math.max(0, list.length - 1))
  }

  const start = computed(() => {
    const list = items.value
    let index: number
    if (!atBottom.value && pinnedKey.value !== null) {
      index = locate(list, followedKey ?? pinnedKey.value)
      // Not reactive: a deleted pinned item hands its place to its neighbour without a re-run.
      followedKey = list[index]?.key ?? null
    }
    else {
      index = Math.max(0, list.length - size)
    }
    lastStart = index
    lastLength = list.length
    return index
  })

  const end = computed(() => {
    const list = items.value
    return atBottom.value ? list.length : Math.min(list.length, start.value + max)
  })

  const visible = computed(() => items.value.slice(start.value, end.value))
  const hiddenAbove = computed(() => start.value)
  const hiddenBelow = computed(() => items.value.length - end.value)

  /** Called by the page when the list changes: counts what arrived below the reader. */
  function noteTail(): void {
    const list = items.value
    const tail = list[list.length - 1]?.key
    if (tail !== lastTailKey && !atBottom.value)
      arrivedBelow.value++
    lastTailKey = tail
  }

  function pin(index: number): void {
    const list = items.value
    const clamped = Math.max(0, Math.min(index, Math.max(0, list.length - 1)))
    lastStart = clamped
    lastLength = list.length
    followedKey = null
    pinnedKey.value = list[clamped]?.key ?? null
  }

  function setAtBottom(value: boolean) {
    if (value === atBottom.value)
      return
    if (value) {
      // Only the real end counts as the bottom: below a window there is more to show first.
      if (hiddenBelow.value > 0)
        return
      followedKey = null
      pinnedKey.value = null
      arrivedBelow.value = 0
    }
    else {
      pin(start.value)
    }
    atBottom.value = value
  }

  /** Moves the window `step` items up (dropping as many at its end); false at the top. */
  function growUp(): boolean {
    const from = start.value
    if (from === 0)
      return false
    if (atBottom.value)
      setAtBottom(false)
    pin(Math.max(0, from - step))
    return true
  }

  /** Moves the window `step` items down; false when its end is already the list's end. */
  function growDown(): boolean {
    if (hiddenBelow.value === 0)
      return false
    const list = items.value
    pin(Math.min(start.value + step, Math.max(0, list.length - max)))
    return true
  }

  /**
   * Shows the window with item `index` `before` items below its top (a chat opened at a
   * message), pinned there like any history position.
   */
  function showAround(index: number, before: number): void {
    arrivedBelow.value = 0
    atBottom.value = false
    pin(Math.max(0, index - before))
  }

  /** Back to the newest items, following the bottom again. */
  function jumpToLatest(): void {
    followedKey = null
    pinnedKey.value = null
    arrivedBelow.value = 0
    atBottom.value = true
  }

  return { visible, hiddenAbove, hiddenBelow, arrivedBelow, atBottom, setAtBottom, growUp, growDown, showAround, jumpToLatest, noteTail }
}
