// The compiled mini-program (not the sources) run under a mini-program runtime simulation
// (tests/build/mp/harness.ts): app.js, the page files, their WXML and uni-app's runtime as
// emitted into the build output, with the ZIM implementation fetched from the zimsdk
// subpackage by require.async exactly as WeChat would.
import { afterEach, describe, expect, inject, it } from 'vitest'
import { startServer, type RunningServer } from '../../scripts/server/app'
import { launch, type LaunchOptions, type MiniProgram, type WxRequest } from './mp/harness'

const builds = inject('builds')
const running: MiniProgram[] = []
let server: RunningServer | undefined

afterEach(async () => {
  for (const mp of running.splice(0))
    mp.close()
  await server?.close()
  server = undefined
})

function start(options: LaunchOptions): MiniProgram {
  const mp = launch(options)
  running.push(mp)
  return mp
}

/** The console of the simulated app, to see what ZEGO's SDK logs. */
function recordingConsole() {
  const lines: string[] = []
  const record = (...args: unknown[]) => lines.push(args.map(String).join(' '))
  return { lines, console: { log: record, info: record, warn: record, error: record, debug: record } }
}

/** The login page, once restoring a saved session is over and the button takes taps. */
async function loginReady(mp: MiniProgram) {
  const page = mp.currentPage
  await mp.waitFor(() => page.find('login-submit')?.attrs.disabled === false, 'the sign-in button to be enabled')
  return page
}

async function typeAndSignIn(mp: MiniProgram, userID: string, userName: string) {
  const page = await loginReady(mp)
  page.input('login-user-id', userID)
  page.input('login-user-name', userName)
  await mp.waitFor(() => page.find('login-user-id')?.attrs.value === userID, 'the typed user ID')
  expect(page.tap('login-submit')).toBe(true)
}

