import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheBefore } from '../cache/cache-before.ts';
import { openCache } from '../cache/open-cache.ts';
import { searchIndex } from './search-index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the search index after migration 11', () => {
  it('finds by prefix the entities a cache indexed before, without the prefix indexes it was written with', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-search-migration-'));
    dirs.push(dir);
    const file = path.join(dir, 'cache.db');
    const old = cacheBefore(file, 11);
    old.prepare("INSERT INTO profiles (id, name, bootstrap, created_at, updated_at) VALUES ('p', 'old', 'b:9092', '', '')").run();
    old.prepare("INSERT INTO search_index (profile_id, snapshot_id, kind, ref, facets, title, body, flags) VALUES ('p', 0, 'product', 'payments.refunds', '{\"domain\":\"payments\"}', 'Refunds', 'every refund issued', '')").run();
    old.prepare("INSERT INTO search_index (profile_id, snapshot_id, kind, ref, facets, title, body, flags) VALUES ('p', 1, 'topic', '_schemas', '{}', '_schemas', 'internal topic', 'internal')").run();
    expect(old.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_index'").pluck().get()).toMatch(/prefix/);
    old.close();

    const { db } = openCache(file);
    try {
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_index'").pluck().get()).not.toMatch(/prefix/);
      for (const typed of ['r', 're', 'refu', 'refunds']) expect(searchIndex(db, typed, { includeInternal: false, limit: 10 }).map((h) => h.ref)).toEqual(['payments.refunds']);
      expect(searchIndex(db, 'sch', { includeInternal: true, limit: 10 }).map((h) => h.ref)).toEqual(['_schemas']);
      expect(searchIndex(db, 'sch', { includeInternal: false, limit: 10 })).toEqual([]);
    } finally {
      db.close();
    }
  });
});
