import { afterEach, describe, expect, it } from 'vitest';
import { ProductDescriptor, type ProductInput } from '../products/descriptor.ts';
import { emptyReading, handMadeLineage, type HandMadeLineage } from './hand-made-lineage.ts';
import { inferFromProducts } from './infer-from-products.ts';
import { emptyFacts, type LineageFacts } from './model.ts';

const edges = (f: LineageFacts) => f.edges.map((e) => `${e.from.kind}:${e.from.name} -${e.kind}/${e.provenance}-> ${e.to.kind}:${e.to.name}`).sort();

function descriptor(over: Partial<ProductInput> & { status?: string } = {}): ProductDescriptor {
  return ProductDescriptor.parse({
    id: 'trading.orders',
    name: 'Orders',
    version: '1.2.0',
    domain: 'trading',
    owner: { team: 'Trading Platform', email: 'trading@example.com' },
    tier: 'gold',
    outputPorts: [{ topic: 'trading.orders.v1', schemaSubject: 'trading.orders.v1-value', format: 'AVRO' }],
    producers: ['order-gateway'],
    consumers: ['risk-engine', 'billing'],
    status: 'published',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-02T00:00:00Z',
    revision: 3,
    ...over,
  });
}

const snapshot = { topics: new Set(['trading.orders.v1', 'payments']), subjects: new Set(['trading.orders.v1-value', 'com.acme.Order']) };

describe('inference from data product descriptors', () => {
  it('draws the product publishing its port topics and the declared producers and consumers of them', () => {
    const facts = inferFromProducts([descriptor()], snapshot);
    expect(edges(facts)).toEqual([
      'group:order-gateway -produces/declared-> topic:trading.orders.v1',
      'product:trading.orders -publishes/declared-> topic:trading.orders.v1',
      'topic:trading.orders.v1 -consumes/declared-> group:billing',
      'topic:trading.orders.v1 -consumes/declared-> group:risk-engine',
    ]);
    expect(facts.nodes.find((n) => n.kind === 'product')).toEqual({
      kind: 'product',
      name: 'trading.orders',
      attrs: { name: 'Orders', status: 'published', tier: 'gold', domain: 'trading', version: '1.2.0' },
      owners: [{ team: 'Trading Platform', contact: 'trading@example.com', product: 'trading.orders' }],
    });
    expect(facts.nodes.find((n) => n.name === 'risk-engine')).toEqual({ kind: 'group', name: 'risk-engine', attrs: { declaredConsumerOf: 'trading.orders' } });
  });

  it('puts the owner on the port topic and its schema subject, so impact can say who to e-mail', () => {
    const facts = inferFromProducts([descriptor()], snapshot);
    const owner = { team: 'Trading Platform', contact: 'trading@example.com', product: 'trading.orders' };
    expect(facts.nodes.find((n) => n.kind === 'topic')).toEqual({ kind: 'topic', name: 'trading.orders.v1', owners: [owner], attrs: { product: 'trading.orders', domain: 'trading' } });
    expect(facts.nodes.find((n) => n.kind === 'subject')).toMatchObject({ name: 'trading.orders.v1-value', owners: [owner] });
  });

  it('links a declared subject outside TopicNameStrategy to its topic', () => {
    const facts = inferFromProducts([descriptor({ outputPorts: [{ topic: 'trading.orders.v1', schemaSubject: 'com.acme.Order', key: '', format: 'AVRO' }], producers: [], consumers: [] })], snapshot);
    expect(edges(facts)).toContain('subject:com.acme.Order -has-schema/declared-> topic:trading.orders.v1');
  });

  it('leaves a port topic missing from the snapshot undescribed, and skips retired products', () => {
    const facts = inferFromProducts([descriptor({ outputPorts: [{ topic: 'not.created.yet', schemaSubject: '', key: '', format: 'JSON' }], producers: [], consumers: [] }), descriptor({ id: 'old.thing', status: 'retired' })], snapshot);
    expect(edges(facts)).toEqual(['product:trading.orders -publishes/declared-> topic:not.created.yet']);
    expect(facts.nodes.map((n) => n.kind)).toEqual(['product']);
  });

  it('lists every product that declares the same application on its node', () => {
    const facts = inferFromProducts([descriptor(), descriptor({ id: 'trading.fills', outputPorts: [{ topic: 'payments', schemaSubject: '', key: '', format: 'JSON' }], consumers: ['billing'], producers: [] })], snapshot);
    expect(facts.nodes.find((n) => n.name === 'billing')!.attrs).toEqual({ declaredConsumerOf: 'trading.orders, trading.fills' });
  });
});

describe('declared lineage through a sync', () => {
  let lineage: HandMadeLineage;
  afterEach(() => lineage?.close());

  it('answers impact of a product port with the declared consumer and the owner to e-mail', async () => {
    lineage = handMadeLineage();
    const d = descriptor();
    lineage.db
      .prepare('INSERT INTO products (profile_id, id, descriptor, name, domain, tier, status, revision, updated_at, updated_by, fold_generation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)')
      .run(lineage.profileId, d.id, JSON.stringify(d), d.name, d.domain, d.tier, d.status, d.revision, d.updatedAt, d.updatedBy);
    const reading = { ...emptyReading(), topics: [{ name: 'trading.orders.v1', internal: false, replicationFactor: 1, configs: [], partitions: [] }] };
    lineage.sync(emptyFacts(), reading);
    const result = await lineage.call('lineage.impact', { profileId: lineage.profileId, node: { kind: 'product', name: 'trading.orders' } });
    expect(result.nodes.map((n) => `${n.depth} ${n.kind}:${n.name}`)).toEqual(['1 topic:trading.orders.v1', '2 group:billing', '2 group:risk-engine']);
    expect(result.nodes[0]!.owners).toEqual([{ team: 'Trading Platform', contact: 'trading@example.com', product: 'trading.orders' }]);
    expect(result.csv).toContain('1,topic,trading.orders.v1,Trading Platform,trading@example.com');
    const graph = await lineage.call('lineage.graph', { profileId: lineage.profileId });
    expect(graph.sources.find((s) => s.name === 'products')).toMatchObject({ nodes: 5, edges: 4, error: null });
    expect(graph.sources.find((s) => s.name === 'acls')).toMatchObject({ error: null, note: 'ACLs were not read in this sync' });
  });
});
