// The three ZIM implementations the contract scenarios run against, behind one interface:
// - 'miniprogram': the REAL zego-zim-miniprogram, loaded in Node on a recorded `wx` stub
//   (tests/helpers/wxStub.ts) whose sockets never reach a server;
// - 'web': the REAL zego-zim-web, loaded on a minimal browser stub (tests/helpers/webStub.ts)
//   whose WebSocket never reaches a server;
// - 'standin': our LocalZim (src/zim/local) over real WebSockets (`ws`) pointed at a
//   closed port on 127.0.0.1 — the same dead network, seen through a real TCP refusal.
// Each driver owns the one SDK instance of its test file: created once, reused by every
// scenario (the real SDK is a singleton, and destroy() leaves a timer that throws).
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { createDeferredZim } from '@/zim/deferred'
import { configure, LocalZim } from '@/zim/local/index'
import type { SocketFactory } from '@/zim/local/transport'
import type { ZimClient, ZimStatic } from '@/zim/types'
import { createAppHooks } from '../helpers/wxStub'
import { createWebStub, type WebStub } from '../helpers/webStub'
import { wsSocketFactory } from '../helpers/wsSocket'
import type { WxStub } from '../helpers/wxStub'

export type DriverId = 'miniprogram' | 'web' | 'standin' | 'deferred'

const DRIVER_LABELS: Record<DriverId, string> = {
  miniprogram: 'real SDK: zego-zim-miniprogram',
  web: 'real SDK: zego-zim-web',
  standin: 'stand-in: LocalZim',
  deferred: 'real SDK: zego-zim-miniprogram behind src/zim/deferred.ts',
}

export interface Driver {
  id: DriverId
  label: string
  ZIM: ZimStatic
  /** The file's one instance (getInstance, or create on first use). */
  client: () => ZimClient
  /** Sockets opened so far (each one a connection attempt). */
  connectAttempts: () => number
  /** The app comes back to the foreground. */
  wake: () => void
  /** The platform reports the network is back. */
  networkBack: () => void
  /** Exceptions that escaped into the runtime (thrown by handlers the SDK called). */
  runtimeErrors: () => unknown[]
  /** The SDK's own instance under any wrapper of ours, to instrument (default: client()). */
  raw?: () => ZimClient
}

/** What to instrument (count calls, record events) for a driver. */
export const rawClient = (d: Driver): ZimClient => d.raw?.() ?? d.client()

const require = createRequire(import.meta.url)

type SdkModule = { ZIM: ZimStatic & { getVersion: () => string } }
type Loggable = { setLogConfig?: (config: { logLevel: string }) => void }

/** Runs `fn` with the SDK's console chatter (info/warn/log) muted. */
function quietly<T>(fn: () => T): T {
  const out = console as unknown as Record<string, (...args: unknown[]) => void>
  const names = ['info', 'warn', 'log']
  const saved = names.map(name => out[name])
  for (const name of names)
    out[name] = () => {}
  try {
    return fn()
  }
  finally {
    names.forEach((name, i) => {
      out[name] = saved[i]
    })
  }
}

function singleton(ZIM: ZimStatic, appID: number): () => ZimClient {
  return () => {
    const existing = ZIM.getInstance()
    if (existing)
      return existing
    const created = quietly(() => ZIM.create({ appID }))
    if (!created)
      throw new Error('ZIM.create returned null with no instance around')
    // The SDK logs every call to the console (and to a file) by default.
    ;(created as Loggable).setLogConfig?.({ logLevel: 'disable' })
    return created
  }
}

/** The real mini-program SDK. The wx stub must be installed (globalThis.wx) before this. */
export function miniprogramDriver(stub: WxStub, appID: number): Driver {
  if ((globalThis as { wx?: unknown }).wx !== stub.wx)
    throw new Error('install the wx stub before loading zego-zim-miniprogram')
  const { ZIM } = quietly(() => require('zego-zim-miniprogram') as SdkModule)
  return {
    id: 'miniprogram',
    label: DRIVER_LABELS.miniprogram,
    ZIM,
    client: singleton(ZIM, appID),
    connectAttempts: () => stub.count('connectSocket'),
    wake: () => stub.appShow(),
    networkBack: () => stub.networkChange(true),
    runtimeErrors: () => stub.runtimeErrors(),
  }
}

/**
 * The real mini-program SDK behind src/zim/deferred.ts, as the WeChat build ships it
 * (there the SDK arrives from a subpackage with require.async). Loaded before the first
 * call here, so the raw instance exists to be instrumented.
 */
export async function deferredDriver(stub: WxStub, appID: number): Promise<Driver> {
  const real = miniprogramDriver(stub, appID)
  const ZIM = createDeferredZim(async () => real.ZIM)
  await ZIM.load()
  const client = () => ZIM.getInstance() ?? quietly(() => ZIM.create({ appID }))
  const raw = () => {
    const instance = real.ZIM.getInstance()
    if (!instance)
      throw new Error('the deferred ZIM has not created the SDK instance yet')
    return instance
  }
  return {
    ...real,
    id: 'deferred',
    label: DRIVER_LABELS.deferred,
    ZIM,
    client: () => {
      const c = client()
      if (!c)
        throw new Error('the deferred ZIM gave no instance')
      ;(raw() as Loggable).setLogConfig?.({ logLevel: 'disable' })
      return c
    },
    raw,
  }
}

/** The real web SDK, on a browser stub installed here (window, document, WebSocket, …). */
export function webDriver(appID: number): Driver & { stub: WebStub } {
  const stub = createWebStub()
  stub.install()
  const { ZIM } = quietly(() => require('zego-zim-web') as SdkModule)
  return {
    id: 'web',
    label: DRIVER_LABELS.web,
    ZIM,
    client: singleton(ZIM, appID),
    connectAttempts: () => stub.count('WebSocket'),
    wake: () => stub.wake(),
    networkBack: () => stub.online(),
    runtimeErrors: () => stub.runtimeErrors(),
    stub,
  }
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

/**
 * The stand-in, pointed at `url` (a closed port for the network-down scenarios). Its
 * app/network hooks come from a `uni` that exists only while the instance is created,
 * so nothing else in the test process (the engine) sees a `uni` global.
 */
export function standinDriver(appID: number, url: string): Driver & { hooks: ReturnType<typeof createAppHooks> } {
  const hooks = createAppHooks()
  const errors: unknown[] = []
  let attempts = 0
  const counting: SocketFactory = (target) => {
    attempts++
    return wsSocketFactory(target)
  }
  configure({ url, socketFactory: counting, reportHandlerError: error => errors.push(error) })
  const ZIM = LocalZim as unknown as ZimStatic
  const create = singleton(ZIM, appID)
  const client = () => {
    if (ZIM.getInstance())
      return create()
    const g = globalThis as { uni?: unknown }
    const before = g.uni
    g.uni = hooks.api
    try {
      return create()
    }
    finally {
      g.uni = before
    }
  }
  return {
    id: 'standin',
    label: DRIVER_LABELS.standin,
    ZIM,
    client,
    connectAttempts: () => attempts,
    wake: () => hooks.appShow(),
    networkBack: () => hooks.networkChange(true),
    runtimeErrors: () => [...errors, ...hooks.errors],
    hooks,
  }
}
