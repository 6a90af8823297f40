// What every page test starts and ends with: uni's hooks and globals stubbed, the fake
// useZim reset, a fresh Pinia (optionally with a signed-in user), and the page unmounted.
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { vi } from 'vitest'
import { i18n } from '@/locale'
import { useSessionStore, type SessionUser } from '@/stores/session'
import { installUni, resetHooks, type UniStub } from '../helpers/uniStub'
import { resetFakeZim } from './fakeZim'

export function freshPage(user?: SessionUser): { uni: UniStub, pinia: Pinia } {
  resetHooks()
  resetFakeZim()
  const uni = installUni()
  // Every page test starts in English; the i18n tests switch themselves.
  i18n.global.locale.value = 'en'
  const pinia = createPinia()
  setActivePinia(pinia)
  if (user)
    useSessionStore().setUser(user)
  return { uni, pinia }
}

export function closePage(wrapper: VueWrapper | undefined): void {
  wrapper?.unmount()
  vi.unstubAllGlobals()
}
