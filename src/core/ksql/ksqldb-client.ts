// A typed client for ksqlDB's REST API: POST /ksql for statements, POST /query-stream over HTTP/2 with the
// delimited format for push and pull queries (an async iterator of rows that can be closed), /close-query and
// /info. Failures become TributaryErrors that carry the server's message, its error_code and the statement.
import http2 from 'node:http2';
import { TributaryError, type ErrorKind } from '../errors.ts';
import { authorizationHeader, type HttpEndpoint } from '../cluster/connection.ts';
import { explainNetworkError } from '../cluster/network-error.ts';

export type KsqlPropertyValue = string | number | boolean;
export type KsqlProperties = Record<string, KsqlPropertyValue>;

/** One entity of a /ksql answer; its fields depend on `@type` (currentStatus, streams, sourceDescription, …). */
export type KsqlEntity = { '@type': string; statementText?: string; warnings?: Array<{ message: string }> } & Record<string, unknown>;

export interface KsqlServerInfo {
  version: string;
  kafkaClusterId: string;
  ksqlServiceId: string;
  serverStatus: string;
}

export interface QueryHeader {
  queryId: string | null;
  columnNames: string[];
  columnTypes: string[];
}

export interface QueryStream extends AsyncIterable<unknown[]> {
  header: QueryHeader;
  /** Stops reading; also asks the server to close a push query. Safe to call more than once. */
  close(): Promise<void>;
  /** How the stream ended, once it has: the server finished it, or close() was called. */
  readonly endedBy: 'server' | 'client' | null;
}

/** A failure ksqlDB itself reported, with its error_code and the statement it was about. */
export class KsqlError extends TributaryError {
  readonly errorCode: number;
  readonly statementText: string | null;
  readonly serverMessage: string;
  readonly entityType: string;
  constructor(errorCode: number, serverMessage: string, statementText: string | null, entityType: string) {
    super(kindOf(errorCode), `ksqlDB: ${serverMessage.trim()} (error ${errorCode})`);
    this.errorCode = errorCode;
    this.serverMessage = serverMessage;
    this.statementText = statementText;
    this.entityType = entityType;
  }
}

function kindOf(errorCode: number): ErrorKind {
  const status = Math.floor(errorCode / 100);
  if (status === 401) return 'AuthFailed';
  if (status === 403) return 'Forbidden';
  if (status === 404) return 'NotFound';
  if (status >= 400 && status < 500) return 'Invalid';
  if (status === 503) return 'Unreachable';
  return 'Internal';
}

const JSON_TYPE = 'application/vnd.ksql.v1+json';
const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';

export class KsqlDbClient {
  readonly url: string;
  private readonly authorization: string | undefined;
  private session: http2.ClientHttp2Session | null = null;

  constructor(endpoint: HttpEndpoint) {
    if (!endpoint.url) throw new TributaryError('Invalid', 'This profile has no ksqlDB URL — add one on the Connections page');
    this.url = endpoint.url.replace(/\/+$/, '');
    this.authorization = authorizationHeader(endpoint);
  }

  async info(): Promise<KsqlServerInfo> {
    const body = (await this.request('GET', '/info')) as { KsqlServerInfo?: KsqlServerInfo };
    if (!body?.KsqlServerInfo) throw new TributaryError('Invalid', `${this.url}/info answered, but not like a ksqlDB server — check the URL`);
    return body.KsqlServerInfo;
  }

  /** Runs statements on /ksql; answers the entities, or throws a KsqlError for the first statement that failed. */
  async ksql(statements: string, streamsProperties: KsqlProperties = {}): Promise<KsqlEntity[]> {
    const body = await this.request('POST', '/ksql', { ksql: withSemicolon(statements), streamsProperties: stringify(streamsProperties) });
    if (!Array.isArray(body)) throw new TributaryError('Invalid', `${this.url}/ksql answered something that is not a list of results`);
    return body as KsqlEntity[];
  }

  async closeQuery(queryId: string): Promise<void> {
    await this.request('POST', '/close-query', { queryId });
  }

