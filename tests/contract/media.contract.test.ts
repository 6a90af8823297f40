// The media path of sendMessage (image 11, file 12, audio 13, video 14) on the REAL
// zego-zim-miniprogram and on the stand-in, side by side.
// - Real SDK: loaded on the wx stub, "signed in" by hand (engine.econf, as in
//   messageActions.contract.test.ts); its requests to ZEGO (file/upload, file/process,
//   c2c/msg) are answered by a script at its connection manager (engine.cnMgr.send), and
//   wx.uploadFile by the stub's scripted upload. Everything between — reading the file,
//   MD5, attach, progress, the upload call, cancel, in-place update — is the SDK's own code.
// - Stand-in: LocalZim against the real local service and its file service, uploading
//   through the uni.uploadFile-shaped FileIO (tests/helpers/nodeFileIO.ts over real HTTP).
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ZIMMessage } from 'zego-zim-miniprogram'
import { startServer, type RunningServer } from '../../scripts/server/app'
import { generateToken04 } from '../../scripts/server/token04'
import { configure, resetConfig } from '@/zim/local/index'
import type { FileIO } from '@/zim/local/media'
import type { ZimClient } from '@/zim/types'
import { nodeFileIO } from '../helpers/nodeFileIO'
import { createWxStub, type UploadHandler } from '../helpers/wxStub'
import { type Driver, type DriverId, miniprogramDriver, standinDriver } from './drivers'
import { errorText, loginConfig, type Outcome, until } from './harness'
import { holdContract, type ReportRow, writeReport } from './report'
import type { KnownDifference } from './scenarios'

const APP_ID = 1_414_213_562
const SECRET = 'media-contract-secret-0123456789'
const CONFIG = { priority: 1 } as never

const wx = createWxStub()
let server: RunningServer
let drivers: MediaDriver[]
const rows: ReportRow[] = []
const dir = mkdtempSync(join(tmpdir(), 'zim-media-contract-'))
const io = nodeFileIO()

/** What the real SDK's server is scripted to answer, per command. */
interface Script {
  /** file/upload: state 1 = the server has these bytes. */
  upload?: { code: number, message?: string, state?: 0 | 1 }
  process?: { code: number, message?: string }
  /** wx.uploadFile: progress steps then success, a failure, or a stall (until aborted). */
  transfer?: 'ok' | 'fail' | 'stall'
}

interface MediaDriver {
  id: DriverId
  d: Driver
  zim: ZimClient
  /** A local file with these bytes, as the platform names it. */
  file: (bytes: Uint8Array, ext: string) => string
  script: (s: Script) => void
  uploadsStarted: () => number
  /** The options of the last platform upload: field name and timeout. */
  lastUpload: () => string
}

function markSignedIn(client: ZimClient, userID: string, token: string): void {
  const econf = (client as unknown as { engine: { econf: { user: { userID?: string }, token?: string } } }).engine.econf
  econf.user.userID = userID
  econf.token = token
}

let sdkScript: Script = {}
let sdkSeq = 0

/** The real SDK's connection manager, answering as ZEGO's server would for the media path. */
function scriptSdkServer(client: ZimClient): void {
  const cn = (client as unknown as { engine: { cnMgr: { send: (cmd: { cmd: string }, body: Record<string, unknown>) => Promise<unknown> } } }).engine.cnMgr
  const dead = cn.send.bind(cn)
  cn.send = (cmd, body) => {
    const name = cmd.cmd
    if (name.endsWith('/file/upload'))
      return Promise.resolve({ state: 0, upload_req: { url: 'https://upload.example/zim?sig=x', headers: { 'x-zim': '1' }, forms: { key: 'k' } }, ...sdkScript.upload, code: sdkScript.upload?.code ?? 0 })
    if (name.endsWith('/file/process'))
      return Promise.resolve({ code: 0, ...sdkScript.process })
    if (name.endsWith('/c2c/msg')) {
      const info = body.msg_info as { msg: Uint8Array }
      // The server echoes the media body it stored (URLs are ZEGO's; none here).
      return Promise.resolve({ code: 0, msg_svr_info: { conv_msg_seq: ++sdkSeq, c2c_msg_seq: sdkSeq, msg_id: String(90000 + sdkSeq), msg_time: Date.now(), msg_flag: 0, msg_rsp: info.msg } })
    }
    if (name.endsWith('/account/fetch_user_info'))
      return Promise.resolve({ code: 0, user_infos: [] })
    return dead(cmd, body)
  }
}

let sdkLastUpload: { name: string, timeout?: number } | undefined
const sdkUpload: UploadHandler = (call, control) => {
  sdkLastUpload = call
  const how = sdkScript.transfer ?? 'ok'
  if (how === 'stall')
    return
  setTimeout(() => {
    if (how === 'fail')
      return control.fail('network unreachable (test stub)')
    // WeChat's last progress event reports every byte sent.
    const size = wx.binaryFiles.get(call.filePath)?.byteLength ?? 0
    control.progress({ progress: 100, totalBytesSent: size, totalBytesExpectedToSend: size })
    control.succeed()
  }, 5)
}

