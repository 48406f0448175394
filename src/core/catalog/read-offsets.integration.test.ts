// Reading offsets of a topic list that went stale: a topic deleted after it was listed is reported as
// unknown instead of failing the whole read (and with it the sync), on the real mesh.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka, plaintext, retryRetriable } from '../cluster/kafka-client.ts';
import { readOffsets } from './read-offsets.ts';

const mesh = inject('mesh');
const prefix = `it-offsets-${Date.now().toString(36)}`;
const [kept, gone] = [`${prefix}.kept`, `${prefix}.gone`];
const admin = createKafka(plaintext(mesh.bootstrap)).admin();

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [kept, gone].map((topic) => ({ topic, numPartitions: 2 })) });
  const producer = createKafka(plaintext(mesh.bootstrap)).producer();
  await producer.connect();
  await retryRetriable(() => producer.send({ topic: kept, messages: [{ key: 'a', value: '1', partition: 0 }, { key: 'b', value: '2', partition: 0 }] }));
  await producer.disconnect();
  await admin.deleteTopics({ topics: [gone] });
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [kept] }).catch(() => undefined);
  await admin.disconnect();
});

describe('reading offsets', () => {
  it('leaves out a topic deleted since it was listed and names it, reading the others', async () => {
    const unknown = new Set<string>();
    const offsets = await readOffsets(plaintext(mesh.bootstrap), [kept, gone].map((name) => ({ name, partitions: [0, 1] })), () => undefined, new AbortController().signal, unknown, () => admin.listTopics());
    expect([...unknown]).toEqual([gone]);
    expect(offsets.get(kept)?.get(0)).toEqual({ earliest: '0', latest: '2' });
    expect(offsets.has(gone)).toBe(false);
  });
});
