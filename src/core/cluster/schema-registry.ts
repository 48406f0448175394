// A small typed client for the Confluent-compatible schema registry API, as served by Confluent Schema
// Registry, Apicurio Registry (/apis/ccompat/v7), Karapace, Redpanda and others. Responses are read
// tolerantly, because the implementations differ in details (see schema-registry.integration.test.ts).
import { TributaryError } from '../errors.ts';

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';
export const compatibilityLevels = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'] as const;
export type CompatibilityLevel = (typeof compatibilityLevels)[number];

export interface SchemaReference {
  /** For Avro the referenced type's full name, for JSON Schema a URL, for Protobuf an import path. */
  name: string;
  subject: string;
  version: number;
}

export interface SchemaInput {
  schema: string;
  /** AVRO when omitted, as in the Confluent API. */
  schemaType?: SchemaType;
  references?: SchemaReference[];
}

export interface RegisteredSchema {
  /** The id a serializer writes after the magic byte. */
  id: number;
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
}

export interface SubjectVersion extends RegisteredSchema {
  subject: string;
  version: number;
}

export interface CompatibilityResult {
  isCompatible: boolean;
  /** Why not, when the registry says (Confluent with ?verbose=true). */
  messages: string[];
}

export interface SchemaRegistryOptions {
  /** Base URL of the Confluent-compatible API, e.g. http://host:8081 or http://host:8080/apis/ccompat/v7 */
  url: string;
  auth?: { username: string; password: string };
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export interface SchemaRegistryClient {
  readonly url: string;
  listSubjects(opts?: { deleted?: boolean }): Promise<string[]>;
  listVersions(subject: string): Promise<number[]>;
  getVersion(subject: string, version?: number | 'latest'): Promise<SubjectVersion>;
  getSchemaById(id: number): Promise<RegisteredSchema>;
  /** Registers the schema under the subject, or returns the id it already has there. */
  register(subject: string, input: SchemaInput): Promise<{ id: number }>;
  /** The version of the subject whose schema equals this one, or undefined when there is none. */
  lookup(subject: string, input: SchemaInput): Promise<SubjectVersion | undefined>;
  getGlobalCompatibility(): Promise<CompatibilityLevel>;
  /** The subject's own level; the global level when the subject has none (`explicit: false`). */
  getSubjectCompatibility(subject: string, globalLevel?: CompatibilityLevel): Promise<{ level: CompatibilityLevel; explicit: boolean }>;
  setCompatibility(level: CompatibilityLevel, subject?: string): Promise<void>;
  testCompatibility(subject: string, input: SchemaInput, version?: number | 'latest'): Promise<CompatibilityResult>;
  /** Soft-deletes a subject (permanent: also hard-deletes it); returns the versions deleted. */
  deleteSubject(subject: string, opts?: { permanent?: boolean }): Promise<number[]>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export function createSchemaRegistryClient(opts: SchemaRegistryOptions): SchemaRegistryClient {
  const base = opts.url.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const headers: Record<string, string> = { Accept: `${CONTENT_TYPE}, application/json` };
  if (opts.auth) headers.Authorization = `Basic ${Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64')}`;

  async function call<T>(method: string, path: string, body?: unknown, what = path): Promise<{ status: number; data: T }> {
    const signals = [AbortSignal.timeout(timeoutMs), ...(opts.signal ? [opts.signal] : [])];
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'Content-Type': CONTENT_TYPE },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
    } catch (err) {
      throw transportError(err, base, timeoutMs, opts.signal);
    }
    const text = await res.text();
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    if (!res.ok) throw httpError(res.status, data, base, what);
    return { status: res.status, data: data as T };
  }

  const enc = encodeURIComponent;

  function toRegistered(raw: RawSchema, fallbackId?: number): RegisteredSchema {
    return {
      id: typeof raw.id === 'number' ? raw.id : (fallbackId ?? -1),
      schema: typeof raw.schema === 'string' ? raw.schema : JSON.stringify(raw.schema),
      schemaType: normaliseType(raw.schemaType),
      references: (raw.references ?? []).map((r) => ({ name: r.name, subject: r.subject, version: Number(r.version) })),
    };
  }

