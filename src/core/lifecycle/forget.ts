// Right to be forgotten for one key: every topic downstream of a product in lineage that may hold the key,
// whether a tombstone removes it there (compacted topics: the key's records go at the next compaction) or not
// (delete-policy topics keep it until retention ends — they are listed with their retention, never "fixed").
// Tombstones are written only after the user types the key again; the event records a hash of the key, never
// the key itself, since the key is the personal data being erased.
import crypto from 'node:crypto';
import type { Db } from '../cache/open-cache.ts';
import { retryRetriable } from '../cluster/kafka-client.ts';
import type { SnapshotInfo } from '../contract.ts';
import { TributaryError } from '../errors.ts';
import { LineageStore } from '../lineage/graph-store.ts';
import type { ProductDescriptor } from '../products/descriptor.ts';
import { newEvent } from '../products/events.ts';
import { writeEvents, type ProductEnv } from '../products/publish.ts';

export interface ForgetTarget {
  productId: string;
  topic: string;
  compacted: boolean;
  detail: string;
  retention: string;
  depth: number;
}

function describeRetention(ms: string | undefined): string {
  if (ms === undefined) return 'unknown (not in the snapshot)';
  if (ms === '-1') return 'forever';
  const days = Number(ms) / 86_400_000;
  return Number.isFinite(days) ? `${days >= 1 ? `${Math.round(days * 10) / 10} day(s)` : `${Math.round(Number(ms) / 3_600_000)} hour(s)`}` : ms;
}

/** Topics downstream of the product's ports (the ports included), breadth first, with their cleanup policy. */
export function forgetTargets(db: Db, snapshot: SnapshotInfo, product: ProductDescriptor, products: readonly ProductDescriptor[]): ForgetTarget[] {
  const lineage = new LineageStore(db);
  const graph = lineage.graph(snapshot.id);
  const productOf = new Map(products.flatMap((p) => p.outputPorts.map((port) => [port.topic, p.id] as const)));
  const configs = db.prepare("SELECT name, value FROM topic_configs WHERE snapshot_id = ? AND topic = ? AND name IN ('cleanup.policy', 'retention.ms')");
  const seen = new Map<number, number>();
  const queue: number[] = [];
  for (const node of graph.nodes.values()) {
    if (node.kind === 'topic' && product.outputPorts.some((p) => p.topic === node.name)) {
      seen.set(node.id, 0);
      queue.push(node.id);
    }
  }
  while (queue.length) {
    const id = queue.shift()!;
    for (const e of graph.outgoing(id)) {
      if (seen.has(e.to)) continue;
      seen.set(e.to, seen.get(id)! + 1);
      queue.push(e.to);
    }
  }
  const targets: ForgetTarget[] = [];
  for (const [id, depth] of seen) {
    const node = graph.node(id)!;
    if (node.kind !== 'topic' || node.internal === 1) continue;
    const c = Object.fromEntries((configs.all(snapshot.id, node.name) as Array<{ name: string; value: string | null }>).map((r) => [r.name, r.value ?? undefined]));
    const policy = (c['cleanup.policy'] ?? 'delete').split(',').map((s) => s.trim());
    const compacted = policy.includes('compact');
    const retention = describeRetention(c['retention.ms']);
    targets.push({
      productId: productOf.get(node.name) ?? '',
      topic: node.name,
      compacted,
      retention,
      depth,
      detail: compacted
        ? `compacted: a tombstone removes the key at the next compaction${policy.includes('delete') ? `; records older than ${retention} also expire` : ''}`
        : `cleanup.policy=${policy.join(',')}: a tombstone does not remove earlier records; the key stays until retention (${retention}) expires`,
    });
  }
  return targets.sort((a, b) => a.depth - b.depth || a.topic.localeCompare(b.topic));
}

export async function forgetKey(env: ProductEnv, product: ProductDescriptor, key: string, confirmKey: string, targets: readonly ForgetTarget[]) {
  if (confirmKey !== key) throw new TributaryError('Invalid', 'Type the key again exactly to confirm; tombstones cannot be undone', { fields: [{ path: 'confirmKey', message: 'does not match the key' }] });
  const tombstoned: Array<{ productId: string; topic: string; partition: number; offset: string }> = [];
  for (const t of targets.filter((x) => x.compacted)) {
    const [meta] = await env.audit.record(
      { profileId: env.profileId, actor: env.actor, action: 'tombstone-key', target: t.topic, request: { topic: t.topic, keySha256: sha256(key) }, command: `(a tombstone for the key on ${t.topic})` },
      () => retryRetriable(() => env.producer.send({ topic: t.topic, acks: -1, messages: [{ key, value: null }] })),
    );
    tombstoned.push({ productId: t.productId, topic: t.topic, partition: meta?.partition ?? -1, offset: meta?.baseOffset ?? '' });
  }
  await writeEvents(env, [newEvent('keys-forgotten', product.id, env.actor, { keySha256: sha256(key), tombstoned: tombstoned.map((x) => x.topic), impossible: targets.filter((x) => !x.compacted).map((x) => x.topic) })]);
  return { tombstoned, impossible: targets.filter((t) => !t.compacted) };
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
