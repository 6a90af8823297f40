// The two themes from the one tokens file (src/styles/theme.css): every text colour reads
// at 4.5:1 or more on each background it is used on, in light and in dark; no colour
// literal lives anywhere else; theme.json is the one generated from the tokens.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderThemeJson, THEME_CSS, THEME_JSON } from '../../scripts/theme/main'
import { contrast, parseTokens, type Theme } from '../../scripts/theme/tokens'

const root = join(__dirname, '../..')
const tokens = parseTokens(readFileSync(THEME_CSS, 'utf8'))
const THEMES: Theme[] = ['light', 'dark']

const pairs = Object.entries(tokens.on).flatMap(([text, backgrounds]) => backgrounds.map(bg => [text, bg] as const))

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name)
    return statSync(join(root, path)).isDirectory() ? files(path) : [path]
  })
}

describe('theme tokens', () => {
  it('every text colour says which backgrounds it is on', () => {
    const texts = Object.keys(tokens.light).filter(n => n.startsWith('color-text'))
    expect(texts.length).toBeGreaterThanOrEqual(8)
    expect(texts.map(n => n.slice('color-'.length)).filter(n => !tokens.on[n])).toEqual([])
  })

  it('light and dark define the same colours', () => {
    const css = readFileSync(THEME_CSS, 'utf8')
    const dark = css.slice(css.indexOf('@media'))
    const colours = Object.keys(tokens.light).filter(n => n.startsWith('color-'))
    expect(colours.filter(n => !dark.includes(`--${n}:`))).toEqual([])
  })

  it.each(THEMES)('every text colour has a contrast of at least 4.5:1 on its backgrounds (%s)', (theme) => {
    const values = tokens[theme]
    const figures = pairs.map(([text, bg]) => {
      const ratio = contrast(values[`color-${text}`], values[`color-${bg}`])
      return { pair: `${text} on ${bg}`, ratio: Math.round(ratio * 100) / 100 }
    })
    console.info(`${theme}: ${figures.map(f => `${f.pair} ${f.ratio}`).join(', ')}`)
    expect(figures.filter(f => f.ratio < 4.5)).toEqual([])
  })

  it('computes contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
    expect(contrast('#fff', '#fff')).toBe(1)
  })

  it('src/theme.json is the one generated from the tokens (npm run theme:json)', () => {
    expect(readFileSync(THEME_JSON, 'utf8')).toBe(renderThemeJson())
  })

  it('no colour literal outside the tokens file', () => {
    const sources = [...files('src').filter(f => /\.(vue|ts|css|scss)$/.test(f) && !f.endsWith('theme.css')), 'pages.json', 'manifest.json', 'index.html']
    const literal = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(/i
    const found = sources.flatMap(file => readFileSync(join(root, file), 'utf8').split('\n')
      .map((line, i) => [file, i + 1, line.trim()] as const)
      .filter(([, , line]) => literal.test(line.replace(/#(?:ifdef|ifndef|endif)\b.*/, '')) && !/^\s*(\/\/|\*|\/\*)/.test(line)))
    expect(found.map(([file, line, text]) => `${file}:${line}: ${text}`)).toEqual([])
  })
})
