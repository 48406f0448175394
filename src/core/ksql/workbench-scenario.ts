// The workbench walk both ksqlDB integration suites run through the engine API: against the stand-in
// (ksql.integration.test.ts) and against a real ksqlDB when KSQLDB_URL is set (ksql-live.integration.test.ts).
// Assertions here hold for both; stand-in-only details stay in the stand-in suite. What only a real server does
// on the broker (rows its queries write, topics it deletes) goes through ScenarioServer, which the stand-in suite
// replaces with its script and the statements the stand-in received.
import { expect, it } from 'vitest';
import type { Api, KsqlQueryProgress } from '../contract.ts';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import { TributaryError } from '../errors.ts';

export interface ScenarioContext {
  api: () => Api;
  profileId: () => string;
  bootstrap: string;
  /** Unique per run: names of streams (upper-case) and topics (lower-case) start with it. */
  prefix: string;
  /** What the server does on the broker; by default a real server on `bootstrap`. */
  server?: ScenarioServer;
}

export interface ScenarioServer {
  /** Orders become records of the stream's topic (a real server reads them from there). */
  produceOrders(topic: string, orders: Array<{ id: string; amount: number; region: string }>): Promise<void>;
  /** After DROP … DELETE TOPIC: no topic starting with the prefix is left. */
  expectTopicsGone(prefix: string): Promise<void>;
}

function brokerServer(bootstrap: string): ScenarioServer {
  return {
    produceOrders: (topic, orders) => produceOrders(bootstrap, topic, orders),
    expectTopicsGone: async (prefix) => {
      const admin = createKafka(plaintext(bootstrap)).admin();
      await admin.connect();
      try {
        await expect.poll(async () => (await admin.listTopics()).filter((t) => t.startsWith(prefix)), { timeout: 15_000 }).toEqual([]);
      } finally {
        await admin.disconnect();
      }
    },
  };
}

export function call<K extends keyof Api>(api: Api, method: K, input: Parameters<Api[K]>[0], progress?: (p: unknown) => void): ReturnType<Api[K]> {
  return (api[method] as (i: unknown, o: unknown) => ReturnType<Api[K]>)(input, { onProgress: progress });
}

export async function produceOrders(bootstrap: string, topic: string, orders: Array<{ id: string; amount: number; region: string }>): Promise<void> {
  const producer = createKafka(plaintext(bootstrap)).producer();
  await producer.connect();
  await producer.send({ topic, messages: orders.map((o) => ({ key: o.id, value: JSON.stringify({ amount: o.amount, region: o.region }) })) });
  await producer.disconnect();
}

