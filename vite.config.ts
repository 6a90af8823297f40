import { fileURLToPath } from 'node:url'
import uni from '@dcloudio/vite-plugin-uni'
import { defineConfig, loadEnv } from 'vite'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

/**
 * `@zim-sdk` is the one place the ZIM implementation is chosen, at build time:
 * the local stand-in by default, or ZEGO's SDK for the platform being built
 * (`zego-zim-web` on H5, where the mini-program SDK crashes at load).
 */
function zimSdkPath(mode: string): string {
  const env = loadEnv(mode, process.cwd(), 'VITE_')
  if ((env.VITE_ZIM_MODE ?? 'local') !== 'zego')
    return r('./src/zim/local/index.ts')
  return process.env.UNI_PLATFORM === 'h5' ? 'zego-zim-web' : 'zego-zim-miniprogram'
}

export default defineConfig(({ mode }) => ({
  plugins: [uni()],
  resolve: {
    alias: {
      '@zim-sdk': zimSdkPath(mode),
      '@': r('./src'),
    },
  },
  server: { host: '127.0.0.1' },
}))
