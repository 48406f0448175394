// The ksqlDB stand-in's HTTP face: ksqlDB's REST API (GET /info, POST /ksql, POST /query-stream over HTTP/2
// with the delimited format, POST /close-query) on one port that speaks HTTP/1.1 and cleartext HTTP/2 (h2c),
// as ksqlDB's server does. It is not a SQL engine: every answer comes from the script it was given, with
// latency and faults injectable. A stand-in for tests and demos where no ksqlDB server can be installed — see
// README.md. From the command line it serves the demo mesh's script:
//   node scripts/ksqldb-standin/server.ts [--port 8088] [--user u --password p]
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoScript } from './demo-script.ts';
import { ScriptBook, isScriptedQuery, normaliseStatement, splitStatements, type ScriptedQuery, type StandinScript } from './scripted.ts';

type Entity = Record<string, unknown>;

/** A failure the stand-in answers with ksqlDB's error shape: statement_error (with the entities before it) or generic_error. */
class StandinError extends Error {
  readonly errorCode: number;
  readonly statementText: string;
  readonly entities: Entity[];
  readonly type: 'statement_error' | 'generic_error';
  constructor(errorCode: number, message: string, statementText: string, entities: Entity[], type: 'statement_error' | 'generic_error' = 'statement_error') {
    super(message);
    this.errorCode = errorCode;
    this.statementText = statementText;
    this.entities = entities;
    this.type = type;
  }
}

/** Ways the stand-in misbehaves on purpose, so a test can prove the workbench copes. */
export interface StandinFaults {
  /** /query-stream: after this many rows, send half of the next row and cut the stream. */
  closeStreamAfterRows?: number;
  /** How the stream is cut: 'reset' (RST_STREAM, as when the server or a proxy dies; default) or 'end' (a clean end mid-row). */
  closeStreamHow?: 'reset' | 'end';
  /** /query-stream: every row carries one value more than the header has columns. */
  widerRowThanHeader?: boolean;
  /** This path (e.g. '/ksql', '/query-stream', '/info') answers 200 with an HTML page, as a proxy's login page does. */
  htmlOnPath?: string;
}

export interface KsqlStandinOptions {
  /** Scripted answers by statement, matched after normaliseStatement. */
  script: StandinScript;
  /** Added before every answer. */
  latencyMs?: number;
  faults?: StandinFaults;
  /** 0 or absent: any free port. */
  port?: number;
  host?: string;
  /** Require HTTP basic auth, as ksqlDB does with authentication.method=BASIC. */
  basicAuth?: { username: string; password: string };
  log?: (line: string) => void;
}

export interface KsqlStandin {
  url: string;
  /** Every statement received on /ksql and /query-stream, in order, normalised. */
  statements: string[];
  /** Adds answers or replaces those for the same statements, e.g. for the next step of a walk. */
  extendScript(script: StandinScript): void;
  close(): Promise<void>;
}

export { normaliseStatement, rowFeed, type RowFeed, type StandinScript } from './scripted.ts';

type Req = http.IncomingMessage | http2.Http2ServerRequest;
/** What the handler uses of HTTP/1.1's and HTTP/2's compatibility responses alike. */
interface Res {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: string, done?: () => void): unknown;
  end(chunk?: string): unknown;
  on(event: 'close' | 'finish', listener: () => void): unknown;
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  readonly statusCode: number;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
  /** HTTP/2 only: the stream, to reset it. */
  readonly stream?: http2.ServerHttp2Stream;
}

const JSON_TYPE = 'application/json';
const HTML_PAGE = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1><form method="post"><input name="user"></form></body></html>\n';
const SELECT_ON_KSQL = "The following statement types should be issued to the websocket endpoint '/query':\n\t* PRINT\n\t* SELECT";
const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';
const H2_PREFACE = 'PRI * HTTP/2.0';

function send(res: Res, status: number, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE });
  res.end(text);
}

