// Migration tracking for a deprecated product: for each consumer of the old topics, whether it now reads the
// replacement, whether it still reads the old product (its committed offsets moved, its group has members, or
// lineage still shows the query/connector on the old topics), or has gone silent — and how those counts fell
// over the snapshots since the deprecation (the burndown). Everything comes from the cache, so it works offline.
import type { Db } from '../cache/open-cache.ts';
import type { SnapshotInfo } from '../contract.ts';
import type { ProductDescriptor } from '../products/descriptor.ts';
import type { LifecycleConsumer, MigrationReport } from './values.ts';

type Row = MigrationReport['rows'][number];

interface SnapshotFacts {
  /** consumer key ("group:x", "ksql-query:y" …) → topics it reads in this snapshot. */
  reads: Map<string, Set<string>>;
  /** group → summed committed offsets on the old topics. */
  committedOnOld: Map<string, bigint>;
  activeGroups: Set<string>;
}

const CONSUMER_KINDS: Record<string, string> = { group: 'group', 'ksql-query': 'ksql-query', connector: 'connector', principal: 'principal' };

function factsAt(db: Db, profileId: string, snapshotId: number, oldTopics: readonly string[], newTopics: readonly string[]): SnapshotFacts {
  // What the cluster shows being read; a declared consumer reads nothing until the cluster shows it doing so.
  const reads = new Map<string, Set<string>>();
  const rows = db
    .prepare(
      `SELECT t.kind AS kind, t.name AS name, f.name AS topic FROM lineage_nodes f
         JOIN lineage_snapshot_edges e INDEXED BY lineage_snapshot_edges_out ON e.snapshot_id = ? AND e.from_node = f.id
         JOIN lineage_nodes t ON t.id = e.to_node
         JOIN lineage_edges le ON le.id = e.edge_id
       WHERE f.profile_id = ? AND f.kind = 'topic' AND f.name IN (SELECT value FROM json_each(?))
         AND le.provenance <> 'declared'`,
    )
    .all(snapshotId, profileId, JSON.stringify([...oldTopics, ...newTopics])) as Array<{ kind: string; name: string; topic: string }>;
  for (const r of rows) {
    const kind = CONSUMER_KINDS[r.kind];
    if (!kind) continue;
    const key = `${kind}:${r.name}`;
    (reads.get(key) ?? reads.set(key, new Set()).get(key)!).add(r.topic);
  }
  const committedOnOld = new Map<string, bigint>();
  for (const r of db.prepare('SELECT group_id, committed FROM group_offsets WHERE snapshot_id = ? AND topic IN (SELECT value FROM json_each(?))').all(snapshotId, JSON.stringify(oldTopics)) as Array<{ group_id: string; committed: string }>) {
    const n = /^-?\d+$/.test(r.committed) ? BigInt(r.committed) : 0n;
    committedOnOld.set(r.group_id, (committedOnOld.get(r.group_id) ?? 0n) + n);
  }
  const activeGroups = new Set(db.prepare("SELECT group_id FROM consumer_groups WHERE snapshot_id = ? AND state IN ('Stable', 'PreparingRebalance', 'CompletingRebalance')").pluck().all(snapshotId) as string[]);
  return { reads, committedOnOld, activeGroups };
}

function lagOnOld(db: Db, snapshotId: number, group: string, oldTopics: readonly string[]): number | null {
  const r = db.prepare('SELECT sum(lag) AS lag, count(lag) AS known FROM group_offsets WHERE snapshot_id = ? AND group_id = ? AND topic IN (SELECT value FROM json_each(?))').get(snapshotId, group, JSON.stringify(oldTopics)) as { lag: number | null; known: number };
  return r.known ? r.lag : null;
}

function classify(key: string, kind: string, name: string, at: SnapshotFacts, previous: SnapshotFacts | null, oldTopics: ReadonlySet<string>, newTopics: ReadonlySet<string>) {
  const reads = at.reads.get(key) ?? new Set<string>();
  const readsReplacement = [...reads].some((t) => newTopics.has(t));
  const onOld = [...reads].some((t) => oldTopics.has(t));
  const moved = kind === 'group' && previous !== null && at.committedOnOld.has(name) && previous.committedOnOld.get(name) !== at.committedOnOld.get(name);
  const activeOnOld = onOld && (kind !== 'group' || at.activeGroups.has(name) || moved);
  const status: Row['status'] = readsReplacement ? 'migrated' : activeOnOld ? 'still-on-old' : 'silent';
  return { status, readsReplacement, onOld, moved };
}

