// Consumer groups are applications; a committed offset on a topic is the evidence that the group consumes it.
import type { SyncReading } from '../catalog/snapshots.ts';
import type { LineageFacts } from './model.ts';

export function inferFromGroups(reading: Pick<SyncReading, 'groups' | 'connectors'>): LineageFacts {
  // A sink connector consumes through the group connect-<name>; the connector node already says so, so the
  // group is bookkeeping that "hide internal" can drop.
  const connectorGroups = new Map((reading.connectors ?? []).map((c) => [c.config['consumer.override.group.id'] ?? `connect-${c.name}`, c.name]));
  const facts: LineageFacts = { nodes: [], edges: [] };
  for (const g of reading.groups) {
    const connector = connectorGroups.get(g.groupId);
    facts.nodes.push({
      kind: 'group',
      name: g.groupId,
      internal: connector !== undefined || g.groupId.startsWith('_'),
      attrs: { state: g.state, protocolType: g.protocolType, members: String(g.members.length), ...(connector !== undefined ? { connector } : {}) },
    });
    const perTopic = new Map<string, { partitions: number; lag: number | null }>();
    for (const o of g.offsets) {
      const seen = perTopic.get(o.topic) ?? { partitions: 0, lag: 0 };
      seen.partitions += 1;
      seen.lag = seen.lag === null || o.lag === null ? null : seen.lag + o.lag;
      perTopic.set(o.topic, seen);
    }
    for (const [topic, { partitions, lag }] of perTopic) {
      facts.edges.push({
        kind: 'consumes',
        from: { kind: 'topic', name: topic },
        to: { kind: 'group', name: g.groupId },
        provenance: 'consumer-offsets',
        detail: { partitions: String(partitions), lag: lag === null ? '' : String(lag) },
      });
    }
  }
  return facts;
}
