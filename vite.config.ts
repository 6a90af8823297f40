import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import uni from '@dcloudio/vite-plugin-uni'
import { build, defineConfig, loadEnv, type Plugin, type Rollup } from 'vite'
import { precompileMessages, VUE_I18N_RUNTIME } from './scripts/i18n/precompile'
import { formatReport, measure, overBudget } from './scripts/size/measure'
import { checkBuildEnv, type BuildEnv } from './src/zim/resolveConfig'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const requireFromHere = createRequire(r('./package.json'))

/** Must match src/zim/subpackage.ts and the `zimsdk` subpackage in pages.json. */
const SUBPACKAGE_FILE = 'zimsdk/zim.js'
const PATH_MARKER = '__ZIM_SDK_ASYNC_PATH__'

type Mode = 'local' | 'zego'

/**
 * `@zim-sdk` is the one place the ZIM implementation is chosen, at build time:
 * - H5: the local stand-in by default, or `zego-zim-web` (the mini-program SDK crashes at
 *   load in a browser);
 * - WeChat mini-program: src/zim/subpackage.ts, which fetches the implementation (the
 *   stand-in, or `zego-zim-miniprogram`) from the `zimsdk` subpackage with `require.async`,
 *   so that neither weighs on the main package (budget: scripts/size).
 */
function zimSdkPath(mode: Mode, platform: string | undefined): string {
  if (platform === 'mp-weixin')
    return r('./src/zim/subpackage.ts')
  if (mode !== 'zego')
    return r('./src/zim/local/index.ts')
  return platform === 'h5' ? 'zego-zim-web' : 'zego-zim-miniprogram'
}

/**
 * The stand-in as one CommonJS file for the subpackage. Outside uni's own build there is
 * no `uni`, so it is the mini-program's `wx` there: the stand-in may only call uni APIs
 * that wx has under the same name (today: connectSocket).
 */
async function bundleStandIn(): Promise<string> {
  const result = await build({
    configFile: false,
    envFile: false,
    logLevel: 'warn',
    resolve: { alias: { '@': r('./src') } },
    define: { 'uni': 'wx', 'import.meta.env': '{}' },
    build: {
      write: false,
      target: 'es2015',
      minify: 'esbuild',
      emptyOutDir: false,
      lib: { entry: r('./src/zim/local/index.ts'), formats: ['cjs'], fileName: () => 'zim.js' },
      rollupOptions: { output: { exports: 'named' } },
    },
  }) as Rollup.RollupOutput[] | Rollup.RollupOutput
  const output = (Array.isArray(result) ? result[0] : result).output
  const chunk = output.find((o): o is Rollup.OutputChunk => o.type === 'chunk' && o.isEntry)
  if (!chunk)
    throw new Error('zim-subpackage: the stand-in bundle has no entry chunk')
  return chunk.code
}

/**
 * Writes the ZIM implementation into the `zimsdk` subpackage and points the
 * `require.async` in src/zim/subpackage.ts at it, relative to wherever that code lands.
 */
function zimSubpackage(mode: Mode): Plugin {
  let patched = 0
  return {
    name: 'zim-subpackage',
    apply: 'build',
    renderStart() {
      patched = 0 // watch mode renders again
    },
    renderChunk(code, chunk) {
      if (!code.includes(PATH_MARKER))
        return null
      let path = posix.relative(posix.dirname(chunk.fileName), SUBPACKAGE_FILE)
      if (!path.startsWith('.'))
        path = `./${path}`
      patched++
      return { code: code.split(PATH_MARKER).join(path), map: null }
    },
    async generateBundle() {
      if (patched === 0)
        this.error(`zim-subpackage: no chunk holds ${PATH_MARKER}; the app would not find ${SUBPACKAGE_FILE}`)
      const source = mode === 'zego'
        ? readFileSync(requireFromHere.resolve('zego-zim-miniprogram'), 'utf8')
        : await bundleStandIn()
      this.emitFile({ type: 'asset', fileName: SUBPACKAGE_FILE, source })
    },
    closeBundle() {
      // The size budget (scripts/size/measure.ts) fails every production build that breaks it.
      const dir = process.env.UNI_OUTPUT_DIR
      if (process.env.NODE_ENV !== 'production' || !dir)
        return
      const report = measure(dir)
      if (overBudget(report).length)
        throw new Error(`\n${'!'.repeat(72)}\nThe mini-program is over its size budget:\n${formatReport(report)}\n${'!'.repeat(72)}`)
    },
  }
}

export default defineConfig(({ mode: viteMode }) => {
  const env = loadEnv(viteMode, process.cwd(), 'VITE_') as BuildEnv
  // A build for ZEGO's cloud without its AppID or token service would fail only at sign-in.
  const check = checkBuildEnv(env)
  for (const warning of check.warnings)
    console.warn(`[zim] ${warning}`)
  const mode: Mode = check.mode
  const platform = process.env.UNI_PLATFORM
  return {
    plugins: [precompileMessages(), uni(), ...(platform === 'mp-weixin' ? [zimSubpackage(mode)] : [])],
    resolve: {
      alias: {
        // mp-weixin: uni aliases it to its own copy of the same runtime-only 9.1.9.
        ...(platform === 'mp-weixin' ? {} : { 'vue-i18n': VUE_I18N_RUNTIME }),
        '@zim-sdk': zimSdkPath(mode, platform),
        '@': r('./src'),
      },
    },
    server: { host: '127.0.0.1' },
  }
})

