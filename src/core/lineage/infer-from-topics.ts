// Every topic of the snapshot is a node, whether or not anything is known to touch it yet.
import type { SyncReading } from '../catalog/snapshots.ts';
import type { LineageFacts } from './model.ts';

// Kafka's own and the usual Connect/ksqlDB/registry bookkeeping topics; `_…` is the convention for the rest.
const BOOKKEEPING = /^(_.*|connect-(configs|offsets|status)|.*-(KSTREAM|KTABLE)-.*-(changelog|repartition))$/;

export function isInternalTopic(name: string, flaggedInternal = false): boolean {
  return flaggedInternal || BOOKKEEPING.test(name);
}

export function inferFromTopics(topics: SyncReading['topics']): LineageFacts {
  return {
    nodes: topics.map((t) => ({ kind: 'topic', name: t.name, internal: isInternalTopic(t.name, t.internal), attrs: { partitions: String(t.partitions.length) } })),
    edges: [],
  };
}
