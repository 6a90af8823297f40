// Both themes and both languages ship in the builds: the mini-program carries theme.json
// (dark mode for the navigation bar and window background, "darkmode": true, @variables
// resolved by WeChat) and the tokens' dark block; H5 carries the same tokens and both
// locales' messages, precompiled.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'

const builds = inject('builds')
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'))
const source = json(join(__dirname, '../../src/theme.json')) as Record<'light' | 'dark', Record<string, string>>

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path, ext) : path.endsWith(ext) ? [path] : []
  })
}

describe.each([['mp-local', builds.mpLocal], ['mp-zego', builds.mpZego]])('the mini-program build (%s)', (_name, root) => {
  it('carries theme.json and turns dark mode on', () => {
    expect(json(join(root, 'theme.json'))).toEqual(source)
    const app = json(join(root, 'app.json'))
    expect(app).toMatchObject({ darkmode: true, themeLocation: 'theme.json' })
    // Every @variable app.json names exists in both themes.
    const variables = [...JSON.stringify(app).matchAll(/"@(\w+)"/g)].map(m => m[1])
    expect(variables).toEqual(expect.arrayContaining(['navBgColor', 'navTextStyle', 'bgColor', 'bgTextStyle']))
    for (const theme of ['light', 'dark'] as const)
      expect(variables.filter(v => !(v in source[theme]))).toEqual([])
  })

  it('has the tokens for both themes in app.wxss', () => {
    const wxss = readFileSync(join(root, 'app.wxss'), 'utf8')
    expect(wxss).toMatch(/--color-bg:\s*#f7f7f7/)
    expect(wxss).toMatch(/@media \(prefers-color-scheme:\s*dark\)\s*\{\s*page\s*\{[^}]*--color-bg:\s*#111111/)
  })

  it('ships both languages, as message functions', () => {
    const js = filesUnder(root, '.js').map(f => readFileSync(f, 'utf8')).join('\n')
    expect(js).toContain('用户 ID 最多 ')
    expect(js).toContain('A user ID can have at most ')
    expect(js).not.toContain('at most {max} bytes')
  })
})

describe('the H5 build', () => {
  it('has both themes\' tokens and both languages', () => {
    const css = filesUnder(builds.h5Zego, '.css').map(f => readFileSync(f, 'utf8')).join('\n')
    expect(css).toMatch(/@media \(prefers-color-scheme:\s*dark\)/)
    const js = filesUnder(builds.h5Zego, '.js').map(f => readFileSync(f, 'utf8')).join('\n')
    // As message functions (uni keeps its own copy of the JSON for the %key% titles), made
    // by the shared helper from their parts: text, then the named placeholder.
    const compiled = [...js.matchAll(/"userID\.maxBytes":[\w$]+\(\["([^"]+)",\["max"\]/g)].map(m => m[1])
    expect(compiled.sort()).toEqual(['A user ID can have at most ', '用户 ID 最多 '])
  })
})
