// Writes browsed records as JSON lines or CSV for a download. Values are written whole; a value that decoded
// to JSON stays JSON in the JSON-lines file rather than becoming a quoted string.
import type { MessageRecord } from '../contract.ts';
import type { DecodedPart, DecodedRecord } from './decode.ts';

function partJson(part: DecodedPart | null): unknown {
  if (!part) return null;
  if (part.data !== undefined && !part.part.error) return JSON.parse(part.full);
  return part.full;
}

export function jsonLine(decoded: DecodedRecord): string {
  const r = decoded.record;
  return JSON.stringify({
    partition: r.partition,
    offset: r.offset,
    timestamp: new Date(r.timestamp).toISOString(),
    key: partJson(decoded.key),
    value: partJson(decoded.value),
    ...(decoded.value?.part.format === 'hex' ? { valueEncoding: 'hex' } : {}),
    ...(decoded.value?.part.error ? { valueError: decoded.value.part.error } : {}),
    headers: headersObject(r.headers),
  });
}

function headersObject(headers: MessageRecord['headers']): Record<string, string | null> {
  return Object.fromEntries(headers.map((h) => [h.key, h.value]));
}

export const CSV_HEADER = 'partition,offset,timestamp,key,value,headers';

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with an apostrophe. */
export function csvCell(text: string | null): string {
  if (text === null) return '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvRow(decoded: DecodedRecord): string {
  const r = decoded.record;
  return [String(r.partition), r.offset, new Date(r.timestamp).toISOString(), csvCell(decoded.key?.full ?? null), csvCell(decoded.value?.full ?? null), csvCell(r.headers.length ? JSON.stringify(headersObject(r.headers)) : null)].join(',');
}
