// What the products pages read from the cache: the folded products, their events, skipped-record warnings
// and access requests of one profile.
import type { Db } from '../cache/open-cache.ts';
import { TributaryError } from '../errors.ts';
import type { ProductSummary } from '../contract.ts';
import type { ProductDescriptor } from './descriptor.ts';
import type { ProductEvent } from './events.ts';

export interface ProductFilter {
  domain?: string;
  tier?: string;
  status?: string;
  q?: string;
}

/** The products of a profile that a filter keeps: facets exactly, the text anywhere in the id, name, domain or descriptor. */
const FILTER = `profile_id = @profileId
  AND (@domain IS NULL OR domain = @domain) AND (@tier IS NULL OR tier = @tier) AND (@status IS NULL OR status = @status)
  AND (@q = '' OR instr(lower(id || ' ' || name || ' ' || domain || ' ' || descriptor), lower(@q)) > 0)`;
const filterParams = (profileId: string, f: ProductFilter) => ({ profileId, domain: f.domain ?? null, tier: f.tier ?? null, status: f.status ?? null, q: f.q ?? '' });

export interface AccessRequestRow {
  id: string;
  productId: string;
  principal: string;
  purpose: string;
  expectedThroughput: string;
  state: 'pending' | 'approved' | 'denied';
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  acls: string | null;
}

export class ProductStore {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  list(profileId: string, f: ProductFilter = {}): ProductDescriptor[] {
    const rows = this.db
      .prepare(`SELECT descriptor FROM products WHERE ${FILTER} ORDER BY domain, name`)
      .pluck()
      .all(filterParams(profileId, f)) as string[];
    return rows.map((r) => JSON.parse(r) as ProductDescriptor);
  }

  /**
   * What the products list shows of each product, read from the cache's columns and the descriptor's JSON by
   * SQLite: parsing 50k whole descriptors in JavaScript to keep a dozen fields cost ~0.3 s.
   */
  summaries(profileId: string, f: ProductFilter = {}): ProductSummary[] {
    const rows = this.db
      .prepare(
        `SELECT id, name, descriptor ->> '$.version' AS version, domain, descriptor ->> '$.owner.team' AS owner_team, tier, status, revision, updated_at, updated_by,
                (SELECT json_group_array(port.value ->> '$.topic') FROM json_each(descriptor, '$.outputPorts') AS port) AS topics, coalesce(descriptor -> '$.tags', '[]') AS tags
         FROM products WHERE ${FILTER} ORDER BY domain, name`,
      )
      .all(filterParams(profileId, f)) as Array<{ id: string; name: string; version: string; domain: string; owner_team: string; tier: ProductSummary['tier']; status: ProductSummary['status']; revision: number; updated_at: string; updated_by: string; topics: string; tags: string }>;
    return rows.map((r) => ({
      profileId,
      id: r.id,
      name: r.name,
      version: r.version,
      domain: r.domain,
      ownerTeam: r.owner_team,
      tier: r.tier,
      status: r.status,
      revision: r.revision,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
      topics: JSON.parse(r.topics) as string[],
      tags: JSON.parse(r.tags) as string[],
    }));
  }

  find(profileId: string, id: string): ProductDescriptor | null {
    const row = this.db.prepare('SELECT descriptor FROM products WHERE profile_id = ? AND id = ?').pluck().get(profileId, id) as string | undefined;
    return row ? (JSON.parse(row) as ProductDescriptor) : null;
  }

  get(profileId: string, id: string): ProductDescriptor {
    const found = this.find(profileId, id);
    if (!found) throw new TributaryError('NotFound', `Product "${id}" is not in the mesh registry of this cluster — it was never published, or was unpublished`);
    return found;
  }

  events(profileId: string, opts: { productId?: string; types?: string[]; limit: number }): ProductEvent[] {
    const rows = this.db
      .prepare(
        `SELECT id, type, product_id, actor, at, reason, details FROM product_events
         WHERE profile_id = @profileId AND (@productId IS NULL OR product_id = @productId)
           AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
         ORDER BY partition DESC, offset DESC LIMIT @limit`,
      )
      .all({ profileId, productId: opts.productId ?? null, types: opts.types ? JSON.stringify(opts.types) : null, limit: opts.limit }) as Array<{ id: string; type: string; product_id: string; actor: string; at: string; reason: string | null; details: string }>;
    return rows.map((r) => ({ id: r.id, type: r.type, productId: r.product_id, actor: r.actor, at: r.at, ...(r.reason !== null ? { reason: r.reason } : {}), details: JSON.parse(r.details) as Record<string, unknown> }));
  }

  /** The profile's skipped records (those of one key when given), in log order, at most `limit`. */
  warnings(profileId: string, key?: string, limit = -1) {
    const rows = this.db
      .prepare('SELECT topic, partition, offset, key, message, seen_at FROM registry_warnings WHERE profile_id = ? AND (? IS NULL OR key = ?) ORDER BY topic, partition, CAST(offset AS INTEGER) LIMIT ?')
      .all(profileId, key ?? null, key ?? null, limit) as Array<{ topic: string; partition: number; offset: string; key: string | null; message: string; seen_at: string }>;
    return rows.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.offset, key: r.key, message: r.message, seenAt: r.seen_at }));
  }

  warningCount(profileId: string): number {
    return this.db.prepare('SELECT count(*) FROM registry_warnings WHERE profile_id = ?').pluck().get(profileId) as number;
  }

  lastFoldedAt(profileId: string): string | null {
    return (this.db.prepare('SELECT last_folded_at FROM registry_folds WHERE profile_id = ?').pluck().get(profileId) as string | null | undefined) ?? null;
  }

  accessRequests(profileId: string, opts: { productId?: string; state?: string; id?: string } = {}): AccessRequestRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM access_requests WHERE profile_id = @profileId AND (@productId IS NULL OR product_id = @productId)
           AND (@state IS NULL OR state = @state) AND (@id IS NULL OR id = @id) ORDER BY requested_at DESC`,
      )
      .all({ profileId, productId: opts.productId ?? null, state: opts.state ?? null, id: opts.id ?? null }) as Array<Record<string, string | null>>;
    return rows.map((r) => ({
      id: r.id!,
      productId: r.product_id!,
      principal: r.principal!,
      purpose: r.purpose!,
      expectedThroughput: r.expected_throughput!,
      state: r.state as AccessRequestRow['state'],
      requestedBy: r.requested_by!,
      requestedAt: r.requested_at!,
      decidedBy: r.decided_by ?? null,
      decidedAt: r.decided_at ?? null,
      reason: r.reason ?? null,
      acls: r.acls ?? null,
    }));
  }
}
