import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileInput } from '../contract.ts';
import { openCache } from '../cache/open-cache.ts';
import { cacheBefore } from '../cache/cache-before.ts';
import { ProfileStore } from '../cluster/profiles.ts';
import { SnapshotStore, type SyncReading } from './snapshots.ts';

const defaults = [
  { name: 'cleanup.policy', value: 'delete', source: 'DEFAULT_CONFIG', sensitive: false },
  { name: 'retention.ms', value: '604800000', source: 'DEFAULT_CONFIG', sensitive: false },
];

function reading(topics: Array<{ name: string; configs: SyncReading['topics'][number]['configs'] }>): SyncReading {
  return {
    clusterId: 'c',
    controllerId: 1,
    brokers: [],
    groups: [],
    connectors: null,
    registry: null,
    topics: topics.map((t) => ({ ...t, internal: false, replicationFactor: 1, partitions: [] })),
  };
}

describe('topic configs in a snapshot', () => {
  it('stores the configs many topics share once and still answers each topic with its own', () => {
    const { db } = openCache(':memory:');
    const profile = new ProfileStore(db).save(ProfileInput.parse({ name: 'local', bootstrap: '127.0.0.1:9092' }));
    const snapshots = new SnapshotStore(db);
    const compacted = [{ name: 'cleanup.policy', value: 'compact', source: 'DYNAMIC_TOPIC_CONFIG', sensitive: false }, defaults[1]!];
    const info = snapshots.write(
      profile.id,
      reading([
        ...Array.from({ length: 50 }, (_, i) => ({ name: `plain-${i}`, configs: [...defaults].reverse() })),
        { name: 'compacted', configs: compacted },
        { name: 'unread', configs: [] },
      ]),
      '2026-01-01T00:00:00.000Z',
      1,
    );
    expect(db.prepare('SELECT count(*) FROM config_set_entries WHERE snapshot_id = ?').pluck().get(info.id)).toBe(4);
    expect(snapshots.topicDetail(info.id, 'plain-7').configs).toEqual(defaults);
    expect(snapshots.topicDetail(info.id, 'compacted').configs).toEqual(compacted);
    expect(snapshots.topicDetail(info.id, 'unread').configs).toEqual([]);
    expect(snapshots.topics(info.id, false, 'compacted')[0]).toMatchObject({ cleanupPolicy: 'compact', retentionMs: '604800000' });
  });

  it('keeps the configs of snapshots taken before sets existed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-config-sets-'));
    const file = path.join(dir, 'cache.db');
    try {
      const old = cacheBefore(file, 9);
      old.prepare("INSERT INTO profiles (id, name, bootstrap, created_at, updated_at) VALUES ('p', 'old', 'b:9092', '', '')").run();
      old.prepare("INSERT INTO snapshots (id, profile_id, taken_at, duration_ms, cluster_id, controller_id) VALUES (1, 'p', '2026-01-01T00:00:00.000Z', 1, 'c', 1)").run();
      for (const name of ['a', 'b']) old.prepare('INSERT INTO topics (snapshot_id, name, partitions, replication_factor, internal, message_estimate) VALUES (1, ?, 1, 1, 0, 0)').run(name);
      old.prepare("INSERT INTO topic_configs VALUES (1, 'a', 'cleanup.policy', 'compact', 'DYNAMIC_TOPIC_CONFIG', 0)").run();
      old.prepare("INSERT INTO topic_configs VALUES (1, 'b', 'cleanup.policy', 'delete', 'DEFAULT_CONFIG', 0)").run();
      old.close();

      const { db } = openCache(file);
      const snapshots = new SnapshotStore(db);
      expect(snapshots.topicDetail(1, 'a').configs).toEqual([{ name: 'cleanup.policy', value: 'compact', source: 'DYNAMIC_TOPIC_CONFIG', sensitive: false }]);
      expect(snapshots.topics(1, false, '').map((t) => [t.name, t.cleanupPolicy])).toEqual([
        ['a', 'compact'],
        ['b', 'delete'],
      ]);
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
