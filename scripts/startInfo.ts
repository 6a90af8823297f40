// What `npm start` reads from Vite and tells the person: the URL Vite really bound (it moves
// to the next port when the asked one is taken), the service's port handed to the app, and
// a busy port explained instead of a stack trace.

/** Terminal colour codes, which Vite puts around its URLs. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')

/** The "Local:" URL in a chunk of Vite's output, or null. */
export function boundUrl(output: string): string | null {
  const match = /Local:\s+(https?:\/\/\S+)/.exec(output.replace(ANSI, ''))
  return match ? match[1].replace(/\/?$/, '/') : null
}

/** The port of an http(s) URL. */
export function portOf(url: string): number {
  const parsed = new URL(url)
  return Number(parsed.port) || (parsed.protocol === 'https:' ? 443 : 80)
}

/** The lines `npm start` prints once the app is up. */
export function appBanner(url: string, askedPort: number): string[] {
  const lines = [`  Chat app:  ${url}  (open it in two browser windows, one per user;`,
    '             a private window keeps the second user separate)']
  const bound = portOf(url)
  if (bound !== askedPort)
    lines.push(`  Port ${askedPort} was taken, so the dev server is on ${bound} (set WEB_PORT to choose another).`)
  return lines
}

/** The app's settings that point it at this run's service (unless the person set their own). */
export function appEnv(env: NodeJS.ProcessEnv, servicePort: number): NodeJS.ProcessEnv {
  return { ...env, VITE_ZIM_LOCAL_PORT: env.VITE_ZIM_LOCAL_PORT ?? String(servicePort) }
}

/** A sentence for a failure to start, naming the port and what to do when it is taken. */
export function explainStartError(error: unknown, servicePort: number): string {
  const code = (error as { code?: string } | null)?.code
  if (code === 'EADDRINUSE')
    return `Port ${servicePort} is already in use, so the local ZIM service cannot start. Another "npm start" or "npm run server" may be running: stop it, or start on another port with PORT=<port> npm start (the app follows).`
  if (code === 'EACCES')
    return `Port ${servicePort} needs more rights than this user has: start with PORT=<a port above 1024> npm start.`
  return error instanceof Error ? error.message : String(error)
}
