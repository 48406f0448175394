// How long a sync's write and the Topics page's query take as a cluster grows, against the naive peer
// (one JSON file holding the same reading). Prints a table; asserts nothing.
import fs from 'node:fs';
import { ProfileInput } from '../src/core/contract.ts';
import os from 'node:os';
import path from 'node:path';
import { openCache } from '../src/core/cache/open-cache.ts';
import { ProfileStore } from '../src/core/cluster/profiles.ts';
import { SnapshotStore } from '../src/core/catalog/snapshots.ts';
import type { SyncReading } from '../src/core/catalog/snapshots.ts';

function syntheticReading(topicCount: number): SyncReading {
  return {
    groups: [],
    connectors: null,
    registry: null,
    clusterId: 'bench',
    controllerId: 1,
    brokers: [1, 2, 3].map((nodeId) => ({ nodeId, host: `broker-${nodeId}`, port: 9092, rack: null })),
    topics: Array.from({ length: topicCount }, (_, i) => ({
      name: `domain-${i % 12}.entity-${i}.v1`,
      internal: false,
      replicationFactor: 3,
      configs: Array.from({ length: 25 }, (_, c) => ({ name: `config.${c}`, value: String(c * i), source: c % 3 ? 'DEFAULT_CONFIG' : 'DYNAMIC_TOPIC_CONFIG', sensitive: false })),
      partitions: Array.from({ length: 6 }, (_, p) => ({ partition: p, leader: (p % 3) + 1, replicas: [1, 2, 3], isr: [1, 2, 3], earliest: '0', latest: String(1000 * p + i) })),
    })),
  };
}

export function run(sizes: number[]): Array<Record<string, string | number>> {
  const rows: Array<Record<string, string | number>> = [];
  for (const size of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-'));
    const { db } = openCache(path.join(dir, 'tributary.db'));
    const profile = new ProfileStore(db).save(ProfileInput.parse({ name: 'bench', bootstrap: 'b:9092', label: '', color: '#4f8cff' }));
    const store = new SnapshotStore(db);
    const reading = syntheticReading(size);
    let t = performance.now();
    const info = store.write(profile.id, reading, new Date().toISOString(), 0);
    const writeMs = performance.now() - t;
    t = performance.now();
    const listed = store.topics(info.id, false, 'entity-1').length;
    const queryMs = performance.now() - t;
    db.close();
    const dbBytes = fs.statSync(path.join(dir, 'tributary.db')).size + (fs.existsSync(path.join(dir, 'tributary.db-wal')) ? fs.statSync(path.join(dir, 'tributary.db-wal')).size : 0);
    t = performance.now();
    fs.writeFileSync(path.join(dir, 'peer.json'), JSON.stringify(reading));
    const peerWriteMs = performance.now() - t;
    t = performance.now();
    const peerListed = (JSON.parse(fs.readFileSync(path.join(dir, 'peer.json'), 'utf8')) as SyncReading).topics.filter((x) => x.name.includes('entity-1')).length;
    const peerQueryMs = performance.now() - t;
    if (peerListed !== listed) throw new Error(`bench disagreement: sqlite ${listed} vs json ${peerListed}`);
    rows.push({ topics: size, 'sqlite write ms': writeMs.toFixed(1), 'sqlite filter ms': queryMs.toFixed(2), 'sqlite MB': (dbBytes / 1e6).toFixed(1), 'json-file write ms': peerWriteMs.toFixed(1), 'json-file filter ms': peerQueryMs.toFixed(2) });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
