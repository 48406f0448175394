import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCache } from './open-cache.ts';
import { migrations } from './migrations.ts';
import { ProfileStore } from '../cluster/profiles.ts';
import { ProfileInput } from '../contract.ts';

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

  it('recovers the connection profiles and sealed secrets from a damaged cache whose other pages are garbage', () => {
    const file = tempFile();
    const { db } = openCache(file);
    const profile = new ProfileStore(db).save(ProfileInput.parse({ name: 'prod', bootstrap: 'kafka-1:9092', label: 'prod' }));
    db.prepare("INSERT INTO vault_meta (id, salt, verifier) VALUES ('passphrase', x'01', x'02')").run();
    db.prepare("INSERT INTO secrets (profile_id, name, kind, sealed) VALUES (?, 'saslPassword', 'passphrase', x'0a0b')").run(profile.id);
    // a snapshot big enough to put many pages after the profiles
    const snapshot = db.prepare("INSERT INTO snapshots (profile_id, taken_at, duration_ms, cluster_id, controller_id) VALUES (?, 'now', 1, 'c', 1)").run(profile.id).lastInsertRowid;
    const topic = db.prepare('INSERT INTO topics (snapshot_id, name, partitions, replication_factor, internal, message_estimate) VALUES (?, ?, 1, 1, 0, 0)');
    db.transaction(() => {
      for (let i = 0; i < 5_000; i++) topic.run(snapshot, `topic-${i}-${'x'.repeat(60)}`);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096 * 8, 0xee), 0, 4096 * 8, size - 4096 * 8); // the last 8 pages
    fs.closeSync(fd);

    const opened = openCache(file);
    expect(opened.notice).toMatch(/was damaged .* sync your clusters again to refill it\. Your connection profile was recovered, with its saved secrets\.$/);
    expect(new ProfileStore(opened.db).list().map((p) => [p.name, p.bootstrap, p.label])).toEqual([['prod', 'kafka-1:9092', 'prod']]);
    expect(opened.db.prepare('SELECT name FROM secrets WHERE profile_id = ?').pluck().all(profile.id)).toEqual(['saslPassword']);
    expect(opened.db.prepare('SELECT count(*) FROM topics').pluck().get()).toBe(0);
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
