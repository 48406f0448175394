// The ksqlDB workbench through the engine API, against the ksqlDB stand-in (scripts/ksqldb-standin) serving
// scripted answers in ksqlDB's documented shapes, with a real local broker for the profile and the catalog sync.
// The walk is the one the live suite runs against a real ksqlDB; here each statement's answer is scripted, and
// what a real server would do on the broker is checked as the statements Tributary sent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startKsqlStandin, type KsqlStandin } from '../../../scripts/ksqldb-standin/server.ts';
import { catalogScript, currentStatus, statementError, terminated, type ScriptedCatalog, type ScriptedSource } from '../../../scripts/ksqldb-standin/entities.ts';
import type { StandinScript } from '../../../scripts/ksqldb-standin/scripted.ts';
import { createEngine, type Engine } from '../engine.ts';
import type { Api, KsqlQueryProgress } from '../contract.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import { TributaryError } from '../errors.ts';
import type { Vault } from '../cluster/vault.ts';
import { ksqlLineage } from './lineage-source.ts';
import { call, workbenchScenario } from './workbench-scenario.ts';

const mesh = inject('mesh');
const prefix = `it-ksql-${Date.now().toString(36)}`;
const P = prefix.toUpperCase().replace(/[^A-Z0-9]/g, '_');
let standin: KsqlStandin;
let engine: Engine;
let api: Api;
let dataDir: string;
let profileId = '';

const orderColumns = [
  { name: 'ID', type: 'STRING', key: true },
  { name: 'AMOUNT', type: 'DOUBLE' },
  { name: 'REGION', type: 'STRING' },
];

/** The walk's statements (workbench-scenario.ts) and the answers a ksqlDB 0.29 server gives them, step by step. */
function walkScript(): StandinScript {
  const ORDERS = `${P}_ORDERS`;
  const BIG = `${P}_BIG`;
  const createOrders = `CREATE STREAM ${ORDERS} (ID STRING KEY, AMOUNT DOUBLE, REGION STRING) WITH (KAFKA_TOPIC='${prefix}.orders', PARTITIONS=1, VALUE_FORMAT='JSON')`;
  const createBig = `CREATE STREAM ${BIG} WITH (KAFKA_TOPIC='${prefix}.big-orders') AS SELECT ID, AMOUNT, UCASE(REGION) AS REGION FROM ${ORDERS} WHERE AMOUNT > 100 EMIT CHANGES`;
  const orders: ScriptedSource = { kind: 'STREAM', name: ORDERS, topic: `${prefix}.orders`, columns: orderColumns, statement: `${createOrders};` };
  const big: ScriptedSource = { kind: 'STREAM', name: BIG, topic: `${prefix}.big-orders`, columns: orderColumns, statement: `${createBig};` };
  const csas = { id: `CSAS_${BIG}_3`, statement: `${createBig};`, sources: [ORDERS], sinks: [BIG] };
  const running: ScriptedCatalog = { sources: [orders, big], queries: [csas] };
  const nope = `${P}_NOPE`;
  return {
    ...catalogScript({ sources: [] }),
    [createOrders]: { body: currentStatus('Stream created', { commandId: `stream/\`${ORDERS}\`/create` }), after: catalogScript({ sources: [orders] }) },
    [createBig]: { body: currentStatus(`Created query with ID ${csas.id}`, { commandId: `stream/\`${BIG}\`/create`, queryId: csas.id }), after: catalogScript(running) },
    // The orders with AMOUNT > 100 (i * 30 for i in 0..9), as BIG's query wrote them.
    [`SELECT * FROM ${BIG} EMIT CHANGES LIMIT 5`]: {
      header: { queryId: `transient_${BIG}_1`, columnNames: ['ID', 'AMOUNT', 'REGION'], columnTypes: ['STRING', 'DOUBLE', 'STRING'] },
      rows: [4, 5, 6, 7, 8].map((i) => [`o${i}`, i * 30, i % 2 ? 'EU' : 'US']),
    },
    [`SELECT ID FROM ${ORDERS} EMIT CHANGES`]: { header: { queryId: `transient_${ORDERS}_2`, columnNames: ['ID'], columnTypes: ['STRING'] }, rows: [], keepOpen: true },
    [`CREATE STREAM ${P}_OOPS AS SELECT * FROM ${nope}`]: statementError(`CREATE STREAM ${P}_OOPS AS SELECT * FROM ${nope}`, `Exception while preparing statement: ${nope} does not exist.`),
    [`SELECT * FROM ${nope} EMIT CHANGES`]: statementError(`SELECT * FROM ${nope} EMIT CHANGES`, `Exception while preparing statement: ${nope} does not exist.`),
    [`DROP STREAM ${ORDERS}`]: statementError(
      `DROP STREAM ${ORDERS}`,
      `Cannot drop ${ORDERS}.\nThe following queries read from this source: [${csas.id}].\nThe following queries write into this source: [].\nYou need to terminate them before dropping ${ORDERS}.`,
    ),
    [`TERMINATE ${csas.id}`]: { body: terminated(csas.id), after: catalogScript({ sources: [orders, big] }) },
    [`DROP STREAM ${BIG} DELETE TOPIC`]: { body: currentStatus(`Source \`${BIG}\` (topic: ${big.topic}) was dropped.`, { commandId: `stream/\`${BIG}\`/drop` }), after: catalogScript({ sources: [orders] }) },
    [`DROP STREAM ${ORDERS} DELETE TOPIC`]: { body: currentStatus(`Source \`${ORDERS}\` (topic: ${orders.topic}) was dropped.`, { commandId: `stream/\`${ORDERS}\`/drop` }), after: catalogScript({ sources: [] }) },
  };
}

