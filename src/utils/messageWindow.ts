// Renders a window of a long list: the newest `size` items while the reader follows the
// bottom, a fixed first item while they read history (so nothing jumps), and `step`
// more each time they reach the top.
import { computed, ref, type Ref } from 'vue'

export function messageWindow<T extends { key: string }>(items: Ref<readonly T[]>, { size, step }: { size: number, step: number }) {
  const atBottom = ref(true)
  /** Key of the first rendered item while the reader is away from the bottom. */
  const pinnedFirst = ref<string | null>(null)
  const extra = ref(0)

  const start = computed(() => {
    const list = items.value
    if (!atBottom.value && pinnedFirst.value) {
      const index = list.findIndex(item => item.key === pinnedFirst.value)
      if (index >= 0)
        return index
    }
    return Math.max(0, list.length - size - extra.value)
  })

  const visible = computed(() => items.value.slice(start.value))
  const hiddenAbove = computed(() => start.value)

  function setAtBottom(value: boolean) {
    if (value === atBottom.value)
      return
    pinnedFirst.value = value ? null : visible.value[0]?.key ?? null
    if (value)
      extra.value = 0
    atBottom.value = value
  }

  /** Shows `step` more items above; false when everything loaded is already shown. */
  function growUp(): boolean {
    const from = start.value
    if (from === 0)
      return false
    const next = Math.max(0, from - step)
    extra.value = items.value.length - size - next
    if (!atBottom.value)
      pinnedFirst.value = items.value[next]?.key ?? null
    return true
  }

  return { visible, hiddenAbove, atBottom, setAtBottom, growUp }
}
