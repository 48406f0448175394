// A product's SLA compliance: observed freshness (the age of each partition's newest record, read live from the
// leaders) and availability (offline / under-replicated partitions in the cached snapshots), each classified
// against the declared SLA; plus the message rate from offset deltas between snapshots and the oldest record.
import type { SnapshotStore } from '../catalog/snapshots.ts';
import type { KafkaConnection } from '../cluster/connection.ts';
import { TopicReader } from '../messages/partition-reader.ts';
import type { ProductDescriptor } from './descriptor.ts';

export type Compliance = 'met' | 'at-risk' | 'breached' | 'unknown';

/** A "real time" SLA (0 s) still needs a budget: a minute is as fresh as a poll-based check can tell. */
export const REAL_TIME_BUDGET_MS = 60_000;
/** Past this share of the budget, freshness is at risk before it is breached. */
const AT_RISK_SHARE = 0.8;
/** How many snapshots the availability and rate history goes back. */
const HISTORY_SNAPSHOTS = 10;

export function freshnessBudgetMs(freshnessSeconds: number): number {
  return freshnessSeconds === 0 ? REAL_TIME_BUDGET_MS : freshnessSeconds * 1000;
}

/** The age of the newest record against the SLA's freshness; null age (no records, not read) is unknown. */
export function classifyFreshness(ageMs: number | null, freshnessSeconds: number): Compliance {
  if (ageMs === null) return 'unknown';
  const budget = freshnessBudgetMs(freshnessSeconds);
  if (ageMs > budget) return 'breached';
  return ageMs > budget * AT_RISK_SHARE ? 'at-risk' : 'met';
}

