// Discover finds products too: the fold rewrites the profile's product rows of the FTS index (kind 'product',
// facets domain/tier/status) whenever it applies records, so search follows the registry, not the last sync.
import type { Db } from '../cache/open-cache.ts';
import type { ProductDescriptor } from './descriptor.ts';

const byId = (a: ProductDescriptor, b: ProductDescriptor) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Rows a full read has folded and not yet written, per cache and profile (see reindexProductsSoon). */
const pendingRows = new WeakMap<Db, Map<string, ProductDescriptor[]>>();

/**
 * Rewrites the profile's product rows from its folded products, in id order. A full read from offset 0 passes
 * the descriptors it just validated (exactly the profile's products then): reading 50k back from the cache
 * and parsing their JSON again cost ~0.3 s.
 */
export function reindexProducts(db: Db, profileId: string, folded?: ProductDescriptor[]): void {
  // Rows written now supersede any a full read left pending: those are older.
  pendingRows.get(db)?.delete(profileId);
  db.prepare("DELETE FROM search_index WHERE profile_id = ? AND kind = 'product'").run(profileId);
  const insert = db.prepare("INSERT INTO search_index (profile_id, snapshot_id, kind, ref, facets, title, body) VALUES (?, 0, 'product', ?, ?, ?, ?)");
  // Product ids are ASCII (ProductId), so JavaScript's order is the cache's BINARY order.
  const products = folded ? folded.slice().sort(byId) : (db.prepare('SELECT descriptor FROM products WHERE profile_id = ? ORDER BY id').pluck().all(profileId) as string[]).map((row) => JSON.parse(row) as ProductDescriptor);
  for (const d of products) {
    const body = [d.id, d.description, d.domain, d.owner.team, d.owner.email, ...d.tags, ...d.outputPorts.flatMap((p) => [p.topic, p.schemaSubject]), ...d.classification.piiFields].filter(Boolean).join(' ');
    insert.run(profileId, d.id, JSON.stringify({ domain: d.domain, tier: d.tier, status: d.status }), d.name, body);
  }
}

/**
 * The end of a full read: its rows are written in the event loop's next turn, after the reply that waited for
 * the read (the first products page) — 50k products' rows cost a quarter of the read. A search first writes
 * any still pending (writePendingProductRows), so it never misses a folded product; so does closing.
 */
export function reindexProductsSoon(db: Db, profileId: string, folded: ProductDescriptor[]): void {
  let pending = pendingRows.get(db);
  if (!pending) pendingRows.set(db, (pending = new Map()));
  pending.set(profileId, folded);
  setImmediate(() => writePendingProductRows(db));
}

/** Writes the rows full reads left pending; what a search of products does first. */
export function writePendingProductRows(db: Db): void {
  const pending = pendingRows.get(db);
  if (!pending?.size || !db.open) return;
  for (const [profileId, folded] of pending) db.transaction(() => reindexProducts(db, profileId, folded))();
}