/** A CREATE TABLE AS SELECT over a stream, for the lineage and pull-query tests. */
const AGG = `${P}_AGG`;
const aggTopic = `${prefix}.agg-orders`;
const aggOrders: ScriptedSource = { kind: 'STREAM', name: `${AGG}_ORDERS`, topic: aggTopic, columns: orderColumns };
const totals: ScriptedSource = {
  kind: 'TABLE',
  name: `${AGG}_TOTALS`,
  topic: `${AGG}_TOTALS`,
  columns: [
    { name: 'REGION', type: 'STRING', key: true },
    { name: 'N', type: 'BIGINT' },
    { name: 'TOTAL', type: 'DOUBLE' },
  ],
};
const createAggOrders = `CREATE STREAM ${AGG}_ORDERS (ID STRING KEY, AMOUNT DOUBLE, REGION STRING) WITH (KAFKA_TOPIC='${aggTopic}', PARTITIONS=1, VALUE_FORMAT='JSON')`;
const createTotals = `CREATE TABLE ${AGG}_TOTALS AS SELECT REGION, COUNT(*) AS N, SUM(AMOUNT) AS TOTAL FROM ${AGG}_ORDERS GROUP BY REGION EMIT CHANGES`;
const ctas = { id: `CTAS_${AGG}_TOTALS_5`, statement: `${createTotals};`, sources: [aggOrders.name], sinks: [totals.name] };
const lookup: ScriptedSource = { kind: 'TABLE', name: `${AGG}_LOOKUP`, topic: `${prefix}.lookup`, columns: orderColumns.map((c) => ({ ...c })) };

function aggScript(): StandinScript {
  return {
    [createAggOrders]: currentStatus('Stream created', { commandId: `stream/\`${aggOrders.name}\`/create` }),
    [createTotals]: { body: currentStatus(`Created query with ID ${ctas.id}`, { commandId: `table/\`${totals.name}\`/create`, queryId: ctas.id }), after: catalogScript({ sources: [aggOrders, totals, lookup], queries: [ctas] }) },
    [`SELECT * FROM ${totals.name} WHERE REGION = 'eu'`]: { header: { columnNames: ['REGION', 'N', 'TOTAL'], columnTypes: ['STRING', 'BIGINT', 'DOUBLE'] }, rows: [['eu', 2, 30]] },
    // ksqlDB's answer for a table declared over a topic without AS SELECT: it is not materialized.
    [`SELECT * FROM ${lookup.name}`]: statementError(`SELECT * FROM ${lookup.name}`, `Can't pull from \`${lookup.name}\` as it's not a materialized table.`),
  };
}

beforeAll(async () => {
  standin = await startKsqlStandin({ script: { ...walkScript(), ...aggScript() } });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-ksql-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  profileId = (await api['profiles.save']({ name: 'stand-in', bootstrap: mesh.bootstrap, ksqldbUrl: standin.url })).id;
});

afterAll(async () => {
  engine?.close();
  await standin?.close();
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix) || t.startsWith(P));
  if (mine.length) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
  await admin.disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('ksqlDB workbench against the stand-in', () => {
  workbenchScenario({
    api: () => api,
    profileId: () => profileId,
    bootstrap: mesh.bootstrap,
    prefix,
    server: {
      // The script holds the rows BIG's query would have written.
      produceOrders: async () => undefined,
      expectTopicsGone: async () => {
        expect(standin.statements).toContain(`DROP STREAM ${P}_BIG DELETE TOPIC`);
        expect(standin.statements).toContain(`DROP STREAM ${P}_ORDERS DELETE TOPIC`);
      },
    },
  });
});

