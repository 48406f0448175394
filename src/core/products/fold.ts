// Folds the mesh registry topics into the cache: each record of the products topic replaces (or, as a
// tombstone, deletes) its product; each record of the events topic is kept once and updates the access
// requests it concerns. A record that is not JSON or not valid is skipped and kept as a warning — one bad
// record never stops the fold. Pure over the database, so it is tested without a broker.
import type { Db } from '../cache/open-cache.ts';
import type { ProductDescriptor } from './descriptor.ts';
import { readEvent, type ProductEvent } from './events.ts';
import { readDescriptor } from './read-descriptor.ts';
import { reindexProducts } from './search.ts';

export interface RegistryTopics {
  products: string;
  events: string;
}

export const DEFAULT_REGISTRY_TOPICS: RegistryTopics = { products: '_tributary.products', events: '_tributary.events' };

export interface RegistryRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
}

const text = (b: Buffer | string | null): string | null => (b === null ? null : typeof b === 'string' ? b : b.toString('utf8'));

function prepareFoldStatements(db: Db) {
  return {
    warn: db.prepare('INSERT OR REPLACE INTO registry_warnings (profile_id, topic, partition, offset, key, message, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    anyWarning: db.prepare('SELECT 1 FROM registry_warnings WHERE profile_id = ? LIMIT 1'),
    clearWarning: db.prepare('DELETE FROM registry_warnings WHERE profile_id = ? AND topic = ? AND partition = ? AND offset = ?'),
    deleteProduct: db.prepare('DELETE FROM products WHERE profile_id = ? AND id = ?'),
    upsert: db.prepare(
      `INSERT INTO products (profile_id, id, descriptor, name, domain, tier, status, revision, updated_at, updated_by, fold_generation)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(profile_id, id) DO UPDATE SET descriptor = excluded.descriptor, name = excluded.name, domain = excluded.domain, tier = excluded.tier,
           status = excluded.status, revision = excluded.revision, updated_at = excluded.updated_at, updated_by = excluded.updated_by, fold_generation = excluded.fold_generation`,
    ),
    insertEvent: db.prepare('INSERT OR IGNORE INTO product_events (profile_id, id, partition, offset, type, product_id, actor, at, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    requestAccess: db.prepare(
      `INSERT OR IGNORE INTO access_requests (profile_id, id, product_id, principal, purpose, expected_throughput, state, requested_by, requested_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    ),
    decideAccess: db.prepare('UPDATE access_requests SET state = ?, decided_by = ?, decided_at = ?, reason = ?, acls = ? WHERE profile_id = ? AND id = ?'),
  };
}

/** The indexes of migration 10, the same definitions: each event id once, and events of one product in log order. */
function ensureEventIndexes(db: Db): void {
  db.exec('CREATE UNIQUE INDEX IF NOT EXISTS product_events_by_id ON product_events(profile_id, id)');
  db.exec('CREATE INDEX IF NOT EXISTS product_events_by_product ON product_events(profile_id, product_id, partition, offset)');
}

interface ValidEvent {
  r: RegistryRecord;
  e: ProductEvent;
  inserted: boolean;
}

export class ProductFold {
  private readonly db: Db;
  readonly profileId: string;
  readonly topics: RegistryTopics;
  private generation: number;
  private rebuilding = false;
  private warningsKnown = true;
  /** Event ids kept so far while filling a profile's empty events table: the unique index may be dropped then. */
  private freshEventIds: Set<string> | null = null;
  /** The products a full read has folded so far, by id: what the search index is rebuilt from at its end. */
  private rebuilt = new Map<string, ProductDescriptor>();
  /** Whether products of an earlier read were cached when this read began: finishRebuild drops those not seen again. */
  private staleProducts = true;
  // Prepared once: preparing per record cost more than the fold's own work (bench/products.bench.ts).
  private readonly sql: ReturnType<typeof prepareFoldStatements>;

  constructor(db: Db, profileId: string, topics: RegistryTopics = DEFAULT_REGISTRY_TOPICS) {
    this.db = db;
    this.profileId = profileId;
    this.topics = topics;
    // A fold that stopped between beginRebuild() and finishRebuild() left the indexes dropped.
    ensureEventIndexes(db);
    this.sql = prepareFoldStatements(db);
    const row = db.prepare('SELECT generation FROM registry_folds WHERE profile_id = ?').get(profileId) as { generation: number } | undefined;
    this.generation = row?.generation ?? 0;
  }

  /** Starts a read from offset 0: products not seen again before finishRebuild() are gone from the cluster. */
  beginRebuild(): void {
    this.rebuilding = true;
    this.rebuilt = new Map();
    // A first read (no products cached) has nothing to drop at its end: skip scanning the products it just wrote.
    this.staleProducts = this.db.prepare('SELECT 1 FROM products WHERE profile_id = ? LIMIT 1').get(this.profileId) !== undefined;
    // Filling an empty events table (a first connect), its indexes are built once at the end: sorting all rows
    // at once costs a fraction of inserting each into them at a random place (200k events: ~1.2 s). Meanwhile
    // the fold keeps ids unique itself. Another profile's rows may be there (its fold dropped the indexes
    // too): this profile has none, so its own ids are all that can repeat.
    if (this.db.prepare('SELECT 1 FROM product_events LIMIT 1').get() === undefined) {
      this.db.exec('DROP INDEX IF EXISTS product_events_by_id');
      this.db.exec('DROP INDEX IF EXISTS product_events_by_product');
    }
    const fresh = this.db.prepare('SELECT 1 FROM product_events WHERE profile_id = ? LIMIT 1').get(this.profileId) === undefined;
    this.freshEventIds = fresh ? new Set() : null;
    this.generation += 1;
    this.db.prepare('INSERT INTO registry_folds (profile_id, generation) VALUES (?, ?) ON CONFLICT(profile_id) DO UPDATE SET generation = excluded.generation').run(this.profileId, this.generation);
  }

  finishRebuild(): void {
    this.db.transaction(() => {
      if (this.staleProducts) this.db.prepare('DELETE FROM products WHERE profile_id = ? AND fold_generation < ?').run(this.profileId, this.generation);
      ensureEventIndexes(this.db);
      reindexProducts(this.db, this.profileId, [...this.rebuilt.values()]);
      this.touch();
    })();
    this.rebuilding = false;
    this.rebuilt = new Map();
    this.freshEventIds = null;
  }

  touch(): void {
    this.db.prepare('UPDATE registry_folds SET last_folded_at = ? WHERE profile_id = ?').run(new Date().toISOString(), this.profileId);
  }

  /** Applies records in log order, in one transaction. */
  apply(records: RegistryRecord[]): void {
    if (!records.length) return;
    this.warningsKnown = this.sql.anyWarning.get(this.profileId) !== undefined;
    this.db.transaction(() => {
      const events: ValidEvent[] = [];
      for (const r of records) {
        if (r.topic === this.topics.products) this.applyProduct(r);
        else if (r.topic === this.topics.events) {
          const valid = this.validEvent(r);
          if (valid) events.push(valid);
        }
      }
      this.insertEvents(events);
      // A rebuild reindexes once at its end: per batch, 50k products would be rewritten fifty times over.
      if (!this.rebuilding && records.some((r) => r.topic === this.topics.products)) reindexProducts(this.db, this.profileId);
    })();
  }

  private warn(r: RegistryRecord, message: string): void {
    this.warningsKnown = true;
    this.sql.warn.run(this.profileId, r.topic, r.partition, r.offset, text(r.key), message, new Date().toISOString());
  }

  private clearWarning(r: RegistryRecord): void {
    // Most folds have no warnings at all; skip a delete per record then.
    if (!this.warningsKnown) return;
    this.sql.clearWarning.run(this.profileId, r.topic, r.partition, r.offset);
  }

  private applyProduct(r: RegistryRecord): void {
    const key = text(r.key);
    const value = text(r.value);
    if (key === null) return this.warn(r, 'skipped: a product record without a key (the key is the product id)');
    if (value === null) {
      this.sql.deleteProduct.run(this.profileId, key);
      this.rebuilt.delete(key);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      return this.warn(r, `skipped: the value of product "${key.slice(0, 200)}" is not JSON (${value.slice(0, 40).replace(/\s+/g, ' ')}…)`);
    }
    const result = readDescriptor(json);
    if (!result.ok) return this.warn(r, `skipped: product "${key.slice(0, 200)}" is not a valid descriptor — ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    const d = result.value;
    if (d.id !== key) return this.warn(r, `skipped: the record key "${key.slice(0, 200)}" differs from the descriptor's id "${d.id}"`);
    this.clearWarning(r);
    this.upsert(d);
  }

  private upsert(d: ProductDescriptor): void {
    if (this.rebuilding) this.rebuilt.set(d.id, d);
    this.sql.upsert.run(this.profileId, d.id, JSON.stringify(d), d.name, d.domain, d.tier, d.status, d.revision, d.updatedAt, d.updatedBy, this.generation);
  }

  private validEvent(r: RegistryRecord): ValidEvent | null {
    const value = text(r.value);
    if (value === null) {
      this.warn(r, 'skipped: an event without a value');
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      this.warn(r, `skipped: an event that is not JSON (${value.slice(0, 40).replace(/\s+/g, ' ')}…)`);
      return null;
    }
    const parsed = readEvent(json);
    if (!parsed.ok) {
      this.warn(r, `skipped: not a valid event — ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
      return null;
    }
    this.clearWarning(r);
    return { r, e: parsed.value, inserted: false };
  }

  /**
   * Keeps each event once (the first record of an id wins) and applies the new ones to access requests in log
   * order. Into an indexed table rows go sorted by id: event ids are random UUIDs, and inserting them in key
   * order touches each index page once per batch instead of once per row.
   */
  private insertEvents(events: ValidEvent[]): void {
    if (!events.length) return;
    const fresh = this.freshEventIds;
    // Otherwise INSERT OR IGNORE keeps ids unique, with the index another profile's first read may have dropped.
    if (!fresh) ensureEventIndexes(this.db);
    // A stable sort: of two records with one id, the earlier in the log is still inserted first.
    const ordered = fresh ? events : events.slice().sort((a, b) => (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0));
    for (const v of ordered) {
      const { r, e } = v;
      if (fresh) {
        if (fresh.has(e.id)) continue;
        fresh.add(e.id);
      }
      v.inserted = this.sql.insertEvent.run(this.profileId, e.id, r.partition, Number(r.offset), e.type, e.productId, e.actor, e.at, e.reason ?? null, JSON.stringify(e.details)).changes > 0;
    }
    for (const v of events) if (v.inserted) this.applyAccess(v.e);
  }

  private applyAccess(e: ProductEvent): void {
    const d = e.details;
    const requestId = typeof d.requestId === 'string' ? d.requestId : null;
    if (!requestId) return;
    if (e.type === 'access-requested') {
      this.sql.requestAccess.run(this.profileId, requestId, e.productId, String(d.principal ?? ''), String(d.purpose ?? ''), String(d.expectedThroughput ?? ''), e.actor, e.at);
    } else if (e.type === 'access-granted' || e.type === 'access-denied') {
      this.sql.decideAccess.run(e.type === 'access-granted' ? 'approved' : 'denied', e.actor, e.at, e.reason ?? null, typeof d.acls === 'string' ? d.acls : null, this.profileId, requestId);
    }
  }
}
