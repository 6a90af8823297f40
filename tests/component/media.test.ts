// Media in the chat list and the attach menu: each body (image at its aspect ratio and
// full size on tap, video with duration, voice with play/pause one at a time, file card
// with name and size that downloads), an upload's progress and cancel, keyboard use, and
// the attach menu's pickers and hold-to-talk (slide away to cancel).
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import AttachMenu from '@/chat/components/AttachMenu.vue'
import MessageList from '@/chat/components/MessageList.vue'
import { resetAudioPlayer } from '@/composables/media/useAudioPlayer'
import { conversationKey, useMessagesStore } from '@/stores/messages'
import { ConversationType, MessageType } from '@/zim/constants'
import { attached, incoming } from '../unit/stores/factories'
import type { UniStub } from '../helpers/uniStub'
import { fakeEngine } from './fakeZim'
import { closePage, freshPage } from './pageFixture'

vi.mock('@dcloudio/uni-app', () => import('../helpers/uniStub'))
vi.mock('@/composables/useZim', () => import('./fakeZim'))

const PEER = ConversationType.Peer
const T0 = new Date().setHours(9, 0, 0, 0)

let pinia: Pinia
let uni: UniStub & Record<string, unknown>
let wrapper: VueWrapper

const byTestId = (id: string) => wrapper.find(`[data-testid="${id}"]`)
const all = (id: string) => wrapper.findAll(`[data-testid="${id}"]`)

async function mountList() {
  const messages = useMessagesStore()
  wrapper = mount(MessageList, {
    global: { plugins: [pinia] },
    props: { conversationID: 'bob', conversationType: PEER, messages: messages.listFor('bob', PEER), more: false },
  })
  messages.$subscribe(() => void wrapper.setProps({ messages: messages.listFor('bob', PEER) }))
  await flushPromises()
}

function audioContexts() {
  const made: { src: string, play: ReturnType<typeof vi.fn>, pause: ReturnType<typeof vi.fn>, stop: ReturnType<typeof vi.fn>, ended?: () => void }[] = []
  uni.createInnerAudioContext = vi.fn(() => {
    const ctx = { src: '', play: vi.fn(), pause: vi.fn(), stop: vi.fn(), ended: undefined as undefined | (() => void), onEnded: (cb: () => void) => (ctx.ended = cb), onError: vi.fn(), onStop: vi.fn() }
    made.push(ctx)
    return ctx
  })
  return made
}

beforeEach(() => {
  const page = freshPage({ userID: 'me', userName: 'Me' })
  pinia = page.pinia
  uni = page.uni as UniStub & Record<string, unknown>
  resetAudioPlayer()
})

afterEach(() => closePage(wrapper))

