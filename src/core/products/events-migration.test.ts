import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheBefore } from '../cache/cache-before.ts';
import { openCache } from '../cache/open-cache.ts';
import { ProductStore } from './product-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A cache file as a Tributary before migration 10 left it, with one folded event. */
function cacheBeforeMigration10(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-events-migration-'));
  dirs.push(dir);
  const file = path.join(dir, 'cache.db');
  const db = cacheBefore(file, 10);
  db.prepare("INSERT INTO profiles (id, name, bootstrap, created_at, updated_at) VALUES ('p1', 'local', 'b:9092', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')").run();
  db.prepare("INSERT INTO product_events (profile_id, id, partition, offset, type, product_id, actor, at, reason, details) VALUES ('p1', 'e1', 0, 7, 'access-denied', 'trading.orders', 'alice@desk', '2026-01-02T00:00:00Z', 'not yet', '{\"requestId\":\"r1\"}')").run();
  db.close();
  return file;
}

describe('the product events table after migration 10', () => {
  it('keeps the events a cache folded before, and still refuses the same event id twice for a profile', () => {
    const { db } = openCache(cacheBeforeMigration10());
    try {
      expect(new ProductStore(db).events('p1', { limit: 10 })).toEqual([{ id: 'e1', type: 'access-denied', productId: 'trading.orders', actor: 'alice@desk', at: '2026-01-02T00:00:00Z', reason: 'not yet', details: { requestId: 'r1' } }]);
      expect(() => db.prepare("INSERT INTO product_events (profile_id, id, partition, offset, type, product_id, actor, at, details) VALUES ('p1', 'e1', 0, 8, 'published', 'x', 'a', 't', '{}')").run()).toThrow(/UNIQUE/);
    } finally {
      db.close();
    }
  });
});
