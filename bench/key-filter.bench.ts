// A key search over a big Avro topic: N small records (registry wire format, string keys) on a real local
// broker, searched with messages.browse and a key filter exactly as the Messages page sends it, against the
// shell way, `kcat -C -e -o beginning -f '%k\n' | grep -c needle`, on the same topic in the same run.
// N is BENCH_KEY_FILTER_RECORDS (default 10,000,000; the smoke run takes 5,000). Target: ≥ 1.0× kcat | grep.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { startMesh } from '../scripts/mesh/harness.ts';
import { kcatAvailable } from './kcat.ts';
import type { ThroughputRow } from './bench-kit.ts';
import { createKafka, plaintext } from '../src/core/cluster/kafka-client.ts';
import { createEngine } from '../src/core/engine.ts';
import { createInProcessApi } from '../src/core/in-process-api.ts';

const PARTITIONS = 6;
const SYMBOLS = ['ACME', 'INIT', 'GLOBX', 'UMBR', 'WAYNE', 'STARK'];
export const tradeSchema = {
  type: 'record',
  name: 'KeyedTrade',
  namespace: 'bench.keyfilter',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'symbol', type: 'string' },
    { name: 'price', type: 'double' },
    { name: 'quantity', type: 'int' },
  ],
};

/** Avro's zig-zag varint for an int or a long that fits a double exactly. */
function writeVarint(out: number[], n: number): void {
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  while (z >= 0x80) {
    out.push((z % 0x80) | 0x80);
    z = Math.floor(z / 0x80);
  }
  out.push(z);
}

/**
 * One record in Confluent wire format (magic 0, schema id, Avro body), written by hand: the registry client's
 * encode is async per record and would make seeding 10M records take minutes. Checked against it below.
 */
export function encodeTrade(schemaId: number, i: number): Buffer {
  const body: number[] = [0, (schemaId >>> 24) & 0xff, (schemaId >>> 16) & 0xff, (schemaId >>> 8) & 0xff, schemaId & 0xff];
  writeVarint(body, i);
  const symbol = SYMBOLS[i % SYMBOLS.length]!;
  writeVarint(body, symbol.length);
  for (let c = 0; c < symbol.length; c++) body.push(symbol.charCodeAt(c));
  const price = Buffer.alloc(8);
  price.writeDoubleLE(100 + (i % 1000) / 8);
  body.push(...price);
  writeVarint(body, i % 500);
  return Buffer.from(body);
}

const keyOf = (i: number) => `trade-${i}`;

/** `kcat … -f '%k\n' | grep -c needle`: the pipeline's wall time and grep's count. */
function timeKcatGrep(bootstrap: string, topic: string, needle: string): Promise<{ ms: number; matched: number }> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn('sh', ['-c', `kcat -b "$0" -C -e -o beginning -q -t "$1" -f '%k\\n' | grep -c -- "$2"`, bootstrap, topic, needle], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    // grep exits 1 when nothing matched; that is still a count.
    child.on('close', (code) => (code === 0 || code === 1 ? resolve({ ms: performance.now() - began, matched: Number(out.trim()) }) : reject(new Error(`kcat | grep exited ${code}: ${err.slice(-400)}`))));
  });
}

async function seed(bootstrap: string, topic: string, schemaId: number, records: number, log: (line: string) => void): Promise<number> {
  const producer = createKafka(plaintext(bootstrap), 'tributary-bench-seed').producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const began = performance.now();
  const perSend = 20_000;
  const inFlight = 4;
  try {
    for (let start = 0; start < records; start += perSend * inFlight) {
      const sends: Array<Promise<unknown>> = [];
      for (let s = start; s < Math.min(records, start + perSend * inFlight); s += perSend) {
        const messages = [];
        // Partitions chosen here, not by hashing each key: seeding is not what is measured.
        for (let i = s; i < Math.min(records, s + perSend); i++) messages.push({ key: keyOf(i), value: encodeTrade(schemaId, i), partition: i % PARTITIONS });
        sends.push(producer.send({ topic, acks: 1, messages }));
      }
      await Promise.all(sends);
      if (records >= 1_000_000 && (start / (perSend * inFlight)) % 25 === 24) log(`  produced ${Math.min(records, start + perSend * inFlight).toLocaleString('en-US')}/${records.toLocaleString('en-US')}`);
    }
  } finally {
    await producer.disconnect();
  }
  return performance.now() - began;
}

