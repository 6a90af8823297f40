/** Short, stable time labels: "14:05" today, "11-24 14:05" otherwise. */
export function formatTime(ms: number | undefined, now = Date.now()): string {
  if (!ms)
    return ''
  const d = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  const today = new Date(now)
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate()
  return sameDay ? hm : `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`
}

/** A time separator as a locale key and its parameters; the page words it. */
export interface TimeLabel {
  key: 'list.time.today' | 'list.time.yesterday' | 'list.time.thisYear' | 'list.time.date'
  params: { time: string, month: number, day: number, year: number }
}

function startOfDay(ms: number): number {
  const d = new Date(ms)
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

/** "14:03" today, "Yesterday 09:12", then dates (the year only when it is not this one). */
export function separatorLabel(ms: number, now = Date.now()): TimeLabel {
  const d = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  const params = { time: `${pad(d.getHours())}:${pad(d.getMinutes())}`, month: d.getMonth() + 1, day: d.getDate(), year: d.getFullYear() }
  const today = startOfDay(now)
  const day = startOfDay(ms)
  if (day === today)
    return { key: 'list.time.today', params }
  // Calendar days, not 24-hour spans: a DST change makes one of them 23 or 25 hours long.
  if (day === startOfDay(today - 12 * 3600_000))
    return { key: 'list.time.yesterday', params }
  if (d.getFullYear() === new Date(now).getFullYear())
    return { key: 'list.time.thisYear', params }
  return { key: 'list.time.date', params }
}
