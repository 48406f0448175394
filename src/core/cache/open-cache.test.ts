import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCache } from './open-cache.ts';
import { migrations } from './migrations.ts';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-cache-'));
  dirs.push(dir);
  return path.join(dir, 'tributary.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('openCache', () => {
  it('applies every migration once, in WAL mode with foreign keys on', () => {
    const file = tempFile();
    const first = openCache(file);
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.db.pragma('foreign_keys', { simple: true })).toBe(1);
    first.db.close();
    const again = openCache(file);
    const versions = again.db.prepare('SELECT version FROM schema_migrations').pluck().all();
    expect(versions).toEqual(migrations.map((m) => m.version));
    expect(again.notice).toBeNull();
    again.db.close();
  });

  it('moves a damaged cache aside, keeps it, and opens a fresh one with a notice', () => {
    const file = tempFile();
    fs.writeFileSync(file, 'this is not a database at all, just text that someone saved over it'.repeat(100));
    const opened = openCache(file);
    expect(opened.notice).toMatch(/was damaged .* It was kept as .*tributary\.db\.damaged-.* sync your clusters again/);
    const kept = fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.damaged-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(path.dirname(file), kept[0]!), 'utf8')).toContain('not a database');
    expect(opened.db.prepare('SELECT count(*) FROM profiles').pluck().get()).toBe(0);
    opened.db.close();
  });

  it('refuses a cache written by a newer Tributary instead of guessing', () => {
    const file = tempFile();
    const { db } = openCache(file);
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'x')").run();
    db.close();
    expect(() => openCache(file)).toThrow(/written by a newer Tributary \(schema 999/);
    expect(fs.existsSync(file)).toBe(true);
  });
});
