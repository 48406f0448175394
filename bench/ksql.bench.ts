// The ksqlDB workbench's benchmark: splitting a 5,000-statement script and extracting each statement's sources
// and sinks (peers: a naive split at every ';', and the stand-in's quote- and comment-aware splitter); rows per second through
// ksql.query from the scripted stand-in pushing 200k rows (peer: the bare client iterating the same stream, no
// batching or dispatch); and keystroke-to-completion latency with 10,000 streams and tables (peer: a plain
// prefix filter over the names). Asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKsqlStandin } from '../scripts/ksqldb-standin/server.ts';
import { splitStatements as standinSplit } from '../scripts/ksqldb-standin/scripted.ts';
import { createEngine } from '../src/core/engine.ts';
import { createInProcessApi } from '../src/core/in-process-api.ts';
import { extractScriptFlows } from '../src/core/ksql/extract-sources-sinks.ts';
import { KsqlDbClient } from '../src/core/ksql/ksqldb-client.ts';
import { splitStatements } from '../src/core/ksql/split-statements.ts';
import { completionItems, completionSite, type CompletionData } from '../src/renderer/ksql/completion.ts';

interface Row {
  measure: string;
  size: string;
  p50: string;
  p95: string;
  'rows/s': string;
  target: string;
  note: string;
}

/** One of the documentation's statement shapes per index: sources, CSAS/CTAS, joins, windows, inserts, comments. */
function statement(i: number): string {
  const s = `S_${i % 997}`;
  switch (i % 10) {
    case 0:
      return `CREATE STREAM ${s}_SRC (ID STRING KEY, AMOUNT DOUBLE, NOTE STRING) WITH (KAFKA_TOPIC='shop.orders-${i}.v1', VALUE_FORMAT='JSON', PARTITIONS=3);`;
    case 1:
      return `-- big orders; note the ';' in this comment\nCREATE STREAM ${s}_BIG WITH (KAFKA_TOPIC='shop.big-${i}') AS SELECT ID, AMOUNT FROM ${s}_SRC WHERE AMOUNT > 100 AND NOTE <> 'a;b' EMIT CHANGES;`;
    case 2:
      return `CREATE TABLE ${s}_PER_MIN AS SELECT ID, COUNT(*) AS N, WINDOWSTART AS WS FROM ${s}_SRC WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS) GROUP BY ID EMIT CHANGES;`;
    case 3:
      return `CREATE STREAM ${s}_ENRICHED AS SELECT o.ID, c.NAME FROM ${s}_SRC o LEFT JOIN CUSTOMERS c ON o.ID = c.ID EMIT CHANGES;`;
    case 4:
      return `INSERT INTO ${s}_BIG SELECT ID, AMOUNT FROM ${s}_SRC_EU EMIT CHANGES;`;
    case 5:
      return `CREATE STREAM \`${s} Mixed\` AS SELECT * FROM "${s}_SRC" s JOIN PAYMENTS p WITHIN 1 HOUR ON s.ID = p.ORDER_ID EMIT CHANGES;`;
    case 6:
      return `/* a view for pull queries */ CREATE TABLE ${s}_LATEST AS SELECT ID, LATEST_BY_OFFSET(AMOUNT) AS AMOUNT FROM ${s}_SRC GROUP BY ID;`;
    case 7:
      return `SELECT ID, AMOUNT FROM ${s}_BIG WHERE NOTE = 'it''s; fine' EMIT CHANGES LIMIT 10;`;
    case 8:
      return `INSERT INTO ${s}_SRC (ID, AMOUNT, NOTE) VALUES ('k${i}', ${i}.5, 'x');`;
    default:
      return `DROP STREAM IF EXISTS ${s}_OLD DELETE TOPIC;`;
  }
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { p50: at(50).toFixed(2), p95: at(95).toFixed(2) };
}

function repeat(runs: number, fn: () => void): number[] {
  fn(); // warm up
  return Array.from({ length: runs }, () => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  });
}

function* generateRows(n: number): Generator<unknown[]> {
  for (let i = 0; i < n; i++) yield [`order-${i}`, i * 1.5, i % 2 ? 'eu' : 'us', i, `note ${i % 100}`];
}

