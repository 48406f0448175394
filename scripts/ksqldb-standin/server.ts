// The ksqlDB stand-in's HTTP face: ksqlDB's REST API (GET /info, POST /ksql, POST /query-stream over HTTP/2
// with the delimited format, POST /close-query) on one port that speaks HTTP/1.1 and cleartext HTTP/2 (h2c),
// as ksqlDB's server does. A stand-in for tests and demos where no ksqlDB server can be installed — see README.md.
//   node scripts/ksqldb-standin/server.ts --bootstrap 127.0.0.1:9092 [--port 8088] [--user u --password p]
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { Duplex } from 'node:stream';
import { StandinEngine, StandinError } from './engine.ts';

export interface KsqlStandinOptions {
  bootstrap: string;
  /** 0 or absent: any free port. */
  port?: number;
  host?: string;
  /** Require HTTP basic auth, as ksqlDB does with authentication.method=BASIC. */
  basicAuth?: { username: string; password: string };
  log?: (line: string) => void;
}

export interface KsqlStandin {
  url: string;
  close(): Promise<void>;
}

type Req = http.IncomingMessage | http2.Http2ServerRequest;
/** What the handler uses of HTTP/1.1's and HTTP/2's compatibility responses alike. */
interface Res {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: string): unknown;
  end(chunk?: string): unknown;
  on(event: 'close' | 'finish', listener: () => void): unknown;
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  readonly statusCode: number;
}

const JSON_TYPE = 'application/json';
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

const asProps = (v: unknown): Record<string, string> =>
  v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)])) : {};

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

export async function startKsqlStandin(options: KsqlStandinOptions): Promise<KsqlStandin> {
  const engine = new StandinEngine(options.bootstrap);
  await engine.start();
  const log = options.log ?? (() => undefined);
  const expectedAuth = options.basicAuth ? `Basic ${Buffer.from(`${options.basicAuth.username}:${options.basicAuth.password}`).toString('base64')}` : null;
  const openStreams = new Set<() => void>();

  const handle = async (req: Req, res: Res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    res.on('finish', () => log(`[ksqldb-standin] ${req.method} ${path} HTTP/${req.httpVersion} ${res.statusCode} ${Math.round(performance.now() - started)}ms`));
    try {
      if (expectedAuth && req.headers.authorization !== expectedAuth) {
        send(res, 401, { '@type': 'generic_error', error_code: 40100, message: 'Unauthorized' });
        return;
      }
      if (req.method === 'GET' && (path === '/info' || path === '/')) return send(res, 200, await engine.info());
      if (req.method === 'GET' && path === '/healthcheck') return send(res, 200, { isHealthy: true, details: { metastore: { isHealthy: true }, kafka: { isHealthy: true } } });
      if (req.method === 'POST' && path === '/ksql') {
        const body = (await readBody(req)) as { ksql?: unknown; streamsProperties?: unknown };
        if (typeof body.ksql !== 'string') throw new StandinError(40000, 'Missing required field "ksql"', '', [], 'generic_error');
        return send(res, 200, await engine.execute(body.ksql, asProps(body.streamsProperties)));
      }
      if (req.method === 'POST' && path === '/close-query') {
        const body = (await readBody(req)) as { queryId?: unknown };
        if (typeof body.queryId !== 'string') throw new StandinError(40000, 'No queryId in request', '', [], 'generic_error');
        if (!(await engine.closeQuery(body.queryId))) throw new StandinError(40000, `No query with id ${body.queryId}`, '', [], 'generic_error');
        return send(res, 200, undefined);
      }
      if (req.method === 'POST' && path === '/query-stream') {
        if (req.httpVersion !== '2.0') throw new StandinError(40004, 'This endpoint is only available when using HTTP2', '', [], 'generic_error');
        const body = (await readBody(req)) as { sql?: unknown; properties?: unknown };
        if (typeof body.sql !== 'string') throw new StandinError(40000, 'No sql in arguments', '', [], 'generic_error');
        const delimited = !/application\/json/.test(String(req.headers.accept ?? '')) || /delimited/.test(String(req.headers.accept ?? ''));
        let ended = false;
        let headerSent = false;
        const pending: unknown[][] = [];
        const write = (row: unknown[]) => {
          if (ended) return;
          if (!headerSent) return void pending.push(row);
          res.write(delimited ? `${JSON.stringify(row)}\n` : `,${JSON.stringify(row)}`);
        };
        let endWhenHeaderSent = false;
        const finish = () => {
          if (!headerSent) return void (endWhenHeaderSent = true);
          if (ended) return;
          ended = true;
          openStreams.delete(finish);
          if (!delimited && headerSent) res.write(']');
          if (!res.writableEnded) res.end();
        };
        const { header, close } = await engine.query(body.sql, asProps(body.properties), write, finish);
        openStreams.add(finish);
        res.on('close', () => void close());
        res.writeHead(200, { 'content-type': delimited ? DELIMITED : JSON_TYPE });
        const headerJson = JSON.stringify(header.queryId ? header : { columnNames: header.columnNames, columnTypes: header.columnTypes });
        res.write(delimited ? `${headerJson}\n` : `[${headerJson}`);
        headerSent = true;
        for (const row of pending.splice(0)) write(row);
        if (endWhenHeaderSent) finish();
        return;
      }
      throw new StandinError(40400, `The ksqlDB stand-in has no ${req.method} ${path}`, '', [], 'generic_error');
    } catch (error) {
      const e = error instanceof StandinError ? error : new StandinError(50000, `The ksqlDB stand-in failed: ${(error as Error).message}`, '', [], 'generic_error');
      if (!res.headersSent) send(res, statusOf(e.errorCode), errorBody(e));
      else res.end();
    }
  };

  const h1 = http.createServer((req, res) => void handle(req, res as unknown as Res));
  const h2 = http2.createServer({}, (req, res) => void handle(req, res as unknown as Res));
  // One port for both protocols: an h2c client opens with the HTTP/2 preface; anything else is HTTP/1.1.
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
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
  engine.hostLabel = `${options.host ?? '127.0.0.1'}:${address.port}`;
  log(`[ksqldb-standin] ksqlDB stand-in listening on ${url} (HTTP/1.1 and h2c) over Kafka ${options.bootstrap}`);
  return {
    url,
    close: async () => {
      for (const finish of [...openStreams]) finish();
      await engine.stop();
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
  const bootstrap = arg('bootstrap') ?? process.env.KAFKA_BOOTSTRAP;
  if (!bootstrap) {
    console.error('usage: node scripts/ksqldb-standin/server.ts --bootstrap host:port [--port 8088] [--user name --password secret]');
    process.exit(2);
  }
  const user = arg('user');
  const standin = await startKsqlStandin({
    bootstrap,
    port: Number(arg('port') ?? 8088),
    ...(user ? { basicAuth: { username: user, password: arg('password') ?? '' } } : {}),
    log: (line) => console.log(line),
  });
  const stop = () => void standin.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
