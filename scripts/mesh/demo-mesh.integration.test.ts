// The demo mesh seeds idempotently and its traffic gives groups committed offsets and the sink a file.
// Demo topics have fixed names by design; seeding is idempotent, so sharing the run's mesh is harmless.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { loadDemoMesh } from './demo-spec.ts';
import { startDemoTraffic } from './demo-traffic.ts';
import { seedDemo } from './seed-demo.ts';

const mesh = inject('mesh');
const spec = loadDemoMesh();
const dataDir = mkdtempSync(join(tmpdir(), 'tributary-demo-it-'));
const kafka = new Kafka({ clientId: 'tributary-demo-test', brokers: [mesh.bootstrap], logLevel: logLevel.NOTHING });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the demo mesh', () => {
  it('describes four domains and about fifteen topics, each in a known domain', () => {
    expect(spec.domains.map((d) => d.id).sort()).toEqual(['payments', 'trading', 'users', 'web']);
    expect(spec.topics.length).toBeGreaterThanOrEqual(12);
    const domains = new Set(spec.domains.map((d) => d.id));
    for (const t of spec.topics) expect(domains.has(t.domain), t.name).toBe(true);
    expect(spec.topics.some((t) => t.value.format === 'JSON' && t.value.text)).toBe(true);
  });

  it('seeds topics with their configs, and a second seeding adds nothing', async () => {
    const first = await seedDemo(mesh, { dataDir, mesh: spec });
    expect(first.topicsCreated.length + first.topicsExisting.length).toBe(spec.topics.length);
    const again = await seedDemo(mesh, { dataDir, mesh: spec });
    expect(again.topicsCreated).toEqual([]);
    expect(again.connectors).toEqual(['payments-audit-sink']);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: 'users.profiles.v1', configNames: ['cleanup.policy'] },
          { type: ConfigResourceTypes.TOPIC, name: 'payments.transactions.v1', configNames: ['retention.ms'] },
        ],
      });
      expect(described.resources[0]!.configEntries[0]!.configValue).toBe('compact');
      expect(described.resources[1]!.configEntries[0]!.configValue).toBe('-1');
    } finally {
      await admin.disconnect();
    }
  });

  it('keeps traffic flowing: groups commit offsets, apps derive records, the sink writes its file', async () => {
    const seed = await seedDemo(mesh, { dataDir, mesh: spec });
    const traffic = await startDemoTraffic(mesh, { mesh: spec, schemaIds: seed.schemaIds, rateFactor: 20, tickMs: 250 });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const deadline = Date.now() + 45_000;
      let committed = 0;
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 2_000));
        const offsets = await admin.fetchOffsets({ groupId: 'fraud-detector', topics: ['payments.transactions.v1'] });
        committed = offsets[0]!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
        if (committed > 0 && (traffic.produced['payments.fraud-scores.v1'] ?? 0) > 0) break;
      }
      expect(committed).toBeGreaterThan(0);
      expect(traffic.produced['payments.fraud-scores.v1']).toBeGreaterThan(0);
      const { groups } = await admin.listGroups();
      expect(groups.map((g) => g.groupId)).toEqual(expect.arrayContaining(['risk-engine', 'fraud-detector', 'web-sessionizer']));

      const status = (await (await fetch(`${mesh.connectUrl}/connectors/payments-audit-sink/status`)).json()) as { connector: { state: string } };
      expect(status.connector.state).toBe('RUNNING');
      // The sink flushes on its own schedule; give it a few seconds.
      let lines = 0;
      for (let i = 0; i < 20 && lines === 0; i++) {
        await new Promise((r) => setTimeout(r, 1_000));
        try {
          lines = readFileSync(join(dataDir, 'payments-audit.jsonl'), 'utf8').split('\n').filter(Boolean).length;
        } catch {
          lines = 0;
        }
      }
      expect(lines).toBeGreaterThan(0);
    } finally {
      await admin.disconnect();
      await traffic.stop();
    }
  });
});
