// Just enough WXML for the pages uni-app compiles: elements, text, {{ }} bindings in
// attributes and text, wx:if / wx:elif / wx:else, wx:for (with -item, -index, -key),
// <block> and `hidden`. Rendering a template against a page's data gives a small tree
// the tests query by data-testid, as a person would look at the page.

export interface WxmlElement {
  type: 'element'
  tag: string
  attrs: Record<string, string | true>
  children: WxmlNode[]
}
export interface WxmlText { type: 'text', text: string }
export type WxmlNode = WxmlElement | WxmlText

/** An element as rendered: attributes evaluated, structural directives applied. */
export interface RenderedElement {
  tag: string
  attrs: Record<string, unknown>
  children: Rendered[]
  /** Set by the harness for custom components (the component's own rendered tree). */
  component?: unknown
}
export type Rendered = RenderedElement | string

const VOID = new Set(['input', 'image', 'import', 'include', 'wxs'])

export function parseWxml(source: string): WxmlNode[] {
  const root: WxmlElement = { type: 'element', tag: '#root', attrs: {}, children: [] }
  const stack: WxmlElement[] = [root]
  let i = 0
  const top = () => stack[stack.length - 1]
  while (i < source.length) {
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i)
      i = end < 0 ? source.length : end + 3
      continue
    }
    if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i)
      const tag = source.slice(i + 2, end).trim()
      while (stack.length > 1 && top().tag !== tag)
        stack.pop()
      if (stack.length > 1)
        stack.pop()
      i = end + 1
      continue
    }
    if (source[i] === '<') {
      // A tag; attribute values may hold ">" inside quotes or {{ }}.
      let j = i + 1
      const nameMatch = /^[\w:-]+/.exec(source.slice(j))
      if (!nameMatch) {
        top().children.push({ type: 'text', text: '<' })
        i++
        continue
      }
      const tag = nameMatch[0]
      j += tag.length
      const attrs: Record<string, string | true> = {}
      let selfClosing = false
      while (j < source.length) {
        while (/\s/.test(source[j]))
          j++
        if (source[j] === '>') {
          j++
          break
        }
        if (source.startsWith('/>', j)) {
          selfClosing = true
          j += 2
          break
        }
        const attr = /^[^\s=>/]+/.exec(source.slice(j))
        if (!attr) {
          j++
          continue
        }
        const name = attr[0]
        j += name.length
        if (source[j] === '=') {
          j++
          const quote = source[j]
          if (quote === '"' || quote === '\'') {
            const end = source.indexOf(quote, j + 1)
            attrs[name] = source.slice(j + 1, end)
            j = end + 1
          }
          else {
            const value = /^[^\s>]+/.exec(source.slice(j))?.[0] ?? ''
            attrs[name] = value
            j += value.length
          }
        }
        else {
          attrs[name] = true
        }
      }
      const element: WxmlElement = { type: 'element', tag, attrs, children: [] }
      top().children.push(element)
      if (!selfClosing && !VOID.has(tag))
        stack.push(element)
      i = j
      continue
    }
    const next = source.indexOf('<', i)
    const text = source.slice(i, next < 0 ? source.length : next)
    if (text)
      top().children.push({ type: 'text', text: decodeEntities(text) })
    i = next < 0 ? source.length : next
  }
  return root.children
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|nbsp);/g, (_, name: string) =>
    ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: '\'', nbsp: '\u00A0' })[name] ?? _)
}

const compiled = new Map<string, (scope: object) => unknown>()

/** Evaluates a WXML expression; like WXML, a failing path yields undefined, not an error. */
function evaluate(expr: string, scope: object): unknown {
  let fn = compiled.get(expr)
  if (!fn) {
    // `with` keeps the expression's names bound to the page data; `new Function` is sloppy mode.
    fn = new Function('__scope', `with (__scope) { return (${expr}) }`) as (scope: object) => unknown
    compiled.set(expr, fn)
  }
  try {
    return fn(scope)
  }
  catch {
    return undefined
  }
}

const MUSTACHE = /\{\{([\s\S]+?)\}\}/g

/** "{{x}}" alone gives x's value as is; anything mixed gives a string. */
function interpolate(value: string | true, scope: object): unknown {
  if (value === true)
    return true
  const whole = /^\{\{([\s\S]+?)\}\}$/.exec(value.trim())
  if (whole)
    return evaluate(whole[1], scope)
  return value.replace(MUSTACHE, (_, expr: string) => toText(evaluate(expr, scope)))
}