/** The stand-in's platform file access for the script: real uploads, or a failing / stalled network. */
function standinIO(s: Script): FileIO {
  if (s.transfer === 'fail') {
    return {
      read: io.read,
      upload: (o) => {
        io.uploads.push(o)
        setTimeout(() => o.fail({ errMsg: 'uploadFile:fail network unreachable (test stub)' }), 5)
        return { abort() {}, onProgressUpdate() {} }
      },
    }
  }
  if (s.transfer === 'stall') {
    return {
      read: io.read,
      upload: (o) => {
        io.uploads.push(o)
        return { abort: () => o.fail({ errMsg: 'uploadFile:fail abort' }), onProgressUpdate() {} }
      },
    }
  }
  return io
}

beforeAll(async () => {
  server = await startServer({ port: 0, quiet: true, appID: APP_ID, serverSecret: SECRET })
  const token = generateToken04({ appID: APP_ID, userID: 'alice', secret: SECRET, effectiveTimeInSeconds: 3600 })
  wx.install()
  wx.setUploadHandler(sdkUpload)
  const real = miniprogramDriver(wx, APP_ID)
  const standin = standinDriver(APP_ID, server.wsUrl)
  configure({ fileIO: io })
  markSignedIn(real.client(), 'alice', token)
  scriptSdkServer(real.client())
  await standin.client().login('alice', loginConfig(token))
  let n = 0
  drivers = [
    {
      id: 'miniprogram',
      d: real,
      zim: real.client(),
      file: (bytes, ext) => {
        const path = `wxfile://tmp/${++n}.${ext}`
        wx.binaryFiles.set(path, bytes)
        return path
      },
      script: (s) => {
        sdkScript = s
      },
      uploadsStarted: () => wx.count('uploadFile'),
      lastUpload: () => `field "${sdkLastUpload?.name}", timeout ${sdkLastUpload?.timeout}`,
    },
    {
      id: 'standin',
      d: standin,
      zim: standin.client(),
      file: (bytes, ext) => {
        const path = join(dir, `${++n}.${ext}`)
        writeFileSync(path, bytes)
        return path
      },
      script: s => configure({ fileIO: standinIO(s) }),
      uploadsStarted: () => io.uploads.length,
      lastUpload: () => `field "${io.uploads.at(-1)?.name}", timeout ${io.uploads.at(-1)?.timeout}`,
    },
  ]
})

afterAll(async () => {
  writeReport({
    file: 'media',
    order: 5,
    reference: 'miniprogram',
    drivers: (drivers ?? []).map(d => d.id),
    versions: Object.fromEntries((drivers ?? []).map(d => [d.id, d.d.ZIM.getVersion()])),
    rows,
    notes: {
      'How the real SDK\'s media path runs here': [
        'zego-zim-miniprogram 2.29.0 on the wx stub, signed in by hand (engine.econf); engine.cnMgr.send answers file/upload ({state, upload_req: {url, headers, forms}}), file/process ({code}) and c2c/msg (msg_svr_info echoing the media body) as a script; wx.uploadFile is the stub\'s scripted upload. The file read, MD5, attach, progress throttle, cancel and in-place update are the SDK\'s own code.',
        'The SDK asks file/upload with {md5, name, size, file_type: type - 10, duration} where name is the path without its scheme (wxfile://tmp/a.png → tmp/a.png), and file/process with name = the extension only.',
        'A cancel that arrives between the file/upload reply and wx.uploadFile sets a flag that the upload task then replaces (the SDK\'s msgCancelMap): read from the bundle (not run here), the real SDK then loses it. The stand-in keeps it: the upload runs, then the send rejects 6000206.',
        'zego-zim-web (H5) is not driven here: it uploads with XHR/FormData of a File, not wx.uploadFile.',
      ],
      'Where the stand-in and the local service differ from ZEGO (not observable without ZEGO\'s servers)': [
        'Limits and their codes are the local service\'s reading of ZEGO\'s documentation (image 10 MB JPG/PNG/BMP/TIFF/GIF/WebP, file 100 MB, audio 6 MB MP3/M4A ≤ 300 s, video 100 MB MP4/MOV): 6000214 size, 6000215 duration, 6000213 type (from the bytes), refused at file/upload when the announced size or duration breaks them, else at file/process.',
        'Thumbnails (longest side 240) and large images (1280) are JPEGs made by sharp; a video\'s first frame and its size come from the file (ffmpeg from @ffmpeg-installer), not from the picker (chooseMedia\'s thumbTempFilePath is not uploaded): every receiver sees the same frame, whatever the sender\'s platform. Video duration: the sender\'s videoDuration (WeChat\'s chooseMedia gives it), else the file\'s.',
        'File addresses: http://<service>/zim/files/<md5>[?v=thumb|large|frame]&u=<userID>&k=<key>: the stand-in adds the user and a key (from login) so only the uploader and the members of a conversation that has the file can fetch it; ZEGO serves its files from its CDN.',
      ],
    },
  })
  resetConfig()
  for (const m of drivers ?? [])
    m.zim.logout()
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Run {
  attached: ZIMMessage | undefined
  /** The caller's object as it was when onMessageAttached ran. */
  atAttach: Record<string, unknown> | undefined
  progress: { current: number, total: number, same: boolean, at: number }[]
  result: Promise<{ message: ZIMMessage }>
  statuses: number[]
  message: Record<string, unknown>
  attachedBeforeReturn: boolean
}

function send(m: MediaDriver, message: Record<string, unknown>): Run {
  const statuses: number[] = []
  m.zim.on('messageSentStatusChanged', (_z, data) => statuses.push(...data.infos.map(i => i.status)))
  const run: Run = { attached: undefined, atAttach: undefined, progress: [], statuses, message, attachedBeforeReturn: false } as unknown as Run
  run.result = m.zim.sendMessage(message as unknown as ZIMMessage, 'bob', 0, CONFIG, {
    onMessageAttached: (msg) => {
      run.attached = msg
      run.atAttach = { ...msg }
    },
    onMediaUploadingProgress: (msg, current, total) => {
      run.progress.push({ current, total, same: (msg as unknown) === message, at: Date.now() })
    },
  })
  run.attachedBeforeReturn = run.attached !== undefined
  return run
}

async function settle(run: Run): Promise<string> {
  return run.result.then(r => r.message === (run.message as unknown) ? 'resolved with the caller\'s object' : 'resolved with another object', e => `rejected ${errorText(e)}`)
}

async function png(width = 64, height = 48): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 50, b: 50 } } }).png().toBuffer())
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex')