function errorBody(e: StandinError) {
  return e.type === 'statement_error'
    ? { '@type': 'statement_error', error_code: e.errorCode, message: e.message, statementText: e.statementText, entities: e.entities }
    : { '@type': 'generic_error', error_code: e.errorCode, message: e.message };
}

function statusOf(errorCode: number): number {
  return Math.floor(errorCode / 100);
}

async function readBody(req: Req): Promise<unknown> {
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer | string>) text += chunk.toString();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StandinError(40000, `Invalid JSON in request: ${(error as Error).message}`, '', [], 'generic_error');
  }
}


function replaying(socket: net.Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _encoding, done) => void socket.write(chunk, done),
    final: (done) => {
      socket.end();
      done();
    },
    destroy: (error, done) => {
      socket.destroy();
      done(error);
    },
  });
  stream.push(first);
  socket.on('data', (data) => {
    if (!stream.push(data)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('close', () => stream.destroy());
  socket.on('error', (error) => stream.destroy(error));
  return stream;
}

function drained(res: Res): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** Writes a /query-stream answer: the header, then rows, with the configured faults applied on the way. */
class QueryResponse {
  private rows = 0;
  private pending = '';
  ended = false;
  private readonly res: Res;
  private readonly delimited: boolean;
  private readonly faults: StandinFaults;
  private readonly onEnd: () => void;
  constructor(res: Res, delimited: boolean, faults: StandinFaults, onEnd: () => void) {
    this.res = res;
    this.delimited = delimited;
    this.faults = faults;
    this.onEnd = onEnd;
  }

  header(header: { queryId?: string | null; columnNames: string[]; columnTypes: string[] }): void {
    this.res.writeHead(200, { 'content-type': this.delimited ? DELIMITED : JSON_TYPE });
    const json = JSON.stringify(header.queryId ? { queryId: header.queryId, columnNames: header.columnNames, columnTypes: header.columnTypes } : { columnNames: header.columnNames, columnTypes: header.columnTypes });
    this.res.write(this.delimited ? `${json}\n` : `[${json}`);
  }

  /**
   * Writes one row; false when the response cannot take more now (wait for drain) or has ended. With `more`,
   * rows gather into one write of up to 64 KiB, as a server writing a fast stream does.
   */
  row(values: unknown[], more = false): boolean {
    if (this.ended) return false;
    const row = this.faults.widerRowThanHeader ? [...values, 'stand-in: one value too many'] : values;
    const text = JSON.stringify(row);
    if (this.faults.closeStreamAfterRows !== undefined && this.rows >= this.faults.closeStreamAfterRows) {
      this.ended = true;
      this.onEnd();
      // Reset only once the rows before have left, as a server dying mid-write would have sent them.
      const stream = this.res.stream;
      this.pending += this.delimited ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : `,${text.slice(0, Math.floor(text.length / 2))}`;
      this.res.write(this.pending, () => {
        if (this.faults.closeStreamHow === 'end' || !stream) this.res.end();
        else stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      });
      this.pending = '';
      return false;
    }
    this.rows++;
    this.pending += this.delimited ? `${text}\n` : `,${text}`;
    if (more && this.pending.length < 65_536) return true;
    return this.flush();
  }

  /** Sends the rows gathered so far. */
  flush(): boolean {
    if (!this.pending) return true;
    const text = this.pending;
    this.pending = '';
    return this.res.write(text) !== false;
  }

  finish(): void {
    if (this.ended) return;
    this.flush();
    this.ended = true;
    this.onEnd();
    if (!this.delimited) this.res.write(']');
    if (!this.res.writableEnded) this.res.end();
  }
}

export async function startKsqlStandin(options: KsqlStandinOptions): Promise<KsqlStandin> {
  const book = new ScriptBook(options.script);
  const faults = options.faults ?? {};
  const statements: string[] = [];
  const log = options.log ?? (() => undefined);
  const expectedAuth = options.basicAuth ? `Basic ${Buffer.from(`${options.basicAuth.username}:${options.basicAuth.password}`).toString('base64')}` : null;
  const openStreams = new Set<() => void>();
  /** Scripted push queries still open, by queryId, for /close-query. */
  const scriptedOpen = new Map<string, () => void>();
  const noAnswer = (statement: string, entities: Entity[]) =>
    new StandinError(40001, `The ksqlDB stand-in has no scripted answer for: ${normaliseStatement(statement)}`, statement, entities);

  /** POST /ksql: each statement of the request answers from the script, in order, until one fails. */
  const runKsql = async (res: Res, text: string) => {
    const texts = splitStatements(text);
    statements.push(...texts.map(normaliseStatement));
    const entities: Entity[] = [];
    for (const statement of texts) {
      const answer = book.answer(statement);
      if (!answer) throw noAnswer(statement, entities);
      if (answer.delayMs) await sleep(answer.delayMs);
      if (isScriptedQuery(answer.body)) throw new StandinError(40002, SELECT_ON_KSQL, statement, entities);
      if (answer.status !== 200) {
        const body = answer.body as Record<string, unknown> | undefined;
        // ksqlDB's statement_error carries the entities of the statements before the failing one.
        return send(res, answer.status, body && body['@type'] === 'statement_error' && !('entities' in body) ? { ...body, entities } : body);
      }
      for (const entity of Array.isArray(answer.body) ? answer.body : answer.body ? [answer.body] : []) {
        // '@type' first, as ksqlDB's Jackson output has it; the script's fields win over the defaults.
        entities.push({ '@type': entity['@type'], statementText: statement, warnings: [], ...entity });
      }
    }
    return send(res, 200, entities);
  };

  /** Streams a scripted query's rows, minding backpressure, until they run out (or, keepOpen, until closed). */
  const streamScripted = async (res: Res, out: QueryResponse, query: ScriptedQuery) => {
    out.header(query.header);
    let closed = false;
    const close = () => {
      closed = true;
      out.finish();
    };
    const id = query.header.queryId;
    if (id) scriptedOpen.set(id, close);
    res.on('close', () => {
      closed = true;
      if (id) scriptedOpen.delete(id);
    });
    let sinceYield = 0;
    const rows = query.rows ?? [];
    const fed = Symbol.asyncIterator in rows;
    for await (const row of rows as AsyncIterable<unknown[]>) {
      if (closed || out.ended) return;
      if (query.rowDelayMs) await sleep(query.rowDelayMs);
      // Fed rows go out as they come; a ready list gathers into large writes, as a server writing a fast stream does.
      if (!out.row(row, !query.rowDelayMs && !fed)) {
        if (out.ended) return;
        await drained(res);
      } else if (++sinceYield >= 1000) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    if (!query.keepOpen || !id) close();
    else if (!out.flush() && !out.ended) await drained(res);
  };

  const handle = async (req: Req, res: Res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    res.on('finish', () => log(`[ksqldb-standin] ${req.method} ${path} HTTP/${req.httpVersion} ${res.statusCode} ${Math.round(performance.now() - started)}ms`));
    try {
      if (options.latencyMs) await sleep(options.latencyMs);
      if (expectedAuth && req.headers.authorization !== expectedAuth) {
        send(res, 401, { '@type': 'generic_error', error_code: 40100, message: 'Unauthorized' });
        return;
      }
      if (faults.htmlOnPath && path === faults.htmlOnPath) {
        await readBody(req).catch(() => undefined);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(HTML_PAGE);
        return;
      }
      if (req.method === 'GET' && (path === '/info' || path === '/')) {
        return send(res, 200, { KsqlServerInfo: { version: '0.29.0-standin', kafkaClusterId: 'scripted-standin', ksqlServiceId: 'default_', serverStatus: 'RUNNING' } });
      }
      if (req.method === 'GET' && path === '/healthcheck') return send(res, 200, { isHealthy: true, details: { metastore: { isHealthy: true }, kafka: { isHealthy: true } } });
      if (req.method === 'POST' && path === '/ksql') {
        const body = (await readBody(req)) as { ksql?: unknown; streamsProperties?: unknown };
        if (typeof body.ksql !== 'string') throw new StandinError(40000, 'Missing required field "ksql"', '', [], 'generic_error');
        return await runKsql(res, body.ksql);
      }
      if (req.method === 'POST' && path === '/close-query') {
        const body = (await readBody(req)) as { queryId?: unknown };
        if (typeof body.queryId !== 'string') throw new StandinError(40000, 'No queryId in request', '', [], 'generic_error');
        const scripted = scriptedOpen.get(body.queryId);
        if (scripted) {
          scripted();
          return send(res, 200, undefined);
        }
        throw new StandinError(40000, `No query with id ${body.queryId}`, '', [], 'generic_error');
      }
      if (req.method === 'POST' && path === '/query-stream') {
        if (req.httpVersion !== '2.0') throw new StandinError(40004, 'This endpoint is only available when using HTTP2', '', [], 'generic_error');
        const body = (await readBody(req)) as { sql?: unknown; properties?: unknown };
        if (typeof body.sql !== 'string') throw new StandinError(40000, 'No sql in arguments', '', [], 'generic_error');
        statements.push(normaliseStatement(body.sql));
        const delimited = !/application\/json/.test(String(req.headers.accept ?? '')) || /delimited/.test(String(req.headers.accept ?? ''));
        let finish = () => undefined as void;
        const out = new QueryResponse(res, delimited, faults, () => openStreams.delete(finish));
        finish = () => out.finish();

        const answer = book.answer(body.sql);
        if (!answer) throw noAnswer(body.sql, []);
        if (answer.delayMs) await sleep(answer.delayMs);
        if (answer.status !== 200) return send(res, answer.status, answer.body);
        if (!isScriptedQuery(answer.body)) throw new StandinError(40001, `The ksqlDB stand-in's script answers this statement with /ksql entities, not rows: ${normaliseStatement(body.sql)}`, body.sql, [], 'generic_error');
        openStreams.add(finish);
        return await streamScripted(res, out, answer.body);
      }
      throw new StandinError(40400, `The ksqlDB stand-in has no ${req.method} ${path}`, '', [], 'generic_error');
    } catch (error) {
      const e = error instanceof StandinError ? error : new StandinError(50000, `The ksqlDB stand-in failed: ${(error as Error).message}`, '', [], 'generic_error');
      if (!res.headersSent) send(res, statusOf(e.errorCode), errorBody(e));
      else if (!res.writableEnded) res.end();
    }
  };

  const h1 = http.createServer((req, res) => void handle(req, res as unknown as Res));
  const h2 = http2.createServer({}, (req, res) => void handle(req, res as unknown as Res));
  // One port for both protocols: an h2c client opens with the HTTP/2 preface; anything else is HTTP/1.1.
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (chunk) => {
      socket.pause();
      if (chunk.toString('latin1', 0, H2_PREFACE.length) !== H2_PREFACE) {
        socket.unshift(chunk);
        h1.emit('connection', socket);
        socket.resume();
        return;
      }
      // HTTP/2 sessions read the socket's native handle, which would miss the bytes already read; hand them a
      // stream that replays the first chunk and then relays the socket.
      h2.emit('connection', replaying(socket, chunk));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  log(`[ksqldb-standin] ksqlDB stand-in (scripted answers only) listening on ${url} (HTTP/1.1 and h2c)`);
  return {
    url,
    statements,
    extendScript: (script) => book.add(script),
    close: async () => {
      for (const finish of [...openStreams]) finish();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      h1.close();
      h2.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const user = arg('user');
  const standin = await startKsqlStandin({
    script: demoScript(),
    port: Number(arg('port') ?? 8088),
    ...(user ? { basicAuth: { username: user, password: arg('password') ?? '' } } : {}),
    log: (line) => console.log(line),
  });
  const stop = () => void standin.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
