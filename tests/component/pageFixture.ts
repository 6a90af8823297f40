// What every page test starts and ends with: uni's hooks and globals stubbed, the fake
// useZim reset (optionally with a signed-in user), a fresh Pinia, and the page unmounted.
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { vi } from 'vitest'
import { resetUserInfoQueue } from '@/composables/useUserInfo'
import { i18n } from '@/locale'
import type { SessionUser } from '@/stores/session'
import { installUni, resetHooks, type UniStub } from '../helpers/uniStub'
import { fakeState, resetFakeZim } from './fakeZim'

export function freshPage(user?: SessionUser): { uni: UniStub, pinia: Pinia } {
  resetHooks()
  resetFakeZim()
  resetUserInfoQueue()
  const uni = installUni()
  // Every page test starts in English; the i18n tests switch themselves.
  i18n.global.locale.value = 'en'
  const pinia = createPinia()
  setActivePinia(pinia)
  if (user)
    fakeState.user.value = { ...user }
  return { uni, pinia }
}

export function closePage(wrapper: VueWrapper | undefined): void {
  wrapper?.unmount()
  vi.unstubAllGlobals()
}
