// For tests of a migration: a cache file as an older Tributary left it, every migration before `version`
// applied and recorded, so openCache applies the rest as it would on a user's machine.
import Database from 'better-sqlite3';
import { migrations } from './migrations.ts';

/** Creates `file` at the schema before `version`; the caller fills it with that era's rows and closes it. */
export function cacheBefore(file: string, version: number): Database.Database {
  const db = new Database(file);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of migrations.filter((m) => m.version < version)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, '2026-01-01T00:00:00.000Z');
  }
  return db;
}
