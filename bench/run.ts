// Runs the benchmarks and prints their figures. `--smoke` runs tiny sizes (CI only checks they still run);
// `--only NAME` picks one (snapshot-write, catalog-sync, lineage, lineage-render, messages, messages-render, key-filter, ksql, ksql-grid, products).
import { run as snapshotWrite } from './snapshot-write.bench.ts';
import { runCatalogBench } from './catalog-sync.bench.ts';
import { runLineageBench } from './lineage.bench.ts';
import { runLineageRenderBench } from './lineage-render.bench.ts';
import { runMessagesBench } from './messages.bench.ts';
import { runKeyFilterBench } from './key-filter.bench.ts';
import { runMessagesRenderBench } from './messages-render.bench.ts';
import { runProductsBench } from './products.bench.ts';
import { runKsqlBench } from './ksql.bench.ts';
import { runKsqlGridBench } from './ksql-grid.bench.ts';

const smoke = process.argv.includes('--smoke');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const log = (line: string) => console.log(line);
console.log(`Tributary benchmarks (${smoke ? 'smoke run, figures meaningless' : 'full run'}) on Node ${process.versions.node}`);
if (!only || only === 'snapshot-write') {
  console.log('\nsnapshot write + Topics filter vs one JSON file (25 configs, 6 partitions per topic)');
  console.table(snapshotWrite(smoke ? [50] : [1_000, 10_000, 30_000]));
}
if (!only || only === 'catalog-sync') {
  console.log('\ncatalog sync on a real local broker vs Kafka’s CLI, and search latency');
  const sizes = smoke
    ? { topics: 30, groups: 10, subjects: 5, versionsPerSubject: 2, searchEntities: 2_000, searches: 50, withCli: false }
    : { topics: 10_000, groups: 2_000, subjects: 2_000, versionsPerSubject: 10, searchEntities: 100_000, searches: 1_000, withCli: true };
  console.table(await runCatalogBench(sizes, log));
}
if (!only || only === 'lineage') {
  console.log('\nlineage queries on synthetic meshes written through the graph writer, vs a recursive CTE');
  console.table(await runLineageBench(smoke));
}
if (!only || only === 'lineage-render') {
  console.log('\nthe Lineage page in Chromium: open → first paint, reopen, pan/zoom fps and JS heap per renderer (needs `npx electron-vite build`)');
  console.table(await runLineageRenderBench(smoke));
}
if (!only || only === 'messages') {
  console.log('\nmessage browser: Avro records read and decoded through the engine vs kcat, and opening a 1 MB record');
  console.table(await runMessagesBench(smoke, log));
}
if (!only || only === 'messages-render') {
  console.log('\nthe Messages page in Chromium holding 100k Avro records: load time, JS heap, renderer RSS, scroll (needs `npx electron-vite build`; builds if missing)');
  console.table(await runMessagesRenderBench(smoke, log));
}
if (!only || only === 'key-filter') {
  console.log('\nkey search over Avro records: messages.browse with a key filter vs kcat | grep on the same topic (BENCH_KEY_FILTER_RECORDS, default 10M)');
  console.table(await runKeyFilterBench(smoke, log));
}
if (!only || only === 'ksql') {
  console.log('\nksqlDB workbench: split + extract a script, rows through ksql.query from the scripted stand-in, completion with many streams/tables');
  console.table(await runKsqlBench(smoke));
}
if (!only || only === 'ksql-grid') {
  console.log('\nthe Workbench grid in Chromium: a stand-in pushing rows for one push query through the web host (needs `npx electron-vite build`; builds if missing)');
  console.table(await runKsqlGridBench(smoke));
}
if (!only || only === 'products') {
  console.log('\nmesh registry fold: product descriptors + events folded from offset 0 on a real local broker, vs kcat reading them raw');
  console.table(await runProductsBench(smoke, log));
}