export interface PartitionHealth {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/** An offline partition (no leader) cannot be read: breached. One short of its replicas is one failure from it: at risk. */
export function classifyAvailability(partitions: readonly PartitionHealth[]): { state: Compliance; offline: number; underReplicated: number } {
  const offline = partitions.filter((p) => p.leader < 0).length;
  const underReplicated = partitions.filter((p) => p.leader >= 0 && p.isr.length < p.replicas.length).length;
  const state: Compliance = partitions.length === 0 ? 'unknown' : offline > 0 ? 'breached' : underReplicated > 0 ? 'at-risk' : 'met';
  return { state, offline, underReplicated };
}

const rank: Record<Compliance, number> = { unknown: 0, met: 1, 'at-risk': 2, breached: 3 };
/** The worst of several states; unknown only when nothing is known. */
export function worst(states: readonly Compliance[]): Compliance {
  return states.reduce<Compliance>((a, b) => (rank[b] > rank[a] ? b : a), 'unknown');
}

/** Records per second between two snapshots of a topic's end offsets; null without two snapshots or a sane gap. */
export function messageRate(earlier: { takenAt: string; latest: Map<number, bigint> }, later: { takenAt: string; latest: Map<number, bigint> }): number | null {
  const seconds = (Date.parse(later.takenAt) - Date.parse(earlier.takenAt)) / 1000;
  if (!(seconds > 0)) return null;
  let delta = 0n;
  for (const [partition, end] of later.latest) {
    const before = earlier.latest.get(partition);
    // A partition added between the snapshots counts from zero; a recreated topic's shrinking offsets count nothing.
    if (end > (before ?? 0n)) delta += end - (before ?? 0n);
  }
  return Number(delta) / seconds;
}

export interface PartitionTimes {
  partition: number;
  /** Time of the first record still on the broker (ms), null for an empty partition. */
  oldest: number | null;
  /** Time of the last record (ms), null for an empty partition. */
  newest: number | null;
}

/**
 * Reads the first and the last record of each partition straight from the leaders (no consumer group). The
 * last offset can hold a transaction marker rather than a record, so an empty answer steps back further.
 */
export async function readPartitionTimes(reader: TopicReader): Promise<PartitionTimes[]> {
  const [earliest, latest] = await Promise.all([reader.offsets(reader.partitions, 'earliest'), reader.offsets(reader.partitions, 'latest')]);
  const times = new Map<number, PartitionTimes>(reader.partitions.map((p) => [p, { partition: p, oldest: null, newest: null }]));
  const filled = reader.partitions.filter((p) => latest.get(p)! > earliest.get(p)!);

  const first = await reader.fetch(new Map(filled.map((p) => [p, earliest.get(p)!])), 500);
  for (const read of first) {
    const record = read.records[0];
    if (record) times.get(read.partition)!.oldest = Number(record.timestamp);
  }
  let wanted = filled;
  for (const back of [1n, 64n, 4096n]) {
    if (wanted.length === 0) break;
    const from = (p: number) => (latest.get(p)! - back > earliest.get(p)! ? latest.get(p)! - back : earliest.get(p)!);
    const reads = await reader.fetch(new Map(wanted.map((p) => [p, from(p)])), 500);
    for (const read of reads) {
      const record = read.records.at(-1);
      if (record) times.get(read.partition)!.newest = Number(record.timestamp);
    }
    wanted = wanted.filter((p) => times.get(p)!.newest === null && from(p) > earliest.get(p)!);
  }
  return [...times.values()];
}

export interface PortStatus {
  topic: string;
  partitions: Array<{ partition: number; leader: number | null; underReplicated: boolean; offline: boolean; oldestAt: string | null; newestAt: string | null; ageMs: number | null; freshness: Compliance }>;
  freshness: { state: Compliance; ageMs: number | null; budgetMs: number };
  availability: { state: Compliance; offline: number; underReplicated: number; partitions: number };
  /** Records per second between the two newest snapshots that hold the topic. */
  ratePerSec: number | null;
  oldestAt: string | null;
  /** Why the live read failed (the broker is down, the topic is gone); the cached parts still stand. */
  readError: string | null;
  history: Array<{ snapshotId: number; takenAt: string; availability: Compliance; ratePerSec: number | null }>;
}

export interface StreamStatus {
  checkedAt: string;
  state: Compliance;
  freshness: Compliance;
  availability: Compliance;
  snapshotTakenAt: string | null;
  ports: PortStatus[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Cached partitions of a topic in one snapshot, or null when that snapshot does not have the topic. */
function cachedPartitions(snapshots: SnapshotStore, snapshotId: number, topic: string) {
  try {
    return snapshots.topicDetail(snapshotId, topic).partitions;
  } catch {
    return null;
  }
}

async function portStatus(snapshots: SnapshotStore, profileId: string, connection: KafkaConnection | null, topic: string, freshnessSeconds: number, now: number): Promise<PortStatus> {
  const kept = snapshots
    .list(profileId)
    .slice(0, HISTORY_SNAPSHOTS + 1)
    .map((s) => ({ snapshot: s, partitions: cachedPartitions(snapshots, s.id, topic) }))
    .filter((s): s is { snapshot: (typeof s)['snapshot']; partitions: NonNullable<(typeof s)['partitions']> } => s.partitions !== null);
  const ends = (ps: (typeof kept)[number]['partitions']) => new Map(ps.map((p) => [p.partition, BigInt(p.latest)]));
  const history = kept.slice(0, HISTORY_SNAPSHOTS).map((s, i) => {
    const before = kept[i + 1];
    return {
      snapshotId: s.snapshot.id,
      takenAt: s.snapshot.takenAt,
      availability: classifyAvailability(s.partitions).state,
      ratePerSec: before ? messageRate({ takenAt: before.snapshot.takenAt, latest: ends(before.partitions) }, { takenAt: s.snapshot.takenAt, latest: ends(s.partitions) }) : null,
    };
  });
  const cached = kept[0]?.partitions ?? [];

  let times: PartitionTimes[] = [];
  let readError: string | null = null;
  if (connection) {
    try {
      const reader = await TopicReader.open(connection, topic);
      try {
        times = await readPartitionTimes(reader);
      } finally {
        await reader.close();
      }
    } catch (error) {
      readError = (error as Error).message;
    }
  } else {
    readError = 'no connection for this profile';
  }
  const timeOf = new Map(times.map((t) => [t.partition, t]));
  const numbers = [...new Set([...cached.map((p) => p.partition), ...times.map((t) => t.partition)])].sort((a, b) => a - b);
  const partitions = numbers.map((partition) => {
    const c = cached.find((p) => p.partition === partition);
    const t = timeOf.get(partition);
    const ageMs = t?.newest != null ? Math.max(0, now - t.newest) : null;
    return {
      partition,
      leader: c ? c.leader : null,
      underReplicated: c ? c.leader >= 0 && c.isr.length < c.replicas.length : false,
      offline: c ? c.leader < 0 : false,
      oldestAt: iso(t?.oldest ?? null),
      newestAt: iso(t?.newest ?? null),
      ageMs,
      freshness: classifyFreshness(ageMs, freshnessSeconds),
    };
  });
  // The stream is as fresh as its newest record; an idle partition of a keyed topic is not a breach by itself.
  const ages = partitions.map((p) => p.ageMs).filter((a): a is number => a !== null);
  const ageMs = ages.length ? Math.min(...ages) : null;
  const oldest = times.map((t) => t.oldest).filter((t): t is number => t !== null);
  const availability = classifyAvailability(cached);
  return {
    topic,
    partitions,
    freshness: { state: classifyFreshness(ageMs, freshnessSeconds), ageMs, budgetMs: freshnessBudgetMs(freshnessSeconds) },
    availability: { ...availability, partitions: cached.length },
    ratePerSec: history[0]?.ratePerSec ?? null,
    oldestAt: iso(oldest.length ? Math.min(...oldest) : null),
    readError,
    history,
  };
}

export async function streamStatus(snapshots: SnapshotStore, profileId: string, connection: KafkaConnection | null, product: ProductDescriptor, now = Date.now()): Promise<StreamStatus> {
  const ports = await Promise.all(product.outputPorts.map((p) => portStatus(snapshots, profileId, connection, p.topic, product.sla.freshnessSeconds, now)));
  const freshness = worst(ports.map((p) => p.freshness.state));
  const availability = worst(ports.map((p) => p.availability.state));
  return { checkedAt: new Date(now).toISOString(), state: worst([freshness, availability]), freshness, availability, snapshotTakenAt: snapshots.latest(profileId)?.takenAt ?? null, ports };
}
