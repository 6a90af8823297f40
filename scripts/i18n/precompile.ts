// Locale files (src/locale/*.json) become message functions at build time. Both targets
// run vue-i18n 9.1.9's runtime-only build (on mp-weixin uni aliases `vue-i18n` to it; for
// H5 and the tests vite.config aliases it too), which cannot compile a string message
// (its compiler needs `new Function`, forbidden in WeChat): a plain "at most {max} bytes"
// would show with the braces. uni keeps reading the same JSON for the %key% titles in pages.json.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { baseCompile } from '@intlify/message-compiler'
import type { Plugin } from 'vite'

/** vue-i18n's runtime-only build, the one both targets run. */
export const VUE_I18N_RUNTIME = createRequire(import.meta.url).resolve('vue-i18n/dist/vue-i18n.runtime.esm-bundler.js')

/** Imports ending in this become `{ key: (ctx) => … }` modules. */
const PRECOMPILED_SUFFIX = '?messages'

/** The compiler's output for text with at most named placeholders: `normalize([…parts])`. */
const PLAIN = /^\(ctx\) => \{const \{ normalize: _normalize(?:, interpolate: _interpolate, named: _named)? \} = ctx;return _normalize\((\[.*\])\)\}$/s
const NAMED = /_interpolate\(_named\(("(?:[^"\\]|\\.)*")\)\)/g

/**
 * Nearly every message is text with named placeholders, and the compiler writes the same
 * function around each one; in both locales that wrapper weighed more than the texts in the
 * mini-program's main package. Such messages are built by two shared helpers from their
 * parts instead (a placeholder is a one-element array); plurals and links keep the
 * compiler's own code.
 */
const HELPERS = [
  'const s = text => ctx => ctx.normalize([text])',
  'const n = parts => ctx => ctx.normalize(parts.map(p => typeof p === \'string\' ? p : ctx.interpolate(ctx.named(p[0]))))',
].join('\n')

/** JS source of one locale's messages as vue-i18n 9.1 message functions. */
export function compileMessages(json: Record<string, string>, file: string): string {
  const entries = Object.entries(json).map(([key, source]) => {
    if (typeof source !== 'string')
      throw new Error(`${file}: "${key}" must be a string (keys are flat, as pages.json's %key% needs)`)
    const { code } = baseCompile(source, {
      mode: 'arrow',
      onError(error) {
        throw new Error(`${file}: "${key}": ${error.message}`)
      },
    })
    const plain = PLAIN.exec(code)
    if (!plain)
      return `  ${JSON.stringify(key)}: ${code}`
    const parts = plain[1].replace(NAMED, '[$1]')
    const text = /^\[("(?:[^"\\]|\\.)*")\]$/.exec(parts)
    return `  ${JSON.stringify(key)}: ${text ? `s(${text[1]})` : `n(${parts})`}`
  })
  return `${HELPERS}\nexport default {\n${entries.join(',\n')}\n}\n`
}

const VIRTUAL_PREFIX = '\0i18n-messages:'
const VIRTUAL_SUFFIX = '.js'

export function precompileMessages(): Plugin {
  return {
    name: 'i18n-precompile',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith(PRECOMPILED_SUFFIX))
        return null
      const resolved = await this.resolve(source.slice(0, -PRECOMPILED_SUFFIX.length), importer, { skipSelf: true })
      // A virtual id: vite's own JSON plugin would take any `.json?…` id.
      return resolved ? `${VIRTUAL_PREFIX}${resolved.id}${VIRTUAL_SUFFIX}` : null
    },
    load(id) {
      if (!id.startsWith(VIRTUAL_PREFIX))
        return null
      const file = id.slice(VIRTUAL_PREFIX.length, -VIRTUAL_SUFFIX.length)
      this.addWatchFile(file)
      return compileMessages(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>, file)
    },
  }
}
