// Turns a record's key, value and headers into text a person can read: Confluent wire format (magic byte 0 +
// schema id) through the schema registry (Avro, JSON Schema, Protobuf), plain JSON, UTF-8 text, or hex. What
// cannot be decoded as asked is shown as hex with the reason, never dropped.
import { isUtf8 } from 'node:buffer';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { z } from 'zod';
import type { MessageDecode, MessageRecord, RenderedPart } from '../contract.ts';
import type { HttpEndpoint } from '../cluster/connection.ts';
import type { RawRecord } from './partition-reader.ts';

export type DecodeMode = z.infer<typeof MessageDecode>;
export type Part = z.infer<typeof RenderedPart>;

/** Characters of a key or value that a browse sends; messages.get sends the whole text. */
export const PREVIEW_CHARS = 64 * 1024;

export interface DecodedPart {
  part: Part;
  /** The whole text (part.text may be a preview of it), for filters and exports. */
  full: string;
  /** The decoded structure (JSON, Avro, Protobuf), for field-path filters; undefined for text and bytes. */
  data: unknown;
}

export interface DecodedRecord {
  record: MessageRecord;
  key: DecodedPart | null;
  value: DecodedPart | null;
}

const schemaFormat = { AVRO: 'avro', JSON: 'json-schema', PROTOBUF: 'protobuf' } as const;

