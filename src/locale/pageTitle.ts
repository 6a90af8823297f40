// pages.json names each page through %key%, but a mini-program gets those titles in one
// language at build time: the page sets its title again when shown and when the language
// changes (or, given a function, whenever what it returns changes: "Chats (3)").
import { onShow } from '@dcloudio/uni-app'
import { watch } from 'vue'
import { i18n, t } from './index'

export function usePageTitle(key: string | (() => string)): void {
  const title = () => (typeof key === 'string' ? t(key) : key())
  const apply = () => {
    uni.setNavigationBarTitle({ title: title() })
  }
  onShow(apply)
  watch(() => [i18n.global.locale.value, title()], apply)
}
