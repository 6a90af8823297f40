// Sizes of a WeChat mini-program build (dist/build/mp-weixin): the main package (every file
// outside the subpackage roots named in app.json), each subpackage, the ZIM
// implementation's share, and any trace of it left in the main package. Used by
// `npm run size`, by the build itself (vite.config.ts) and by tests/build.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, posix, relative, sep } from 'node:path'

export const KB = 1024

/** WeChat counts 1 KB = 1024 bytes; its own limits are 2 MB per package, 20 MB in all. */
export const BUDGET = {
  /** Our budget for the main package: WeChat allows 2 MB; we keep it small for fast first start. */
  main: 300 * KB,
  /** WeChat's limit for one subpackage. */
  subpackage: 2048 * KB,
  /** WeChat's limit for all packages together. */
  total: 20 * 1024 * KB,
} as const

export type Budget = { [K in keyof typeof BUDGET]: number }

/** Where the build puts the ZIM implementation (src/zim/subpackage.ts, vite.config.ts). */
export const ZIM_FILE = 'zimsdk/zim.js'

export interface FileSize { path: string, bytes: number }

export interface PackageSize {
  /** 'main', or the subpackage's root. */
  name: string
  bytes: number
  files: FileSize[]
}

export interface Signature { name: string, needles: string[] }

/**
 * Strings found only in each ZIM implementation's code: if one turns up in the main
 * package, the implementation leaked back into it.
 */
export const SIGNATURES: Signature[] = [
  { name: 'zego-zim-miniprogram', needles: ['_zimmini_', 'ZIMConversationPinnedFilter'] },
  { name: 'local stand-in', needles: ['uniSocketFactory: the uni global is missing'] },
]

export interface SizeReport {
  dir: string
  main: PackageSize
  subpackages: PackageSize[]
  total: number
  /** The ZIM implementation file, when the build has one. */
  implementation: { path: string, bytes: number, kind: string } | null
  /** Main-package files holding a signature of a ZIM implementation. */
  leaks: Array<{ path: string, signature: string }>
}

function listFiles(dir: string): string[] {
  const out: string[] = []
  const visit = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name)
      if (entry.isDirectory())
        visit(full)
      else if (entry.isFile())
        out.push(relative(dir, full).split(sep).join(posix.sep))
    }
  }
  visit(dir)
  return out.sort()
}

interface AppJson { subPackages?: Array<{ root: string }>, subpackages?: Array<{ root: string }> }

