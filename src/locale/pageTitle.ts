// pages.json names each page through %key%, but a mini-program gets those titles in one
// language at build time: the page sets its title again when shown and when the language changes.
import { onShow } from '@dcloudio/uni-app'
import { watch } from 'vue'
import { i18n, t } from './index'

export function usePageTitle(key: string): void {
  const apply = () => {
    uni.setNavigationBarTitle({ title: t(key) })
  }
  onShow(apply)
  watch(() => i18n.global.locale.value, apply)
}
