// The ksqlDB workbench through the engine API, against the ksqlDB stand-in (scripts/ksqldb-standin) running
// on the real local broker: its persistent queries really consume and produce, so rows and lineage are real.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startKsqlStandin, type KsqlStandin } from '../../../scripts/ksqldb-standin/server.ts';
import { createEngine, type Engine } from '../engine.ts';
import type { Api, KsqlQueryProgress } from '../contract.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import { TributaryError } from '../errors.ts';
import type { Vault } from '../cluster/vault.ts';
import { ksqlLineage } from './lineage-source.ts';
import { call, produceOrders, workbenchScenario } from './workbench-scenario.ts';

const mesh = inject('mesh');
const prefix = `it-ksql-${Date.now().toString(36)}`;
let standin: KsqlStandin;
let engine: Engine;
let api: Api;
let dataDir: string;
let profileId = '';

beforeAll(async () => {
  standin = await startKsqlStandin({ bootstrap: mesh.bootstrap });
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
  const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix) || t.startsWith(prefix.toUpperCase().replace(/[^A-Z0-9]/g, '_')));
  if (mine.length) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
  await admin.disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('ksqlDB workbench against the stand-in', () => {
  workbenchScenario({ api: () => api, profileId: () => profileId, bootstrap: mesh.bootstrap, prefix });
});

describe('what the stand-in does on the broker', () => {
  const P = `${prefix.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_AGG`;
  const topic = `${prefix}.agg-orders`;

  it('materializes a GROUP BY table that pull queries read, and its query consumes as a real consumer group', async () => {
    const run = await call(api, 'ksql.run', {
      profileId,
      script: `CREATE STREAM ${P}_ORDERS (ID STRING KEY, AMOUNT DOUBLE, REGION STRING) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=1, VALUE_FORMAT='JSON');
               CREATE TABLE ${P}_TOTALS AS SELECT REGION, COUNT(*) AS N, SUM(AMOUNT) AS TOTAL FROM ${P}_ORDERS GROUP BY REGION EMIT CHANGES;`,
      properties: { 'auto.offset.reset': 'earliest' },
    });
    expect(run.stoppedAt).toBeNull();
    const ctasId = run.results[1]!.queryId!;
    expect(ctasId).toMatch(/^CTAS_/);
    await produceOrders(mesh.bootstrap, topic, [
      { id: 'a', amount: 10, region: 'eu' },
      { id: 'b', amount: 5, region: 'us' },
      { id: 'c', amount: 20, region: 'eu' },
    ]);
    const pull = async () => {
      const progress: KsqlQueryProgress[] = [];
      await call(api, 'ksql.query', { profileId, sql: `SELECT * FROM ${P}_TOTALS WHERE REGION = 'eu';` }, (p) => progress.push(p as KsqlQueryProgress));
      return progress.flatMap((p) => (p.type === 'rows' ? p.rows : []));
    };
    await expect.poll(pull, { timeout: 20_000 }).toEqual([['eu', 2, 30]]);

    const admin = createKafka(plaintext(mesh.bootstrap)).admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchOffsets({ groupId: `_confluent-ksql-default_query_${ctasId}`, topics: [topic] });
      await expect.poll(async () => (await admin.fetchOffsets({ groupId: `_confluent-ksql-default_query_${ctasId}`, topics: [topic] }))[0]!.partitions[0]!.offset, { timeout: 15_000 }).toBe('3');
      expect(offsets[0]!.topic).toBe(topic);
    } finally {
      await admin.disconnect();
    }
  });

  it('gives lineage edges from SHOW QUERIES EXTENDED: the query reads the source topic and writes the sink topic', async () => {
    const profile = (await api['profiles.list']({})).find((p) => p.id === profileId)!;
    // The profile names no ksqlDB user, so the vault is never asked.
    const lineage = await ksqlLineage(profile, null as unknown as Vault);
    const query = lineage.queries.find((q) => q.sinks.some((s) => s.name === `${P}_TOTALS`))!;
    expect(query.sources).toEqual([{ name: `${P}_ORDERS`, topic }]);
    expect(query.sinks).toEqual([{ name: `${P}_TOTALS`, topic: `${P}_TOTALS` }]);
    expect(lineage.edges.filter((e) => e.queryId === query.id).map((e) => [e.direction, e.topic])).toEqual([
      ['reads', topic],
      ['writes', `${P}_TOTALS`],
    ]);
  });

  it('puts the query on the lineage graph at sync: the source topic derives the sink topic through it', async () => {
    await api['catalog.sync']({ profileId });
    const impact = await api['lineage.impact']({ profileId, node: { kind: 'topic', name: topic } });
    const names = impact.nodes.map((n) => `${n.kind}:${n.name}`);
    const query = impact.nodes.find((n) => n.kind === 'ksql-query');
    expect(query).toBeDefined();
    expect(names).toContain(`topic:${P}_TOTALS`);
    expect(impact.edges.filter((e) => e.provenance === 'ksqldb').map((e) => e.kind)).toEqual(['derives', 'derives']);
  });

  it('refuses a pull query on a stream, naming why', async () => {
    const failure = await call(api, 'ksql.query', { profileId, sql: `SELECT * FROM ${P}_ORDERS;` }).catch((e: unknown) => e);
    expect((failure as TributaryError).message).toContain('not a materialized table');
  });
});

describe('ksqlDB basic auth', () => {
  let secured: KsqlStandin;
  beforeAll(async () => {
    secured = await startKsqlStandin({ bootstrap: mesh.bootstrap, basicAuth: { username: 'analyst', password: 's3cret' } });
  });
  afterAll(async () => secured?.close());

  it('sends the profile user and vault password, and names a wrong password as AuthFailed', async () => {
    await api['vault.unlock']({ passphrase: 'test passphrase' });
    const good = await api['profiles.save']({ name: 'auth-ok', bootstrap: mesh.bootstrap, ksqldbUrl: secured.url, ksqldbUsername: 'analyst', secrets: { ksqldbPassword: 's3cret' } });
    expect((await call(api, 'ksql.info', { profileId: good.id })).serverStatus).toBe('RUNNING');
    const bad = await api['profiles.save']({ name: 'auth-bad', bootstrap: mesh.bootstrap, ksqldbUrl: secured.url, ksqldbUsername: 'analyst', secrets: { ksqldbPassword: 'nope' } });
    const failure = await call(api, 'ksql.objects', { profileId: bad.id }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TributaryError);
    expect((failure as TributaryError).kind).toBe('AuthFailed');
  });
});
