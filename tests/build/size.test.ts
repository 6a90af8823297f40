// The mini-program's package sizes, in both ZIM modes: the main package within its budget,
// the ZIM implementation in the `zimsdk` subpackage and nowhere else, and the code that
// fetches it pointing at the file that is really there.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, posix, relative } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { BUDGET, formatReport, measure, overBudget, SIGNATURES, subpackageRoots, ZIM_FILE } from '../../scripts/size/measure'

const builds = inject('builds')

function jsFiles(dir: string, at = dir): string[] {
  return readdirSync(at, { withFileTypes: true }).flatMap((e) => {
    const full = join(at, e.name)
    if (e.isDirectory())
      return jsFiles(dir, full)
    return e.name.endsWith('.js') ? [relative(dir, full).split('\\').join('/')] : []
  })
}

describe.each([
  ['zego', () => builds.mpZego],
  ['local', () => builds.mpLocal],
])('mp-weixin build, VITE_ZIM_MODE=%s', (mode, dir) => {
  it('keeps the main package within its budget and the ZIM implementation in the zimsdk subpackage', () => {
    const report = measure(dir())
    console.info(formatReport(report, BUDGET, `mp-weixin, VITE_ZIM_MODE=${mode}`))
    expect(overBudget(report)).toEqual([])
    expect(report.main.bytes).toBeLessThanOrEqual(300 * 1024)
    // The chat and room pages (with the components only they use) and the group pages are
    // subpackages of their own, loaded when opened.
    expect(report.subpackages.map(p => p.name).sort()).toEqual(['chat', 'group', 'profile', 'search', 'zimsdk'])
    expect(report.implementation?.path).toBe(ZIM_FILE)
    expect(report.implementation?.kind).toMatch(mode === 'zego' ? /^zego-zim-miniprogram \d/ : /stand-in/)
    expect(report.leaks).toEqual([])
  })

  it('detects the implementation by its signature (so a leak into the main package would be seen)', () => {
    const text = readFileSync(join(dir(), ZIM_FILE), 'utf8')
    const signature = SIGNATURES.find(s => s.name === (mode === 'zego' ? 'zego-zim-miniprogram' : 'local stand-in'))!
    expect(signature.needles.every(n => text.includes(n))).toBe(true)
  })

  it('fetches the implementation with require.async from the path where it is', () => {
    const calls = jsFiles(dir()).flatMap((file) => {
      const code = readFileSync(join(dir(), file), 'utf8')
      return [...code.matchAll(/require\.async\((["'])([^"']+)\1\)/g)].map(m => ({ file, path: m[2] }))
    })
    expect(calls).toHaveLength(1)
    const target = posix.normalize(posix.join(posix.dirname(calls[0].file), calls[0].path))
    expect(target).toBe(ZIM_FILE)
    // Only the main package calls it; the subpackage holds nothing but the implementation.
    expect(subpackageRoots(dir()).some(root => calls[0].file.startsWith(`${root}/`))).toBe(false)
  })

  it('declares the subpackages and preloads the ZIM one from the login page, the chat one from the list', () => {
    const app = JSON.parse(readFileSync(join(dir(), 'app.json'), 'utf8')) as {
      subPackages: Array<{ root: string, pages: string[] }>
      preloadRule: Record<string, { packages: string[] }>
    }
    expect(app.subPackages).toEqual([
      { root: 'group', pages: ['create/index', 'info/index'] },
      { root: 'chat', pages: ['index', 'room'] },
      { root: 'profile', pages: ['index'] },
      { root: 'search', pages: ['index'] },
      { root: 'zimsdk', pages: ['index'] },
    ])
    expect(app.preloadRule['pages/login/index'].packages).toEqual(['zimsdk'])
    expect(app.preloadRule['pages/conversations/index'].packages).toEqual(['chat'])
  })
})

it('ships ZEGO\'s SDK file unchanged (its licence header and all)', () => {
  const sdk = createRequire(join(process.cwd(), 'package.json')).resolve('zego-zim-miniprogram')
  const built = join(builds.mpZego, ZIM_FILE)
  expect(statSync(built).size).toBe(statSync(sdk).size)
  expect(readFileSync(built).equals(readFileSync(sdk))).toBe(true)
})
