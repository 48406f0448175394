// Bad input from ksqlDB, through the engine API, against the stand-in's scripted answers with faults injected:
// a server that is down, answers HTML, cuts the stream mid-row, sends a row wider than the header, or fails
// mid-script. No broker is needed: each answer is exactly what the test wrote.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKsqlStandin, type KsqlStandin, type KsqlStandinOptions } from '../../../scripts/ksqldb-standin/server.ts';
import type { Api, KsqlQueryProgress } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { TributaryError } from '../errors.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { call } from './workbench-scenario.ts';

const ORDERS = 'SELECT * FROM ORDERS EMIT CHANGES';
const header = { queryId: 'transient_ORDERS_1', columnNames: ['ID', 'AMOUNT', 'REGION'], columnTypes: ['STRING', 'DOUBLE', 'STRING'] };
const rows = (n: number) => Array.from({ length: n }, (_, i) => [`o${i}`, i * 10, i % 2 ? 'eu' : 'us']);
const status = (statement: string, message: string) => ({ '@type': 'currentStatus', statementText: statement, commandId: 'stream/X/create', commandStatus: { status: 'SUCCESS', message }, commandSequenceNumber: 2 });

let dataDir: string;
let engine: Engine;
let api: Api;
let standin: KsqlStandin | null = null;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-ksql-bad-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
});
afterEach(async () => {
  await standin?.close();
  standin = null;
});
afterAll(() => {
  engine?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function profileFor(url: string): Promise<string> {
  return (await api['profiles.save']({ name: `stand-in ${url}`, bootstrap: '127.0.0.1:9', ksqldbUrl: url })).id;
}
async function against(options: KsqlStandinOptions): Promise<string> {
  standin = await startKsqlStandin(options);
  return profileFor(standin.url);
}
async function query(profileId: string, sql: string) {
  const progress: KsqlQueryProgress[] = [];
  const outcome = await call(api, 'ksql.query', { profileId, sql }, (p) => progress.push(p as KsqlQueryProgress)).then(
    (end) => ({ end, error: null }),
    (error: unknown) => ({ end: null, error: error as TributaryError }),
  );
  return { ...outcome, rows: progress.flatMap((p) => (p.type === 'rows' ? p.rows : [])), header: progress.find((p) => p.type === 'header') ?? null };
}
/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the stand-in serving scripted answers', () => {
  it('answers exactly the scripted statements, whatever their spacing, and names any other one', async () => {
    const profileId = await against({
      script: {
        'SHOW STREAMS': { '@type': 'streams', streams: [{ type: 'STREAM', name: 'ORDERS', topic: 'shop.orders.v1', keyFormat: 'KAFKA', valueFormat: 'JSON', isWindowed: false }] },
        'SHOW TABLES': { '@type': 'tables', tables: [] },
        'SHOW QUERIES': { '@type': 'queries', queries: [] },
      },
    });
    const objects = await call(api, 'ksql.objects', { profileId });
    expect(objects.streams).toEqual([{ name: 'ORDERS', topic: 'shop.orders.v1', keyFormat: 'KAFKA', valueFormat: 'JSON', isWindowed: false }]);
    const run = await call(api, 'ksql.run', { profileId, script: 'SHOW   STREAMS;\nSHOW TOPICS;' });
    expect(run.stoppedAt).toBe(1);
    expect(run.results[1]).toMatchObject({ ok: false, errorCode: 40001, message: 'The ksqlDB stand-in has no scripted answer for: SHOW TOPICS' });
    expect(standin!.statements).toEqual(['SHOW STREAMS', 'SHOW TABLES', 'SHOW QUERIES', 'SHOW STREAMS', 'SHOW TOPICS']);
  });

  it('streams a scripted push query until the workbench closes it, with the latency it was given', async () => {
    const profileId = await against({ latencyMs: 150, script: { [ORDERS]: { header, rows: rows(3), keepOpen: true } } });
    const started = performance.now();
    const progress: KsqlQueryProgress[] = [];
    const done = call(api, 'ksql.query', { profileId, sql: `${ORDERS};` }, (p) => progress.push(p as KsqlQueryProgress));
    await expect.poll(() => progress.flatMap((p) => (p.type === 'rows' ? p.rows : [])).length).toBe(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(await call(api, 'ksql.closeQuery', { profileId, queryId: header.queryId })).toEqual({ closed: true });
    expect(await done).toMatchObject({ ended: 'closed', rowCount: 3 });
  });
});

describe('bad input from ksqlDB', () => {
  it('names a server that is down, at the first statement of a run and for a query', async () => {
    const profileId = await profileFor(`http://127.0.0.1:${await closedPort()}`);
    const run = await call(api, 'ksql.run', { profileId, script: 'SHOW STREAMS; SHOW TABLES;' });
    expect(run.stoppedAt).toBe(0);
    expect(run.results).toHaveLength(1);
    expect(run.results[0]).toMatchObject({ ok: false, type: 'client_error', statement: 'SHOW STREAMS' });
    expect(run.results[0]!.message).toMatch(/^Connection refused by ksqlDB at http:\/\/127\.0\.0\.1:\d+ — is it running, and is the port right\?$/);
    const { error } = await query(profileId, ORDERS);
    expect(error).toBeInstanceOf(TributaryError);
    expect(error!.kind).toBe('Unreachable');
    expect(error!.message).toMatch(/Connection refused by ksqlDB/);
  });

  it('says a web page answered where ksqlDB should, for statements and for queries', async () => {
    let profileId = await against({ script: { 'SHOW STREAMS': { '@type': 'streams', streams: [] } }, faults: { htmlOnPath: '/ksql' } });
    const run = await call(api, 'ksql.run', { profileId, script: 'SHOW STREAMS;' });
    expect(run.results[0]).toMatchObject({ ok: false, type: 'client_error' });
    expect(run.results[0]!.message).toMatch(/answered with a web page \(HTML\), not ksqlDB's JSON — is this the ksqlDB URL\?/);
    await standin!.close();

    profileId = await against({ script: { [ORDERS]: { header, rows: rows(2) } }, faults: { htmlOnPath: '/query-stream' } });
    const { error } = await query(profileId, ORDERS);
    expect(error).toBeInstanceOf(TributaryError);
    expect(error!.kind).toBe('Invalid');
    expect(error!.message).toMatch(/\/query-stream answered with a web page \(HTML\), not ksqlDB's JSON — is this the ksqlDB URL\?/);
  });

  it('keeps the rows before a stream cut mid-row and says the stream broke', async () => {
    for (const how of ['reset', 'end'] as const) {
      const profileId = await against({ script: { [ORDERS]: { header, rows: rows(10), keepOpen: true } }, faults: { closeStreamAfterRows: 4, closeStreamHow: how } });
      const { error, rows: got, header: h } = await query(profileId, ORDERS);
      expect(h).toMatchObject({ columnNames: header.columnNames });
      expect(got).toEqual(rows(4));
      expect(error, how).toBeInstanceOf(TributaryError);
      expect(error!.message, how).toMatch(/ksqlDB at http:\/\/127\.0\.0\.1:\d+ cut the query stream off after 4 rows(, in the middle of a row)? — the rows before it are kept; run the query again/);
      await standin!.close();
      standin = null;
    }
  });

  it('stops at a row wider than the header, keeping the rows before it and naming the columns', async () => {
    const profileId = await against({ script: { [ORDERS]: { header, rows: rows(3) } }, faults: { widerRowThanHeader: true } });
    const { error, rows: got } = await query(profileId, ORDERS);
    expect(got).toEqual([]);
    expect(error).toBeInstanceOf(TributaryError);
    expect(error!.kind).toBe('Invalid');
    expect(error!.message).toBe(`ksqlDB sent row 1 with 4 values, but the header names 3 columns (ID, AMOUNT, REGION) — the query was stopped there; the rows before it are kept`);
    const history = await call(api, 'ksql.history', { profileId });
    expect(history.entries[0]).toMatchObject({ statement: ORDERS, outcome: 'error', rowCount: 0 });
  });

  it('fails mid-script at the right statement with the server message and code, keeping the earlier results', async () => {
    const bad = 'CREATE STREAM BIG AS SELECT * FROM NOPE EMIT CHANGES';
    const profileId = await against({
      script: {
        "CREATE STREAM ORDERS (ID STRING KEY, AMOUNT DOUBLE) WITH (KAFKA_TOPIC='shop.orders.v1', VALUE_FORMAT='JSON')": status('CREATE STREAM ORDERS …', 'Stream created'),
        'SHOW STREAMS': { '@type': 'streams', streams: [] },
        [bad]: { status: 400, delayMs: 50, body: { '@type': 'statement_error', error_code: 40001, message: "Exception while preparing statement: NOPE does not exist.", statementText: `${bad};` } },
        'SHOW TABLES': { '@type': 'tables', tables: [] },
      },
    });
    const script = [
      "CREATE STREAM ORDERS (ID STRING KEY, AMOUNT DOUBLE)\n  WITH (KAFKA_TOPIC='shop.orders.v1', VALUE_FORMAT='JSON');",
      'SHOW STREAMS;',
      `-- this one fails\n${bad};`,
      'SHOW TABLES;',
    ].join('\n');
    const run = await call(api, 'ksql.run', { profileId, script });
    expect(run.stoppedAt).toBe(2);
    expect(run.results.map((r) => [r.ok, r.type])).toEqual([
      [true, 'currentStatus'],
      [true, 'streams'],
      [false, 'statement_error'],
    ]);
    expect(run.results[0]!.message).toBe('Stream created');
    const failed = run.results[2]!;
    expect(failed).toMatchObject({ errorCode: 40001, message: 'Exception while preparing statement: NOPE does not exist.' });
    expect(script.slice(failed.start, failed.end)).toBe(bad);
    expect(standin!.statements).not.toContain('SHOW TABLES');
  });
});
