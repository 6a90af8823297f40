// `npm run size`: builds the WeChat mini-program in both ZIM modes (the local stand-in and
// ZEGO's SDK) into temporary folders, prints the main package, each subpackage and the
// SDK's share, and exits non-zero when a budget is broken (scripts/size/measure.ts).
//
//   npm run size                              both modes
//   npm run size -- --mode zego               one mode
//   npm run size -- --dir dist/build/mp-weixin   an existing build, no building
//   npm run size -- --json                    machine-readable
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { uniBuild, type ZimMode } from './build'
import { BUDGET, formatReport, measure, overBudget, type SizeReport } from './measure'

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', multiple: true },
      mode: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
  })
  const reports: Array<{ title: string, report: SizeReport }> = []

  if (values.dir?.length) {
    for (const dir of values.dir)
      reports.push({ title: resolve(dir), report: measure(resolve(dir)) })
  }
  else {
    const modes = (values.mode?.length ? values.mode : ['local', 'zego']) as ZimMode[]
    for (const mode of modes) {
      if (mode !== 'local' && mode !== 'zego')
        throw new Error(`--mode must be local or zego (got ${String(mode)})`)
    }
    const root = mkdtempSync(join(tmpdir(), 'zim-size-'))
    try {
      // One at a time: two builds side by side gain little on two cores.
      for (const mode of modes) {
        const outDir = join(root, mode)
        if (!values.json)
          console.info(`building mp-weixin (VITE_ZIM_MODE=${mode}) …`)
        const { ms } = await uniBuild({ platform: 'mp-weixin', mode, outDir })
        reports.push({ title: `mp-weixin, VITE_ZIM_MODE=${mode} (built in ${(ms / 1000).toFixed(1)} s)`, report: measure(outDir) })
      }
    }
    finally {
      rmSync(root, { recursive: true, force: true })
    }
  }

  if (values.json) {
    console.info(JSON.stringify({ budget: BUDGET, reports: reports.map(r => ({ title: r.title, ...r.report, problems: overBudget(r.report) })) }, null, 2))
  }
  else {
    for (const { title, report } of reports)
      console.info(`\n${formatReport(report, BUDGET, title)}`)
  }
  const broken = reports.filter(r => overBudget(r.report).length > 0)
  if (broken.length) {
    console.error(`\n✖ ${broken.length} build(s) over the mini-program size budget (scripts/size/measure.ts).`)
    return 1
  }
  return 0
}

main().then(code => process.exit(code), (error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
