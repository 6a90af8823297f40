// Uploaded files, content-addressed by MD5: the bytes under `<dir>/<md5[0..2]>/<md5>`
// (variants beside them: `.thumb.jpg`, `.large.jpg`, `.frame.jpg`), what was read from
// them in the `files` table, and which conversation's messages use them in `message_files`
// (a download is allowed to the members of one of those conversations, or the uploader).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ZimDb } from '../db'

/** What the service read from a file's bytes (analyze.ts). */
export interface FileMeta {
  width?: number
  height?: number
  /** Seconds, as ZIM's audioDuration / videoDuration. */
  duration?: number
  thumbnail?: { width: number, height: number }
  large?: { width: number, height: number }
  /** A video's first frame (image/jpeg). */
  frame?: { width: number, height: number }
}

export interface StoredFile {
  md5: string
  size: number
  /** file-type's ext ('jpg', 'mp4'…), or 'bin' when the bytes are of no known type. */
  ext: string
  mime: string
  /** The name it was first uploaded under (downloads offer it). */
  name: string
  uploader: string
  meta: FileMeta
}

export type Variant = 'thumb' | 'large' | 'frame'
export const VARIANTS: readonly Variant[] = ['thumb', 'large', 'frame']

interface FileRecord { md5: string, size: number, ext: string, mime: string, name: string, uploader: string, meta: string }

export const MD5_PATTERN = /^[0-9a-f]{32}$/

/**
 * `dir` undefined: a throwaway folder under the OS temp dir, removed by `close()`
 * (the service runs on ':memory:' in tests).
 */
export function createFileStore(db: ZimDb, dir?: string) {
  const root = dir ?? mkdtempSync(join(tmpdir(), 'zim-files-'))
  const throwaway = dir === undefined
  mkdirSync(join(root, 'tmp'), { recursive: true })
  const h = db.handle
  const s = {
    get: h.prepare<[string], FileRecord>('SELECT md5, size, ext, mime, name, uploader, meta FROM files WHERE md5 = ?'),
    put: h.prepare('INSERT OR IGNORE INTO files (md5, size, ext, mime, name, uploader, created, meta) VALUES (@md5, @size, @ext, @mime, @name, @uploader, @created, @meta)'),
    use: h.prepare('INSERT OR IGNORE INTO message_files (md5, conversation, message_id) VALUES (?, ?, ?)'),
    hold: h.prepare('INSERT OR IGNORE INTO file_holders (md5, user_id) VALUES (?, ?)'),
    holder: h.prepare<[string, string], { n: number }>('SELECT 1 AS n FROM file_holders WHERE md5 = ? AND user_id = ?'),
    member: h.prepare<[string, string], { n: number }>(`SELECT 1 AS n FROM message_files f
      JOIN memberships p ON p.conversation = f.conversation WHERE f.md5 = ? AND p.user_id = ? LIMIT 1`),
  }
  let tmpSeq = 0

  const pathOf = (md5: string, variant?: Variant) => join(root, md5.slice(0, 2), variant ? `${md5}.${variant}.jpg` : md5)

  return {
    root,
    pathOf,
    /** A fresh path for an upload in progress (same file system as the store: rename is atomic). */
    tempPath: () => join(root, 'tmp', `${process.pid}-${Date.now()}-${++tmpSeq}`),

    get(md5: string): StoredFile | undefined {
      const r = MD5_PATTERN.test(md5) ? s.get.get(md5) : undefined
      return r && { ...r, meta: JSON.parse(r.meta) as FileMeta }
    },

    /** Moves a checked upload (and its variants, made beside it) into place and records it. */
    async put(file: StoredFile, tempPath: string, variants: Partial<Record<Variant, string>>): Promise<void> {
      mkdirSync(join(root, file.md5.slice(0, 2)), { recursive: true })
      for (const [variant, path] of Object.entries(variants))
        await rename(path, pathOf(file.md5, variant as Variant))
      await rename(tempPath, pathOf(file.md5))
      s.put.run({ ...file, created: Date.now(), meta: JSON.stringify(file.meta) })
    },

    /** A message of this conversation carries the file (call inside the send's transaction). */
    used(md5: string, conversation: number, messageID: number): void {
      s.use.run(md5, conversation, messageID)
    },

    /** `userID` uploaded these bytes again (the service had them): they hold the file too. */
    held(md5: string, userID: string): void {
      s.hold.run(md5, userID)
    },

    /** Whether `userID` holds the file's bytes: its first uploader, or one who uploaded them since. */
    holds(md5: string, userID: string): boolean {
      const file = this.get(md5)
      return !!file && (file.uploader === userID || s.holder.get(md5, userID) !== undefined)
    },

    /** Whether `userID` may fetch the file: one who holds it, or a member of a conversation that has it. */
    mayFetch(md5: string, userID: string): boolean {
      return this.holds(md5, userID) || (!!this.get(md5) && s.member.get(md5, userID) !== undefined)
    },

    async discard(path: string): Promise<void> {
      await rm(path, { force: true })
    },

    close(): void {
      if (throwaway)
        rmSync(root, { recursive: true, force: true })
    },
  }
}

export type FileStore = ReturnType<typeof createFileStore>
