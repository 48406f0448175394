// What the user typed in and no sync can bring back — connection profiles, the vault's passphrase check, its
// sealed secrets and the lifecycle's notification settings — kept safe from a damaged cache two ways: copied
// from the damaged file while its pages still read, else restored from a small copy written beside the cache
// after every change to them (secrets in it are sealed exactly as in the cache; only its owner may read it).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './open-cache.ts';

/** In foreign-key order. */
const USER_TABLES = ['profiles', 'vault_meta', 'secrets', 'lifecycle_settings'] as const;
type Rows = Array<Record<string, unknown>>;

export const userTablesCopyPath = (cacheFile: string) => path.join(path.dirname(cacheFile), 'user-tables.json');

/**
 * Inserts rows (all with the same columns, as SELECT * gives them) into a table of the fresh cache, dropping
 * columns it does not have; all or none.
 */
function insertRows(into: Db, table: string, rows: Rows): void {
  if (rows.length === 0) return;
  const columns = new Set((into.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name));
  const names = Object.keys(rows[0]!).filter((name) => columns.has(name));
  const insert = into.prepare(`INSERT INTO ${table} (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
  into.transaction(() => {
    for (const row of rows) insert.run(...names.map((n) => row[n]));
  })();
}

/** Copies the user's tables out of a damaged cache, each whole or not at all; the profile count it recovered. */
function fromDamagedFile(damaged: string, into: Db): number {
  const sidecars = ['-wal', '-shm'].map((s) => damaged + s).filter((f) => !fs.existsSync(f));
  let profiles = 0;
  try {
    const old = new Database(damaged, { readonly: true, fileMustExist: true });
    try {
      for (const table of USER_TABLES) {
        try {
          const rows = old.prepare(`SELECT * FROM ${table}`).all() as Rows;
          insertRows(into, table, rows);
          if (table === 'profiles') profiles = rows.length;
        } catch {
          if (table === 'profiles') break; // without the profiles, their secrets have nowhere to go
        }
      }
    } finally {
      old.close();
    }
  } catch {
    // not even its schema reads
  }
  // reading left these beside the damaged file; it is kept exactly as it was found
  for (const file of sidecars) fs.rmSync(file, { force: true });
  return profiles;
}

/** Restores the user's tables from the copy beside the cache; the profile count it restored. */
function fromCopy(cacheFile: string, into: Db): number {
  let copy: Record<string, Rows>;
  try {
    copy = JSON.parse(fs.readFileSync(userTablesCopyPath(cacheFile), 'utf8'), (_key, value: unknown) => (value && typeof value === 'object' && 'base64' in value ? Buffer.from(String((value as { base64: string }).base64), 'base64') : value)) as Record<string, Rows>;
  } catch {
    return 0;
  }
  try {
    // all the tables or none, so what the notice counts is what is there
    into.transaction(() => {
      for (const table of USER_TABLES) insertRows(into, table, copy[table] ?? []);
    })();
  } catch {
    return 0;
  }
  return copy.profiles?.length ?? 0;
}

/** After a damaged cache was moved aside and a fresh one made: how many connection profiles came back. */
export function recoverUserTables(damaged: string, cacheFile: string, into: Db): number {
  const salvaged = fromDamagedFile(damaged, into);
  if (salvaged > 0) return salvaged;
  // whatever the damaged file gave without its profiles is dropped: the copy is complete
  for (const table of [...USER_TABLES].reverse()) into.prepare(`DELETE FROM ${table}`).run();
  return fromCopy(cacheFile, into);
}

/** Writes the copy of the user's tables beside the cache (atomically: a temporary file renamed over it). */
export function writeUserTablesCopy(db: Db, cacheFile: string): void {
  if (cacheFile === ':memory:') return;
  const copy = Object.fromEntries(USER_TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table}`).all()]));
  const text = JSON.stringify(copy, (_key, value: unknown) => (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer' ? { base64: Buffer.from((value as { data: number[] }).data).toString('base64') } : value));
  const target = userTablesCopyPath(cacheFile);
  const temporary = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text, { mode: 0o600 });
  fs.renameSync(temporary, target);
}
