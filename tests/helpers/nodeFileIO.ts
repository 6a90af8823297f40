// uni.uploadFile and uni's file reading, in Node, for the stand-in's media path in tests and
// benchmarks: the same options and UploadTask shape, over a real HTTP multipart request whose
// file part is streamed from disk (a 100 MB upload is never held in memory on this side either).
import { randomBytes } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { request } from 'node:http'
import { basename } from 'node:path'
import type { FileIO, UploadOptions, UploadTaskLike } from '../../src/zim/local/media'

export interface NodeFileIO extends FileIO {
  /** Every upload started, with its options. */
  uploads: UploadOptions[]
}

export function nodeFileIO(): NodeFileIO {
  const uploads: UploadOptions[] = []
  return {
    uploads,
    read(path) {
      return readFile(path as string).then(
        b => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer,
        () => Promise.reject({ errMsg: `readFile:fail no such file or directory ${String(path)}` }),
      )
    },
    upload(options): UploadTaskLike {
      uploads.push(options)
      const listeners: ((r: { progress: number, totalBytesSent: number, totalBytesExpectedToSend: number }) => void)[] = []
      const path = options.filePath!
      const boundary = `----zimtest${randomBytes(8).toString('hex')}`
      const fields = Object.entries(options.formData).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('')
      const head = `${fields}--${boundary}\r\nContent-Disposition: form-data; name="${options.name}"; filename="${basename(path)}"\r\nContent-Type: application/octet-stream\r\n\r\n`
      const tail = `\r\n--${boundary}--\r\n`
      const size = statSync(path).size
      const total = Buffer.byteLength(head) + size + Buffer.byteLength(tail)
      let done = false
      const finish = (fn: () => void) => {
        if (!done) {
          done = true
          fn()
        }
      }
      const req = request(options.url, { method: 'POST', headers: { ...options.header, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': total }, timeout: options.timeout }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', c => chunks.push(c as Buffer))
        res.on('end', () => finish(() => options.success({ statusCode: res.statusCode ?? 0, data: Buffer.concat(chunks).toString() })))
      })
      req.on('error', error => finish(() => options.fail({ errMsg: `uploadFile:fail ${error.message}` })))
      req.on('timeout', () => req.destroy(new Error('timeout')))
      let sent = 0
      req.write(head)
      const file = createReadStream(path, { highWaterMark: 256 * 1024 })
      file.on('data', (chunk) => {
        sent += chunk.length
        if (!req.write(chunk))
          file.pause()
        for (const fn of listeners)
          fn({ progress: Math.floor(sent / size * 100), totalBytesSent: sent, totalBytesExpectedToSend: size })
      })
      req.on('drain', () => file.resume())
      file.on('end', () => req.end(tail))
      file.on('error', error => req.destroy(error))
      return {
        abort() {
          file.destroy()
          req.destroy()
          finish(() => options.fail({ errMsg: 'uploadFile:fail abort' }))
        },
        onProgressUpdate: fn => void listeners.push(fn),
      }
    },
  }
}