export async function runKeyFilterBench(smoke: boolean, log: (line: string) => void = console.log): Promise<ThroughputRow[]> {
  const records = smoke ? 5_000 : Number(process.env.BENCH_KEY_FILTER_RECORDS ?? 10_000_000);
  // Matches trade-4321, trade-43210…43219, trade-432100… : a handful of records spread over the topic.
  const needle = smoke ? 'trade-432' : 'trade-4321';
  // The harness deletes a data dir it made itself: 10M records are about a gigabyte.
  const mesh = await startMesh({ registry: 'required' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-keyfilter-'));
  const topic = `bench-keyfilter-${Date.now().toString(36)}`;
  const rows: ThroughputRow[] = [];
  try {
    const admin = createKafka(plaintext(mesh.bootstrap), 'tributary-bench-seed').admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS }] });
    await admin.disconnect();
    const registry = new SchemaRegistry({ host: mesh.registryUrl });
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(tradeSchema) }, { subject: `${topic}-value` });
    const check = await registry.decode(encodeTrade(id, 1234567));
    if (JSON.stringify(check) !== JSON.stringify({ id: 1234567, symbol: SYMBOLS[1234567 % SYMBOLS.length], price: 100 + 567 / 8, quantity: 1234567 % 500 })) {
      throw new Error(`the hand-written Avro encoding does not round-trip through the registry client: ${JSON.stringify(check)}`);
    }
    const seedMs = await seed(mesh.bootstrap, topic, id, records, log);
    log(`  seeded ${records.toLocaleString('en-US')} Avro records on ${PARTITIONS} partitions in ${Math.round(seedMs)} ms`);

    const engine = createEngine({ dataDir, host: 'web', version: 'bench' });
    const api = createInProcessApi(engine.handlers);
    try {
      const profileId = (await api['profiles.save']({ name: 'bench', bootstrap: mesh.bootstrap, registryUrl: mesh.registryUrl })).id;
      let streamed = 0;
      const began = performance.now();
      // As the page sends it: from the beginning, the row cap at its maximum, the key text as typed.
      const end = await api['messages.browse'](
        { profileId, browseId: 'bench-key', topic, start: { from: 'beginning' }, limit: 1_000_000, decode: 'auto', filter: { keyContains: needle } },
        { onProgress: (p) => (streamed += p.messages.length) },
      );
      const ms = performance.now() - began;
      rows.push({
        measure: 'Tributary messages.browse, key filter',
        records: end.scanned,
        ms: Math.round(ms),
        'records/s': Math.round(end.scanned / (ms / 1000)),
        detail: `"${needle}": ${end.matched.toLocaleString('en-US')} matched (${streamed.toLocaleString('en-US')} sent), ${end.ended}`,
      });
      if (kcatAvailable()) {
        const k = await timeKcatGrep(mesh.bootstrap, topic, needle);
        rows.push({ measure: "kcat -C -e -o beginning -f '%k\\n' | grep -c", records, ms: Math.round(k.ms), 'records/s': Math.round(records / (k.ms / 1000)), detail: `${k.matched.toLocaleString('en-US')} matched, same topic, same run` });
        rows.push({ measure: 'Tributary vs kcat | grep', records, ms: 0, 'records/s': 0, detail: `${(k.ms / ms).toFixed(2)}× kcat's speed (target ≥ 1.0×)${k.matched === end.matched ? '' : ` — the counts differ (${end.matched} vs ${k.matched})`}` });
      } else {
        log('kcat not installed — apt-get install kcat');
      }
    } finally {
      engine.close();
    }
  } finally {
    await mesh.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
