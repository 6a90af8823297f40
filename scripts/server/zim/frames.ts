// The envelope every request frame must have, checked before any op sees it. A frame
// that fails gets an error reply naming the problem (with its id when it has a usable one).
import * as v from 'valibot'

export type ParsedFrame =
  | { ok: true, id: number, op: string, fields: Record<string, unknown> }
  | { ok: false, id: number | null, message: string }

const Id = v.pipe(
  v.number('id must be a number.'),
  v.safeInteger('id must be a whole number.'),
  v.minValue(0, 'id must not be negative.'),
)
const Op = v.string('op must be a string naming the request.')

function kind(value: unknown): string {
  if (value === null)
    return 'null'
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`
}

export function parseFrame(text: string): ParsedFrame {
  let json: unknown
  try {
    json = JSON.parse(text)
  }
  catch (error) {
    return { ok: false, id: null, message: `The frame is not JSON (${(error as Error).message}).` }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, id: null, message: `A request must be a JSON object with an id and an op, not ${kind(json)}.` }
  const fields = json as Record<string, unknown>
  const id = v.safeParse(Id, fields.id)
  if (!id.success) {
    const got = fields.id === undefined ? 'none' : JSON.stringify(fields.id)
    return { ok: false, id: null, message: `${id.issues[0].message} (got ${got}).` }
  }
  const op = v.safeParse(Op, fields.op)
  if (!op.success)
    return { ok: false, id: id.output, message: op.issues[0].message }
  return { ok: true, id: id.output, op: op.output, fields }
}

/** The first problem valibot found, as a sentence for the error reply. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0]
  if (!issue)
    return 'the request is malformed.'
  // A field that is not there at all: say so rather than what its value should be.
  if (issue.kind === 'schema' && issue.type.endsWith('object') && issue.input === undefined && issue.path)
    return `${issue.path.map(p => String(p.key)).join('.')} is required.`
  return issue.message
}
