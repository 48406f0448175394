import { describe, expect, it } from 'vitest';
import { openCache } from '../cache/open-cache.ts';
import { ProfileStore } from '../cluster/profiles.ts';
import { ProfileInput } from '../contract.ts';
import { ProductInput, type ProductDescriptor } from './descriptor.ts';
import { newEvent } from './events.ts';
import { DEFAULT_REGISTRY_TOPICS as T, ProductFold, type RegistryRecord } from './fold.ts';
import { ProductStore } from './product-store.ts';

const now = '2025-06-01T10:00:00.000Z';
function descriptor(id: string, revision = 1, extra: Partial<ProductDescriptor> = {}): ProductDescriptor {
  return {
    ...ProductInput.parse({ id, name: `Product ${id}`, domain: 'trading', owner: { team: 'T', email: 't@example.com' }, outputPorts: [{ topic: `${id}.v1` }] }),
    status: 'published',
    createdAt: now,
    updatedAt: now,
    updatedBy: 'alice@desk',
    revision,
    ...extra,
  };
}

function setup() {
  const { db } = openCache(':memory:');
  const profile = new ProfileStore(db).save(ProfileInput.parse({ name: 'local', bootstrap: 'b:9092' }));
  return { db, fold: new ProductFold(db, profile.id), store: new ProductStore(db), profileId: profile.id };
}

let offset = 0;
const product = (key: string | null, value: string | null): RegistryRecord => ({ topic: T.products, partition: 0, offset: String(offset++), key, value });
const event = (value: string): RegistryRecord => ({ topic: T.events, partition: 0, offset: String(offset++), key: null, value });

