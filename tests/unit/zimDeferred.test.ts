// The deferred ZIM that the mini-program build puts behind `@zim-sdk`: calls made before
// the subpackage arrives wait for it, in order, and then reach the real instance.
import { describe, expect, it, vi } from 'vitest'
import { createDeferredZim, ZimLoadError } from '@/zim/deferred'

type Handler = (source: unknown, data: unknown) => void

/** A scripted SDK: records every call; `login` resolves unless told otherwise. */
function fakeSdk() {
  const calls: string[] = []
  let instance: Record<string, unknown> | null = null
  const handlers = new Map<string, Handler>()
  const ZIM = {
    create: vi.fn((config: unknown) => {
      calls.push(`create ${JSON.stringify(config)}`)
      instance = {
        on: (name: string, h: Handler) => {
          calls.push(`on ${name}`)
          handlers.set(name, h)
        },
        off: (name: string) => {
          calls.push(`off ${name}`)
          handlers.delete(name)
        },
        login: async (userID: string) => {
          calls.push(`login ${userID}`)
        },
        logout: () => calls.push('logout'),
        destroy: () => {
          calls.push('destroy')
          instance = null
        },
        queryConversationList: async () => ({ conversationList: [] }),
      }
      return instance
    }),
    getInstance: () => instance,
    getVersion: () => '2.29.0',
    configure: vi.fn(),
  }
  const emit = (name: string, data: unknown) => handlers.get(name)?.(instance, data)
  return { ZIM, calls, emit, get instance() {
    return instance
  } }
}

const loginConfig = (userName: string) => ({ userName, token: 't', isOfflineLogin: false, customStatus: '', customStatusDuration: 0 })

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('createDeferredZim', () => {
  it('answers create() at once and replays handlers, then calls, in order once loaded', async () => {
    const sdk = fakeSdk()
    const download = deferred<unknown>()
    const zim = createDeferredZim(() => download.promise)
    expect(zim.loaded).toBe(false)
    expect(zim.getVersion()).toBe('not loaded')

    const client = zim.create({ appID: 42 })!
    expect(client).toBeTruthy()
    expect(zim.getInstance()).toBe(client)
    const seen: unknown[] = []
    client.on('connectionStateChanged', ((source: unknown, data: unknown) => seen.push([source, data])) as never)
    const login = client.login('alice', loginConfig('Alice'))
    const query = client.queryConversationList({ count: 10, nextConversation: undefined } as never)
    expect(sdk.calls).toEqual([])

    download.resolve({ ZIM: sdk.ZIM })
    await login
    await expect(query).resolves.toEqual({ conversationList: [] })
    expect(sdk.calls).toEqual(['create {"appID":42}', 'on connectionStateChanged', 'login alice'])
    expect(zim.loaded).toBe(true)
    expect(zim.getVersion()).toBe('2.29.0')

    // An event's source is the client the app holds, not the SDK's own object.
    sdk.emit('connectionStateChanged', { state: 2 })
    expect(seen).toEqual([[client, { state: 2 }]])
  })

  it('forwards configure() to the implementation, before and after it arrives', async () => {
    const sdk = fakeSdk()
    const zim = createDeferredZim(async () => ({ ZIM: sdk.ZIM }))
    zim.configure({ url: 'ws://a' })
    await zim.load()
    zim.configure({ url: 'ws://b' })
    expect(sdk.ZIM.configure.mock.calls).toEqual([[{ url: 'ws://a' }], [{ url: 'ws://b' }]])
  })

  it('queues logout and destroy too; destroy before arrival creates nothing', async () => {
    const sdk = fakeSdk()
    const download = deferred<unknown>()
    const zim = createDeferredZim(() => download.promise)
    const client = zim.create({ appID: 1 })!
    const login = client.login('bob', loginConfig('Bob'))
    client.destroy()
    expect(zim.getInstance()).toBeNull()
    download.resolve({ ZIM: sdk.ZIM })
    await expect(login).rejects.toThrow('zim.destroyed')
    expect(sdk.calls).toEqual([])

    const second = zim.create({ appID: 1 })!
    expect(second).not.toBe(client)
    await second.login('bob', loginConfig('Bob'))
    second.logout()
    expect(sdk.calls).toEqual(['create {"appID":1}', 'login bob', 'logout'])
  })

  it('rejects queued calls with a clear error when the download fails, and retries on the next call', async () => {
    const sdk = fakeSdk()
    let attempts = 0
    const zim = createDeferredZim(async () => {
      attempts++
      if (attempts === 1)
        throw { errMsg: 'require.async:fail download subpackage failed' }
      return { ZIM: sdk.ZIM }
    })
    const client = zim.create({ appID: 7 })!
    client.on('error', (() => {}) as never)
    const first = client.login('carol', loginConfig('C'))
    await expect(first).rejects.toBeInstanceOf(ZimLoadError)
    // A key for the page; the platform's reason stays on the error for the console.
    await expect(first).rejects.toMatchObject({ message: 'zimLoad.download', cause: { errMsg: 'require.async:fail download subpackage failed' } })

    await client.login('carol', loginConfig('C'))
    expect(attempts).toBe(2)
    // The handler registered before the failure is still attached.
    expect(sdk.calls).toEqual(['create {"appID":7}', 'on error', 'login carol'])
  })

  it('is never mistaken for a promise', async () => {
    const zim = createDeferredZim(() => new Promise(() => {}))
    const client = zim.create({ appID: 1 })
    expect((client as unknown as { then?: unknown }).then).toBeUndefined()
    await expect(Promise.resolve(client)).resolves.toBe(client)
  })

  it('wraps an instance that already exists once loaded (hot reload)', async () => {
    const sdk = fakeSdk()
    const zim = createDeferredZim(async () => ({ default: { ZIM: sdk.ZIM } }))
    await zim.load()
    sdk.ZIM.create({ appID: 3 })
    const again = createDeferredZim(async () => ({ ZIM: sdk.ZIM }))
    await again.load()
    const client = again.getInstance()!
    await client.login('dan', loginConfig('D'))
    expect(sdk.calls).toEqual(['create {"appID":3}', 'login dan'])
  })

  it('reports a module without a ZIM export', async () => {
    const zim = createDeferredZim(async () => ({ nothing: true }))
    await expect(zim.load()).rejects.toMatchObject({ message: 'zimLoad.download', cause: { message: expect.stringMatching(/no ZIM export/) } })
  })
})