describe('mp-weixin build with ZEGO\'s SDK (VITE_ZIM_MODE=zego)', () => {
  const tokenRequests: WxRequest[] = []
  const fakeTokenService = (req: WxRequest) => {
    tokenRequests.push(req)
    // Not a real Token04: ZEGO's SDK refuses it itself, before any network.
    return { statusCode: 200, data: { token: 'not-a-real-token', expireAt: Math.floor(Date.now() / 1000) + 3600 } }
  }

  it('renders the login page from the compiled WXML', async () => {
    const mp = start({ root: builds.mpZego, request: fakeTokenService })
    const page = mp.currentPage
    expect(page.route).toBe('pages/login/index')
    await mp.waitFor(() => page.find('login-submit'), 'the sign-in button')
    await loginReady(mp)
    expect(page.text()).toContain('ZIM Chat')
    expect(page.find('login-user-id')).toMatchObject({ tag: 'input', attrs: { placeholder: 'e.g. alice', value: '' } })
    expect(page.find('login-user-name')).toMatchObject({ tag: 'input', attrs: { placeholder: 'e.g. Alice' } })
    expect(page.find('login-submit')).toMatchObject({ tag: 'button', attrs: { disabled: false } })
    expect(page.text('login-submit')).toBe('Sign in')
    expect(page.find('login-error')).toBeUndefined()
    // The SDK is not in the main package: the page starts fetching it from the subpackage.
    expect(mp.log).toContainEqual({ kind: 'require.async', detail: 'zimsdk/zim.js' })
    expect(mp.log.filter(e => e.kind === 'require').map(e => e.detail)).not.toContain('zimsdk/zim.js')
    expect(mp.errors).toEqual([])
  })

  it('checks the fields on the page before anything reaches useZim', async () => {
    const mp = start({ root: builds.mpZego, request: fakeTokenService })
    const page = mp.currentPage
    await loginReady(mp)
    expect(page.tap('login-submit')).toBe(true)
    await mp.waitFor(() => page.find('login-user-id-error'), 'the user ID problem')
    expect(page.text('login-user-id-error')).not.toBe('')
    expect(mp.log.filter(e => e.kind === 'request')).toEqual([])
  })

  it('a tap on "Sign in" reaches useZim: token request, the real SDK from the subpackage, its answer on the page', async () => {
    tokenRequests.length = 0
    const out = recordingConsole()
    const mp = start({ root: builds.mpZego, request: fakeTokenService, console: out.console })
    const page = mp.currentPage
    await mp.waitFor(() => page.find('login-submit'), 'the sign-in button')
    await typeAndSignIn(mp, 'alice', 'Alice')

    await mp.waitFor(() => page.find('login-error'), 'the sign-in error', 10_000)
    // useZim's token fetcher asked the configured token service for alice's token …
    expect(tokenRequests).toHaveLength(1)
    expect(tokenRequests[0]).toMatchObject({ url: 'https://example.invalid/api/token', method: 'POST', data: { userID: 'alice' } })
    // … then created ZEGO's SDK (loaded from zimsdk/zim.js) with the build's AppID and logged in,
    expect(out.lines.some(l => /API\.create/.test(l) && /appID:123\b/.test(l))).toBe(true)
    expect(out.lines.some(l => /API\.login/.test(l) && /6000103/.test(l))).toBe(true)
    // … and the SDK's refusal of the fake token is on the page, in words, the code below them.
    expect(page.text('login-error')).toBe('The sign-in token was rejected.')
    expect(page.text('login-error-details')).toBe('Error code 6000103')
    expect(page.find('login-submit')?.attrs.disabled).toBe(false)
    expect(page.route).toBe('pages/login/index')
    expect(mp.errors).toEqual([])
  })

  it('tells the user when the subpackage cannot be downloaded, and works once it can', async () => {
    const out = recordingConsole()
    const mp = start({ root: builds.mpZego, request: fakeTokenService, failSubpackageDownload: true, console: out.console })
    const page = mp.currentPage
    await mp.waitFor(() => page.find('login-submit'), 'the sign-in button')
    await typeAndSignIn(mp, 'bob', 'Bob')
    await mp.waitFor(() => /could not be downloaded/.test(page.text('login-error')), 'the download error')
    expect(page.text('login-error')).toMatch(/chat module could not be downloaded.*try again/i)

    mp.options.failSubpackageDownload = false
    await mp.waitFor(() => page.find('login-submit')?.attrs.disabled === false, 'the button to be enabled again')
    page.tap('login-submit')
    await mp.waitFor(() => /6000103/.test(page.text('login-error-details')), 'the SDK\'s answer', 10_000)
    expect(out.lines.some(l => /API\.create/.test(l))).toBe(true)
  })
})

describe('mp-weixin build: two languages in the compiled pages', () => {
  const offline = { root: builds.mpLocal }

  async function typedLongID(mp: MiniProgram) {
    const page = await loginReady(mp)
    page.input('login-user-id', 'x'.repeat(33))
    await mp.waitFor(() => page.find('login-user-id-error'), 'the user ID problem')
    return page
  }

  it.each([
    ['en', 'Sign in', 'A user ID can have at most 32 bytes.', 'e.g. Alice'],
    ['zh_CN', '登录', '用户 ID 最多 32 个字节。', '例如 Alice'],
  ])('follows the phone\'s language (%s) and fills a message\'s parameter', async (language, submit, problem, placeholder) => {
    const mp = start({ ...offline, language })
    const page = await typedLongID(mp)
    expect(page.text('login-submit')).toBe(submit)
    expect(page.text('login-user-id-error')).toBe(problem)
    expect(page.find('login-user-name')?.attrs.placeholder).toBe(placeholder)
    expect(page.title).toBe(submit)
    expect(mp.errors).toEqual([])
  })

  it('switches language on a tap, at once, and starts in the chosen one next time', async () => {
    const mp = start({ ...offline, language: 'en' })
    const page = await typedLongID(mp)
    expect(page.tap('locale-switch')).toBe(true)
    await mp.waitFor(() => page.text('login-submit') === '登录', 'the page in Chinese')
    expect(page.text('login-user-id-error')).toBe('用户 ID 最多 32 个字节。')
    expect(page.title).toBe('登录')
    expect(mp.storage.get('zim-chat.locale')).toBe('zh-Hans')

    const again = start({ ...offline, language: 'en', storage: { 'zim-chat.locale': 'zh-Hans' } })
    const next = await loginReady(again)
    expect(next.text('login-submit')).toBe('登录')
    expect([...mp.errors, ...again.errors]).toEqual([])
  })
})

