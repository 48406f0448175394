// Opens the SQLite cache: WAL, foreign keys, numbered migrations in one transaction. A file that is not a
// database or fails its integrity check is moved aside (never deleted) and a fresh cache is created, with a
// notice the UI shows so the user knows to sync again and where the damaged file went. What the user typed
// in and a sync cannot bring back — connection profiles and the vault's sealed secrets — is recovered
// (user-tables.ts).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { TributaryError } from '../errors.ts';
import { migrations } from './migrations.ts';
import { recoverUserTables } from './user-tables.ts';

export type Db = Database.Database;

export interface OpenedCache {
  db: Db;
  /** Set when the previous file was damaged and moved aside. */
  notice: string | null;
}

function applyMigrations(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new TributaryError('Invalid', `The cache ${db.name} was written by a newer Tributary (schema ${newest}, this one knows ${known}); update Tributary or point TRIBUTARY_DATA elsewhere`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }
  })();
}

function openChecked(file: string): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL stays consistent after a crash; only the last commits before a power loss can be
    // lost, and the cache can be re-synced. It saves an fsync per commit (the registry fold commits per batch).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const verdict = db.pragma('quick_check', { simple: true });
    if (verdict !== 'ok') throw new Error(`integrity check says: ${firstProblems(String(verdict))}`);
    applyMigrations(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A damaged file can list hundreds of problems ("Page 339: never used"…); the notice names the first few. */
function firstProblems(verdict: string): string {
  const lines = verdict.split('\n').map((l) => l.trim()).filter((l) => l && !/^\*\*\* in database/.test(l));
  return lines.length <= 3 ? lines.join('; ') : `${lines.slice(0, 3).join('; ')} and ${lines.length - 3} more problems`;
}

function isDamage(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /integrity check/.test(String((error as Error).message));
}

export function openCache(file: string): OpenedCache {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    return { db: openChecked(file), notice: null };
  } catch (error) {
    if (!isDamage(error) || file === ':memory:') {
      if (error instanceof TributaryError) throw error;
      throw new TributaryError('Internal', `Could not open the cache ${file}: ${(error as Error).message}`);
    }
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
    }
    const db = openChecked(file);
    const profiles = recoverUserTables(aside, file, db);
    const kept = profiles === 0 ? '' : profiles === 1 ? ' Your connection profile was recovered, with its saved secrets.' : ` Your ${profiles} connection profiles were recovered, with their saved secrets.`;
    const notice = `The cache file ${file} was damaged (${(error as Error).message}). It was kept as ${aside} and a new, empty cache was created: sync your clusters again to refill it.${kept}`;
    return { db, notice };
  }
}
