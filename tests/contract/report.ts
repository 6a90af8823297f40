// What a contract test file observed, written to test-results/contract/<file>.json;
// scripts/contract-table.ts renders those files into docs/contract.md.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import type { DriverId } from './drivers'
import type { Outcome } from './harness'
import type { KnownDifference } from './scenarios'

const REPORT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results', 'contract')

export interface ReportedDifference extends KnownDifference {
  real: Outcome[string] | undefined
  other: Outcome[string] | undefined
}

export interface ReportRow {
  id: string
  layer: 'SDK' | 'app'
  title: string
  outcomes: Partial<Record<DriverId, Outcome>>
  differences: ReportedDifference[]
  /** What the outcome says about our own code (not a difference between drivers). */
  findings: string[]
}

export interface ContractReport {
  /** The test file that wrote it; its rows go in this order. */
  file: string
  order: number
  /** The driver every other one is compared with (a real SDK). */
  reference: DriverId
  /** The drivers, in column order. */
  drivers: DriverId[]
  versions: Partial<Record<DriverId, string>>
  rows: ReportRow[]
  /** Free-form observations (the wx APIs the SDK called, …), rendered as lists. */
  notes: Record<string, string[]>
}

/**
 * Compares every driver's outcome with the real mini-program SDK's (the reference: users
 * ship on it): equal, except the declared known differences, which must still differ
 * (so the table never claims a difference that is gone). Returns the row to report and
 * the problems found (empty when the contract holds).
 */
export function compareOutcomes(
  scenario: { id: string, layer: 'SDK' | 'app', title: string, differences?: KnownDifference[], finding?: (o: Outcome) => string | null },
  outcomes: Partial<Record<DriverId, Outcome>>,
  reference: DriverId = 'miniprogram',
): { row: ReportRow, problems: string[] } {
  const base = outcomes[reference]
  if (!base)
    throw new Error(`no outcome from the reference driver ${reference}`)
  const differences: ReportedDifference[] = []
  const problems: string[] = []
  const show = (v: unknown) => JSON.stringify(v)
  for (const [driver, outcome] of Object.entries(outcomes) as [DriverId, Outcome][]) {
    if (driver === reference)
      continue
    const known = (scenario.differences ?? []).filter(k => k.driver === driver)
    const keys = new Set([...Object.keys(base), ...Object.keys(outcome)])
    for (const key of keys) {
      const same = show(outcome[key]) === show(base[key])
      const difference = known.find(k => k.key === key)
      if (difference) {
        differences.push({ ...difference, real: base[key], other: outcome[key] })
        if (same)
          problems.push(`${driver} "${key}" is declared a known difference but now equals the real SDK's (${show(base[key])}): remove the declaration`)
      }
      else if (!same) {
        problems.push(`${driver} "${key}": ${show(outcome[key])}, real SDK: ${show(base[key])}`)
      }
    }
  }
  const finding = scenario.finding?.(base)
  return { row: { id: scenario.id, layer: scenario.layer, title: scenario.title, outcomes, differences, findings: finding ? [finding] : [] }, problems }
}

/**
 * One scenario's verdict: its row goes in `rows`, the app's `check` must hold on every
 * driver's outcome (named in the failure), and the outcomes must match the reference's.
 */
export function holdContract(
  scenario: Parameters<typeof compareOutcomes>[0] & { check?: (o: Outcome) => void },
  outcomes: Partial<Record<DriverId, Outcome>>,
  rows: ReportRow[],
): void {
  const { row, problems } = compareOutcomes(scenario, outcomes)
  rows.push(row)
  for (const [id, outcome] of Object.entries(outcomes)) {
    try {
      scenario.check?.(outcome)
    }
    catch (error) {
      ;(error as Error).message = `[${id}] ${(error as Error).message}`
      throw error
    }
  }
  expect(problems, JSON.stringify(outcomes, null, 2)).toEqual([])
}

export function writeReport(report: ContractReport): string {
  mkdirSync(REPORT_DIR, { recursive: true })
  const path = join(REPORT_DIR, `${report.file}.json`)
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`)
  return path
}
