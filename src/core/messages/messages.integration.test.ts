// The message browser against the real local broker and schema registry: Avro through the registry, plain
// JSON, a record that cannot be decoded and a 1.5 MB record, browsed from every kind of start position, with
// filters, a limit, a live tail that is stopped, and no consumer group left behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import type { Api, In, MessageRecord, MessagesProgress } from '../contract.ts';
import { createInProcessApi } from '../in-process-api.ts';

const mesh = inject('mesh');
const prefix = `it-msg-${Date.now().toString(36)}`;
const topic = `${prefix}.orders`;
const T0 = Date.UTC(2024, 0, 1);
const BIG = 1_500_000;
let engine: Engine;
let dataDir: string;
let api: Api;
let profileId: string;
let groupsBefore: string[];

const schema = {
  type: 'record',
  name: 'Order',
  namespace: 'it.messages',
  fields: [
    { name: 'id', type: 'int' },
    { name: 'customer', type: { type: 'record', name: 'Customer', fields: [{ name: 'name', type: 'string' }, { name: 'tier', type: 'string' }] } },
    { name: 'amount', type: 'double' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

async function browse(input: Omit<In<'messages.browse'>, 'profileId' | 'topic' | 'browseId'> & { browseId?: string }, onEvent?: (p: MessagesProgress) => void) {
  const events: MessagesProgress[] = [];
  const end = await api['messages.browse'](
    { profileId, topic, browseId: input.browseId ?? `b${Math.random().toString(36).slice(2, 10)}`, ...input },
    { onProgress: (p) => (events.push(p), onEvent?.(p)) },
  );
  const messages: MessageRecord[] = events.flatMap((e) => e.messages);
  return { end, events, messages };
}

const registryTest = mesh.registryUrl ? it : it.skip;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-messages-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  profileId = (await api['profiles.save']({ name: 'local', bootstrap: mesh.bootstrap, registryUrl: mesh.registryUrl, label: '', color: '#4f8cff' })).id;
  const kafka = createKafka(plaintext(mesh.bootstrap));
  const admin = kafka.admin();
  await admin.connect();
  groupsBefore = (await admin.listGroups()).groups.map((g) => g.groupId);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2, configEntries: [{ name: 'max.message.bytes', value: String(4 * 1024 * 1024) }] }] });
  await admin.disconnect();

  const producer = kafka.producer();
  await producer.connect();
  const messages: Array<{ partition: number; key: string; value: Buffer | string; timestamp: string; headers?: Record<string, Buffer | string> }> = [];
  if (mesh.registryUrl) {
    const registry = new SchemaRegistry({ host: mesh.registryUrl });
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject: `${topic}-value` });
    for (let i = 0; i < 20; i++) {
      const value = await registry.encode(id, { id: i, customer: { name: `c${i % 3}`, tier: i % 4 === 0 ? 'gold' : 'silver' }, amount: i * 1.5, note: null });
      messages.push({ partition: i % 2, key: `order-${i}`, value, timestamp: String(T0 + i * 1000), ...(i === 0 ? { headers: { trace: 'abc-123', bin: Buffer.from([0xff, 0xfe, 0x00]) } } : {}) });
    }
    const big = await registry.encode(id, { id: 999, customer: { name: 'big', tier: 'gold' }, amount: 0, note: 'x'.repeat(BIG) });
    messages.push({ partition: 0, key: 'big', value: big, timestamp: String(T0 + 30_000) });
  }
  messages.push({ partition: 0, key: 'json-1', value: JSON.stringify({ id: 100, customer: { name: 'jay', tier: 'gold' } }), timestamp: String(T0 + 31_000) });
  // Magic byte 0 and schema id 9999, which the registry does not hold.
  messages.push({ partition: 1, key: 'broken', value: Buffer.from([0, 0, 0, 0x27, 0x0f, 1, 2, 3]), timestamp: String(T0 + 32_000) });
  for (const m of messages) await producer.send({ topic, messages: [m] });
  await producer.disconnect();
});

