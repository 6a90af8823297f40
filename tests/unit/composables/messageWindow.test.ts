// The rendered window of a long message list (src/utils/messageWindow.ts).
import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { messageWindow } from '@/utils/messageWindow'

interface Item { key: string }

const items = (from: number, to: number): Item[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ key: `k${from + i}` }))

function setup(count: number, size = 5, step = 3, max = 8) {
  const list = ref<Item[]>(items(1, count))
  const view = messageWindow(list, { size, step, max })
  const keys = () => view.visible.value.map(i => i.key)
  const add = (n: number) => {
    const last = Number(list.value[list.value.length - 1]?.key.slice(1) ?? 0)
    list.value = [...list.value, ...items(last + 1, last + n)]
    view.noteTail()
  }
  const prepend = (n: number) => {
    const first = Number(list.value[0].key.slice(1))
    list.value = [...items(first - n, first - 1), ...list.value]
  }
  return { list, view, keys, add, prepend }
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
    expect(view.arrivedBelow.value).toBe(0)
  })

  it('away from the bottom the first item stays put; arrivals fill up to max, then wait below', () => {
    const { view, keys, add } = setup(20)
    view.setAtBottom(false)
    add(4)
    expect(keys()).toEqual(['k16', 'k17', 'k18', 'k19', 'k20', 'k21', 'k22', 'k23'])
    expect(view.hiddenBelow.value).toBe(1)
    expect(view.arrivedBelow.value).toBe(1)
  })

  it('the first item also stays put when history is inserted above it', () => {
    const { view, keys, prepend } = setup(20)
    view.setAtBottom(false)
    prepend(10)
    expect(keys()[0]).toBe('k16')
    expect(view.hiddenAbove.value).toBe(25)
  })

  it('the bottom is only the real end: with items hidden below, setAtBottom(true) waits', () => {
    const { view, add } = setup(20)
    view.setAtBottom(false)
    add(6)
    view.setAtBottom(true)
    expect(view.atBottom.value).toBe(false)
    expect(view.growDown()).toBe(true)
    expect(view.hiddenBelow.value).toBe(0)
    view.setAtBottom(true)
    expect(view.atBottom.value).toBe(true)
  })

  it('jumpToLatest follows the newest N again and clears the arrivals', () => {
    const { view, keys, add } = setup(20)
    view.setAtBottom(false)
    add(9)
    view.jumpToLatest()
    expect(keys()).toEqual(['k25', 'k26', 'k27', 'k28', 'k29'])
    expect(view.arrivedBelow.value).toBe(0)
  })

  it('growUp moves the window up by `step`, and false at the top', () => {
    const { view, keys } = setup(10)
    expect(view.growUp()).toBe(true)
    expect(keys()[0]).toBe('k3')
    expect(keys()).toHaveLength(8)
    expect(view.growUp()).toBe(true)
    expect(keys()[0]).toBe('k1')
    expect(view.growUp()).toBe(false)
  })

  it('never grows past max, however far up or down the reader pages', () => {
    const { view, keys, prepend } = setup(500)
    let most = 0
    for (let i = 0; i < 300; i++) {
      if (!view.growUp()) prepend(30)
      most = Math.max(most, keys().length)
    }
    while (view.growDown()) most = Math.max(most, keys().length)
    expect(most).toBe(8)
    view.setAtBottom(true)
    expect(keys()).toHaveLength(5)
  })

  it('an anchor in view is kept: the item above the old first one is in the window after growUp', () => {
    const { view, keys } = setup(40)
    view.setAtBottom(false)
    const before = keys()[0]
    view.growUp()
    expect(keys()).toContain(before)
    expect(keys()[0]).toBe('k33')
  })

  it('the pinned item is found where a prepend moved it without scanning the list', () => {
    const { list, view, keys, prepend } = setup(10_000)
    view.setAtBottom(false)
    prepend(30)
    const reads = { count: 0 }
    const spy = new Proxy(list.value, {
      get(target, p, r) {
        if (typeof p === 'string' && /^\d+$/.test(p)) reads.count++
        return Reflect.get(target, p, r)
      },
    })
    list.value = spy as Item[]
    expect(keys()[0]).toBe('k9996')
    expect(reads.count).toBeLessThan(40)
  })

  it('a deleted pinned item hands its place to its neighbour', () => {
    const { list, view, keys } = setup(20)
    view.setAtBottom(false)
    list.value = list.value.filter(i => i.key !== 'k16')
    expect(keys()[0]).toBe('k17')
  })

  it('showAround pins the window a few items above a message far back, and it stays while items arrive', () => {
    const { view, keys, add, prepend } = setup(100)
    view.showAround(40, 2) // k41
    expect(view.atBottom.value).toBe(false)
    expect(keys()).toEqual(['k39', 'k40', 'k41', 'k42', 'k43', 'k44', 'k45', 'k46'])
    add(5)
    prepend(3)
    expect(keys()[0]).toBe('k39')
    expect(view.arrivedBelow.value).toBe(1)
    view.showAround(1, 5)
    expect(keys()[0]).toBe('k-2')
  })
})
