// How the list shows media: sizes and durations as people read them, which source to
// show (our own local file first), and an image's box at its aspect ratio.
import type { MessageEntry } from '@/stores/messages'

/** "532 B", "12.3 KB", "4.5 MB" (binary units, one decimal from KB up). */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0)
    return ''
  if (bytes < 1024)
    return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

/** "0:07", "4:59", "1:02:03". */
export function formatDuration(seconds: number | undefined): string {
  const s = Math.max(0, Math.round(seconds ?? 0))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = String(s % 60).padStart(2, '0')
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`
}

/** What to show or play: our own file while we have it (no download of what we sent), else the server's. */
export function mediaSource(entry: Pick<MessageEntry, 'direction' | 'media'>, thumbnail = false): string {
  const media = entry.media
  if (!media)
    return ''
  if (entry.direction === 'out' && media.localPath)
    return media.localPath
  return (thumbnail && media.thumbnailUrl) || media.url || ''
}

/** The full-size file: the server's copy once there is one. */
export function mediaFullSource(entry: Pick<MessageEntry, 'direction' | 'media'>): string {
  const media = entry.media
  return (entry.direction === 'out' && media?.localPath) || media?.url || ''
}

const THUMB_MAX = 200
const THUMB_MIN = 72

/** The thumbnail box (px) for an image of `width`×`height`: its ratio, within 200×200, at least 72 px a side. */
export function thumbnailBox(width?: number, height?: number): { width: number, height: number } {
  if (!width || !height)
    return { width: THUMB_MAX, height: Math.round(THUMB_MAX * 0.75) }
  const scale = Math.min(THUMB_MAX / width, THUMB_MAX / height, 1)
  return {
    width: Math.max(THUMB_MIN, Math.round(width * scale)),
    height: Math.max(THUMB_MIN, Math.round(height * scale)),
  }
}

/** A file's extension for its card's icon ("PDF"); '' without one. */
export function fileBadge(name: string | undefined): string {
  const base = name ?? ''
  const dot = base.lastIndexOf('.')
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1, dot + 5).toUpperCase() : ''
}
