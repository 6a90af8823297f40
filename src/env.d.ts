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
}