export function workbenchScenario(ctx: ScenarioContext): void {
  const P = ctx.prefix.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  const ORDERS = `${P}_ORDERS`;
  const BIG = `${P}_BIG`;
  const ordersTopic = `${ctx.prefix}.orders`;
  const bigTopic = `${ctx.prefix}.big-orders`;
  const orders = Array.from({ length: 10 }, (_, i) => ({ id: `o${i}`, amount: i * 30, region: i % 2 ? 'eu' : 'us' }));
  let csasId = '';
  const server = ctx.server ?? brokerServer(ctx.bootstrap);

  it('reports the server version from /info', async () => {
    const info = await call(ctx.api(), 'ksql.info', { profileId: ctx.profileId() });
    expect(info.version).not.toBe('');
    expect(info.serverStatus).toBe('RUNNING');
  });

  it('runs a script in order: creates a stream over a topic and a filtered stream from it, with offsets and query id', async () => {
    const script = [
      "SET 'auto.offset.reset'='earliest';",
      `CREATE STREAM ${ORDERS} (ID STRING KEY, AMOUNT DOUBLE, REGION STRING) WITH (KAFKA_TOPIC='${ordersTopic}', PARTITIONS=1, VALUE_FORMAT='JSON');`,
      `-- only the big ones; note the ';' in this comment`,
      `CREATE STREAM ${BIG} WITH (KAFKA_TOPIC='${bigTopic}') AS SELECT ID, AMOUNT, UCASE(REGION) AS REGION FROM ${ORDERS} WHERE AMOUNT > 100 EMIT CHANGES;`,
    ].join('\n');
    const run = await call(ctx.api(), 'ksql.run', { profileId: ctx.profileId(), script });
    expect(run.stoppedAt).toBeNull();
    expect(run.results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(run.results[1]).toMatchObject({ type: 'currentStatus', errorCode: null });
    const csas = run.results[2]!;
    expect(script.slice(csas.start, csas.end)).toBe(csas.statement);
    expect(csas.queryId).toMatch(new RegExp(`^CSAS_${BIG}_\\d+$`));
    csasId = csas.queryId!;
  });

  it('streams the rows a persistent query wrote, as progress events, until LIMIT ends the push query', async () => {
    await server.produceOrders(ordersTopic, orders);
    const progress: KsqlQueryProgress[] = [];
    const end = await call(ctx.api(), 'ksql.query', { profileId: ctx.profileId(), sql: `SELECT * FROM ${BIG} EMIT CHANGES LIMIT 5;`, properties: { 'auto.offset.reset': 'earliest' } }, (p) => progress.push(p as KsqlQueryProgress));
    expect(end).toMatchObject({ rowCount: 5, ended: 'completed', columnNames: ['ID', 'AMOUNT', 'REGION'] });
    expect(progress[0]).toMatchObject({ type: 'header', columnNames: ['ID', 'AMOUNT', 'REGION'], columnTypes: ['STRING', 'DOUBLE', 'STRING'] });
    const rows = progress.flatMap((p) => (p.type === 'rows' ? p.rows : []));
    expect(rows).toHaveLength(5);
    for (const [, amount, region] of rows) {
      expect(amount as number).toBeGreaterThan(100);
      expect(['EU', 'US']).toContain(region);
    }
  });

  it('closes a push query that has no LIMIT and resolves the call as closed', async () => {
    let header: (KsqlQueryProgress & { type: 'header' }) | null = null;
    const done = call(ctx.api(), 'ksql.query', { profileId: ctx.profileId(), sql: `SELECT ID FROM ${ORDERS} EMIT CHANGES;` }, (p) => {
      if ((p as KsqlQueryProgress).type === 'header') header = p as KsqlQueryProgress & { type: 'header' };
    });
    await expect.poll(() => header, { timeout: 20_000 }).not.toBeNull();
    const queryId = (header as unknown as { queryId: string }).queryId;
    expect(queryId).toBeTruthy();
    expect(await call(ctx.api(), 'ksql.closeQuery', { profileId: ctx.profileId(), queryId })).toEqual({ closed: true });
    expect((await done).ended).toBe('closed');
  });

  it("stops a script at the first bad statement and returns ksqlDB's error code, message and the statement's offsets", async () => {
    const script = `SHOW STREAMS;\nCREATE STREAM ${P}_OOPS AS SELECT * FROM ${P}_NOPE;\nSHOW TABLES;`;
    const run = await call(ctx.api(), 'ksql.run', { profileId: ctx.profileId(), script });
    expect(run.stoppedAt).toBe(1);
    expect(run.results).toHaveLength(2);
    const bad = run.results[1]!;
    expect(bad).toMatchObject({ ok: false, type: 'statement_error', errorCode: 40001 });
    expect(bad.message).toContain(`${P}_NOPE`);
    expect(script.slice(bad.start, bad.end)).toBe(`CREATE STREAM ${P}_OOPS AS SELECT * FROM ${P}_NOPE`);
  });

  it('rejects a bad query with a named error that carries the server message and code', async () => {
    const failure = await call(ctx.api(), 'ksql.query', { profileId: ctx.profileId(), sql: `SELECT * FROM ${P}_NOPE EMIT CHANGES;` }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TributaryError);
    expect((failure as TributaryError).kind).toBe('Invalid');
    expect((failure as TributaryError).message).toMatch(new RegExp(`${P}_NOPE.*\\(error 40001\\)`, 's'));
  });

  it('lists streams, tables and queries with their topics and state', async () => {
    const objects = await call(ctx.api(), 'ksql.objects', { profileId: ctx.profileId() });
    expect(objects.streams.find((s) => s.name === ORDERS)).toMatchObject({ topic: ordersTopic, valueFormat: 'JSON' });
    expect(objects.streams.find((s) => s.name === BIG)).toMatchObject({ topic: bigTopic });
    expect(objects.queries.find((q) => q.id === csasId)).toMatchObject({ state: 'RUNNING', sinks: [BIG], sinkKafkaTopics: [bigTopic] });
  });

  it('describes a stream with its fields and the queries that read and write it, and explains the query', async () => {
    const big = await call(ctx.api(), 'ksql.describe', { profileId: ctx.profileId(), name: BIG });
    expect(big).toMatchObject({ name: BIG, type: 'STREAM', topic: bigTopic });
    expect(big.fields).toEqual([
      { name: 'ID', type: 'STRING', key: true },
      { name: 'AMOUNT', type: 'DOUBLE', key: false },
      { name: 'REGION', type: 'STRING', key: false },
    ]);
    expect(big.writeQueries.map((q) => q.id)).toEqual([csasId]);
    const source = await call(ctx.api(), 'ksql.describe', { profileId: ctx.profileId(), name: ORDERS });
    expect(source.readQueries.map((q) => q.id)).toEqual([csasId]);
    const explained = await call(ctx.api(), 'ksql.explain', { profileId: ctx.profileId(), queryId: csasId });
    expect(explained).toMatchObject({ id: csasId, sources: [ORDERS], sinks: [BIG] });
  });

  it('preflights a script against the cluster: existing streams resolve to their topics', async () => {
    const result = await call(ctx.api(), 'ksql.preflight', { profileId: ctx.profileId(), script: `CREATE STREAM ${P}_X AS SELECT * FROM ${BIG};` });
    expect(result.resolved).toBe(true);
    expect(result.statements[0]!.flow.reads).toEqual([{ name: BIG, topic: bigTopic }]);
    expect(result.statements[0]!.flow.writes[0]).toMatchObject({ name: `${P}_X`, topic: `${P}_X`, createsTopic: true });
  });

  it('refuses to drop a stream a query reads, terminates the query, then drops with its topic', async () => {
    const refused = await call(ctx.api(), 'ksql.drop', { profileId: ctx.profileId(), name: ORDERS, kind: 'stream', deleteTopic: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TributaryError);
    expect((refused as TributaryError).message).toContain(csasId);
    const terminated = await call(ctx.api(), 'ksql.terminate', { profileId: ctx.profileId(), queryId: csasId });
    expect(terminated.message).toContain(csasId);
    expect((await call(ctx.api(), 'ksql.objects', { profileId: ctx.profileId() })).queries.map((q) => q.id)).not.toContain(csasId);
    await call(ctx.api(), 'ksql.drop', { profileId: ctx.profileId(), name: BIG, kind: 'stream', deleteTopic: true });
    await call(ctx.api(), 'ksql.drop', { profileId: ctx.profileId(), name: ORDERS, kind: 'stream', deleteTopic: true });
    await server.expectTopicsGone(ctx.prefix);
  });

  it('keeps the run history, searchable by words of the statement and of the error', async () => {
    const all = await call(ctx.api(), 'ksql.history', { profileId: ctx.profileId() });
    expect(all.entries.length).toBeGreaterThanOrEqual(6);
    const failed = await call(ctx.api(), 'ksql.history', { profileId: ctx.profileId(), q: `${P}_NOPE` });
    expect(failed.entries.some((e) => e.outcome === 'error' && e.errorCode === 40001)).toBe(true);
  });

  it('caches the function list per profile until asked to refresh', async () => {
    const first = await call(ctx.api(), 'ksql.functions', { profileId: ctx.profileId() });
    expect(first.functions.map((f) => f.name)).toEqual(expect.arrayContaining(['UCASE', 'COUNT']));
    const again = await call(ctx.api(), 'ksql.functions', { profileId: ctx.profileId() });
    expect(again.fetchedAt).toBe(first.fetchedAt);
  });
}
