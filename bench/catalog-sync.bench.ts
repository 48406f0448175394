// The catalog issue's benchmark: seed a real local broker (and the registry) with many topics, committed
// consumer groups and schema versions, then time Tributary's full sync and unchanged re-sync against Kafka's
// own CLI describing the same cluster, and FTS search latency over a large index. Prints figures only.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { startMesh } from '../scripts/mesh/harness.ts';
import { createKafka, plaintext, retryRetriable } from '../src/core/cluster/kafka-client.ts';
import { createSchemaRegistryClient } from '../src/core/cluster/schema-registry.ts';
import { mapConcurrently } from '../src/core/catalog/map-concurrently.ts';
import { openCache } from '../src/core/cache/open-cache.ts';
import { ProfileStore } from '../src/core/cluster/profiles.ts';
import { ProfileInput } from '../src/core/contract.ts';
import { SnapshotStore, type SyncReading } from '../src/core/catalog/snapshots.ts';
import { searchIndex } from '../src/core/catalog/search-index.ts';
import { ensureKafkaCli, timeKafkaTool } from './kafka-cli.ts';

export interface CatalogBenchSizes {
  topics: number;
  groups: number;
  subjects: number;
  versionsPerSubject: number;
  searchEntities: number;
  searches: number;
  withCli: boolean;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

function runChild(bootstrap: string, registryUrl: string): Promise<{ fullStages: Record<string, number>; resyncStages: Record<string, number>; fullMs: number; resyncMs: number; topics: number; groups: number; subjects: number; versions: number; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(import.meta.dirname, 'sync-child.ts'), bootstrap, registryUrl], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`sync child failed: ${stderr.slice(-800)}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!));
    });
  });
}

export async function seedCluster(bootstrap: string, registryUrl: string, sizes: CatalogBenchSizes, log: (s: string) => void): Promise<void> {
  const admin = createKafka(plaintext(bootstrap), 'tributary-bench-seed').admin();
  await admin.connect();
  const names = Array.from({ length: sizes.topics }, (_, i) => `bench-d${i % 20}.entity-${i}.v1`);
  for (let i = 0; i < names.length; i += 500) {
    await retryRetriable(() => admin.createTopics({ waitForLeaders: false, topics: names.slice(i, i + 500).map((topic) => ({ topic, numPartitions: 1 })) }));
    log(`  created ${Math.min(i + 500, names.length)}/${names.length} topics`);
  }
  for (let tries = 0; (await admin.listTopics()).filter((n) => n.startsWith('bench-')).length < names.length && tries < 120; tries++) await new Promise((r) => setTimeout(r, 1000));
  await new Promise((r) => setTimeout(r, 3000)); // leaders settle
  await mapConcurrently(
    Array.from({ length: sizes.groups }, (_, i) => i),
    16,
    (i) => retryRetriable(() => admin.setOffsets({ groupId: `bench-app-${i}`, topic: names[i % names.length]!, partitions: [{ partition: 0, offset: '0' }] }), { attempts: 8 }),
    (done) => done % 500 === 0 && log(`  committed ${done}/${sizes.groups} groups`),
  );
  await admin.disconnect();
  if (!registryUrl) return;
  const registry = createSchemaRegistryClient({ url: registryUrl });
  await mapConcurrently(
    Array.from({ length: sizes.subjects }, (_, i) => i),
    8,
    async (i) => {
      for (let v = 1; v <= sizes.versionsPerSubject; v++) {
        const fields = Array.from({ length: v }, (_, f) => ({ name: `field_${f}`, type: ['null', 'string'], default: null, doc: `field ${f} of entity ${i}` }));
        await registry.register(`${names[i % names.length]}-value`, { schema: JSON.stringify({ type: 'record', name: `Entity${i}`, fields }) });
      }
    },
    (done) => done % 500 === 0 && log(`  registered ${done * sizes.versionsPerSubject}/${sizes.subjects * sizes.versionsPerSubject} schema versions`),
  );
}

export function searchBench(entities: number, searches: number): { p50: number; p95: number; entities: number } {
  const { db } = openCache(':memory:');
  const profile = new ProfileStore(db).save(ProfileInput.parse({ name: 'search', bootstrap: 'b:9092' }));
  const words = ['orders', 'payments', 'users', 'sessions', 'fills', 'prices', 'refunds', 'profiles', 'clicks', 'ledger', 'risk', 'fraud'];
  const topicCount = Math.floor(entities * 0.8);
  const reading: SyncReading = {
    clusterId: 'bench',
    controllerId: 1,
    brokers: [],
    topics: Array.from({ length: topicCount }, (_, i) => ({ name: `${words[i % 12]}.${words[(i * 7) % 12]}-${i}.v${i % 3}`, internal: false, replicationFactor: 1, configs: [], partitions: [] })),
    groups: Array.from({ length: entities - topicCount }, (_, i) => ({ groupId: `${words[i % 12]}-consumer-${i}`, protocolType: 'consumer', state: 'Stable', members: [], offsets: [] })),
    connectors: null,
    registry: null,
  };
  new SnapshotStore(db).write(profile.id, reading, new Date().toISOString(), 0);
  const times: number[] = [];
  for (let i = 0; i < searches; i++) {
    const q = `${words[i % 12]!.slice(0, 3 + (i % 4))} ${i % 5 === 0 ? words[(i * 5) % 12]!.slice(0, 4) : ''}`;
    const t = performance.now();
    searchIndex(db, q, { includeInternal: false, limit: 50 });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  db.close();
  return { p50: percentile(times, 50), p95: percentile(times, 95), entities };
}

/**
 * The heap Kafka's own kafka-server-start.sh gives a broker. The harness's 512 MB suits the small meshes tests
 * start side by side, but a broker holding 10,000 topics and 2,000 groups keeps ~350 MB live: at 512 MB its old
 * generation stayed full and DescribeConfigs of every topic spent ~4.4 of its ~6 s in full collections
 * (1.6 s at 1 GB).
 */
const BROKER_HEAP_MB = 1024;

const startBenchMesh = () => startMesh({ registry: 'optional', brokerHeapMb: BROKER_HEAP_MB });

export async function runCatalogBench(sizes: CatalogBenchSizes, log: (s: string) => void = () => {}): Promise<Array<Record<string, string | number>>> {
  const rows: Array<Record<string, string | number>> = [];
  const mesh = await startBenchMesh();
  rows.push({ measure: 'broker JVM heap', ms: '', detail: `${BROKER_HEAP_MB} MB (Kafka's default; the test harness gives 512 MB)` });
  try {
    let t = performance.now();
    await seedCluster(mesh.bootstrap, mesh.registryUrl, sizes, log);
    log(`  seeding took ${((performance.now() - t) / 1000).toFixed(1)} s (excluded)`);
    const sync = await runChild(mesh.bootstrap, mesh.registryUrl);
    rows.push({ measure: 'Tributary full sync', ms: Math.round(sync.fullMs), detail: `${sync.topics} topics, ${sync.groups} groups, ${sync.subjects} subjects / ${sync.versions} versions${mesh.registryUrl ? '' : ' (no registry)'}` });
    rows.push({ measure: 'Tributary re-sync, nothing changed', ms: Math.round(sync.resyncMs), detail: `${(sync.resyncMs / sync.fullMs).toFixed(2)}× full (target ≤ 0.2×)` });
    rows.push({ measure: 'sync process peak RSS', ms: '', detail: `${sync.peakRssMb.toFixed(0)} MB` });
    rows.push({ measure: 'full sync by stage (ms)', ms: '', detail: JSON.stringify(sync.fullStages) });
    rows.push({ measure: 're-sync by stage (ms)', ms: '', detail: JSON.stringify(sync.resyncStages) });
    if (sizes.withCli) {
      const cli = await ensureKafkaCli();
      t = performance.now();
      const topicsMs = await timeKafkaTool(cli, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', mesh.bootstrap, '--describe']);
      const groupsMs = await timeKafkaTool(cli, 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', mesh.bootstrap, '--describe', '--all-groups']);
      const cliMs = topicsMs + groupsMs;
      rows.push({ measure: 'Kafka CLI: kafka-topics --describe + kafka-consumer-groups --describe --all-groups', ms: Math.round(cliMs), detail: `${Math.round(topicsMs)} + ${Math.round(groupsMs)} ms` });
      rows.push({ measure: 'full sync ÷ CLI', ms: '', detail: `${(sync.fullMs / cliMs).toFixed(2)}× (target ≤ 1.5× and ≤ 10 s)` });
    }
  } finally {
    await mesh.stop();
  }
  const search = searchBench(sizes.searchEntities, sizes.searches);
  rows.push({ measure: `FTS search over ${search.entities.toLocaleString('en')} entities, p50`, ms: search.p50.toFixed(2), detail: '' });
  rows.push({ measure: `FTS search p95`, ms: search.p95.toFixed(2), detail: 'target ≤ 10 ms' });
  return rows;
}