export function subpackageRoots(dir: string): string[] {
  const appJson = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8')) as AppJson
  return (appJson.subPackages ?? appJson.subpackages ?? []).map(p => p.root.replace(/^\/|\/$/g, ''))
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')

/** What the implementation file is: the SDK (byte for byte, with its version) or the stand-in. */
function identify(data: Buffer): string {
  try {
    const require = createRequire(join(process.cwd(), 'package.json'))
    const sdkFile = require.resolve('zego-zim-miniprogram')
    if (sha(readFileSync(sdkFile)) === sha(data)) {
      const pkg = JSON.parse(readFileSync(join(sdkFile, '..', 'package.json'), 'utf8')) as { version: string }
      return `zego-zim-miniprogram ${pkg.version}`
    }
  }
  catch {
    // the SDK is not installed here: tell by the signatures alone
  }
  const text = data.toString('utf8')
  const found = SIGNATURES.find(s => s.needles.some(n => text.includes(n)))
  return found?.name ?? 'unknown'
}

export function measure(dir: string): SizeReport {
  if (!existsSync(join(dir, 'app.json')))
    throw new Error(`${dir} is not a mini-program build (no app.json); run npm run build:mp-weixin first`)
  const roots = subpackageRoots(dir)
  const packages = new Map<string, PackageSize>([['main', { name: 'main', bytes: 0, files: [] }]])
  for (const root of roots)
    packages.set(root, { name: root, bytes: 0, files: [] })

  const leaks: SizeReport['leaks'] = []
  for (const path of listFiles(dir)) {
    const bytes = statSync(join(dir, path)).size
    const root = roots.find(r => path.startsWith(`${r}/`)) ?? 'main'
    const pkg = packages.get(root)!
    pkg.bytes += bytes
    pkg.files.push({ path, bytes })
    if (root === 'main' && /\.(js|json|wxs)$/.test(path)) {
      const text = readFileSync(join(dir, path), 'utf8')
      for (const signature of SIGNATURES) {
        if (signature.needles.some(n => text.includes(n)))
          leaks.push({ path, signature: signature.name })
      }
    }
  }
  for (const pkg of packages.values())
    pkg.files.sort((a, b) => b.bytes - a.bytes)

  const implPath = join(dir, ZIM_FILE)
  const implementation = existsSync(implPath)
    ? { path: ZIM_FILE, bytes: statSync(implPath).size, kind: identify(readFileSync(implPath)) }
    : null
  const main = packages.get('main')!
  const subpackages = roots.map(r => packages.get(r)!)
  return {
    dir,
    main,
    subpackages,
    total: main.bytes + subpackages.reduce((sum, p) => sum + p.bytes, 0),
    implementation,
    leaks,
  }
}

/** Every way the report breaks the budget, in words; empty when it holds. */
export function overBudget(report: SizeReport, budget: Budget = BUDGET): string[] {
  const problems: string[] = []
  if (report.main.bytes > budget.main)
    problems.push(`main package ${kb(report.main.bytes)} is over its budget of ${kb(budget.main)} (largest: ${report.main.files.slice(0, 3).map(f => `${f.path} ${kb(f.bytes)}`).join(', ')})`)
  for (const pkg of report.subpackages) {
    if (pkg.bytes > budget.subpackage)
      problems.push(`subpackage ${pkg.name} ${kb(pkg.bytes)} is over ${kb(budget.subpackage)}`)
  }
  if (report.total > budget.total)
    problems.push(`all packages ${kb(report.total)} are over ${kb(budget.total)}`)
  for (const leak of report.leaks)
    problems.push(`${leak.path} in the main package holds ${leak.signature} code: it must stay in its subpackage`)
  return problems
}

export function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`
}

function pct(part: number, whole: number): string {
  return whole ? `${((100 * part) / whole).toFixed(0)}%` : '-'
}

/** The report as a table, e.g. for `npm run size`. */
export function formatReport(report: SizeReport, budget: Budget = BUDGET, title = report.dir): string {
  const rows: Array<[string, string, string, string]> = []
  rows.push(['main package', kb(report.main.bytes), `budget ${kb(budget.main)}`, `${pct(report.main.bytes, budget.main)} used`])
  for (const pkg of report.subpackages)
    rows.push([`subpackage ${pkg.name}/`, kb(pkg.bytes), `limit ${kb(budget.subpackage)}`, `${pct(pkg.bytes, budget.subpackage)} used`])
  rows.push(['all packages', kb(report.total), `limit ${kb(budget.total)}`, `${pct(report.total, budget.total)} used`])
  if (report.implementation) {
    const i = report.implementation
    rows.push([`ZIM (${i.kind})`, kb(i.bytes), i.path, `${pct(i.bytes, report.total)} of all`])
  }
  else {
    rows.push(['ZIM', '-', `no ${ZIM_FILE}: the implementation is bundled in the main package`, ''])
  }
  const widths = [0, 1, 2].map(c => Math.max(...rows.map(r => r[c].length)))
  const lines = rows.map(r => `  ${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`)
  const largest = report.main.files.slice(0, 5).map(f => `${f.path} ${kb(f.bytes)}`).join(', ')
  const problems = overBudget(report, budget)
  return [
    title,
    ...lines,
    `  largest in main: ${largest}`,
    problems.length ? `  OVER BUDGET:\n${problems.map(p => `    ✖ ${p}`).join('\n')}` : '  within budget ✔',
  ].join('\n')
}
