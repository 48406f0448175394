// The mesh registry fold: N product descriptors on `_tributary.products` and M events on `_tributary.events`
// of a real local broker, folded from offset 0 into a fresh cache the way a desktop does on connect (the first
// products.list waits for the fold to reach the end of the log). The peer is kcat reading the same two topics
// raw in the same run — the floor for getting the bytes off the broker, with no parsing or storing.
// Target: 50k products + 200k events in ≤ 3 s. Opening a 1 MB Avro record is in bench/messages.bench.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBroker } from '../scripts/mesh/harness.ts';
import { kcatAvailable, timeKcat as timeKcatOne } from './kcat.ts';
import { createKafka, plaintext, retryRetriable } from '../src/core/cluster/kafka-client.ts';
import { createEngine } from '../src/core/engine.ts';
import { createInProcessApi } from '../src/core/in-process-api.ts';
import { ProductInput } from '../src/core/products/descriptor.ts';
import { newEvent, type KnownEventType } from '../src/core/products/events.ts';
import { DEFAULT_REGISTRY_TOPICS } from '../src/core/products/fold.ts';
import { registryTopicConfigs } from '../src/core/products/registry-topics.ts';

interface Row {
  measure: string;
  records: number;
  ms: number;
  'records/s': number;
  detail: string;
}

const domains = ['trading', 'payments', 'risk', 'customer', 'logistics', 'marketing'];
const tiers = ['gold', 'silver', 'bronze'] as const;
const eventTypes: KnownEventType[] = ['updated', 'schema-changed', 'access-requested', 'access-granted', 'access-denied'];

function descriptor(i: number) {
  const domain = domains[i % domains.length]!;
  const id = `${domain}.product-${i}`;
  const at = new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString();
  return {
    ...ProductInput.parse({
      id,
      name: `Product ${i}`,
      domain,
      owner: { team: `${domain} team ${i % 40}`, email: `${domain}-${i % 40}@bench.example` },
      description: `Every ${domain} record of stream ${i}, for reporting and replay.`,
      tags: [domain, `tag-${i % 50}`],
      tier: tiers[i % 3],
      outputPorts: [{ topic: `${id}.v1`, key: 'id', schemaSubject: `${id}.v1-value`, format: 'AVRO' }],
      classification: { piiFields: i % 4 === 0 ? ['customer.email'] : [], dataRegion: 'eu' },
    }),
    status: 'published' as const,
    createdAt: at,
    updatedAt: at,
    updatedBy: 'bench@desk',
    revision: 1,
  };
}

/** kcat -C takes one topic (several need a balanced group), so each topic is read in turn. */
async function timeKcat(bootstrap: string, topics: string[]): Promise<{ ms: number; lines: number }> {
  let ms = 0;
  let lines = 0;
  for (const topic of topics) {
    const one = await timeKcatOne(bootstrap, topic, '%t %p %o %S\n');
    ms += one.ms;
    lines += one.lines;
  }
  return { ms, lines };
}

export async function runProductsBench(smoke: boolean, log: (line: string) => void = console.log): Promise<Row[]> {
  const productCount = smoke ? 500 : 50_000;
  const eventCount = smoke ? 2_000 : 200_000;
  const broker = await startBroker({ log });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-products-'));
  const topics = DEFAULT_REGISTRY_TOPICS;
  const rows: Row[] = [];
  try {
    const kafka = createKafka(plaintext(broker.bootstrap), 'tributary-bench-seed');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: registryTopicConfigs(topics).map((s) => ({ topic: s.topic, numPartitions: 1, configEntries: Object.entries(s.configs).map(([name, value]) => ({ name, value })) })),
    });
    await admin.disconnect();

    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const seedBegan = performance.now();
    let bytes = 0;
    for (let start = 0; start < productCount; start += 500) {
      const messages: Array<{ key: string; value: string }> = [];
      for (let i = start; i < Math.min(productCount, start + 500); i++) {
        const d = descriptor(i);
        const value = JSON.stringify(d);
        bytes += value.length;
        messages.push({ key: d.id, value });
      }
      await retryRetriable(() => producer.send({ topic: topics.products, acks: -1, messages }));
    }
    for (let start = 0; start < eventCount; start += 2_000) {
      const messages: Array<{ key: string; value: string }> = [];
      for (let i = start; i < Math.min(eventCount, start + 2_000); i++) {
        const productId = `${domains[(i * 7) % productCount % domains.length]}.product-${(i * 7) % productCount}`;
        const type = i < productCount ? 'published' : eventTypes[i % eventTypes.length]!;
        const details = type.startsWith('access-') ? { requestId: `req-${Math.floor(i / 3)}`, principal: `User:app-${i % 300}`, purpose: 'reporting', expectedThroughput: '' } : { version: '1.0.0' };
        const value = JSON.stringify(newEvent(type, productId, 'bench@desk', details, type === 'access-denied' ? 'not this quarter' : undefined));
        bytes += value.length;
        messages.push({ key: productId, value });
      }
      await retryRetriable(() => producer.send({ topic: topics.events, acks: -1, messages }));
    }
    await producer.disconnect();
    log(`  seeded ${productCount.toLocaleString('en-US')} products + ${eventCount.toLocaleString('en-US')} events (${Math.round(bytes / 1024 / 1024)} MB) in ${Math.round(performance.now() - seedBegan)} ms`);

    const engine = createEngine({ dataDir, host: 'web', version: 'bench' });
    const api = createInProcessApi(engine.handlers);
    try {
      const profileId = (await api['profiles.save']({ name: 'bench', bootstrap: broker.bootstrap })).id;
      const began = performance.now();
      const listed = await api['products.list']({ profileId, q: '' });
      const ms = performance.now() - began;
      const total = productCount + eventCount;
      rows.push({
        measure: 'registry fold from offset 0 (first products.list)',
        records: total,
        ms: Math.round(ms),
        'records/s': Math.round(total / (ms / 1000)),
        detail: `${listed.products.length.toLocaleString('en-US')} products listed, registry ${listed.registry.state}, ${listed.warningCount} warnings; target ≤ 3,000 ms`,
      });
      // The same call again, on the folded cache: how much of the first one was listing 50k products.
      const againBegan = performance.now();
      const again = await api['products.list']({ profileId, q: '' });
      rows.push({ measure: 'products.list again (the fold done: listing alone)', records: again.products.length, ms: Math.round(performance.now() - againBegan), 'records/s': 0, detail: 'summaries from the cache' });
      const searchBegan = performance.now();
      const hits = await api['catalog.search']({ q: 'payments reporting', limit: 50 });
      rows.push({ measure: 'Discover search over the folded products', records: hits.hits.length, ms: Math.round(performance.now() - searchBegan), 'records/s': 0, detail: `"payments reporting", ${(hits.kindCounts.product ?? 0).toLocaleString('en-US')} product hits` });
      const requestsBegan = performance.now();
      const requests = await api['access.list']({ profileId });
      rows.push({ measure: 'access.list (every folded request)', records: requests.requests.length, ms: Math.round(performance.now() - requestsBegan), 'records/s': 0, detail: 'from the cache' });
    } finally {
      engine.close();
    }

    if (kcatAvailable()) {
      const k = await timeKcat(broker.bootstrap, [topics.products, topics.events]);
      rows.push({ measure: 'kcat -C -e -o beginning, each topic (raw, no parse)', records: k.lines, ms: Math.round(k.ms), 'records/s': Math.round(k.lines / (k.ms / 1000)), detail: 'same topics, same run' });
    } else {
      log('kcat not installed — apt-get install kcat');
    }
  } finally {
    await broker.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
