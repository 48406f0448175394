// The message browser's benchmark: N Avro records (registry wire format) on a real local broker, read from the
// beginning through the engine exactly as the page does (messages.browse: fetch, decode via the registry,
// batch into progress events), against kcat reading the same topic; and the time to open a 1 MB Avro record.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { startMesh } from '../scripts/mesh/harness.ts';
import { kcatAvailable, timeKcat } from './kcat.ts';
import { createBrowseTopics, type ThroughputRow } from './bench-kit.ts';
import { createKafka, plaintext } from '../src/core/cluster/kafka-client.ts';
import { createEngine } from '../src/core/engine.ts';
import { createInProcessApi } from '../src/core/in-process-api.ts';

const schema = {
  type: 'record',
  name: 'Trade',
  namespace: 'bench.messages',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'symbol', type: 'string' },
    { name: 'price', type: 'double' },
    { name: 'quantity', type: 'int' },
    { name: 'side', type: { type: 'enum', name: 'Side', symbols: ['BUY', 'SELL'] } },
    { name: 'account', type: ['null', 'string'], default: null },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

export async function runMessagesBench(smoke: boolean, log: (line: string) => void = console.log): Promise<ThroughputRow[]> {
  const records = smoke ? 2_000 : 1_000_000;
  const mesh = await startMesh({ registry: 'required' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-messages-'));
  const topic = `bench-messages-${Date.now().toString(36)}`;
  const bigTopic = `${topic}.big`;
  const rows: ThroughputRow[] = [];
  try {
    const kafka = createKafka(plaintext(mesh.bootstrap), 'tributary-bench-seed');
    await createBrowseTopics(kafka, topic, bigTopic);

    const registry = new SchemaRegistry({ host: mesh.registryUrl });
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject: `${topic}-value` });
    await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject: `${bigTopic}-value` });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const symbols = ['ACME', 'INIT', 'GLOBX', 'UMBR', 'WAYNE', 'STARK'];
    const seedBegan = performance.now();
    for (let start = 0; start < records; start += 5_000) {
      const batch = [];
      for (let i = start; i < Math.min(records, start + 5_000); i++) {
        const value = await registry.encode(id, { id: i, symbol: symbols[i % symbols.length], price: 100 + (i % 1000) / 7, quantity: i % 500, side: i % 2 ? 'BUY' : 'SELL', account: i % 3 ? `acct-${i % 977}` : null, note: null });
        batch.push({ key: `trade-${i}`, value });
      }
      await producer.send({ topic, messages: batch });
      if ((start / 5_000) % 40 === 39) log(`  produced ${(start + 5_000).toLocaleString('en-US')}/${records.toLocaleString('en-US')} Avro records`);
    }
    const big = await registry.encode(id, { id: -1, symbol: 'BIG', price: 0, quantity: 0, side: 'BUY', account: null, note: 'z'.repeat(1024 * 1024) });
    await producer.send({ topic: bigTopic, messages: [{ key: 'big', value: big }] });
    await producer.disconnect();
    log(`  seeded ${records.toLocaleString('en-US')} records in ${Math.round(performance.now() - seedBegan)} ms`);

    const engine = createEngine({ dataDir, host: 'web', version: 'bench' });
    const api = createInProcessApi(engine.handlers);
    try {
      const profileId = (await api['profiles.save']({ name: 'bench', bootstrap: mesh.bootstrap, registryUrl: mesh.registryUrl })).id;
      let streamed = 0;
      let events = 0;
      const rssBefore = process.memoryUsage().rss;
      let peakRss = rssBefore;
      const began = performance.now();
      const end = await api['messages.browse'](
        { profileId, browseId: 'bench', topic, start: { from: 'beginning' }, limit: 1_000_000, decode: 'auto' },
        {
          onProgress: (p) => {
            streamed += p.messages.length;
            events++;
            if (events % 20 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
          },
        },
      );
      const ms = performance.now() - began;
      rows.push({
        measure: 'Tributary browse (fetch + Avro decode + batches)',
        records: streamed,
        ms: Math.round(ms),
        'records/s': Math.round(streamed / (ms / 1000)),
        detail: `${end.ended}, ${events} progress events, RSS +${Math.round((peakRss - rssBefore) / 1024 / 1024)} MB`,
      });

      const filtered = performance.now();
      const f = await api['messages.browse']({ profileId, browseId: 'bench-filter', topic, start: { from: 'beginning' }, limit: 1_000_000, filter: { fieldPath: 'symbol', fieldEquals: 'WAYNE' } });
      const fms = performance.now() - filtered;
      rows.push({ measure: 'Tributary browse, field filter symbol = WAYNE', records: f.scanned, ms: Math.round(fms), 'records/s': Math.round(f.scanned / (fms / 1000)), detail: `${f.matched.toLocaleString('en-US')} matched` });

      if (kcatAvailable()) {
        const k = await timeKcat(mesh.bootstrap, topic);
        // Debian's kcat has no Avro (libserdes) support, so it prints the raw bytes: a floor, not a like-for-like decode.
        rows.push({ measure: 'kcat -C -e -o beginning (no Avro decode)', records: k.lines, ms: Math.round(k.ms), 'records/s': Math.round(k.lines / (k.ms / 1000)), detail: 'same topic, same run' });
      } else {
        log('kcat not installed — apt-get install kcat');
      }

      const openBegan = performance.now();
      const opened = await api['messages.get']({ profileId, topic: bigTopic, partition: 0, offset: '0' });
      const openMs = performance.now() - openBegan;
      rows.push({ measure: 'open a 1 MB Avro record (messages.get)', records: 1, ms: Math.round(openMs), 'records/s': 0, detail: `${opened.value!.size.toLocaleString('en-US')} bytes, text ${opened.value!.text.length.toLocaleString('en-US')} chars` });
      const previewBegan = performance.now();
      await api['messages.browse']({ profileId, browseId: 'bench-big', topic: bigTopic, start: { from: 'beginning' }, limit: 1 });
      rows.push({ measure: 'browse to the 1 MB record (64 KB preview)', records: 1, ms: Math.round(performance.now() - previewBegan), 'records/s': 0, detail: 'connect, fetch, decode, send preview' });
    } finally {
      engine.close();
    }
  } finally {
    await mesh.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