/** Whether JSON.stringify alone would print `data` differently from toJsonText: bytes or a 64-bit integer inside. */
function needsReplacer(data: unknown, depth = 0): boolean {
  if (typeof data === 'bigint') return true;
  if (data === null || typeof data !== 'object') return false;
  if (data instanceof Uint8Array || depth > 64) return true;
  if (Array.isArray(data)) {
    for (const item of data) if (needsReplacer(item, depth + 1)) return true;
    return false;
  }
  for (const key in data) if (Object.hasOwn(data, key) && needsReplacer((data as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/** JSON text of a decoded value: bytes as base64 and 64-bit integers as text, so nothing fails to print. */
export function toJsonText(data: unknown): string {
  // A replacer costs a call per value; most records hold neither bytes nor big integers and print the same without.
  if (!needsReplacer(data)) return JSON.stringify(data) ?? 'null';
  return JSON.stringify(data, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    if (Buffer.isBuffer(raw) || raw instanceof Uint8Array) return Buffer.from(raw as Uint8Array).toString('base64');
    if (typeof value === 'bigint') return value.toString();
    return value;
  }) ?? 'null';
}

export class MessageDecoder {
  private readonly mode: DecodeMode;
  private readonly registry: SchemaRegistry | null;
  private readonly registryUrl: string;
  /**
   * Schema ids the registry could not give us, so one bad id does not cost a request per record: for the
   * whole call when the registry said so (not found, refused), for a moment when it failed to answer (a
   * timeout under load must not turn every later record of a browse or export into bytes).
   */
  private readonly missingSchemas = new Map<number, { reason: string; until: number }>();
  private readonly previewChars: number | null;

  /** previewChars null: whole texts (messages.get, export). */
  constructor(mode: DecodeMode, registry: HttpEndpoint | null, previewChars: number | null = PREVIEW_CHARS) {
    this.mode = mode;
    this.registryUrl = registry?.url ?? '';
    this.registry = registry?.url ? new SchemaRegistry({ host: registry.url, ...(registry.auth ? { auth: registry.auth } : {}), clientId: 'tributary', retry: { retries: 1 } }) : null;
    this.previewChars = previewChars;
  }

  /** The key alone, so a key filter can pass over a record without decoding its value. */
  async decodeKey(raw: RawRecord): Promise<DecodedPart | null> {
    const now = this.decodeKeyNow(raw);
    return now !== undefined ? now : this.decodePart(raw.key!, this.keyMode());
  }

  /** decodeKey without waiting, or undefined when the key's schema has to be fetched first. */
  decodeKeyNow(raw: RawRecord): DecodedPart | null | undefined {
    return raw.key ? this.decodePartNow(raw.key, this.keyMode()) : null;
  }

  /** The whole record; `key` when decodeKey already read it. */
  async decode(raw: RawRecord, decodedKey?: DecodedPart | null): Promise<DecodedRecord> {
    return this.decodeNow(raw, decodedKey) ?? this.record(raw, decodedKey !== undefined ? decodedKey : await this.decodeKey(raw), raw.value ? await this.decodePart(raw.value, this.mode) : null);
  }

  /**
   * decode without waiting, or undefined when a schema has to be fetched first. Almost every record of a browse
   * decodes here: with the awaits and the replacer gone, 300k small Avro records browse in ~0.78 s instead of ~1.1 s.
   */
  decodeNow(raw: RawRecord, decodedKey?: DecodedPart | null): DecodedRecord | undefined {
    const key = decodedKey !== undefined ? decodedKey : this.decodeKeyNow(raw);
    if (key === undefined) return undefined;
    const value = raw.value ? this.decodePartNow(raw.value, this.mode) : null;
    if (value === undefined) return undefined;
    return this.record(raw, key, value);
  }

  private keyMode(): DecodeMode {
    // Keys are rarely in the value's format (string keys beside Avro values are the norm): a key asked to be
    // Avro or JSON is read the automatic way instead, so a plain key is not reported as a failure.
    return this.mode === 'avro' || this.mode === 'json' ? 'auto' : this.mode;
  }

  private record(raw: RawRecord, key: DecodedPart | null, value: DecodedPart | null): DecodedRecord {
    return {
      key,
      value,
      record: {
        partition: raw.partition,
        offset: raw.offset,
        timestamp: Number(raw.timestamp),
        key: key?.part ?? null,
        value: value?.part ?? null,
        headers: decodeHeaders(raw.headers),
      },
    };
  }

  async decodePart(bytes: Buffer, mode: DecodeMode): Promise<DecodedPart> {
    return this.decodePartNow(bytes, mode) ?? (await this.schemaDecode(bytes));
  }

  /** decodePart without waiting, or undefined when the bytes name a schema not fetched yet. */
  decodePartNow(bytes: Buffer, mode: DecodeMode): DecodedPart | undefined {
    const wire = bytes.length >= 5 && bytes[0] === 0;
    if (mode === 'hex') return this.hex(bytes, null);
    if (mode === 'avro' || (mode === 'auto' && wire)) {
      if (!wire) return this.hex(bytes, 'no Confluent wire-format header (magic byte 0 and a schema id) — try JSON, string or hex');
      return this.knownSchemaDecode(bytes);
    }
    const utf8 = isUtf8(bytes);
    if (mode === 'string') return utf8 ? this.text(bytes.toString('utf8'), 'string', null, bytes.length) : this.hex(bytes, 'not valid UTF-8 text');
    if (!utf8) return this.hex(bytes, mode === 'json' ? 'not JSON: the bytes are not valid UTF-8' : null);
    const text = bytes.toString('utf8');
    if (mode === 'json' || /^\s*[[{"]/.test(text)) {
      try {
        return this.text(text, 'json', null, bytes.length, JSON.parse(text));
      } catch (error) {
        if (mode === 'json') return this.hex(bytes, `not JSON: ${(error as Error).message}`);
      }
    }
    return this.text(text, 'string', null, bytes.length);
  }

  /** Wire-format bytes whose schema is already known (or known missing); undefined when it must be fetched. */
  private knownSchemaDecode(bytes: Buffer): DecodedPart | undefined {
    const id = bytes.readInt32BE(1);
    if (!this.registry) return this.hex(bytes, `written with schema id ${id}, but the profile names no schema registry — add its URL to the profile`);
    const missing = this.missingSchemas.get(id);
    if (missing && Date.now() < missing.until) return this.hex(bytes, missing.reason);
    const known = this.registry.cache.getSchema(id) as { type: keyof typeof schemaFormat; schema: { fromBuffer(payload: Buffer): unknown } } | undefined;
    if (!known) return undefined;
    let data: unknown;
    try {
      // What the registry client's decode does once it has the schema, without a promise per record.
      data = known.schema.fromBuffer(bytes.subarray(5));
    } catch (error) {
      return this.hex(bytes, schemaFailure(error, id, this.registryUrl));
    }
    return this.text(toJsonText(data), schemaFormat[known.type] ?? 'avro', id, bytes.length, data);
  }

  /** Fetches the schema the first time an id is seen (into the registry client's cache), then decodes as known. */
  private async schemaDecode(bytes: Buffer): Promise<DecodedPart> {
    const id = bytes.readInt32BE(1);
    try {
      await this.registry!.getSchema(id);
    } catch (error) {
      const reason = schemaFailure(error, id, this.registryUrl);
      if (!this.registry!.cache.getSchema(id)) this.missingSchemas.set(id, { reason, until: registryAnswered(error) ? Infinity : Date.now() + RETRY_UNANSWERED_MS });
      return this.hex(bytes, reason);
    }
    return this.knownSchemaDecode(bytes)!;
  }

  private text(full: string, format: Part['format'], schemaId: number | null, size: number, data?: unknown): DecodedPart {
    const cut = this.previewChars !== null && full.length > this.previewChars;
    return { full, data, part: { text: cut ? full.slice(0, this.previewChars!) : full, format, schemaId, error: null, truncated: cut, size } };
  }

  private hex(bytes: Buffer, error: string | null): DecodedPart {
    const full = bytes.toString('hex');
    const part = this.text(full, 'hex', null, bytes.length);
    return { ...part, part: { ...part.part, error } };
  }
}

/** How long a schema the registry failed to answer for is shown as bytes before it is asked for again. */
const RETRY_UNANSWERED_MS = 2_000;

/** Whether the registry gave an answer (the schema is not there, the credentials are refused) rather than failing to answer. */
function registryAnswered(error: unknown): boolean {
  const e = error as { message?: string; status?: number };
  return e.status === 404 || e.status === 401 || e.status === 403 || /40403|not found/i.test(e.message ?? '');
}

function schemaFailure(error: unknown, id: number, url: string): string {
  const e = error as { name?: string; message?: string; status?: number };
  const message = e.message ?? String(error);
  if (e.status === 404 || /40403|not found/i.test(message)) return `schema id ${id} is not in the schema registry at ${url}`;
  if (e.status === 401 || e.status === 403) return `the schema registry at ${url} refused the profile's credentials (${e.status}) while fetching schema id ${id}`;
  if (/ECONNREFUSED|ENOTFOUND|fetch failed|timeout/i.test(message)) return `the schema registry at ${url} is unreachable (${message}) — schema id ${id} could not be fetched`;
  return `could not decode with schema id ${id}: ${message}`;
}

function decodeHeaders(headers: RawRecord['headers']): MessageRecord['headers'] {
  const out: MessageRecord['headers'] = [];
  for (const [key, raw] of Object.entries(headers)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (value === undefined || value === null) out.push({ key, value: null, binary: false });
      else {
        const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value));
        const utf8 = isUtf8(bytes);
        out.push({ key, value: utf8 ? bytes.toString('utf8') : bytes.toString('hex'), binary: !utf8 });
      }
    }
  }
  return out;
}
