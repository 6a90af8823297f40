// What `@zim-sdk` resolves to in the WeChat mini-program build (vite.config.ts): the ZIM
// implementation (ZEGO's SDK, or the stand-in) is not in the main package but in the
// `zimsdk` subpackage, fetched on first use with the mini-program's own `require.async`.
// The build writes the path relative to this file in place of the marker below, so the
// call holds a plain string literal, which WeChat's code analysis needs to see.
import { createDeferredZim } from './deferred'

/** The mini-program's module `require`, which has `async` since base library 2.11.2. */
interface MiniProgramRequire { async: (path: string) => Promise<unknown> }

declare const require: MiniProgramRequire

/** The subpackage's root (pages.json) and the file the build writes into it. */
export const ZIM_SUBPACKAGE_ROOT = 'zimsdk'
export const ZIM_SUBPACKAGE_FILE = 'zimsdk/zim.js'

export const ZIM = createDeferredZim(() => require.async('__ZIM_SDK_ASYNC_PATH__'))
