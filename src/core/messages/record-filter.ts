// The browser's filters, run in the engine on each decoded record before it is sent: key text, value text
// (both case-insensitive, on the whole text, not the preview) and a field of the decoded value by dot path.
import type { z } from 'zod';
import type { MessageFilter } from '../contract.ts';
import { toJsonText, type DecodedPart, type DecodedRecord } from './decode.ts';

export type Filter = z.infer<typeof MessageFilter>;

const absent = Symbol('absent');

/** Walks a dot path (a.b.0.c) through objects and arrays. An Avro union that avsc wraps ({"string": "x"}) is looked through. */
export function fieldAt(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const segment of path.split('.').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return absent;
    const holder = current as Record<string, unknown>;
    if (Object.hasOwn(holder, segment)) current = holder[segment];
    else {
      const keys = Object.keys(holder);
      const inner = keys.length === 1 ? holder[keys[0]!] : undefined;
      if (inner !== null && typeof inner === 'object' && Object.hasOwn(inner, segment)) current = (inner as Record<string, unknown>)[segment];
      else return absent;
    }
  }
  return current;
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  const keys = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  const inner = keys.length === 1 ? (value as Record<string, unknown>)[keys[0]!] : undefined;
  if (inner !== undefined && (inner === null || typeof inner !== 'object')) return fieldText(inner); // a wrapped union
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return toJsonText(value);
}

/**
 * The key part of a filter, checked before the value is decoded: a key search over Avro records then decodes
 * only the values of the records it finds. Null when the filter says nothing about keys.
 */
export function compileKeyFilter(filter: Filter): ((key: DecodedPart | null) => boolean) | null {
  const keyNeedle = filter.keyContains?.toLowerCase() || null;
  if (!keyNeedle) return null;
  return (key) => key?.full.toLowerCase().includes(keyNeedle) ?? false;
}

/** Null when the filter lets everything through (no work per record). */
export function compileFilter(filter: Filter): ((decoded: DecodedRecord) => boolean) | null {
  const keyMatches = compileKeyFilter(filter);
  const valueNeedle = filter.valueContains?.toLowerCase() || null;
  const path = filter.fieldPath?.trim() || null;
  const equals = filter.fieldEquals;
  if (!keyMatches && !valueNeedle && !path) return null;
  return (decoded) => {
    if (keyMatches && !keyMatches(decoded.key)) return false;
    if (valueNeedle && !(decoded.value?.full.toLowerCase().includes(valueNeedle) ?? false)) return false;
    if (path) {
      const found = fieldAt(decoded.value?.data, path);
      if (found === absent || found === undefined) return false;
      if (equals !== undefined && equals !== '' && fieldText(found) !== equals) return false;
    }
    return true;
  };
}