describe('folding the mesh registry', () => {
  it('skips records that are not JSON or not valid descriptors, keeps a warning for each, and folds the rest', () => {
    const { fold, store, profileId } = setup();
    fold.apply([
      product('a', JSON.stringify(descriptor('a'))),
      product('b', '{not json'),
      product('c', JSON.stringify({ ...descriptor('c'), version: 'one', owner: { team: '' } })),
      product('d', JSON.stringify(descriptor('other-id'))),
      product(null, JSON.stringify(descriptor('e'))),
      product('f', JSON.stringify(descriptor('f'))),
      event('garbage'),
    ]);
    expect(store.list(profileId).map((p) => p.id)).toEqual(['a', 'f']);
    const warnings = store.warnings(profileId);
    expect(warnings).toHaveLength(5);
    expect(warnings.find((w) => w.key === 'b')!.message).toMatch(/not JSON/);
    expect(warnings.find((w) => w.key === 'c')!.message).toMatch(/version: .*MAJOR\.MINOR\.PATCH.*owner\.team/);
    expect(warnings.find((w) => w.key === 'd')!.message).toMatch(/differs from the descriptor's id "other-id"/);
    expect(warnings.find((w) => w.topic === T.events)!.message).toMatch(/event that is not JSON/);
  });

  it('replaces a product by its newer record and deletes it on a tombstone', () => {
    const { fold, store, profileId } = setup();
    fold.apply([product('a', JSON.stringify(descriptor('a'))), product('a', JSON.stringify(descriptor('a', 2, { version: '1.1.0' })))]);
    expect(store.get(profileId, 'a')).toMatchObject({ revision: 2, version: '1.1.0' });
    fold.apply([product('a', null)]);
    expect(store.find(profileId, 'a')).toBeNull();
  });

  it('drops products a full re-read no longer finds (compacted away on the cluster)', () => {
    const { fold, store, profileId } = setup();
    fold.beginRebuild();
    fold.apply([product('a', JSON.stringify(descriptor('a'))), product('b', JSON.stringify(descriptor('b')))]);
    fold.finishRebuild();
    fold.beginRebuild();
    fold.apply([product('b', JSON.stringify(descriptor('b')))]);
    fold.finishRebuild();
    expect(store.list(profileId).map((p) => p.id)).toEqual(['b']);
  });

  it('keeps each event once and follows an access request from requested to granted', () => {
    const { fold, store, profileId } = setup();
    const requested = newEvent('access-requested', 'a', 'bob@desk', { requestId: 'r1', principal: 'User:bob', purpose: 'risk', expectedThroughput: '10 msg/s' });
    const granted = newEvent('access-granted', 'a', 'alice@desk', { requestId: 'r1', acls: 'no-authorizer: …' }, 'ok for risk');
    fold.apply([event(JSON.stringify(requested)), event(JSON.stringify(requested)), event(JSON.stringify(granted))]);
    expect(store.events(profileId, { limit: 10 }).map((e) => e.type)).toEqual(['access-granted', 'access-requested']);
    expect(store.accessRequests(profileId)).toEqual([expect.objectContaining({ id: 'r1', state: 'approved', principal: 'User:bob', decidedBy: 'alice@desk', reason: 'ok for risk' })]);
  });

  it('applies access decisions in log order even when their ids sort the other way', () => {
    const { fold, store, profileId } = setup();
    const requested = { ...newEvent('access-requested', 'a', 'bob@desk', { requestId: 'r2', principal: 'User:bob', purpose: 'risk', expectedThroughput: '' }), id: 'z-requested' };
    const denied = { ...newEvent('access-denied', 'a', 'alice@desk', { requestId: 'r2' }, 'not yet'), id: 'm-denied' };
    const granted = { ...newEvent('access-granted', 'a', 'carol@desk', { requestId: 'r2', acls: 'User:bob READ' }, 'approved after review'), id: 'a-granted' };
    // The same id again later in the batch: the first record of an id is the one kept.
    const replayed = { ...denied, actor: 'mallory@desk' };
    fold.apply([event(JSON.stringify(requested)), event(JSON.stringify(denied)), event(JSON.stringify(granted)), event(JSON.stringify(replayed))]);
    expect(store.accessRequests(profileId)).toEqual([expect.objectContaining({ id: 'r2', state: 'approved', decidedBy: 'carol@desk', reason: 'approved after review' })]);
    expect(store.events(profileId, { limit: 10 }).map((e) => `${e.type} by ${e.actor}`)).toEqual(['access-granted by carol@desk', 'access-denied by alice@desk', 'access-requested by bob@desk']);
  });

  it('keeps each event once when a first read from offset 0 fills an empty cache over several batches, and a re-read adds none', () => {
    const { db, fold, store, profileId } = setup();
    const requested = newEvent('access-requested', 'a', 'bob@desk', { requestId: 'r3', principal: 'User:bob', purpose: 'risk', expectedThroughput: '' });
    const denied = newEvent('access-denied', 'a', 'alice@desk', { requestId: 'r3' }, 'not yet');
    const log = [event(JSON.stringify(requested)), event(JSON.stringify(requested)), event(JSON.stringify(denied)), event(JSON.stringify({ ...denied, actor: 'mallory@desk' }))];
    fold.beginRebuild();
    fold.apply(log.slice(0, 3));
    fold.apply(log.slice(3));
    fold.finishRebuild();
    const afterFirst = store.events(profileId, { limit: 10 }).map((e) => `${e.type} by ${e.actor}`);
    expect(afterFirst).toEqual(['access-denied by alice@desk', 'access-requested by bob@desk']);
    expect(store.accessRequests(profileId)).toEqual([expect.objectContaining({ id: 'r3', state: 'denied', decidedBy: 'alice@desk' })]);
    const again = new ProductFold(db, profileId);
    again.beginRebuild();
    again.apply(log);
    again.finishRebuild();
    expect(store.events(profileId, { limit: 10 }).map((e) => `${e.type} by ${e.actor}`)).toEqual(afterFirst);
  });

  it('keeps each event once when a first read stopped midway and the next start reads from offset 0 again', () => {
    const { db, fold, store, profileId } = setup();
    const log = [event(JSON.stringify(newEvent('published', 'a', 'alice@desk'))), event(JSON.stringify(newEvent('updated', 'a', 'alice@desk')))];
    fold.beginRebuild();
    fold.apply(log.slice(0, 1));
    for (const restarted of [fold, new ProductFold(db, profileId)]) {
      restarted.beginRebuild();
      restarted.apply(log);
      restarted.finishRebuild();
    }
    expect(store.events(profileId, { limit: 10 }).map((e) => e.type)).toEqual(['updated', 'published']);
  });

  it('keeps each new event once for a live profile while another profile fills an empty cache for the first time', () => {
    const { db, fold: live, store, profileId } = setup();
    live.beginRebuild();
    live.finishRebuild();
    const other = new ProfileStore(db).save(ProfileInput.parse({ name: 'other', bootstrap: 'c:9092' }));
    const filling = new ProductFold(db, other.id);
    filling.beginRebuild();
    const twice = JSON.stringify(newEvent('published', 'a', 'alice@desk'));
    live.apply([event(twice)]);
    live.apply([event(twice)]);
    filling.finishRebuild();
    expect(store.events(profileId, { limit: 10 })).toHaveLength(1);
  });

  it('keeps each event once per profile when two profiles fill an empty cache at the same time', () => {
    const { db, fold: first, store, profileId } = setup();
    const other = new ProfileStore(db).save(ProfileInput.parse({ name: 'other', bootstrap: 'c:9092' }));
    const second = new ProductFold(db, other.id);
    // The same event on both clusters (one mirrored from the other), read twice by each.
    const seen = JSON.stringify(newEvent('published', 'a', 'alice@desk'));
    first.beginRebuild();
    second.beginRebuild();
    first.apply([event(seen), event(seen)]);
    second.apply([event(seen)]);
    first.finishRebuild();
    second.apply([event(seen)]);
    second.finishRebuild();
    expect(store.events(profileId, { limit: 10 })).toHaveLength(1);
    expect(store.events(other.id, { limit: 10 })).toHaveLength(1);
  });
});

describe('finding products in Discover', () => {
  it('indexes folded products with domain, tier and status facets, and a sync of topics keeps them', async () => {
    const { searchIndex, rebuildSearchIndex } = await import('../catalog/search-index.ts');
    const { fold, profileId } = setup();
    fold.apply([product('trading.orders', JSON.stringify(descriptor('trading.orders', 1, { description: 'Every order accepted by the gateway', tier: 'gold' })))]);
    const hits = searchIndex(fold['db'], 'gateway', { kinds: ['product'], includeInternal: false, limit: 10 });
    expect(hits).toEqual([expect.objectContaining({ kind: 'product', ref: 'trading.orders', facets: { domain: 'trading', tier: 'gold', status: 'published' } })]);
    rebuildSearchIndex(fold['db'], profileId, 0);
    expect(searchIndex(fold['db'], 'gateway', { includeInternal: false, limit: 10 })).toHaveLength(1);
  });

  it('finds after a full read from offset 0 the newest record of each product, and no product deleted or compacted away', async () => {
    const { searchIndex } = await import('../catalog/search-index.ts');
    const { db, fold } = setup();
    const find = (q: string) => searchIndex(db, q, { kinds: ['product'], includeInternal: false, limit: 10 }).map((h) => `${h.ref} ${h.facets.status}`);
    fold.beginRebuild();
    fold.apply([product('risk.limits', JSON.stringify(descriptor('risk.limits', 1, { description: 'Limits per desk' })))]);
    fold.finishRebuild();
    fold.beginRebuild();
    fold.apply([
      product('trading.orders', JSON.stringify(descriptor('trading.orders', 1, { description: 'Every order from the gateway' }))),
      product('trading.fills', JSON.stringify(descriptor('trading.fills', 1, { description: 'Fills from the gateway' }))),
      product('trading.orders', JSON.stringify(descriptor('trading.orders', 2, { description: 'Every order from the gateway', status: 'deprecated' }))),
    ]);
    fold.apply([product('trading.fills', null), product('trading.fills', '{broken')]);
    fold.finishRebuild();
    expect(find('gateway')).toEqual(['trading.orders deprecated']);
    expect(find('limits')).toEqual([]);
  });
});