describe('bodies', () => {
  it('an image: the thumbnail at its aspect ratio, the full size on tap', async () => {
    uni.previewImage = vi.fn()
    useMessagesStore().receive([incoming('M1', T0, 1, {
      type: MessageType.Image, fileDownloadUrl: 'http://f/full.png', thumbnailDownloadUrl: 'http://f/thumb.png', originalImageWidth: 800, originalImageHeight: 400,
    } as never)])
    await mountList()
    expect(byTestId('message-item').attributes('data-type')).toBe('image')
    const img = byTestId('message-image')
    expect(img.element.tagName).toBe('IMG')
    expect(img.attributes('src')).toBe('http://f/thumb.png')
    expect(img.attributes('style')).toContain('width: 200px; height: 100px;')
    await wrapper.get('.image-body').trigger('click')
    expect(uni.previewImage).toHaveBeenCalledWith({ urls: ['http://f/full.png'], current: 'http://f/full.png' })
  })

  it('our own image shows our own file, even after the SDK cleared fileLocalPath', async () => {
    const store = useMessagesStore()
    store.attach(attached('L1', T0, { type: MessageType.Image, fileLocalPath: 'blob:http://app/1', fileName: 'cat.png' } as never))
    store.confirmSent({ ...attached('L1', T0, { type: MessageType.Image, fileLocalPath: '', fileDownloadUrl: 'http://f/cat.png', fileName: 'cat.png' } as never), messageID: 'M1', sentStatus: 1, orderKey: 5 })
    await mountList()
    expect(byTestId('message-image').attributes('src')).toBe('blob:http://app/1')
  })

  it('a file: a card with its name and size; tap downloads it under its own name (H5)', async () => {
    useMessagesStore().receive([incoming('M1', T0, 1, { type: MessageType.File, fileDownloadUrl: 'http://f/report', fileName: 'report.pdf', fileSize: 1_572_864 } as never)])
    vi.stubGlobal('fetch', vi.fn(async () => new Response(new Blob(['%PDF']), { status: 200 })))
    const clicked: { href: string, download: string }[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download })
    })
    await mountList()
    expect(byTestId('message-item').attributes('data-type')).toBe('file')
    expect(byTestId('message-file-name').text()).toBe('report.pdf')
    expect(byTestId('message-file-size').text()).toBe('1.5 MB')
    expect(byTestId('message-file').text()).toContain('PDF')
    await byTestId('message-file').trigger('click')
    await vi.waitFor(() => expect(clicked).toHaveLength(1))
    expect(fetch).toHaveBeenCalledWith('http://f/report')
    expect(clicked[0].download).toBe('report.pdf')
    click.mockRestore()
  })

  it('a file on the mini-program: downloadFile then openDocument', async () => {
    uni.getSystemInfoSync = vi.fn(() => ({ uniPlatform: 'mp-weixin' }))
    uni.downloadFile = vi.fn((o: { success: (r: unknown) => void }) => o.success({ tempFilePath: 'wxfile://tmp_r.pdf', statusCode: 200 }))
    uni.openDocument = vi.fn((o: { success: () => void }) => o.success())
    useMessagesStore().receive([incoming('M1', T0, 1, { type: MessageType.File, fileDownloadUrl: 'http://f/report', fileName: 'report.pdf', fileSize: 10 } as never)])
    await mountList()
    await byTestId('message-file').trigger('click')
    expect(uni.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://f/report' }))
    expect(uni.openDocument).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'wxfile://tmp_r.pdf', showMenu: true }))
  })

  it('voice: its duration, play/pause, and only one plays at a time', async () => {
    const contexts = audioContexts()
    useMessagesStore().receive([
      incoming('M1', T0, 1, { type: MessageType.Audio, fileDownloadUrl: 'http://f/a.mp3', audioDuration: 7 } as never),
      incoming('M2', T0 + 1000, 2, { type: MessageType.Audio, fileDownloadUrl: 'http://f/b.mp3', audioDuration: 65 } as never),
    ])
    await mountList()
    expect(all('message-item').map(r => r.attributes('data-type'))).toEqual(['audio', 'audio'])
    expect(all('message-audio-duration').map(d => d.text())).toEqual(['7″', '65″'])
    const [first, second] = all('message-audio')
    expect(first.attributes('aria-label')).toBe('Play voice message, 0:07')
    await first.trigger('click')
    expect(contexts).toHaveLength(1)
    expect(contexts[0].src).toBe('http://f/a.mp3')
    expect(first.attributes('aria-pressed')).toBe('true')
    await second.trigger('click')
    expect(contexts[0].stop).toHaveBeenCalled()
    expect(contexts[0].src).toBe('http://f/b.mp3')
    expect(all('message-audio').map(a => a.attributes('aria-pressed'))).toEqual(['false', 'true'])
    await all('message-audio')[1].trigger('click')
    expect(contexts[0].pause).toHaveBeenCalled()
    expect(all('message-audio').map(a => a.attributes('aria-pressed'))).toEqual(['false', 'false'])
  })

  it('a video: its first frame and duration, inline', async () => {
    useMessagesStore().receive([incoming('M1', T0, 1, {
      type: MessageType.Video, fileDownloadUrl: 'http://f/v.mp4', videoDuration: 12, videoFirstFrameDownloadUrl: 'http://f/v.jpg', videoFirstFrameWidth: 300, videoFirstFrameHeight: 600,
    } as never)])
    await mountList()
    expect(byTestId('message-item').attributes('data-type')).toBe('video')
    const video = byTestId('message-video')
    expect(video.find('video').attributes('src')).toBe('http://f/v.mp4')
    expect(video.find('video').attributes('poster')).toBe('http://f/v.jpg')
    expect(byTestId('message-video-duration').text()).toBe('0:12')
  })

  it('while uploading: progress and a cancel that goes to the engine; Enter on a control inside does not open the menu', async () => {
    const store = useMessagesStore()
    store.attach(attached('L1', T0, { type: MessageType.Image, fileLocalPath: 'blob:http://app/1', fileName: 'cat.png', fileSize: 200 } as never))
    store.setProgress('L1', conversationKey('bob', PEER), 50, 200)
    await mountList()
    const progress = byTestId('message-progress')
    expect(progress.attributes('role')).toBe('progressbar')
    expect(progress.attributes('aria-valuenow')).toBe('25')
    expect(wrapper.text()).toContain('Uploading 25%')
    await byTestId('message-cancel').trigger('click')
    expect(fakeEngine.media.cancel).toHaveBeenCalledWith('L1')
    await wrapper.get('.image-body').trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('menu')).toBeUndefined()
    await wrapper.get('.bubble').trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('menu')).toHaveLength(1)
  })
})

