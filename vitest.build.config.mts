import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

// Build tier: the real H5 and mp-weixin builds (tests/build/globalSetup.ts makes them),
// their size budget, a scan for the ServerSecret, and the compiled mini-program pages run
// under a mini-program runtime simulation (tests/build/mp/harness.ts).
export default defineConfig({
  resolve: { alias: { '@': r('./src') } },
  test: {
    include: ['tests/build/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/build/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
