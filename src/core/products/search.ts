// Discover finds products too: the fold rewrites the profile's product rows of the FTS index (kind 'product',
// facets domain/tier/status) whenever it applies records, so search follows the registry, not the last sync.
import type { Db } from '../cache/open-cache.ts';
import type { ProductDescriptor } from './descriptor.ts';

export function reindexProducts(db: Db, profileId: string): void {
  db.prepare("DELETE FROM search_index WHERE profile_id = ? AND kind = 'product'").run(profileId);
  const insert = db.prepare("INSERT INTO search_index (profile_id, snapshot_id, kind, ref, facets, title, body) VALUES (?, 0, 'product', ?, ?, ?, ?)");
  const rows = db.prepare('SELECT descriptor FROM products WHERE profile_id = ?').pluck().all(profileId) as string[];
  for (const row of rows) {
    const d = JSON.parse(row) as ProductDescriptor;
    const body = [d.id, d.description, d.domain, d.owner.team, d.owner.email, ...d.tags, ...d.outputPorts.flatMap((p) => [p.topic, p.schemaSubject]), ...d.classification.piiFields].filter(Boolean).join(' ');
    insert.run(profileId, d.id, JSON.stringify({ domain: d.domain, tier: d.tier, status: d.status }), d.name, body);
  }
}
