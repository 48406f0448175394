// Data products, as folded from the mesh registry: each product is a node that publishes its output-port
// topics; its owner is attached to those topics and their schema subjects (so impact lists who to e-mail),
// and the producers and consumers its owner declares become edges with provenance "declared".
//
// A declared producer or consumer is an application named by client id or consumer group id. Both are drawn
// as `group` nodes — the kind the graph uses for applications — so an app declared by one product and seen
// committing offsets (or declared as a consumer of another product) is one node whose reads and writes chain
// through impact analysis. `external` is kept for systems outside Kafka (databases, files, buckets).
// Retired products own nothing any more and are left out.
import type { ProductDescriptor } from '../products/descriptor.ts';
import type { LineageFacts, NodeFact, NodeRef, Owner } from './model.ts';

export interface ProductSnapshot {
  /** Topic names of the snapshot: a port whose topic is missing still gets its edge, to a dangling topic. */
  topics: ReadonlySet<string>;
  /** Subjects of the snapshot's registry; null when the profile names no registry. */
  subjects: ReadonlySet<string> | null;
}

/** Collects a value per node so a node named by several products says all of them. */
class PerNode {
  private readonly byKey = new Map<string, { ref: NodeRef; owners: Owner[]; lists: Map<string, string[]> }>();
  add(ref: NodeRef, owner: Owner | null, list?: { name: string; value: string }): void {
    const key = `${ref.kind}\u0000${ref.name}`;
    let entry = this.byKey.get(key);
    if (!entry) this.byKey.set(key, (entry = { ref, owners: [], lists: new Map() }));
    if (owner && !entry.owners.some((o) => o.team === owner.team && o.contact === owner.contact && o.product === owner.product)) entry.owners.push(owner);
    if (list) {
      const values = entry.lists.get(list.name) ?? [];
      if (!values.includes(list.value)) values.push(list.value);
      entry.lists.set(list.name, values);
    }
  }
  facts(): NodeFact[] {
    return [...this.byKey.values()].map(({ ref, owners, lists }) => ({
      ...ref,
      ...(owners.length ? { owners } : {}),
      ...(lists.size ? { attrs: Object.fromEntries([...lists].map(([name, values]) => [name, values.join(', ')])) } : {}),
    }));
  }
}

export function inferFromProducts(products: readonly ProductDescriptor[], snapshot: ProductSnapshot): LineageFacts {
  const facts: LineageFacts = { nodes: [], edges: [] };
  const named = new PerNode();
  for (const p of products) {
    if (p.status === 'retired') continue;
    const owner: Owner = { team: p.owner.team, contact: p.owner.email, product: p.id };
    const product: NodeRef = { kind: 'product', name: p.id };
    facts.nodes.push({ ...product, attrs: { name: p.name, status: p.status, tier: p.tier, domain: p.domain, version: p.version }, owners: [owner] });
    const ports = p.outputPorts.map((port) => port.topic);
    for (const port of p.outputPorts) {
      const topic: NodeRef = { kind: 'topic', name: port.topic };
      facts.edges.push({ kind: 'publishes', from: product, to: topic, provenance: 'declared', detail: { format: port.format, ...(port.key ? { key: port.key } : {}) } });
      // Only topics and subjects the snapshot has are described here; a missing one stays dangling.
      if (snapshot.topics.has(port.topic)) {
        named.add(topic, owner, { name: 'product', value: p.id });
        named.add(topic, null, { name: 'domain', value: p.domain });
      }
      if (!snapshot.subjects) continue;
      for (const subject of new Set([port.schemaSubject, `${port.topic}-key`, `${port.topic}-value`])) {
        if (!subject || !snapshot.subjects.has(subject)) continue;
        named.add({ kind: 'subject', name: subject }, owner, { name: 'product', value: p.id });
      }
      // A TopicNameStrategy subject is linked to its topic by the registry source already.
      if (port.schemaSubject && snapshot.subjects.has(port.schemaSubject) && !/-(key|value)$/.test(port.schemaSubject)) {
        facts.edges.push({ kind: 'has-schema', from: { kind: 'subject', name: port.schemaSubject }, to: topic, provenance: 'declared', detail: { product: p.id } });
      }
    }
    for (const app of new Set((p.producers ?? []).map((a) => a.trim()).filter(Boolean))) {
      const ref: NodeRef = { kind: 'group', name: app };
      named.add(ref, null, { name: 'declaredProducerOf', value: p.id });
      for (const t of ports) facts.edges.push({ kind: 'produces', from: ref, to: { kind: 'topic', name: t }, provenance: 'declared', detail: { product: p.id } });
    }
    for (const app of new Set((p.consumers ?? []).map((a) => a.trim()).filter(Boolean))) {
      const ref: NodeRef = { kind: 'group', name: app };
      named.add(ref, null, { name: 'declaredConsumerOf', value: p.id });
      for (const t of ports) facts.edges.push({ kind: 'consumes', from: { kind: 'topic', name: t }, to: ref, provenance: 'declared', detail: { product: p.id } });
    }
  }
  facts.nodes.push(...named.facts());
  return facts;
}