describe('mp-weixin build with the stand-in (VITE_ZIM_MODE=local) against the local service', () => {
  async function signedIn(userID: string, userName: string): Promise<MiniProgram> {
    const port = server!.port
    const mp = start({ root: builds.mpLocal, network: 'loopback', mapUrl: url => url.replace('127.0.0.1:9800', `127.0.0.1:${port}`) })
    await mp.waitFor(() => mp.currentPage.find('login-submit'), 'the sign-in button')
    await typeAndSignIn(mp, userID, userName)
    await mp.waitFor(() => mp.currentPage.route === 'pages/conversations/index', `${userID} on the conversations page`, 10_000)
    return mp
  }

  it('signs in, opens a chat and delivers a message between two mini-programs', async () => {
    server = await startServer({ port: 0, quiet: true })
    const alice = await signedIn('alice', 'Alice')
    await alice.waitFor(() => /Alice.*\(alice\)/.test(alice.currentPage.text()), 'alice\'s name on the page')
    expect(alice.log).toContainEqual({ kind: 'socket', detail: 'ws://127.0.0.1:9800/zim' })
    const bob = await signedIn('bob', 'Bob')

    const list = alice.currentPage
    list.input('new-chat-input', 'bob')
    await alice.waitFor(() => list.find('new-chat-input')?.attrs.value === 'bob', 'the typed peer')
    list.tap('new-chat-submit')
    await alice.waitFor(() => alice.currentPage.route === 'chat/index', 'the chat page')
    const chat = alice.currentPage
    await alice.waitFor(() => chat.find('message-input'), 'the composer')
    chat.input('message-input', 'hello from the compiled mini-program')
    await alice.waitFor(() => chat.find('message-input')?.attrs.value !== '', 'the typed message')
    chat.tap('message-send')
    await alice.waitFor(() => chat.findAll('message-item').some(m => m.attrs['data-status'] === 'sent' || /hello from/.test(JSON.stringify(m))), 'the message in alice\'s chat')

    const inbox = bob.currentPage
    await bob.waitFor(() => /hello from the compiled mini-program/.test(inbox.text()), 'the message in bob\'s conversation list', 10_000)
    expect(inbox.findAll('conversation-item')).toHaveLength(1)
    expect(inbox.text('conversation-unread')).toBe('1')
    expect([...alice.errors, ...bob.errors]).toEqual([])
  })

  it('shows the connection banner (a custom component) when the connection drops', async () => {
    server = await startServer({ port: 0, quiet: true })
    const mp = await signedIn('carol', 'Carol')
    const page = mp.currentPage
    // The component is there, rendering nothing while connected.
    await mp.waitFor(() => page.byTag('connection-banner').length > 0, 'the banner component', 10_000)
    expect(page.byTag('connection-banner')).toHaveLength(1)
    expect(page.find('connection-banner')).toBeUndefined()
    server.faults.dropAll()
    const banner = await mp.waitFor(() => page.find('connection-banner'), 'the banner', 10_000)
    expect(banner.attrs.role).toBe('status')
    // In words (English: the simulated phone's language), not a key.
    expect(page.text('connection-banner-text')).toMatch(/^(Connection lost|Reconnecting|You are offline)[^.]*[.…]/)
    expect(mp.errors).toEqual([])
  })
})