  function body(input: SchemaInput): Record<string, unknown> {
    // Confluent omits schemaType for AVRO; sending it is accepted by every implementation we know.
    const b: Record<string, unknown> = { schema: input.schema, schemaType: input.schemaType ?? 'AVRO' };
    if (input.references?.length) b.references = input.references;
    return b;
  }

  async function globalLevel(): Promise<CompatibilityLevel> {
    const { data } = await call<RawConfig>('GET', '/config', undefined, 'the global compatibility level');
    return readLevel(data, 'the global config');
  }

  return {
    url: base,
    async listSubjects(o) {
      const { data } = await call<string[]>('GET', `/subjects${o?.deleted ? '?deleted=true' : ''}`, undefined, 'the subject list');
      return Array.isArray(data) ? data.map(String) : [];
    },
    async listVersions(subject) {
      const { data } = await call<number[]>('GET', `/subjects/${enc(subject)}/versions`, undefined, `subject '${subject}'`);
      return (Array.isArray(data) ? data : []).map(Number).sort((a, b) => a - b);
    },
    async getVersion(subject, version = 'latest') {
      const { data } = await call<RawSchema>('GET', `/subjects/${enc(subject)}/versions/${version}`, undefined, `version ${version} of subject '${subject}'`);
      return { ...toRegistered(data), subject: data.subject ?? subject, version: Number(data.version) };
    },
    async getSchemaById(id) {
      const { data } = await call<RawSchema>('GET', `/schemas/ids/${id}`, undefined, `schema id ${id}`);
      return toRegistered(data, id);
    },
    async register(subject, input) {
      const { data } = await call<{ id: number }>('POST', `/subjects/${enc(subject)}/versions`, body(input), `subject '${subject}'`);
      if (typeof data?.id !== 'number') throw new TributaryError('Internal', `The schema registry at ${base} answered a registration under '${subject}' without an id`);
      return { id: data.id };
    },
    async lookup(subject, input) {
      try {
        const { data } = await call<RawSchema>('POST', `/subjects/${enc(subject)}`, body(input), `subject '${subject}'`);
        return { ...toRegistered(data), subject: data.subject ?? subject, version: Number(data.version) };
      } catch (err) {
        // Confluent: 40401 subject not found, 40403 schema not found; both mean "not registered here".
        if (err instanceof TributaryError && err.kind === 'NotFound') return undefined;
        throw err;
      }
    },
    getGlobalCompatibility: globalLevel,
    async getSubjectCompatibility(subject, knownGlobal) {
      try {
        const { data } = await call<RawConfig>('GET', `/config/${enc(subject)}`, undefined, `the compatibility level of '${subject}'`);
        return { level: readLevel(data, `the config of '${subject}'`), explicit: true };
      } catch (err) {
        // Confluent answers 40408 (or 40401 for an unknown subject) when the subject has no level of its own;
        // Apicurio answers 404. Either way the global level applies.
        if (err instanceof TributaryError && err.kind === 'NotFound') return { level: knownGlobal ?? (await globalLevel()), explicit: false };
        throw err;
      }
    },
    async setCompatibility(level, subject) {
      await call('PUT', subject ? `/config/${enc(subject)}` : '/config', { compatibility: level }, subject ? `the compatibility level of '${subject}'` : 'the global compatibility level');
    },
    async testCompatibility(subject, input, version = 'latest') {
      const { data } = await call<RawCompatibility>(
        'POST',
        `/compatibility/subjects/${enc(subject)}/versions/${version}?verbose=true`,
        body(input),
        `subject '${subject}'`,
      );
      const isCompatible = data?.is_compatible ?? data?.isCompatible;
      if (typeof isCompatible !== 'boolean') throw new TributaryError('Internal', `The schema registry at ${base} answered a compatibility check on '${subject}' without a verdict`);
      return { isCompatible, messages: (data.messages ?? []).map(String) };
    },
    async deleteSubject(subject, o) {
      const { data } = await call<number[]>('DELETE', `/subjects/${enc(subject)}`, undefined, `subject '${subject}'`);
      if (o?.permanent) await call('DELETE', `/subjects/${enc(subject)}?permanent=true`, undefined, `subject '${subject}'`);
      return (Array.isArray(data) ? data : []).map(Number);
    },
  };
}

