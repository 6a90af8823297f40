// npm run theme:json — writes src/theme.json from src/styles/theme.css.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseTokens, themeJson } from './tokens'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export const THEME_CSS = r('../../src/styles/theme.css')
export const THEME_JSON = r('../../src/theme.json')

export function renderThemeJson(): string {
  return `${JSON.stringify(themeJson(parseTokens(readFileSync(THEME_CSS, 'utf8'))), null, 2)}\n`
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(THEME_JSON, renderThemeJson())
  console.info(`wrote ${THEME_JSON}`)
}
