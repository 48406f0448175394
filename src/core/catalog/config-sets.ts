// A snapshot's topic configs stored once per distinct set: topics without overrides all share the same computed
// configs, so a cluster of 10,000 topics writes a few dozen config rows instead of ~370,000 (the topic_configs
// view joins them back per topic for readers).
import type { Db } from '../cache/open-cache.ts';
import type { ClusterReading } from './read-cluster.ts';

type Configs = ClusterReading['topics'][number]['configs'];

/** Numbers each distinct config set of one snapshot, writing its rows the first time it is seen. */
export function configSetNumbering(db: Db, snapshotId: number): (configs: Configs) => number | null {
  const insertEntry = db.prepare('INSERT INTO config_set_entries (snapshot_id, set_id, name, value, source, sensitive) VALUES (?, ?, ?, ?, ?, ?)');
  const numbers = new Map<string, number>();
  return (configs) => {
    // A topic whose configs were not read (none in the reading) keeps no set, as it kept no rows before.
    if (configs.length === 0) return null;
    const sorted = [...configs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const key = JSON.stringify(sorted.map((c) => [c.name, c.value, c.source, c.sensitive]));
    const known = numbers.get(key);
    if (known !== undefined) return known;
    const number = numbers.size + 1;
    numbers.set(key, number);
    for (const c of sorted) insertEntry.run(snapshotId, number, c.name, c.value, c.source, c.sensitive ? 1 : 0);
    return number;
  };
}