interface RawSchema {
  subject?: string;
  version?: number;
  id?: number;
  schema: string | object;
  schemaType?: string;
  references?: Array<{ name: string; subject: string; version: number | string }>;
}
interface RawConfig {
  compatibilityLevel?: string;
  compatibility?: string;
}
interface RawCompatibility {
  is_compatible?: boolean;
  isCompatible?: boolean;
  messages?: unknown[];
}

function normaliseType(raw: string | undefined): SchemaType {
  const t = (raw ?? 'AVRO').toUpperCase();
  // Apicurio's own artifact type for JSON Schema is JSON; some builds answer JSONSCHEMA or JSON_SCHEMA.
  if (t === 'JSON' || t === 'JSONSCHEMA' || t === 'JSON_SCHEMA') return 'JSON';
  if (t === 'PROTOBUF') return 'PROTOBUF';
  return 'AVRO';
}

function readLevel(data: RawConfig | undefined, what: string): CompatibilityLevel {
  const raw = (data?.compatibilityLevel ?? data?.compatibility ?? '').toUpperCase();
  if ((compatibilityLevels as readonly string[]).includes(raw)) return raw as CompatibilityLevel;
  throw new TributaryError('Internal', `The schema registry answered ${what} with an unknown compatibility level '${raw || '(none)'}'`);
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/i;

function transportError(err: unknown, base: string, timeoutMs: number, signal: AbortSignal | undefined): TributaryError {
  if (signal?.aborted) return new TributaryError('Cancelled', `The request to the schema registry at ${base} was cancelled`);
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') {
    return new TributaryError('Unreachable', `The schema registry at ${base} did not answer within ${Math.round(timeoutMs / 1000)} s — check the URL and that the registry is running`, { cause: err });
  }
  const code = e?.cause?.code ?? '';
  const detail = e?.cause?.message ?? e?.message ?? String(err);
  if (TLS_CODES.test(code) || TLS_CODES.test(detail)) {
    return new TributaryError('TlsFailed', `TLS with the schema registry at ${base} failed (${code || detail}) — check the URL's scheme and the CA certificate in the profile`, { cause: err });
  }
  return new TributaryError('Unreachable', `The schema registry at ${base} is unreachable (${code || detail}) — check the URL in the profile and that the registry is running`, { cause: err });
}

function httpError(status: number, data: unknown, base: string, what: string): TributaryError {
  const body = (typeof data === 'object' && data ? data : {}) as { error_code?: number; message?: string; detail?: string; title?: string };
  const said = body.message ?? body.detail ?? body.title ?? (typeof data === 'string' ? data.slice(0, 200) : '');
  const code = body.error_code ? ` ${body.error_code}` : '';
  const tail = said ? `: ${said}` : '';
  switch (status) {
    case 401:
      return new TributaryError('AuthFailed', `The schema registry at ${base} refused the credentials (401) — check the username and password in the profile`);
    case 403:
      return new TributaryError('Forbidden', `The schema registry at ${base} does not allow this for these credentials (403) on ${what}${tail}`);
    case 404:
      return new TributaryError('NotFound', `Not found in the schema registry at ${base}: ${what} (404${code})${tail}`);
    case 409:
      return new TributaryError('Conflict', `The schema registry refused the change to ${what} (409${code})${tail} — the schema is incompatible with the subject's compatibility level`);
    case 400:
    case 415:
    case 422:
      return new TributaryError('Invalid', `The schema registry rejected the request for ${what} (${status}${code})${tail}`);
    case 502:
    case 503:
    case 504:
      return new TributaryError('Unreachable', `The schema registry at ${base} is unavailable (${status})${tail} — try again when it is back`);
    default:
      return new TributaryError('Internal', `The schema registry at ${base} failed on ${what} (${status}${code})${tail}`);
  }
}