afterAll(async () => {
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  engine.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the message browser on a real broker', () => {
  registryTest('reads every record from the beginning, decoding Avro through the registry, JSON, and showing the undecodable raw with the reason', async () => {
    const { end, messages, events } = await browse({ start: { from: 'beginning' }, limit: 1000 });
    expect(end).toMatchObject({ ended: 'exhausted', scanned: 23, matched: 23 });
    expect(messages).toHaveLength(23);
    expect(end.positions).toEqual([
      { partition: 0, next: '12', end: '12' },
      { partition: 1, next: '11', end: '11' },
    ]);
    expect(events.at(-1)).toMatchObject({ scanned: 23, matched: 23 });

    const first = messages.find((m) => m.key?.text === 'order-0')!;
    expect(first.value).toMatchObject({ format: 'avro', error: null, truncated: false });
    expect(first.value!.schemaId).toBeGreaterThan(0);
    expect(JSON.parse(first.value!.text)).toEqual({ id: 0, customer: { name: 'c0', tier: 'gold' }, amount: 0, note: null });
    expect(first.timestamp).toBe(T0);
    expect(first.headers).toEqual([
      { key: 'trace', value: 'abc-123', binary: false },
      { key: 'bin', value: 'fffe00', binary: true },
    ]);

    const json = messages.find((m) => m.key?.text === 'json-1')!;
    expect(json.value).toMatchObject({ format: 'json', error: null });

    const broken = messages.find((m) => m.key?.text === 'broken')!;
    expect(broken.value).toMatchObject({ format: 'hex', text: '000000270f010203', size: 8 });
    expect(broken.value!.error).toMatch(/schema id 9999/);
  });

  registryTest('sends a 1.5 MB record as a 64 KB preview and returns it whole from messages.get', async () => {
    const { messages } = await browse({ start: { from: 'beginning' }, limit: 1000, filter: { keyContains: 'big' } });
    expect(messages).toHaveLength(1);
    const preview = messages[0]!;
    expect(preview.value).toMatchObject({ format: 'avro', truncated: true });
    expect(preview.value!.text.length).toBe(64 * 1024);
    expect(preview.value!.size).toBeGreaterThan(BIG);

    const whole = await api['messages.get']({ profileId, topic, partition: preview.partition, offset: preview.offset });
    expect(whole.value!.truncated).toBe(false);
    expect(JSON.parse(whole.value!.text).note).toHaveLength(BIG);
  });

  registryTest('starts at the latest N, at an offset and at a time', async () => {
    const latest = await browse({ start: { latest: 4 }, limit: 1000 });
    expect(latest.messages.map((m) => `${m.partition}/${m.offset}`).sort()).toEqual(['0/10', '0/11', '1/10', '1/9']);

    const fromOffset = await browse({ start: { offset: '7', partition: 1 }, limit: 1000 });
    expect(fromOffset.messages.map((m) => `${m.partition}/${m.offset}`)).toEqual(['1/7', '1/8', '1/9', '1/10']);

    const fromTime = await browse({ start: { timestamp: T0 + 15_000 }, limit: 1000 });
    expect(fromTime.messages.map((m) => m.key?.text).sort()).toEqual(['big', 'broken', 'json-1', 'order-15', 'order-16', 'order-17', 'order-18', 'order-19']);
  });

  registryTest('filters in the engine by key text and by a field path, and stops at the limit', async () => {
    const byKey = await browse({ start: { from: 'beginning' }, limit: 1000, filter: { keyContains: 'ORDER-1' } });
    expect(byKey.end).toMatchObject({ scanned: 23, matched: 11 });
    expect(byKey.messages.map((m) => m.key?.text).sort()).toEqual(['order-1', ...Array.from({ length: 10 }, (_, i) => `order-1${i}`)].sort());

    const byField = await browse({ start: { from: 'beginning' }, limit: 1000, filter: { fieldPath: 'customer.tier', fieldEquals: 'gold' } });
    // order-0, 4, 8, 12, 16, the big one and the JSON one.
    expect(byField.messages.map((m) => m.key?.text).sort()).toEqual(['big', 'json-1', 'order-0', 'order-12', 'order-16', 'order-4', 'order-8']);

    const limited = await browse({ start: { from: 'beginning' }, limit: 5 });
    expect(limited.end).toMatchObject({ ended: 'limit', matched: 5 });
    expect(limited.messages).toHaveLength(5);
  });

  it('tails live records until stopped, and leaves no consumer group behind', async () => {
    const browseId = 'tail1';
    const streamed: string[] = [];
    let state = '';
    const running = browse({ browseId, start: { latest: 1 }, limit: 100, live: true }, (p) => {
      state = p.state;
      streamed.push(...p.messages.map((m) => m.value?.text ?? ''));
    });
    await expect.poll(() => state, { timeout: 10_000 }).toBe('tailing');
    const producer = createKafka(plaintext(mesh.bootstrap)).producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ partition: 1, key: 'live-1', value: 'hello while tailing' }] });
    await producer.disconnect();
    await expect.poll(() => streamed, { timeout: 10_000 }).toContain('hello while tailing');

    expect(await api['messages.pause']({ browseId, paused: true })).toEqual({ paused: true });
    await expect.poll(() => state, { timeout: 5_000 }).toBe('paused');
    expect((await api['messages.stop']({ browseId })).stopped).toBe(true);
    const { end } = await running;
    expect(end.ended).toBe('stopped');
    expect((await api['messages.stop']({ browseId })).stopped).toBe(false);

    const admin = createKafka(plaintext(mesh.bootstrap)).admin();
    await admin.connect();
    const groupsAfter = (await admin.listGroups()).groups.map((g) => g.groupId);
    await admin.disconnect();
    expect(groupsAfter.filter((g) => !groupsBefore.includes(g))).toEqual([]);
  });

  registryTest('exports a loaded range as JSON lines and CSV, whole values and the same filter', async () => {
    const ranges = [
      { partition: 0, first: '0', last: '11' },
      { partition: 1, first: '0', last: '10' },
    ];
    const jsonl = await api['messages.export']({ profileId, topic, ranges, filter: { fieldPath: 'customer.tier', fieldEquals: 'gold' }, format: 'jsonl' });
    // Once in CI this found nothing; if it happens again, the message shows how the range was decoded.
    const decoded = jsonl.count === 7 ? '' : (await api['messages.export']({ profileId, topic, ranges, format: 'jsonl' })).text.slice(0, 3000);
    expect(jsonl, decoded).toMatchObject({ count: 7, truncated: false, mimeType: 'application/x-ndjson' });
    const rows = jsonl.text.trim().split('\n').map((l) => JSON.parse(l) as { key: string; value: { note: string | null } });
    expect(rows.find((r) => r.key === 'big')!.value.note).toHaveLength(BIG);

    const csv = await api['messages.export']({ profileId, topic, ranges, filter: { keyContains: 'order-1' }, format: 'csv' });
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('partition,offset,timestamp,key,value,headers');
    expect(lines).toHaveLength(12);
  });

  it('names a topic that does not exist', async () => {
    await expect(api['messages.browse']({ profileId, browseId: 'nope', topic: `${prefix}.missing`, start: { from: 'beginning' } })).rejects.toMatchObject({ kind: 'NotFound' });
  });
});