interface MediaScenario {
  id: string
  title: string
  run: (m: MediaDriver) => Promise<Outcome>
  check?: (o: Outcome) => void
  differences?: KnownDifference[]
}

const scenarios: MediaScenario[] = [
  {
    id: 'media.image-local-file',
    title: 'An image from a local path: read, attached (fileUID "" still), progress (0,total) … (total,total) with the caller\'s object, uploadFile field "file" with 600 s, then updated in place with fileLocalPath cleared',
    async run(m) {
      m.script({})
      const bytes = await png()
      const path = m.file(bytes, 'png')
      const before = m.uploadsStarted()
      const run = send(m, { type: 11, fileLocalPath: path })
      const outcome = await settle(run)
      const msg = run.message
      return {
        'attached before sendMessage returned': run.attachedBeforeReturn,
        'attached object is the caller\'s': run.attached === (msg as unknown),
        'fileUID at attach': JSON.stringify(run.atAttach?.fileUID),
        'sentStatus at attach': Number(run.atAttach?.sentStatus),
        'outcome': outcome,
        'uploads': m.uploadsStarted() - before,
        'upload options': m.lastUpload(),
        'first progress': run.progress[0] ? `${run.progress[0].current}/${run.progress[0].total}` : 'none',
        'last progress': run.progress.at(-1) ? `${run.progress.at(-1)!.current}/${run.progress.at(-1)!.total}` : 'none',
        'progress always with the caller\'s object': run.progress.every(p => p.same),
        'fileLocalPath after': JSON.stringify(msg.fileLocalPath),
        'fileUID after is the MD5': msg.fileUID === md5(bytes),
        'fileSize after': Number(msg.fileSize),
        'sentStatus after': Number(msg.sentStatus),
        'status events': run.statuses.join(','),
      }
    },
    check(o) {
      expect(o['outcome']).toBe('resolved with the caller\'s object')
      expect(o['fileLocalPath after']).toBe('""')
      expect(o['first progress']).toMatch(/^0\//)
    },
  },
  {
    id: 'media.md5-short-cut',
    title: 'Bytes the server already has (file/upload state 1): no upload, progress (0,total) then (total,total) at once',
    async run(m) {
      const bytes = await png(33, 22)
      if (m.id === 'standin') {
        m.script({})
        await send(m, { type: 12, fileLocalPath: m.file(bytes, 'png') }).result
      }
      m.script({ upload: { code: 0, state: 1 } })
      const before = m.uploadsStarted()
      const run = send(m, { type: 12, fileLocalPath: m.file(bytes, 'png'), fileName: 'again.png' })
      return {
        outcome: await settle(run),
        uploads: m.uploadsStarted() - before,
        progress: run.progress.map(p => `${p.current}/${p.total}`).join(' '),
      }
    },
    check(o) {
      expect(o.uploads).toBe(0)
    },
  },
  {
    id: 'media.not-paced',
    title: 'Two media sends to one conversation at once: both go (media is not paced; text would get 6000004)',
    async run(m) {
      m.script({})
      const a = send(m, { type: 12, fileLocalPath: m.file(randomBytes(100), 'bin'), fileName: 'a.bin' })
      const b = send(m, { type: 12, fileLocalPath: m.file(randomBytes(100), 'bin'), fileName: 'b.bin' })
      return { first: await settle(a), second: await settle(b) }
    },
  },
  {
    id: 'media.upload-fails',
    title: 'wx.uploadFile fails: 6000212 with the platform\'s errMsg, messageSentStatusChanged 2, the caller keeps fileLocalPath',
    async run(m) {
      m.script({ transfer: 'fail' })
      const path = m.file(randomBytes(2000), 'bin')
      const run = send(m, { type: 12, fileLocalPath: path, fileName: 'x.bin' })
      const outcome = await settle(run)
      return { 'outcome': outcome, 'status events': run.statuses.join(','), 'sentStatus': Number(run.message.sentStatus), 'keeps fileLocalPath': run.message.fileLocalPath === path }
    },
    check(o) {
      expect(o.outcome).toBe('rejected 6000212 uploadFile:fail network unreachable (test stub)')
    },
  },
  {
    id: 'media.cancel-while-uploading',
    title: 'cancelSendingMessage while wx.uploadFile runs: the upload is aborted, the send rejects 6000206, messageSentStatusChanged 2; a second cancel is refused',
    async run(m) {
      m.script({ transfer: 'stall' })
      const before = m.uploadsStarted()
      const run = send(m, { type: 12, fileLocalPath: m.file(randomBytes(5000), 'bin'), fileName: 'slow.bin' })
      await until(() => m.uploadsStarted() > before, 'the upload started')
      const cancel = await m.zim.cancelSendingMessage(run.message as unknown as ZIMMessage, {} as never).then(() => 'resolved', e => `rejected ${(e as { code: number }).code}`)
      const outcome = await settle(run)
      const again = await m.zim.cancelSendingMessage(run.message as unknown as ZIMMessage, {} as never).then(() => 'resolved', e => `rejected ${(e as { code: number }).code}`)
      return { 'cancel': cancel, 'outcome': outcome.replace(/^(rejected \d+).*/, '$1'), 'status events': run.statuses.join(','), 'second cancel': again }
    },
    check(o) {
      expect(o.outcome).toBe('rejected 6000206')
    },
  },
  {
    id: 'media.server-refuses',
    title: 'The server refuses the file (an 11 MB image): the send rejects with the server\'s code, 6000214',
    async run(m) {
      m.script({ upload: { code: 6000214, message: 'file size invalid' } })
      const run = send(m, { type: 11, fileLocalPath: m.file(randomBytes(11 * 1024 * 1024), 'jpg') })
      const outcome = await settle(run)
      return { 'outcome': outcome.replace(/^(rejected \d+).*/, '$1'), 'status events': run.statuses.join(',') }
    },
  },
  {
    id: 'media.unreadable-path',
    title: 'A fileLocalPath that cannot be read: rejects with the platform\'s raw {errMsg} (no code), never attached',
    async run(m) {
      m.script({})
      const run = send(m, { type: 11, fileLocalPath: m.id === 'standin' ? '/no/such/dir/x.png' : 'wxfile://tmp/none.png' })
      const error = await run.result.then(() => null, e => e as Record<string, unknown>)
      return {
        'rejects': error === null ? 'resolved' : 'code' in error ? `code ${String(error.code)}` : `{errMsg} "${String(error.errMsg).replace(/ \S+$/, ' <path>')}"`,
        'attached': run.attached !== undefined,
      }
    },
  },
  {
    id: 'media.url-only',
    title: 'A media message with only a fileDownloadUrl: attached before sendMessage returns, no upload, sent as it is',
    async run(m) {
      m.script({})
      const before = m.uploadsStarted()
      const run = send(m, { type: 12, fileDownloadUrl: 'https://example.com/a.pdf', fileName: 'a.pdf', fileSize: 10 })
      return { 'attached before sendMessage returned': run.attachedBeforeReturn, 'outcome': await settle(run), 'uploads': m.uploadsStarted() - before, 'progress calls': run.progress.length }
    },
  },
]

describe('ZIM contract: the media path of sendMessage', () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.title}`, async () => {
      const outcomes = {} as Record<DriverId, Outcome>
      for (const m of drivers)
        outcomes[m.id] = await scenario.run(m)
      holdContract({ ...scenario, layer: 'SDK' }, outcomes, rows)
    }, 60_000)
  }
})
