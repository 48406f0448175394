import { describe, expect, it } from 'vitest';
import { describeTopicConfigs, type DescribedConfigs } from './describe-configs.ts';

const configsOf = (topic: string): DescribedConfigs[number] => ({ resourceName: topic, configEntries: [{ configName: 'retention.ms', configValue: '1000', isSensitive: false, configSource: 5 }] });
const unknownTopic = () => Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });

describe('describing topic configs in batches', () => {
  it('reads every topic in batches of the given size and reports progress in topics', async () => {
    const asked: string[][] = [];
    const progress: number[] = [];
    const names = Array.from({ length: 7 }, (_, i) => `t${i}`);
    const described = await describeTopicConfigs(async (topics) => (asked.push(topics), topics.map(configsOf)), names, { batchSize: 3, concurrency: 2, signal: new AbortController().signal, unknown: new Set(), onProgress: (d) => progress.push(d) });
    expect(described.map((r) => r.resourceName).sort()).toEqual(names);
    expect(asked.map((b) => b.length).sort()).toEqual([1, 3, 3]);
    expect(progress.at(-1)).toBe(7);
  });

  it('leaves out a topic the cluster no longer hosts, names it, and still reads its batch-mates', async () => {
    const unknown = new Set<string>();
    const names = Array.from({ length: 16 }, (_, i) => `t${i}`);
    let requests = 0;
    const described = await describeTopicConfigs(
      async (topics) => {
        requests++;
        if (topics.includes('t11')) throw unknownTopic();
        return topics.map(configsOf);
      },
      names,
      { batchSize: 16, concurrency: 2, signal: new AbortController().signal, unknown, onProgress: () => undefined },
    );
    expect([...unknown]).toEqual(['t11']);
    expect(described.map((r) => r.resourceName).sort()).toEqual(names.filter((n) => n !== 't11').sort());
    // Halving finds it in 2·log2(16)+1 requests, not one per topic.
    expect(requests).toBe(9);
  });

  it('fails on any other error', async () => {
    const refused = describeTopicConfigs(async () => Promise.reject(Object.assign(new Error('Topic authorization failed'), { type: 'TOPIC_AUTHORIZATION_FAILED' })), ['a'], { batchSize: 5, concurrency: 1, signal: new AbortController().signal, unknown: new Set(), onProgress: () => undefined });
    await expect(refused).rejects.toThrow('Topic authorization failed');
  });
});
