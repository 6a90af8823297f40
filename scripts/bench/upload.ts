// `npm run bench` (upload part): a 100 MB file through the file service on loopback, the
// SDK's way (fileUpload slot → multipart POST of field `file` → fileProcess), against the
// local service in its own process with a data folder on disk. Prints the upload
// throughput and the service's resident memory before, at its peak during the upload
// (sampled from /proc every 10 ms, and the kernel's VmHWM), and after.
//
// Options: --mb N (100), --runs R (3).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { DEV_APP_ID, DEV_SERVER_SECRET } from '../server/config'
import { generateToken04 } from '../server/token04'
import { nodeFileIO } from '../../tests/helpers/nodeFileIO'
import { WireClient } from './wireClient'

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const MB = Number(option('mb', '100'))
const RUNS = Number(option('runs', '3'))

function memory(pid: number): { rssMiB: number, peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 }
}

/** A file of `mb` MiB that no earlier run uploaded (so the MD5 short-cut never applies). */
async function makeFile(path: string, mb: number, seed: number): Promise<string> {
  const hash = createHash('md5')
  const out = createWriteStream(path)
  const chunk = Buffer.alloc(1024 * 1024)
  for (let i = 0; i < mb; i++) {
    chunk.writeUInt32LE(seed, 0)
    chunk.writeUInt32LE(i, 4)
    hash.update(chunk)
    if (!out.write(chunk))
      await new Promise<void>(resolve => out.once('drain', () => resolve()))
  }
  await new Promise<void>(resolve => out.end(() => resolve()))
  return hash.digest('hex')
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zim-bench-upload-'))
  const proc = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'child.ts'), 'zim', join(dir, 'data', 'zim.sqlite')], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: proc.stdout! }).once('line', resolve)
      proc.once('exit', code => reject(new Error(`service exited with ${code}`)))
    })
    const port = (JSON.parse(line) as { port: number }).port
    const c = await WireClient.connect(`ws://127.0.0.1:${port}/zim`)
    const token = generateToken04({ appID: DEV_APP_ID, userID: 'bench-uploader', secret: DEV_SERVER_SECRET, effectiveTimeInSeconds: 3600 })
    await c.request('login', { appID: DEV_APP_ID, userID: 'bench-uploader', userName: 'bench', token })
    const io = nodeFileIO()
    console.info(`upload: ${MB} MiB files on loopback, ${RUNS} runs, service in its own process (data folder on disk)`)
    for (let run = 1; run <= RUNS; run++) {
      const path = join(dir, `file-${run}.bin`)
      const md5 = await makeFile(path, MB, run)
      const size = MB * 1024 * 1024
      const slot = await c.request('fileUpload', { md5, fileName: `file-${run}.bin`, fileSize: size, fileType: 12 }) as { ok: boolean, data: { url: string, formData: Record<string, string> } }
      if (!slot.ok)
        throw new Error(`fileUpload: ${JSON.stringify(slot)}`)
      const before = memory(proc.pid!).rssMiB
      let during = before
      const sampler = setInterval(() => {
        during = Math.max(during, memory(proc.pid!).rssMiB)
      }, 10)
      const start = performance.now()
      const answer = await new Promise<{ statusCode: number }>((resolve, reject) => io.upload({
        url: `http://127.0.0.1:${port}${slot.data.url}`,
        filePath: path,
        name: 'file',
        header: {},
        formData: slot.data.formData,
        timeout: 600_000,
        success: resolve,
        fail: reject,
      }))
      const seconds = (performance.now() - start) / 1000
      clearInterval(sampler)
      const processed = await c.request('fileProcess', { md5, fileName: `file-${run}.bin`, fileType: 12 }) as { ok: boolean }
      const after = memory(proc.pid!)
      if (answer.statusCode !== 200 || !processed.ok)
        throw new Error(`upload ${run}: HTTP ${answer.statusCode}, fileProcess ${JSON.stringify(processed)}`)
      console.info(`  run ${run}: ${(MB / seconds).toFixed(0).padStart(5)} MiB/s (${seconds.toFixed(2)} s)   service RSS ${before.toFixed(0)} MiB before, ${during.toFixed(0)} MiB peak during (+${(during - before).toFixed(0)}), ${after.rssMiB.toFixed(0)} MiB after; VmHWM ${after.peakMiB.toFixed(0)} MiB`)
      rmSync(path)
    }
    c.close()
  }
  finally {
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve())
      proc.kill('SIGTERM')
    })
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