  /**
   * Starts a push or pull query on /query-stream (HTTP/2). Resolves once the header arrived; rows are read
   * with `for await`. Ends when the server ends the response (LIMIT, pull query done) or on close().
   */
  async query(sql: string, properties: KsqlProperties = {}): Promise<QueryStream> {
    const session = this.http2Session();
    const headers: http2.OutgoingHttpHeaders = { ':method': 'POST', ':path': '/query-stream', 'content-type': 'application/json', accept: DELIMITED };
    if (this.authorization) headers.authorization = this.authorization;
    const request = session.request(headers);
    request.setEncoding('utf8');
    request.end(JSON.stringify({ sql: withSemicolon(sql), properties: stringify(properties) }));

    const lines: string[] = [];
    let buffered = '';
    let ended = false;
    let gotEnd = false;
    let failure: unknown = null;
    let wake: (() => void) | null = null;
    let endedBy: 'server' | 'client' | null = null;
    let rowCount = 0;
    let status = 0;
    let contentType = '';
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    /** A stream that stops without its end, or ends inside a row, lost data: say so instead of ending quietly. */
    const cut = (): TributaryError =>
      new TributaryError(
        'Unreachable',
        `ksqlDB at ${this.url} cut the query stream off after ${rowCount + lines.length} row${rowCount + lines.length === 1 ? '' : 's'}${buffered.trim() ? ', in the middle of a row' : ''} — the rows before it are kept; run the query again`,
      );
    const responded = new Promise<void>((resolve, reject) => {
      request.on('response', (h) => {
        status = Number(h[':status']);
        contentType = String(h['content-type'] ?? '');
        resolve();
      });
      request.on('error', (error) => {
        if (status === 200 && !endedBy) failure ??= cut();
        else failure ??= this.explainNetwork(error);
        reject(failure);
        notify();
      });
    });
    request.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line) lines.push(line);
      }
      notify();
    });
    request.on('end', () => {
      gotEnd = true;
      const rest = buffered.trim();
      if (rest && status === 200 && parseJson(rest) === undefined) failure ??= cut();
      else if (rest) lines.push(rest);
      buffered = '';
      ended = true;
      notify();
    });
    request.on('close', () => {
      if (!gotEnd && status === 200 && !endedBy) failure ??= cut();
      ended = true;
      notify();
    });

    await responded;
    const next = async (): Promise<string | null> => {
      for (;;) {
        if (lines.length) return lines.shift()!;
        if (failure) throw failure;
        if (ended) return null;
        await new Promise<void>((r) => (wake = r));
      }
    };
    const readAll = async () => {
      let text = '';
      for (let line = await next().catch(() => null); line !== null; line = await next().catch(() => null)) text += `${line}\n`;
      return text;
    };

    if (status !== 200) throw this.explainStatus(status, await readAll(), sql);
    if (/html/i.test(contentType)) {
      request.close(http2.constants.NGHTTP2_CANCEL);
      throw new TributaryError('Invalid', notKsqlDb(`${this.url}/query-stream`, 'html'));
    }
    const first = await next();
    if (first === null) throw new TributaryError('Invalid', `${this.url}/query-stream ended without a header`);
    const header = parseJson(first) as (Partial<QueryHeader> & { error_code?: number; message?: string }) | undefined;
    if (!header || typeof header !== 'object' || Array.isArray(header)) {
      request.close(http2.constants.NGHTTP2_CANCEL);
      throw new TributaryError('Invalid', notKsqlDb(`${this.url}/query-stream`, looksLikeHtml(first) ? 'html' : 'other'));
    }
    if (header.error_code) throw new KsqlError(header.error_code, header.message ?? 'query failed', sql, 'error');
    const queryHeader: QueryHeader = { queryId: header.queryId ?? null, columnNames: header.columnNames ?? [], columnTypes: header.columnTypes ?? [] };

    const client = this;
    const close = async () => {
      if (endedBy) return;
      endedBy = 'client';
      if (!request.closed) request.close(http2.constants.NGHTTP2_CANCEL);
      ended = true;
      notify();
      if (queryHeader.queryId) await client.closeQuery(queryHeader.queryId).catch(() => undefined);
    };
    const width = queryHeader.columnNames.length;
    return {
      header: queryHeader,
      close,
      get endedBy() {
        return endedBy;
      },
      async *[Symbol.asyncIterator]() {
        try {
          for (let line = await next(); line !== null; line = await next()) {
            const value = parseJson(line);
            if (Array.isArray(value)) {
              // A row that does not fit the header would put values under the wrong columns: stop rather than guess.
              if (width && value.length > width) {
                throw new TributaryError(
                  'Invalid',
                  `ksqlDB sent row ${rowCount + 1} with ${value.length} values, but the header names ${width} columns (${queryHeader.columnNames.join(', ')}) — the query was stopped there; the rows before it are kept`,
                );
              }
              rowCount++;
              yield value;
            } else if (value && typeof value === 'object' && 'error_code' in value) {
              const e = value as { error_code: number; message?: string };
              throw new KsqlError(e.error_code, e.message ?? 'query failed', sql, 'error');
            } else if (value === undefined) {
              throw new TributaryError('Invalid', `ksqlDB sent row ${rowCount + 1} as something that is not JSON (${JSON.stringify(line.slice(0, 80))}) — the query was stopped there; the rows before it are kept`);
            }
          }
          endedBy ??= 'server';
        } finally {
          if (!endedBy) await close();
        }
      },
    };
  }

  close(): void {
    this.session?.close();
    this.session = null;
  }

  private http2Session(): http2.ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const session = http2.connect(this.url);
    session.on('error', () => undefined); // surfaced per request
    session.on('close', () => {
      if (this.session === session) this.session = null;
    });
    session.unref();
    this.session = session;
    return session;
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: JSON_TYPE };
    if (this.authorization) headers.authorization = this.authorization;
    if (body !== undefined) headers['content-type'] = JSON_TYPE;
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw this.explainNetwork(error);
    }
    const text = await response.text();
    if (!response.ok) throw this.explainStatus(response.status, text, extractStatement(body));
    if (!text) return null;
    const parsed = parseJson(text);
    if (parsed === undefined) throw new TributaryError('Invalid', notKsqlDb(`${this.url}${path}`, /html/i.test(response.headers.get('content-type') ?? '') || looksLikeHtml(text) ? 'html' : 'other'));
    return parsed;
  }

  /** An error status: ksqlDB's error entity when the body is one, else a named HTTP failure. */
  private explainStatus(status: number, text: string, statement: string | null): TributaryError {
    const body = parseJson(text) as { '@type'?: string; error_code?: number; message?: string; statementText?: string } | undefined;
    if (body && typeof body.error_code === 'number') return new KsqlError(body.error_code, body.message ?? `HTTP ${status}`, body.statementText ?? statement, body['@type'] ?? 'generic_error');
    if (status === 401) return new TributaryError('AuthFailed', `ksqlDB at ${this.url} answered 401 Unauthorized — check the ksqlDB username and password in the profile`);
    if (status === 403) return new TributaryError('Forbidden', `ksqlDB at ${this.url} answered 403 Forbidden — the profile's user lacks access`);
    if (status === 404) return new TributaryError('NotFound', `ksqlDB answered 404 at ${this.url} — the URL path is probably wrong`);
    if (looksLikeHtml(text)) return new TributaryError('Unreachable', `ksqlDB at ${this.url} answered HTTP ${status} with a web page (HTML), not ksqlDB's JSON — is a proxy in the way, or is this the wrong URL?`);
    return new TributaryError('Unreachable', `ksqlDB at ${this.url} answered HTTP ${status}${text ? `: ${text.slice(0, 300)}` : ''}`);
  }

  private explainNetwork(error: unknown): TributaryError {
    return explainNetworkError(error, { who: 'ksqlDB', url: this.url, timeoutSeconds: 30 });
  }

}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);
}

function notKsqlDb(where: string, what: 'html' | 'other'): string {
  return what === 'html'
    ? `${where} answered with a web page (HTML), not ksqlDB's JSON — is this the ksqlDB URL? A proxy's sign-in page answers like this too`
    : `${where} answered something that is not JSON — is this the ksqlDB URL?`;
}

function withSemicolon(sql: string): string {
  const trimmed = sql.trim();
  return trimmed.endsWith(';') ? trimmed : `${trimmed};`;
}

// ksqlDB documents property values as strings; numbers and booleans are sent as their text.
function stringify(properties: KsqlProperties): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, String(v)]));
}

function extractStatement(body: unknown): string | null {
  const b = body as { ksql?: string; sql?: string } | undefined;
  return b?.ksql ?? b?.sql ?? null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