export function migrationReport(db: Db, profileId: string, product: ProductDescriptor, replacement: ProductDescriptor | null, consumers: readonly LifecycleConsumer[], snapshots: readonly SnapshotInfo[], deprecatedAt: string | null): MigrationReport {
  const oldTopics = product.outputPorts.map((p) => p.topic);
  const newTopics = replacement?.outputPorts.map((p) => p.topic) ?? [];
  const oldSet = new Set(oldTopics);
  const newSet = new Set(newTopics);
  const ordered = [...snapshots].sort((a, b) => a.id - b.id);
  // From the last snapshot before the deprecation (the baseline) to the newest.
  const firstAfter = deprecatedAt ? ordered.findIndex((s) => s.takenAt >= deprecatedAt) : 0;
  const window = firstAfter < 0 ? ordered.slice(-1) : ordered.slice(Math.max(0, firstAfter - 1));
  const facts = window.map((s) => ({ snapshot: s, facts: factsAt(db, profileId, s.id, oldTopics, newTopics) }));
  const latest = facts.at(-1) ?? null;

  const lastMoved = new Map<string, string>();
  for (let i = 1; i < facts.length; i++) {
    for (const [group, committed] of facts[i]!.facts.committedOnOld) if (facts[i - 1]!.facts.committedOnOld.get(group) !== committed) lastMoved.set(group, facts[i]!.snapshot.takenAt);
  }

  const rows: Row[] = consumers.map((consumer) => {
    if (!latest) return { consumer, status: 'silent', lastCommitMovedAt: null, lagOnOld: null, readsReplacement: false, onOld: true, detail: 'nothing synced yet — sync to track migration' };
    const previous = facts.at(-2)?.facts ?? null;
    const c = classify(consumer.key, consumer.kind, consumer.name, latest.facts, previous, oldSet, newSet);
    const lag = consumer.kind === 'group' ? lagOnOld(db, latest.snapshot.id, consumer.name, oldTopics) : null;
    const detail =
      c.status === 'migrated'
        ? `reads ${newTopics.filter((t) => latest.facts.reads.get(consumer.key)?.has(t)).join(', ')}${c.onOld ? ', and still has offsets on the old topics' : ''}`
        : c.status === 'still-on-old'
          ? consumer.kind === 'group'
            ? `${latest.facts.activeGroups.has(consumer.name) ? 'has active members' : 'committed offsets moved'} on ${oldTopics.join(', ')}`
            : `still reads ${oldTopics.join(', ')}`
          : c.onOld
            ? 'no offset movement and no members since the last snapshot'
            : 'no longer reads the old topics';
    return { consumer, status: c.status, lastCommitMovedAt: lastMoved.get(consumer.name) ?? null, lagOnOld: lag, readsReplacement: c.readsReplacement, onOld: c.onOld, detail };
  });

  const burndown = facts.map(({ snapshot, facts: at }, i) => {
    const counts = { stillOnOld: 0, migrated: 0, silent: 0 };
    for (const consumer of consumers) {
      const c = classify(consumer.key, consumer.kind, consumer.name, at, facts[i - 1]?.facts ?? null, oldSet, newSet);
      if (c.status === 'migrated') counts.migrated += 1;
      else if (c.status === 'still-on-old') counts.stillOnOld += 1;
      else if (c.onOld) counts.silent += 1;
    }
    return { snapshotId: snapshot.id, takenAt: snapshot.takenAt, ...counts };
  });

  return {
    productId: product.id,
    replacement: replacement?.id ?? '',
    deprecatedAt,
    sunset: product.deprecation?.sunset ?? null,
    snapshot: latest ? { id: latest.snapshot.id, takenAt: latest.snapshot.takenAt } : null,
    rows,
    counts: { migrated: rows.filter((r) => r.status === 'migrated').length, stillOnOld: rows.filter((r) => r.status === 'still-on-old').length, silent: rows.filter((r) => r.status === 'silent').length },
    burndown,
  };
}

/** Consumers that still hold up retirement: not migrated and still reading the old topics. */
export function remainingConsumers(report: MigrationReport): Row[] {
  return report.rows.filter((r) => r.status !== 'migrated' && r.onOld);
}