describe('tables, pull queries and lineage from the stand-in', () => {
  it('creates a table from a stream with a query id, and reads it back with a pull query that has no query id', async () => {
    const run = await call(api, 'ksql.run', { profileId, script: `${createAggOrders};\n${createTotals};`, properties: { 'auto.offset.reset': 'earliest' } });
    expect(run.stoppedAt).toBeNull();
    expect(run.results[1]!.queryId).toBe(ctas.id);
    const progress: KsqlQueryProgress[] = [];
    const end = await call(api, 'ksql.query', { profileId, sql: `SELECT * FROM ${totals.name} WHERE REGION = 'eu';` }, (p) => progress.push(p as KsqlQueryProgress));
    expect(end).toMatchObject({ queryId: null, ended: 'completed', rowCount: 1 });
    expect(progress.flatMap((p) => (p.type === 'rows' ? p.rows : []))).toEqual([['eu', 2, 30]]);
  });

  it('gives lineage edges from SHOW QUERIES EXTENDED: the query reads the source topic and writes the sink topic', async () => {
    const profile = (await api['profiles.list']({})).find((p) => p.id === profileId)!;
    // The profile names no ksqlDB user, so the vault is never asked.
    const lineage = await ksqlLineage(profile, null as unknown as Vault);
    const query = lineage.queries.find((q) => q.sinks.some((s) => s.name === totals.name))!;
    expect(query.sources).toEqual([{ name: aggOrders.name, topic: aggTopic }]);
    expect(query.sinks).toEqual([{ name: totals.name, topic: totals.topic }]);
    expect(lineage.edges.filter((e) => e.queryId === query.id).map((e) => [e.direction, e.topic])).toEqual([
      ['reads', aggTopic],
      ['writes', totals.topic],
    ]);
  });

  it('puts the query on the lineage graph at sync: the source topic derives the sink topic through it', async () => {
    // A real server would have created both topics; the broker gets them here so the sync sees them.
    const admin = createKafka(plaintext(mesh.bootstrap)).admin();
    await admin.connect();
    await admin.createTopics({ topics: [aggTopic, totals.topic].map((topic) => ({ topic, numPartitions: 1 })) });
    await admin.disconnect();
    await api['catalog.sync']({ profileId });
    const impact = await api['lineage.impact']({ profileId, node: { kind: 'topic', name: aggTopic } });
    const names = impact.nodes.map((n) => `${n.kind}:${n.name}`);
    const query = impact.nodes.find((n) => n.kind === 'ksql-query');
    expect(query).toBeDefined();
    expect(names).toContain(`topic:${totals.topic}`);
    expect(impact.edges.filter((e) => e.provenance === 'ksqldb').map((e) => e.kind)).toEqual(['derives', 'derives']);
  });

  it("shows ksqlDB's refusal of a pull query on a table that is not materialized, naming why", async () => {
    const failure = await call(api, 'ksql.query', { profileId, sql: `SELECT * FROM ${lookup.name};` }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TributaryError);
    expect((failure as TributaryError).message).toContain('not a materialized table');
  });
});

describe('ksqlDB basic auth', () => {
  let secured: KsqlStandin;
  beforeAll(async () => {
    secured = await startKsqlStandin({ script: catalogScript({ sources: [] }), basicAuth: { username: 'analyst', password: 's3cret' } });
  });
  afterAll(async () => secured?.close());

  it('sends the profile user and vault password, and names a wrong password as AuthFailed', async () => {
    await api['vault.unlock']({ passphrase: 'test passphrase' });
    const good = await api['profiles.save']({ name: 'auth-ok', bootstrap: mesh.bootstrap, ksqldbUrl: secured.url, ksqldbUsername: 'analyst', secrets: { ksqldbPassword: 's3cret' } });
    expect((await call(api, 'ksql.info', { profileId: good.id })).serverStatus).toBe('RUNNING');
    expect((await call(api, 'ksql.objects', { profileId: good.id })).streams).toEqual([]);
    const bad = await api['profiles.save']({ name: 'auth-bad', bootstrap: mesh.bootstrap, ksqldbUrl: secured.url, ksqldbUsername: 'analyst', secrets: { ksqldbPassword: 'nope' } });
    const failure = await call(api, 'ksql.objects', { profileId: bad.id }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TributaryError);
    expect((failure as TributaryError).kind).toBe('AuthFailed');
  });
});
