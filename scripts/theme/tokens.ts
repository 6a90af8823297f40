// Reads the design tokens of src/styles/theme.css: both themes' values (dark falls back to
// light for what it does not override) and, for each text colour, the backgrounds it is on.

export type Theme = 'light' | 'dark'

export interface Tokens {
  light: Record<string, string>
  dark: Record<string, string>
  /** Text colour name (without `--color-`) → the background names it is used on. */
  on: Record<string, string[]>
}

const DECLARATION = /--([\w-]+)\s*:\s*([^;]+);(?:[ \t]*\/\*\s*on:([^*]*)\*\/)?/g

function declarations(block: string, on?: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [, name, value, backgrounds] of block.matchAll(DECLARATION)) {
    out[name] = value.trim()
    if (on && backgrounds && name.startsWith('color-'))
      on[name.slice('color-'.length)] = backgrounds.trim().split(/\s+/)
  }
  return out
}

export function parseTokens(css: string): Tokens {
  const source = css.replace(/\/\*(?!\s*on:)[\s\S]*?\*\//g, '')
  const media = source.indexOf('@media (prefers-color-scheme: dark)')
  if (media < 0)
    throw new Error('theme.css: no @media (prefers-color-scheme: dark) block')
  const on: Record<string, string[]> = {}
  const light = declarations(source.slice(0, media), on)
  const darkOnly = declarations(source.slice(media), on)
  return { light, dark: { ...light, ...darkOnly }, on }
}

/** A colour token's value as [r, g, b] (0-255), for #rgb and #rrggbb. */
export function rgb(value: string): [number, number, number] {
  const hex = value.trim().replace(/^#/, '')
  const full = hex.length === 3 ? [...hex].map(c => c + c).join('') : hex
  if (!/^[0-9a-f]{6}$/i.test(full))
    throw new Error(`not a #rrggbb colour: ${value}`)
  return [0, 2, 4].map(i => Number.parseInt(full.slice(i, i + 2), 16)) as [number, number, number]
}

/** WCAG 2 relative luminance. */
export function luminance(value: string): number {
  const [r, g, b] = rgb(value).map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG 2 contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

/**
 * theme.json for uni (mp-weixin's darkmode, H5's too): the navigation bar and window
 * background of each theme, taken from the tokens.
 */
export function themeJson(tokens: Tokens): Record<Theme, Record<string, string>> {
  const of = (theme: Theme) => {
    const values = tokens[theme]
    const dark = luminance(values['color-bg']) < 0.2
    return {
      navBgColor: values['color-bg'],
      navTextStyle: dark ? 'white' : 'black',
      bgColor: values['color-bg'],
      bgTextStyle: dark ? 'light' : 'dark',
    }
  }
  return { light: of('light'), dark: of('dark') }
}
