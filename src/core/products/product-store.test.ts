import { describe, expect, it } from 'vitest';
import { openCache } from '../cache/open-cache.ts';
import { ProfileStore } from '../cluster/profiles.ts';
import { ProfileInput } from '../contract.ts';
import { ProductInput, type ProductDescriptor } from './descriptor.ts';
import { DEFAULT_REGISTRY_TOPICS as T, ProductFold } from './fold.ts';
import { ProductStore } from './product-store.ts';

const at = '2025-06-01T10:00:00.000Z';
function descriptor(id: string, domain: string, extra: Record<string, unknown> = {}): ProductDescriptor {
  return {
    ...ProductInput.parse({ id, name: `Product ${id}`, domain, owner: { team: `${domain} team`, email: 't@example.com' }, outputPorts: [{ topic: `${id}.v1` }], ...extra }),
    status: 'published',
    createdAt: at,
    updatedAt: at,
    updatedBy: 'alice@desk',
    revision: 3,
  };
}

describe('the products list', () => {
  it('gives each product the same summary as its whole descriptor does, in domain and name order, filtered alike', () => {
    const { db } = openCache(':memory:');
    const profileId = new ProfileStore(db).save(ProfileInput.parse({ name: 'local', bootstrap: 'b:9092' })).id;
    const products = [
      descriptor('trading.orders', 'trading', { tags: ['orders', 'pii'], version: '2.1.0', outputPorts: [{ topic: 'trading.orders.v1' }, { topic: 'trading.orders.v2' }] }),
      descriptor('payments.refunds', 'payments', { description: 'Refunds "quoted", with ünïcode' }),
      descriptor('trading.fills', 'trading', { tier: 'gold' }),
    ];
    new ProductFold(db, profileId).apply(products.map((d, i) => ({ topic: T.products, partition: 0, offset: String(i), key: d.id, value: JSON.stringify(d) })));
    const store = new ProductStore(db);
    const fromDescriptors = (list: ProductDescriptor[]) =>
      list.map((d) => ({ profileId, id: d.id, name: d.name, version: d.version, domain: d.domain, ownerTeam: d.owner.team, tier: d.tier, status: d.status, revision: d.revision, updatedAt: d.updatedAt, updatedBy: d.updatedBy, topics: d.outputPorts.map((p) => p.topic), tags: d.tags }));

    expect(store.summaries(profileId).map((s) => s.id)).toEqual(['payments.refunds', 'trading.fills', 'trading.orders']);
    expect(store.summaries(profileId)).toEqual(fromDescriptors(store.list(profileId)));
    expect(store.summaries(profileId)[2]).toMatchObject({ version: '2.1.0', topics: ['trading.orders.v1', 'trading.orders.v2'], tags: ['orders', 'pii'], ownerTeam: 'trading team' });
    for (const filter of [{ domain: 'trading' }, { tier: 'gold' as const }, { q: 'ÜNÏCODE' }, { q: 'refunds' }, { status: 'draft' as const }]) {
      expect(store.summaries(profileId, filter)).toEqual(fromDescriptors(store.list(profileId, filter)));
    }
  });
});
