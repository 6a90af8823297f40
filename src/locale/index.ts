// The app's two languages, through vue-i18n as uni-app documents it for Vue 3 (9.1.9, the
// version uni-app pins and aliases on mp-weixin). The locale follows the system
// (uni.getLocale()) until the user picks one in the app; the pick is remembered.
// Messages are precompiled at build time (scripts/i18n/precompile.ts): on mp-weixin
// vue-i18n is runtime-only and cannot compile "{max} bytes" itself.
import { createI18n } from 'vue-i18n'
import en from './en.json?messages'
import zhHans from './zh-Hans.json?messages'

export const LOCALES = ['zh-Hans', 'en'] as const
export type AppLocale = typeof LOCALES[number]

/** Where the user's pick is kept (uni storage; uni.setLocale does not persist on mp-weixin). */
export const LOCALE_STORAGE_KEY = 'zim-chat.locale'

/** Any Chinese system locale reads the Simplified Chinese texts; everything else English. */
export function normalizeLocale(raw: unknown): AppLocale {
  return typeof raw === 'string' && raw.toLowerCase().startsWith('zh') ? 'zh-Hans' : 'en'
}

function hasUni(): boolean {
  return typeof uni !== 'undefined'
}

function savedLocale(): AppLocale | null {
  try {
    const value: unknown = hasUni() ? uni.getStorageSync(LOCALE_STORAGE_KEY) : ''
    return (LOCALES as readonly unknown[]).includes(value) ? value as AppLocale : null
  }
  catch {
    return null
  }
}

function systemLocale(): AppLocale {
  try {
    return normalizeLocale(hasUni() ? uni.getLocale() : undefined)
  }
  catch {
    return 'en'
  }
}

const messages = { 'en': en, 'zh-Hans': zhHans }

export function currentLocale(): AppLocale {
  return i18n.global.locale.value as AppLocale
}

export const i18n = createI18n({
  legacy: false as const,
  globalInjection: true,
  locale: savedLocale() ?? systemLocale(),
  fallbackLocale: 'en',
  messages,
})

/** H5: screen readers and the browser read the page in the language shown. */
function markDocument(locale: AppLocale): void {
  if (typeof document !== 'undefined')
    document.documentElement.lang = locale
}
markDocument(currentLocale())

/** The translate function pages use (reactive: a template calling it follows the locale). */
export const t = i18n.global.t


/** Switches the language now and for the next start. */
export function setAppLocale(next: AppLocale): void {
  i18n.global.locale.value = next
  markDocument(next)
  if (!hasUni())
    return
  try {
    uni.setStorageSync(LOCALE_STORAGE_KEY, next)
  }
  catch {
    // Storage full: the choice holds until the app restarts.
  }
  // uni's own texts and, on H5, the %key% page titles follow uni's locale.
  uni.setLocale?.(next)
}

/** Whether `key` has a text (both languages carry the same keys: tests/unit/i18n.test.ts). */
export function hasText(key: string | undefined): key is string {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(en, key)
}
