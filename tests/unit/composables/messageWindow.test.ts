// The rendered window of a long message list (src/utils/messageWindow.ts).
import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { messageWindow } from '@/utils/messageWindow'

interface Item { key: string }

const items = (from: number, to: number): Item[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ key: `k${from + i}` }))

function setup(count: number, size = 5, step = 3) {
  const list = ref<Item[]>(items(1, count))
  const view = messageWindow(list, { size, step })
  const keys = () => view.visible.value.map(i => i.key)
  const add = (n: number) => {
    const last = list.value.length
    list.value = [...list.value, ...items(last + 1, last + n)]
  }
  return { list, view, keys, add }
}

describe('messageWindow', () => {
  it('shows everything while the list is shorter than the window', () => {
    const { view, keys } = setup(3)
    expect(keys()).toEqual(['k1', 'k2', 'k3'])
    expect(view.hiddenAbove.value).toBe(0)
    expect(view.atBottom.value).toBe(true)
  })

  it('following the bottom keeps the newest N as items arrive', () => {
    const { view, keys, add } = setup(20)
    expect(keys()).toEqual(['k16', 'k17', 'k18', 'k19', 'k20'])
    expect(view.hiddenAbove.value).toBe(15)
    add(2)
    expect(keys()).toEqual(['k18', 'k19', 'k20', 'k21', 'k22'])
    expect(view.hiddenAbove.value).toBe(17)
  })

  it('away from the bottom the first visible item stays put as new items arrive', () => {
    const { view, keys, add } = setup(20)
    view.setAtBottom(false)
    add(4)
    expect(keys()[0]).toBe('k16')
    expect(keys()).toEqual(['k16', 'k17', 'k18', 'k19', 'k20', 'k21', 'k22', 'k23', 'k24'])
  })

  it('the first visible item also stays put when history is inserted above it', () => {
    const { list, view, keys } = setup(20)
    view.setAtBottom(false)
    list.value = [...items(-9, 0), ...list.value]
    expect(keys()[0]).toBe('k16')
    expect(view.hiddenAbove.value).toBe(25)
  })

  it('back at the bottom it follows again, showing only the newest N', () => {
    const { view, keys, add } = setup(20)
    view.setAtBottom(false)
    add(4)
    view.setAtBottom(true)
    expect(keys()).toEqual(['k20', 'k21', 'k22', 'k23', 'k24'])
  })

  it('growUp shows `step` more above, and false once everything is shown', () => {
    const { view, keys } = setup(10)
    expect(view.growUp()).toBe(true)
    expect(keys()).toHaveLength(8)
    expect(keys()[0]).toBe('k3')
    expect(view.growUp()).toBe(true)
    expect(keys()).toHaveLength(10)
    expect(view.hiddenAbove.value).toBe(0)
    expect(view.growUp()).toBe(false)
    expect(keys()).toHaveLength(10)
  })

  it('after growUp at the bottom, new items keep the grown size', () => {
    const { view, keys, add } = setup(20)
    view.growUp()
    expect(keys()).toHaveLength(8)
    add(1)
    expect(keys()).toHaveLength(8)
    expect(keys()[7]).toBe('k21')
  })

  it('growUp while reading history moves the pinned first item up by `step`', () => {
    const { view, keys, add } = setup(20)
    view.setAtBottom(false)
    expect(view.growUp()).toBe(true)
    expect(keys()[0]).toBe('k13')
    add(3)
    expect(keys()[0]).toBe('k13')
    expect(keys()[keys().length - 1]).toBe('k23')
  })

  it('returning to the bottom forgets the grown size', () => {
    const { view, keys } = setup(20)
    view.setAtBottom(false)
    view.growUp()
    view.growUp()
    view.setAtBottom(true)
    expect(keys()).toEqual(['k16', 'k17', 'k18', 'k19', 'k20'])
  })

  it('falls back to the newest N when the pinned item is gone', () => {
    const { list, view, keys } = setup(20)
    view.setAtBottom(false)
    list.value = list.value.filter(i => i.key !== 'k16')
    expect(keys()).toEqual(['k15', 'k17', 'k18', 'k19', 'k20'])
  })
})
