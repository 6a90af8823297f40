import js from '@eslint/js'
import vue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'unpackage/**', 'node_modules/**', 'test-results/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      globals: { uni: 'readonly', wx: 'readonly', getCurrentPages: 'readonly', console: 'readonly', process: 'readonly' },
    },
    rules: {
      // TypeScript already checks names; this rule does not know ambient types (UniApp, WechatMiniprogram).
      'no-undef': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  {
    // Stores and pages never touch the SDK: it is owned by useZim alone.
    files: ['src/stores/**', 'src/pages/**', 'src/components/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['zego-zim-*', '@zim-sdk', '@/zim/local/*', '**/zim/local/*'], message: 'Only useZim talks to the SDK.' },
        ],
      }],
    },
  },
)
