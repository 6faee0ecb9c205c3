import fs from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { projectPath } from '../../platform/paths.js';
import { quote } from '../../platform/text.js';
import type { ExchangePractice } from './practices.domain.js';

/** A reason a line of an import was refused: line number, field path, reason, quoted value. */
export interface LineError {
  line: number;
  field?: string;
  reason: string;
  value?: string;
}

/** The exchange format's JSON Schema, read from the verbatim copy in schemas/. */
export const practiceSchema = JSON.parse(fs.readFileSync(projectPath('schemas', 'practice.schema.json'), 'utf8')) as Record<string, unknown>;

// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile<ExchangePractice>(practiceSchema);

/** Turns a JSON pointer into the field path people read: /places/0/country → places[0].country. */
export function fieldPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let path = '';
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : path === '' ? part : `.${part}`;
  return path === '' ? '(record)' : path;
}

function valueAt(record: unknown, pointer: string): unknown {
  let node = record;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function describe(line: number, record: unknown, error: ErrorObject): LineError {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { line, field: fieldPath(error.instancePath, String(params.missingProperty)), reason: 'is required' };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return {
        line,
        field: fieldPath(error.instancePath, name),
        reason: 'is not a field of the exchange format (check its spelling)',
        value: quote(valueAt(record, `${error.instancePath}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`)),
      };
    }
    case 'enum':
      return {
        line,
        field: fieldPath(error.instancePath),
        reason: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`,
        value: quote(valueAt(record, error.instancePath)),
      };
    default: {
      const value = valueAt(record, error.instancePath);
      return {
        line,
        field: fieldPath(error.instancePath),
        reason: error.message ?? error.keyword,
        ...(value !== undefined && (typeof value !== 'object' || value === null) ? { value: quote(value) } : {}),
      };
    }
  }
}

/** Checks one parsed line against the exchange format; returns the record or its errors. */
export function validateExchangeRecord(line: number, value: unknown): { ok: true; record: ExchangePractice } | { ok: false; errors: LineError[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: [{ line, reason: 'line must be a JSON object', value: quote(value) }] };
  }
  if (validate(value)) return { ok: true, record: value };
  const seen = new Set<string>();
  const errors: LineError[] = [];
  for (const error of validate.errors ?? []) {
    const described = describe(line, value, error);
    const key = `${described.field}|${described.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(described);
  }
  return { ok: false, errors };
}
