// What `@zim-sdk` resolves to in local mode: the stand-in under the SDK's export name.
import type { ZimStatic } from '../types'
import { LocalZim } from './LocalZim'

export { LocalZim as ZIM, LocalZim, LOCAL_ZIM_VERSION } from './LocalZim'
export { configure, resetConfig, type LocalZimConfig } from './config'
export { type SocketFactory, type ZimSocket, uniSocketFactory } from './transport'

// Type-level check: the stand-in's static side is what the app expects of `ZIM`.
const _zimStatic: ZimStatic = LocalZim
void _zimStatic
