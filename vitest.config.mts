import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { precompileMessages, VUE_I18N_RUNTIME } from './scripts/i18n/precompile'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

// uni's built-in tags are plain custom elements to the test compiler.
const UNI_TAGS = new Set(['view', 'text', 'scroll-view', 'input', 'textarea', 'button', 'image', 'navigator', 'swiper', 'swiper-item', 'rich-text'])

export default defineConfig({
  plugins: [precompileMessages(), vue({ template: { compilerOptions: { isCustomElement: tag => UNI_TAGS.has(tag) } } })],
  resolve: {
    alias: {
      '@zim-sdk': r('./src/zim/local/index.ts'),
      'vue-i18n': VUE_I18N_RUNTIME,
      '@': r('./src'),
    },
  },
  test: {
    globals: true,
    include: ['tests/{unit,component,integration,contract}/**/*.test.ts'],
    environmentMatchGlobs: [['tests/component/**', 'happy-dom']],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})
