// Creates the demo mesh on a cluster, idempotently: topics with their configs, schemas under
// <topic>-value (and shared ones under their own subject), and the Connect sink. Running it again changes
// nothing that exists; it only adds what is missing.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { createSchemaRegistryClient } from '../../src/core/cluster/schema-registry.ts';
import type { MeshEndpoints } from './harness.ts';
import { loadDemoMesh, valueSubject, type DemoMesh } from './demo-spec.ts';

export interface SeedResult {
  topicsCreated: string[];
  topicsExisting: string[];
  /** Registry id per subject registered (or already registered). */
  schemaIds: Record<string, number>;
  connectors: string[];
  /** Why no schema was registered, when there is no registry. */
  registrySkipped?: string;
}

export interface SeedOptions {
  /** Where the file sink writes; `${dataDir}` in connector configs is replaced with it. */
  dataDir: string;
  log?: (line: string) => void;
  mesh?: DemoMesh;
}

export async function seedDemo(endpoints: MeshEndpoints, opts: SeedOptions): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const mesh = opts.mesh ?? loadDemoMesh();
  const result: SeedResult = { topicsCreated: [], topicsExisting: [], schemaIds: {}, connectors: [] };

  const kafka = new Kafka({ clientId: 'tributary-demo-seed', brokers: [endpoints.bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = mesh.topics.filter((t) => !existing.has(t.name));
    result.topicsExisting = mesh.topics.filter((t) => existing.has(t.name)).map((t) => t.name);
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: 1,
          configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })),
        })),
      });
      result.topicsCreated = missing.map((t) => t.name);
    }
    log(`demo topics: ${result.topicsCreated.length} created, ${result.topicsExisting.length} already there`);
  } finally {
    await admin.disconnect();
  }

  if (endpoints.registryUrl) {
    const registry = createSchemaRegistryClient({ url: endpoints.registryUrl });
    // Shared schemas first: topic schemas reference them.
    for (const s of mesh.sharedSchemas) {
      result.schemaIds[s.subject] = (await registry.register(s.subject, { schema: s.text!, schemaType: s.format, references: s.references })).id;
    }
    for (const t of mesh.topics) {
      if (!t.value.text) continue;
      const subject = valueSubject(t.name);
      result.schemaIds[subject] = (await registry.register(subject, { schema: t.value.text, schemaType: t.value.format, references: t.value.references })).id;
    }
    log(`demo schemas: ${Object.keys(result.schemaIds).length} subjects registered at ${endpoints.registryUrl}`);
  } else {
    result.registrySkipped = endpoints.registryUnavailable ?? 'no schema registry URL';
    log('demo schemas: skipped, no schema registry — topics with a schema get plain JSON records instead');
  }

  mkdirSync(opts.dataDir, { recursive: true });
  for (const c of mesh.connectors) {
    const config = Object.fromEntries(Object.entries(c.config).map(([k, v]) => [k, v.replaceAll('${dataDir}', opts.dataDir)]));
    // PUT …/config creates the connector or updates it in place: the idempotent way in.
    const res = await fetch(`${endpoints.connectUrl}/connectors/${encodeURIComponent(c.name)}/config`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(config),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`Kafka Connect at ${endpoints.connectUrl} refused connector '${c.name}' (${res.status}): ${(await res.text()).slice(0, 300)}`);
    result.connectors.push(c.name);
  }
  if (result.connectors.length) log(`demo connectors: ${result.connectors.join(', ')}`);
  return result;
}

// `node scripts/mesh/seed-demo.ts` seeds the services KAFKA_BOOTSTRAP, CONNECT_URL and SCHEMA_REGISTRY_URL name.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { KAFKA_BOOTSTRAP, CONNECT_URL, SCHEMA_REGISTRY_URL } = process.env;
  if (!KAFKA_BOOTSTRAP || !CONNECT_URL) {
    console.error('set KAFKA_BOOTSTRAP and CONNECT_URL (and SCHEMA_REGISTRY_URL for schemas) to the cluster to seed, or run `npm run local-mesh` to start and seed a local one');
    process.exit(2);
  }
  try {
    const r = await seedDemo(
      { bootstrap: KAFKA_BOOTSTRAP, connectUrl: CONNECT_URL.replace(/\/+$/, ''), registryUrl: (SCHEMA_REGISTRY_URL ?? '').replace(/\/+$/, '') },
      { dataDir: process.env.TRIBUTARY_DEMO_DATA_DIR ?? process.cwd(), log: (l) => console.log(l) },
    );
    console.log(JSON.stringify(r, null, 2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
