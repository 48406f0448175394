import { describe, expect, it } from 'vitest';
import { ProfileInput } from '../contract.ts';
import { openCache } from '../cache/open-cache.ts';
import { ProfileStore } from '../cluster/profiles.ts';
import { SnapshotStore } from './snapshots.ts';
import type { SyncReading } from './snapshots.ts';

function reading(topics: string[]): SyncReading {
  return {
    groups: [],
    connectors: null,
    registry: null,
    clusterId: 'abc',
    controllerId: 1,
    brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }],
    topics: topics.map((name) => ({
      name,
      internal: name.startsWith('__'),
      replicationFactor: 1,
      configs: [
        { name: 'cleanup.policy', value: 'compact', source: 'DYNAMIC_TOPIC_CONFIG', sensitive: false },
        { name: 'retention.ms', value: '-1', source: 'DYNAMIC_TOPIC_CONFIG', sensitive: false },
      ],
      partitions: [
        { partition: 0, leader: 1, replicas: [1], isr: [1], earliest: '10', latest: '110' },
        { partition: 1, leader: 1, replicas: [1], isr: [1], earliest: '0', latest: '5' },
      ],
    })),
  };
}

function setup() {
  const { db } = openCache(':memory:');
  const profile = new ProfileStore(db).save(ProfileInput.parse({ name: 'local', bootstrap: '127.0.0.1:9092', label: '', color: '#4f8cff' }));
  return { db, profile, snapshots: new SnapshotStore(db) };
}

describe('SnapshotStore', () => {
  it('keeps every sync and answers from the newest one', () => {
    const { snapshots, profile } = setup();
    snapshots.write(profile.id, reading(['a.v1']), '2026-01-01T00:00:00.000Z', 10);
    snapshots.write(profile.id, reading(['a.v1', 'b.v1', '__consumer_offsets']), '2026-01-02T00:00:00.000Z', 12);
    const latest = snapshots.latest(profile.id)!;
    expect(latest.topicCount).toBe(3);
    expect(snapshots.list(profile.id)).toHaveLength(2);
    expect(snapshots.topics(latest.id, false, '').map((t) => t.name)).toEqual(['a.v1', 'b.v1']);
    expect(snapshots.topics(latest.id, true, 'CONSUMER').map((t) => t.name)).toEqual(['__consumer_offsets']);
  });

  it('estimates messages from offsets and surfaces cleanup policy and retention', () => {
    const { snapshots, profile } = setup();
    const info = snapshots.write(profile.id, reading(['orders.v1']), '2026-01-01T00:00:00.000Z', 10);
    expect(snapshots.topics(info.id, false, '')[0]).toMatchObject({ name: 'orders.v1', partitions: 2, messageEstimate: 105, cleanupPolicy: 'compact', retentionMs: '-1' });
    const detail = snapshots.topicDetail(info.id, 'orders.v1');
    expect(detail.partitions[0]).toMatchObject({ partition: 0, replicas: [1], earliest: '10', latest: '110' });
  });

  it('leaves the previous snapshot whole when a write fails part-way', () => {
    const { snapshots, profile } = setup();
    snapshots.write(profile.id, reading(['a.v1']), '2026-01-01T00:00:00.000Z', 10);
    const broken = reading(['dup.v1', 'dup.v1']); // the second insert violates the primary key mid-transaction
    expect(() => snapshots.write(profile.id, broken, '2026-01-02T00:00:00.000Z', 10)).toThrow();
    expect(snapshots.list(profile.id)).toHaveLength(1);
    expect(snapshots.topics(snapshots.latest(profile.id)!.id, false, '').map((t) => t.name)).toEqual(['a.v1']);
  });

  it('names a topic that is not in the snapshot', () => {
    const { snapshots, profile } = setup();
    const info = snapshots.write(profile.id, reading(['a.v1']), '2026-01-01T00:00:00.000Z', 10);
    expect(() => snapshots.topicDetail(info.id, 'missing.v1')).toThrow(/Topic "missing.v1" is not in the snapshot taken 2026-01-01/);
  });
});