export async function runKsqlBench(smoke: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const row = (measure: string, size: string, samples: number[] | null, target: string, note = '', rate = '') =>
    rows.push({ measure, size, ...(samples ? percentiles(samples) : { p50: '', p95: '' }), 'rows/s': rate, target, note });

  // ── split + extract ──
  const statements = smoke ? 500 : 5_000;
  const script = Array.from({ length: statements }, (_, i) => statement(i)).join('\n');
  const runs = smoke ? 5 : 30;
  let flowCount = 0;
  row(
    'split + extract sources/sinks',
    `${statements.toLocaleString()} statements, ${(script.length / 1024).toFixed(0)} KiB`,
    repeat(runs, () => {
      const { statements: split } = splitStatements(script);
      flowCount = extractScriptFlows(split.map((s) => s.text)).length;
    }),
    '≤ 100 ms',
    `${flowCount} flows`,
  );
  row('  split only (splitStatements)', '', repeat(runs, () => splitStatements(script)), '', 'offsets, terminated, problems');
  row('  peer: stand-in splitter', '', repeat(runs, () => standinSplit(script)), '', 'texts only');
  row('  peer: naive split at every ;', '', repeat(runs, () => script.split(';')), '', "wrong inside strings and comments: the floor");

  // ── rows per second through ksql.query ──
  const total = smoke ? 5_000 : 200_000;
  const header = { queryId: 'transient_BENCH_1', columnNames: ['ID', 'AMOUNT', 'REGION', 'SEQ', 'NOTE'], columnTypes: ['STRING', 'DOUBLE', 'STRING', 'BIGINT', 'STRING'] };
  const sql = 'SELECT * FROM BENCH EMIT CHANGES';
  // Iterable again for every query: each one gets a fresh generator.
  const standin = await startKsqlStandin({ script: { [sql]: { header, rows: { [Symbol.iterator]: () => generateRows(total) } } } });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-ksql-'));
  const engine = createEngine({ dataDir, host: 'web', version: 'bench' });
  try {
    const api = createInProcessApi(engine.handlers);
    const { id: profileId } = await api['profiles.save']({ name: 'bench', bootstrap: '127.0.0.1:9', ksqldbUrl: standin.url });
    const rounds = smoke ? 1 : 3;
    for (let r = 0; r < rounds; r++) {
      let got = 0;
      let batches = 0;
      let t = performance.now();
      const end = await api['ksql.query']({ profileId, sql, maxRows: total + 1 }, { onProgress: (p) => p.type === 'rows' && ((got += p.rows.length), batches++) });
      const ms = performance.now() - t;
      row('ksql.query rows (engine, in-process)', `${total.toLocaleString()} rows`, [ms], '≥ 50k rows/s', `round ${r + 1}: ${got.toLocaleString()} rows in ${batches} batches, ended ${end.ended}`, Math.round(got / (ms / 1000)).toLocaleString());

      const client = new KsqlDbClient({ url: standin.url } as ConstructorParameters<typeof KsqlDbClient>[0]);
      t = performance.now();
      let bare = 0;
      const stream = await client.query(sql);
      for await (const _ of stream) bare++;
      const bareMs = performance.now() - t;
      client.close();
      row('  peer: bare client iterating', `${total.toLocaleString()} rows`, [bareMs], '', `round ${r + 1}: no batching, no dispatch`, Math.round(bare / (bareMs / 1000)).toLocaleString());
    }
  } finally {
    engine.close();
    await standin.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  // ── completion ──
  const sources = smoke ? 1_000 : 10_000;
  const data: CompletionData = {
    sources: Array.from({ length: sources }, (_, i) => ({ name: `${['ORDERS', 'PAYMENTS', 'FILLS', 'QUOTES'][i % 4]}_${i}`, kind: i % 3 ? ('stream' as const) : ('table' as const), topic: `domain-${i % 20}.entity-${i}.v1` })),
    columns: new Map(),
    topics: Array.from({ length: sources }, (_, i) => `domain-${i % 20}.entity-${i}.v1`),
    functions: [],
  };
  // A realistic editor buffer: 200 statements before the one being typed.
  const before = Array.from({ length: 200 }, (_, i) => statement(i)).join('\n');
  const typed = 'SELECT * FROM ORDERS_12';
  const keystrokes = Array.from({ length: typed.length - 'SELECT * FROM '.length + 1 }, (_, k) => `${before}\n${typed.slice(0, 'SELECT * FROM '.length + k)}`);
  let offered = 0;
  const samples: number[] = [];
  for (let round = 0; round < (smoke ? 2 : 20); round++) {
    for (const text of keystrokes) {
      const t = performance.now();
      offered = completionItems(completionSite(text, text.length), data).length;
      samples.push(performance.now() - t);
    }
  }
  row('keystroke → completion items', `${sources.toLocaleString()} streams/tables, 200-statement buffer`, samples, '≤ 50 ms', `${offered} items handed to Monaco (it filters by the typed prefix)`);
  const names = data.sources.map((s) => s.name);
  row('  peer: prefix filter over the names', '', repeat(smoke ? 5 : 200, () => names.filter((n) => n.startsWith('ORDERS_12'))), '', 'no tokenizing, no ranking');
  return rows;
}
