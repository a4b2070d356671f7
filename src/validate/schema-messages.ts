/** The human messages of schema findings, from ajv errors and the values they are about. */
import type { ErrorObject } from 'ajv'
import type { SchemaFinding } from './schema-findings.js'

/** Texts for the formats the Kubernetes schemas use (ajv-formats semantics). */
const FORMAT_TEXT: Readonly<Record<string, string>> = {
  int32: 'a 32-bit integer',
  int64: 'a 64-bit integer',
  'date-time': 'an RFC 3339 date-time (2006-01-02T15:04:05Z)',
  byte: 'base64-encoded data',
}

const MAX_SHOWN_CHARS = 40

/** One finding for one (already collapsed) ajv error; `value` is the value at its instancePath. */
export function toFinding(error: ErrorObject, value: unknown): SchemaFinding {
  const pointer = error.instancePath
  const got = `got ${describe(value)}`
  switch (error.keyword) {
    case 'required': {
      const key = stringParam(error, 'missingProperty')
      return { pointer, key, kind: 'required', message: `missing required field ${quote(key)}` }
    }
    case 'additionalProperties': {
      const key = stringParam(error, 'additionalProperty')
      const keyPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
      return {
        pointer: keyPointer,
        key,
        kind: 'unknown-field',
        message: `unknown field ${quote(key)}`,
      }
    }
    case 'type':
      return { pointer, kind: 'type', message: `must be ${listTypes(typesOf(error))}, ${got}` }
    case 'const':
      return {
        pointer,
        kind: 'enum',
        message: `must be ${quoteJson(param(error, 'allowedValue'))}, ${got}`,
      }
    case 'enum': {
      const allowed = param(error, 'allowedValues')
      const list = Array.isArray(allowed) ? allowed.map(quoteJson).join(', ') : '?'
      return { pointer, kind: 'enum', message: `must be one of ${list}, ${got}` }
    }
    case 'format': {
      const format = stringParam(error, 'format')
      const text = FORMAT_TEXT[format] ?? `in format ${quote(format)}`
      return { pointer, kind: 'format', message: `must be ${text}, ${got}` }
    }
    case 'maxLength':
    case 'minLength': {
      const limit = String(param(error, 'limit'))
      const bound = error.keyword === 'maxLength' ? 'at most' : 'at least'
      const length = typeof value === 'string' ? [...value].length : 0
      return {
        pointer,
        kind: 'other',
        message: `must be ${bound} ${limit} characters, got ${length}`,
      }
    }
    case 'oneOf':
      return {
        pointer,
        kind: 'other',
        message: `must match exactly one of the allowed schemas, ${got}`,
      }
    case 'anyOf':
      return { pointer, kind: 'other', message: `must match one of the allowed schemas, ${got}` }
    default:
      return {
        pointer,
        kind: 'other',
        message: `fails the schema keyword ${quote(error.keyword)}, ${got}`,
      }
  }
}

function param(error: ErrorObject, name: string): unknown {
  const params: Readonly<Record<string, unknown>> = error.params
  return params[name]
}

function stringParam(error: ErrorObject, name: string): string {
  return String(param(error, name))
}

/** The types an ajv `type` error asks for, without the `null` of nullable fields. */
export function typesOf(error: ErrorObject): string[] {
  const type = param(error, 'type')
  const types = Array.isArray(type) ? type.map(String) : String(type).split(',')
  const nonNull = types.filter((t) => t !== 'null')
  return nonNull.length > 0 ? nonNull : types
}

function listTypes(types: readonly string[]): string {
  if (types.length <= 1) return types.join('')
  return `${types.slice(0, -1).join(', ')} or ${types.at(-1) ?? ''}`
}

/** What the value is, for messages: `string "abc"`, `integer 5`, `object`... */
function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (value instanceof Date) return `timestamp ${value.toISOString()}`
  switch (typeof value) {
    case 'string':
      return `string ${quote(value)}`
    case 'number':
      return Number.isInteger(value) ? `integer ${value}` : `number ${value}`
    case 'boolean':
      return `boolean ${value}`
    case 'object':
      return 'object'
    default:
      return typeof value
  }
}

/** A JSON-quoted string, cut to MAX_SHOWN_CHARS characters. */
function quote(text: string): string {
  const chars = [...text.slice(0, MAX_SHOWN_CHARS * 2)]
  const cut = chars.length > MAX_SHOWN_CHARS || text.length > MAX_SHOWN_CHARS * 2
  return JSON.stringify(cut ? `${chars.slice(0, MAX_SHOWN_CHARS - 1).join('')}…` : text)
}

function quoteJson(value: unknown): string {
  return typeof value === 'string' ? quote(value) : String(JSON.stringify(value))
}