describe('the attach menu', () => {
  async function mountMenu() {
    wrapper = mount(AttachMenu, { global: { plugins: [pinia] } })
    await flushPromises()
  }

  it('opens from the attach button with every choice; voice is disabled on H5 and says why; Escape closes it', async () => {
    await mountMenu()
    expect(byTestId('attach-panel').exists()).toBe(false)
    await byTestId('attach-button').trigger('click')
    expect(byTestId('attach-button').attributes('aria-expanded')).toBe('true')
    for (const id of ['attach-image', 'attach-camera', 'attach-video', 'attach-file', 'voice-record']) {
      expect(byTestId(id).attributes('role'), id).toBe('button')
      expect(byTestId(id).attributes('tabindex'), id).toBe('0')
    }
    const voice = byTestId('voice-record')
    expect(voice.attributes('aria-disabled')).toBe('true')
    expect(byTestId('voice-unavailable').text()).toContain('WeChat mini-program')
    expect(voice.attributes('aria-describedby')).toBe(byTestId('voice-unavailable').attributes('id'))
    await byTestId('attach-panel').trigger('keydown', { key: 'Escape' })
    expect(byTestId('attach-panel').exists()).toBe(false)
  })

  it('a photo from the album comes back as a pick with its name, size and pixels', async () => {
    const file = { path: 'blob:http://app/9', size: 1234, name: 'cat.png' }
    uni.chooseImage = vi.fn((o: { success: (r: unknown) => void }) => o.success({ tempFilePaths: [file.path], tempFiles: [file] }))
    uni.getImageInfo = vi.fn((o: { success: (r: unknown) => void }) => o.success({ width: 640, height: 480 }))
    await mountMenu()
    await byTestId('attach-button').trigger('click')
    await byTestId('attach-image').trigger('click')
    await flushPromises()
    expect(uni.chooseImage).toHaveBeenCalledWith(expect.objectContaining({ count: 1, sourceType: ['album'] }))
    expect(wrapper.emitted('pick')).toEqual([[{ kind: 'image', path: 'blob:http://app/9', name: 'cat.png', size: 1234, width: 640, height: 480 }]])
    expect(byTestId('attach-panel').exists()).toBe(false)
  })

  it('a file: chooseMessageFile on WeChat, a file input (chooseFile) on H5; a closed picker is no pick', async () => {
    uni.chooseFile = vi.fn((o: { fail: (e: unknown) => void }) => o.fail({ errMsg: 'chooseFile:fail cancel' }))
    await mountMenu()
    await byTestId('attach-button').trigger('click')
    await byTestId('attach-file').trigger('click')
    await flushPromises()
    expect(uni.chooseFile).toHaveBeenCalled()
    expect(wrapper.emitted('pick')).toBeUndefined()
    expect(wrapper.emitted('problem')).toBeUndefined()

    uni.getSystemInfoSync = vi.fn(() => ({ uniPlatform: 'mp-weixin' }))
    uni.chooseMessageFile = vi.fn((o: { success: (r: unknown) => void }) => o.success({ tempFiles: [{ path: 'wxfile://tmp_x.pdf', size: 99, name: 'x.pdf' }] }))
    await byTestId('attach-button').trigger('click')
    await byTestId('attach-file').trigger('click')
    await flushPromises()
    expect(uni.chooseMessageFile).toHaveBeenCalledWith(expect.objectContaining({ count: 1, type: 'file' }))
    expect(wrapper.emitted('pick')).toEqual([[{ kind: 'file', path: 'wxfile://tmp_x.pdf', name: 'x.pdf', size: 99 }]])
  })

  it('hold to talk (mini-program): release sends, sliding up cancels, the recorder is capped at 300 s', async () => {
    uni.getSystemInfoSync = vi.fn(() => ({ uniPlatform: 'mp-weixin' }))
    let onStop: (r: { tempFilePath: string, duration: number, fileSize: number }) => void = () => undefined
    const recorder = { start: vi.fn(), stop: vi.fn(() => onStop({ tempFilePath: 'wxfile://tmp_v.mp3', duration: 4200, fileSize: 3000 })), onStart: vi.fn(), onStop: (cb: typeof onStop) => (onStop = cb), onError: vi.fn() }
    uni.getRecorderManager = vi.fn(() => recorder)
    await mountMenu()
    await byTestId('attach-button').trigger('click')
    const voice = byTestId('voice-record')
    expect(voice.attributes('aria-disabled')).toBe('false')
    await voice.trigger('touchstart', { touches: [{ clientY: 500 }] })
    expect(recorder.start).toHaveBeenCalledWith(expect.objectContaining({ duration: 300_000, format: 'mp3' }))
    expect(byTestId('voice-recording').text()).toContain('Release to send')
    await voice.trigger('touchmove', { touches: [{ clientY: 400 }] })
    expect(byTestId('voice-recording').text()).toContain('Release to cancel')
    await voice.trigger('touchend')
    expect(recorder.stop).toHaveBeenCalledTimes(1)
    expect(wrapper.emitted('pick')).toBeUndefined()
    expect(byTestId('voice-recording').exists()).toBe(false)

    await voice.trigger('touchstart', { touches: [{ clientY: 500 }] })
    await voice.trigger('touchmove', { touches: [{ clientY: 480 }] })
    await voice.trigger('touchend')
    expect(wrapper.emitted('pick')).toEqual([[expect.objectContaining({ kind: 'audio', path: 'wxfile://tmp_v.mp3', duration: 4.2, size: 3000 })]])
  })
})
