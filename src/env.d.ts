/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

interface ImportMetaEnv {
  /** 'local' (default): the bundled stand-in; 'zego': ZEGO's SDK and cloud. */
  readonly VITE_ZIM_MODE?: 'local' | 'zego'
  readonly VITE_ZIM_APP_ID?: string
  readonly VITE_TOKEN_URL?: string
  readonly VITE_ZIM_LOCAL_URL?: string
  /** The local service's port on the page's host (set by `npm start` from PORT); default 9800. */
  readonly VITE_ZIM_LOCAL_PORT?: string
}

/** A locale file precompiled to vue-i18n message functions (scripts/i18n/precompile.ts). */
declare module '*.json?messages' {
  import type { MessageFunction, VueMessageType } from 'vue-i18n'
  const messages: Record<string, MessageFunction<VueMessageType>>
  export default messages
}
