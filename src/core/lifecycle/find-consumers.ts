// Everyone who reads a product: what the newest snapshot's lineage shows downstream of its port topics
// (consumer groups, ksqlDB queries, sink connectors, ACL principals) plus the consumers its descriptor
// declares — each with the people to tell. Contacts come from the owners of products the consumer feeds, the
// requesters of approved access, and the contacts directory in the notification settings.
import type { Db } from '../cache/open-cache.ts';
import type { SnapshotInfo } from '../contract.ts';
import { LineageStore } from '../lineage/graph-store.ts';
import type { ProductDescriptor } from '../products/descriptor.ts';
import type { AccessRequestRow } from '../products/product-store.ts';
import type { ConsumerKind, LifecycleConsumer, NotificationSettings } from './values.ts';

type Contact = LifecycleConsumer['contacts'][number];

const EDGE_TO_KIND: Record<string, ConsumerKind | undefined> = { group: 'group', 'ksql-query': 'ksql-query', connector: 'connector', principal: 'principal' };

/** A '*' in a directory pattern matches any run of characters; everything else literally. */
export function patternMatches(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

export interface ConsumerSources {
  db: Db;
  snapshot: SnapshotInfo | null;
  product: ProductDescriptor;
  /** Every product of the profile, to find the owners of what a consumer feeds. */
  products: readonly ProductDescriptor[];
  accessRequests: readonly AccessRequestRow[];
  settings: NotificationSettings;
}

export function findConsumers(src: ConsumerSources): LifecycleConsumer[] {
  const ports = new Set(src.product.outputPorts.map((p) => p.topic));
  const found = new Map<string, LifecycleConsumer>();
  const add = (kind: ConsumerKind, name: string, topic: string, evidence: string) => {
    const key = `${kind}:${name}`;
    const c = found.get(key) ?? { key, kind, name, topics: [], evidence: [], contacts: [] };
    if (!c.topics.includes(topic)) c.topics.push(topic);
    if (!c.evidence.includes(evidence)) c.evidence.push(evidence);
    found.set(key, c);
  };

  const fedTopics = new Map<string, string[]>(); // consumer key → topics it writes (ksql sinks)
  if (src.snapshot) {
    const lineage = new LineageStore(src.db);
    const graph = lineage.graph(src.snapshot.id);
    for (const node of graph.nodes.values()) {
      if (node.kind !== 'topic' || !ports.has(node.name)) continue;
      for (const edge of graph.outgoing(node.id)) {
        const to = graph.node(edge.to);
        const kind = to ? EDGE_TO_KIND[to.kind] : undefined;
        if (!to || !kind) continue;
        // A sink connector's bookkeeping group is represented by the connector itself.
        if (kind === 'group' && to.internal === 1 && JSON.parse(to.attrs).connector) continue;
        add(kind, to.name, node.name, edge.provenance);
        if (kind === 'ksql-query') {
          const sinks = graph.outgoing(to.id).map((e) => graph.node(e.to)).filter((n) => n?.kind === 'topic').map((n) => n!.name);
          fedTopics.set(`${kind}:${to.name}`, sinks);
        }
      }
    }
  }
  for (const declared of src.product.consumers) {
    const asGroup = found.get(`group:${declared}`) ?? found.get(`principal:${declared}`);
    if (asGroup) {
      if (!asGroup.evidence.includes('declared')) asGroup.evidence.push('declared');
    } else {
      for (const topic of ports) add('declared', declared, topic, 'declared');
    }
  }

  for (const c of found.values()) c.contacts = contactsOf(c, src, fedTopics.get(c.key) ?? []);
  return [...found.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}

function contactsOf(c: LifecycleConsumer, src: ConsumerSources, writes: string[]): Contact[] {
  const out = new Map<string, Contact>();
  const push = (contact: Contact) => {
    if (contact.email && !out.has(contact.email)) out.set(contact.email, contact);
  };
  for (const p of src.products) {
    if (p.id === src.product.id) continue;
    // The consumer produces another product (declared, or a ksqlDB query writing its port): that owner runs it.
    const declaresIt = p.producers.includes(c.name);
    const fedByIt = p.outputPorts.some((port) => writes.includes(port.topic));
    if (declaresIt || fedByIt) push({ email: p.owner.email, team: p.owner.team, source: `owns ${p.id}, which ${declaresIt ? 'declares it as a producer' : 'it writes'}` });
  }
  for (const r of src.accessRequests) {
    if (r.state !== 'approved' || r.productId !== src.product.id) continue;
    const principal = r.principal.replace(/^User:/, '');
    if (principal === c.name.replace(/^User:/, '') && /@/.test(r.requestedBy) && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r.requestedBy)) push({ email: r.requestedBy, team: '', source: `requested access for ${r.principal}` });
  }
  for (const entry of src.settings.contacts) {
    if (patternMatches(entry.pattern, c.name)) push({ email: entry.email, team: entry.team, source: `contacts directory (${entry.pattern})` });
  }
  return [...out.values()];
}