function toText(value: unknown): string {
  if (value === undefined || value === null)
    return ''
  if (typeof value === 'object')
    return JSON.stringify(value)
  return String(value)
}

export interface RenderHooks {
  /** Called for every element whose tag is a custom component; may attach its tree. */
  component?: (element: RenderedElement, path: string) => void
}

/** Renders nodes against `data`. `path` identifies each element position (for components). */
export function render(nodes: WxmlNode[], data: object, hooks: RenderHooks = {}, path = ''): Rendered[] {
  const out: Rendered[] = []
  let previousIf: boolean | undefined // undefined: the previous sibling had no wx:if chain
  nodes.forEach((node, index) => {
    if (node.type === 'text') {
      const text = String(interpolate(node.text, data) ?? '')
      if (text)
        out.push(text)
      return
    }
    const a = node.attrs
    if ('wx:if' in a) {
      previousIf = Boolean(interpolate(a['wx:if'], data))
      if (!previousIf)
        return
    }
    else if ('wx:elif' in a) {
      if (previousIf !== false)
        return
      previousIf = Boolean(interpolate(a['wx:elif'], data))
      if (!previousIf)
        return
    }
    else if ('wx:else' in a) {
      const skip = previousIf !== false
      previousIf = undefined
      if (skip)
        return
    }
    else {
      previousIf = undefined
    }

    const here = `${path}/${index}`
    if ('wx:for' in a) {
      const list = interpolate(a['wx:for'], data)
      const itemName = typeof a['wx:for-item'] === 'string' ? a['wx:for-item'] : 'item'
      const indexName = typeof a['wx:for-index'] === 'string' ? a['wx:for-index'] : 'index'
      const entries: Array<[unknown, unknown]> = Array.isArray(list)
        ? list.map((v, k) => [k, v])
        : typeof list === 'number'
          ? Array.from({ length: list }, (_, k) => [k, k])
          : list && typeof list === 'object'
            ? Object.entries(list)
            : []
      for (const [key, item] of entries) {
        const scope = Object.create(data) as Record<string, unknown>
        scope[itemName] = item
        scope[indexName] = key
        out.push(...renderElement(node, scope, hooks, `${here}[${String(key)}]`))
      }
      return
    }
    out.push(...renderElement(node, data, hooks, here))
  })
  return out
}

const DIRECTIVES = /^wx:(if|elif|else|for|for-item|for-index|for-items|key)$/

function renderElement(node: WxmlElement, scope: object, hooks: RenderHooks, path: string): Rendered[] {
  const children = render(node.children, scope, hooks, path)
  if (node.tag === 'block')
    return children
  const attrs: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(node.attrs)) {
    if (!DIRECTIVES.test(name))
      attrs[name] = interpolate(value, scope)
  }
  if (attrs.hidden === true || attrs.hidden === 'true')
    return []
  const element: RenderedElement = { tag: node.tag, attrs, children }
  hooks.component?.(element, path)
  return [element]
}

/** Every element in document order. */
export function* walk(nodes: Rendered[]): Generator<RenderedElement> {
  for (const node of nodes) {
    if (typeof node === 'string')
      continue
    yield node
    yield* walk(node.children)
  }
}

/** The text a person reads (text nodes, and the value shown in inputs). */
export function textOf(node: Rendered | Rendered[]): string {
  if (Array.isArray(node))
    return node.map(textOf).join('')
  if (typeof node === 'string')
    return node
  if (node.tag === 'input' || node.tag === 'textarea')
    return String(node.attrs.value ?? '')
  return textOf(node.children)
}

/** A compact HTML-like dump, for failure messages and the report. */
export function toMarkup(nodes: Rendered[], indent = ''): string {
  return nodes.map((node) => {
    if (typeof node === 'string')
      return `${indent}${node}`
    const attrs = Object.entries(node.attrs)
      .filter(([name]) => !/^(bind|catch)/.test(name) && name !== 'class')
      .map(([name, value]) => ` ${name}="${String(value)}"`)
      .join('')
    if (!node.children.length)
      return `${indent}<${node.tag}${attrs}/>`
    return `${indent}<${node.tag}${attrs}>\n${toMarkup(node.children, `${indent}  `)}\n${indent}</${node.tag}>`
  }).join('\n')
}
