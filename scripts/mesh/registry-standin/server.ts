// A stand-in for a Confluent-compatible schema registry: Confluent Schema Registry's REST API over node:http, in
// memory, under a base path (Apicurio's /apis/ccompat/v7 by default). The local mesh runs it where no real
// registry can be had; see scripts/mesh/README.md, "Schema registry stand-in", for what differs from Confluent.
//
//   node scripts/mesh/registry-standin/server.ts --port 8081 [--base-path /apis/ccompat/v7] [--user u --password p]
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RegistryError, StandinRegistry } from './registry.ts';

export interface RegistryStandinOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Where the API lives; default /apis/ccompat/v7, so URLs look like Apicurio's. '' serves it at the root like Confluent. */
  basePath?: string;
  /** When set, every request needs these HTTP basic credentials (401 otherwise). */
  auth?: { username: string; password: string };
  /** Called with one line per request ("POST /subjects/orders-value/versions → 409 409"), e.g. to write registry.log. */
  log?: (line: string) => void;
}

export interface RunningRegistryStandin {
  /** Full base URL including the base path, without a trailing slash: what SCHEMA_REGISTRY_URL takes. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
export const DEFAULT_BASE_PATH = '/apis/ccompat/v7';

export async function startRegistryStandin(opts: RegistryStandinOptions = {}): Promise<RunningRegistryStandin> {
  const host = opts.host ?? '127.0.0.1';
  const basePath = normaliseBasePath(opts.basePath ?? DEFAULT_BASE_PATH);
  const registry = new StandinRegistry();
  const expectedAuth = opts.auth ? Buffer.from(`Basic ${Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64')}`) : undefined;

  const server = createServer((req, res) => {
    if (opts.log) {
      const log = opts.log;
      res.on('finish', () => {
        const code = errorCodes.get(res);
        log(`${req.method} ${req.url} → ${res.statusCode}${code !== undefined ? ` (error_code ${code})` : ''}`);
      });
    }
    handle(req, res).catch((err: unknown) => {
      send(res, 500, { error_code: 50001, message: `Error in the backend data store: ${(err as Error)?.message ?? String(err)}` });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (expectedAuth) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expectedAuth.length || !timingSafeEqual(given, expectedAuth)) {
        res.setHeader('WWW-Authenticate', 'Basic realm="SchemaRegistry"');
        req.resume();
        return send(res, 401, { error_code: 401, message: 'Unauthorized' });
      }
    }
    const url = new URL(req.url ?? '/', 'http://standin');
    if (basePath && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
      req.resume();
      return send(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' });
    }
    const rest = url.pathname.slice(basePath.length);
    // Split before decoding, so a subject may contain an encoded '/'.
    const segments = rest.split('/').filter((s) => s !== '').map(decodeURIComponent);
    const flag = (name: string) => url.searchParams.get(name) === 'true';
    const body = await readBody(req);
    if (body === BAD_JSON) return send(res, 400, { error_code: 400, message: 'Unrecognized or malformed JSON in the request body' });
    try {
      const result = route(req.method ?? 'GET', segments, body, flag);
      if (result === NO_ROUTE) return send(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' });
      if (result === NO_METHOD) return send(res, 405, { error_code: 405, message: 'HTTP 405 Method Not Allowed' });
      if (result instanceof RawText) return sendText(res, 200, result.text);
      return send(res, 200, result);
    } catch (err) {
      if (err instanceof RegistryError) return send(res, err.status, { error_code: err.errorCode, message: err.message });
      throw err;
    }
  }

  function route(method: string, p: string[], body: unknown, flag: (n: string) => boolean): unknown {
    const on = (handlers: Record<string, () => unknown>): unknown => (handlers[method] ? handlers[method]() : NO_METHOD);
    const [a, b, c, d, e] = p;
    const n = p.length;
    if (n === 0) return on({ GET: () => ({}) });
    if (a === 'subjects') {
      if (n === 1) return on({ GET: () => registry.listSubjects(flag('deleted')) });
      const subject = b!;
      if (n === 2)
        return on({
          POST: () => registry.lookup(subject, body, flag('deleted')),
          DELETE: () => registry.deleteSubject(subject, flag('permanent')),
        });
      if (c !== 'versions') return NO_ROUTE;
      if (n === 3)
        return on({
          GET: () => registry.listVersions(subject, flag('deleted')),
          POST: () => registry.register(subject, body),
        });
      if (n === 4)
        return on({
          GET: () => registry.getVersion(subject, d!, flag('deleted')),
          DELETE: () => registry.deleteVersion(subject, d!, flag('permanent')),
        });
      if (n === 5 && e === 'schema') return on({ GET: () => new RawText(registry.getVersionSchema(subject, d!, flag('deleted'))) });
      return NO_ROUTE;
    }
    if (a === 'schemas') {
      if (b === 'types' && n === 2) return on({ GET: () => registry.schemaTypes() });
      if (b === 'ids' && n >= 3) {
        const id = c!;
        if (n === 3) return on({ GET: () => registry.getSchemaById(id) });
        if (n === 4 && d === 'schema') return on({ GET: () => new RawText(registry.getSchemaById(id).schema as string) });
        if (n === 4 && d === 'subjects') return on({ GET: () => registry.subjectsOfId(id, flag('deleted')) });
        if (n === 4 && d === 'versions') return on({ GET: () => registry.versionsOfId(id, flag('deleted')) });
      }
      return NO_ROUTE;
    }
    if (a === 'config') {
      if (n === 1) return on({ GET: () => registry.getGlobalConfig(), PUT: () => registry.setGlobalConfig(body) });
      if (n === 2)
        return on({
          GET: () => registry.getSubjectConfig(b!, flag('defaultToGlobal')),
          PUT: () => registry.setSubjectConfig(b!, body),
          DELETE: () => registry.deleteSubjectConfig(b!),
        });
      return NO_ROUTE;
    }
    if (a === 'compatibility' && b === 'subjects' && d === 'versions' && (n === 4 || n === 5)) {
      return on({ POST: () => registry.testCompatibility(c!, e, body, flag('verbose')) });
    }
    if (a === 'mode' && n === 1) return on({ GET: () => ({ mode: 'READWRITE' }) });
    return NO_ROUTE;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${port}${basePath}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const NO_ROUTE = Symbol('no route');
/** The error_code each failed response carried, for the request log. */
const errorCodes = new WeakMap<ServerResponse, number>();
const NO_METHOD = Symbol('no method');
const BAD_JSON = Symbol('bad json');

/** A body sent as the text itself (GET …/schema answers the schema, not a JSON string of it). */
class RawText {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

function normaliseBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return BAD_JSON;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const code = (body as { error_code?: number } | undefined)?.error_code;
  if (code !== undefined) errorCodes.set(res, code);
  res.writeHead(status, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'base-path': { type: 'string', default: DEFAULT_BASE_PATH },
      user: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const running = await startRegistryStandin({
    port: Number(values.port),
    host: values.host,
    basePath: values['base-path'],
    auth: values.user !== undefined ? { username: values.user, password: values.password ?? '' } : undefined,
    log: (line) => console.log(line),
  });
  console.log(`schema registry stand-in (Confluent API, in memory) listening on ${running.url}`);
  const stop = () => {
    running.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
