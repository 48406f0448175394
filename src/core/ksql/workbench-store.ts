// The workbench's own tables (migration 5): run history searchable with FTS5, saved snippets, and each
// profile's cached SHOW FUNCTIONS list. History keeps the newest HISTORY_LIMIT entries per profile.
import type { Db } from '../cache/open-cache.ts';
import { TributaryError } from '../errors.ts';

const HISTORY_LIMIT = 5000;

export interface HistoryEntry {
  id: number;
  profileId: string;
  statement: string;
  startedAt: string;
  durationMs: number;
  outcome: 'ok' | 'error' | 'closed';
  errorCode: number | null;
  error: string | null;
  rowCount: number | null;
}

export interface Snippet {
  id: number;
  name: string;
  sql: string;
  createdAt: string;
  updatedAt: string;
}

export interface FunctionInfo {
  name: string;
  type: string;
  category: string;
}

interface HistoryRecord {
  id: number;
  profile_id: string;
  statement: string;
  started_at: string;
  duration_ms: number;
  outcome: HistoryEntry['outcome'];
  error_code: number | null;
  error: string | null;
  row_count: number | null;
}

const fromHistory = (r: HistoryRecord): HistoryEntry => ({
  id: r.id,
  profileId: r.profile_id,
  statement: r.statement,
  startedAt: r.started_at,
  durationMs: r.duration_ms,
  outcome: r.outcome,
  errorCode: r.error_code,
  error: r.error,
  rowCount: r.row_count,
});

/** Words of a search box as an FTS5 prefix query: every word must match, quotes make each a literal. */
function ftsQuery(q: string): string | null {
  const words = q.match(/[\p{L}\p{N}_]+/gu);
  return words?.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

export class WorkbenchStore {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  record(entry: Omit<HistoryEntry, 'id'>): number {
    const id = Number(
      this.db
        .prepare('INSERT INTO ksql_history (profile_id, statement, started_at, duration_ms, outcome, error_code, error, row_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(entry.profileId, entry.statement, entry.startedAt, Math.round(entry.durationMs), entry.outcome, entry.errorCode, entry.error, entry.rowCount).lastInsertRowid,
    );
    this.db.prepare('DELETE FROM ksql_history WHERE profile_id = ? AND id <= (SELECT id FROM ksql_history WHERE profile_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)').run(entry.profileId, entry.profileId, HISTORY_LIMIT);
    return id;
  }

  history(options: { profileId?: string; q?: string; limit: number }): HistoryEntry[] {
    const match = ftsQuery(options.q ?? '');
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.profileId) {
      where.push('h.profile_id = ?');
      params.push(options.profileId);
    }
    if (match) {
      where.push('h.id IN (SELECT rowid FROM ksql_history_fts WHERE ksql_history_fts MATCH ?)');
      params.push(match);
    }
    const sql = `SELECT h.* FROM ksql_history h ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY h.id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, options.limit) as HistoryRecord[]).map(fromHistory);
  }

  snippets(): Snippet[] {
    return (this.db.prepare('SELECT id, name, sql, created_at AS createdAt, updated_at AS updatedAt FROM ksql_snippets ORDER BY name COLLATE NOCASE, id').all() as Snippet[]);
  }

  saveSnippet(input: { id?: number; name: string; sql: string }): Snippet {
    const now = new Date().toISOString();
    let id = input.id;
    if (id) {
      const changed = this.db.prepare('UPDATE ksql_snippets SET name = ?, sql = ?, updated_at = ? WHERE id = ?').run(input.name, input.sql, now, id).changes;
      if (!changed) throw new TributaryError('NotFound', `Snippet ${id} no longer exists — it may have been deleted; save it as a new one`);
    } else {
      id = Number(this.db.prepare('INSERT INTO ksql_snippets (name, sql, created_at, updated_at) VALUES (?, ?, ?, ?)').run(input.name, input.sql, now, now).lastInsertRowid);
    }
    return this.db.prepare('SELECT id, name, sql, created_at AS createdAt, updated_at AS updatedAt FROM ksql_snippets WHERE id = ?').get(id) as Snippet;
  }

  deleteSnippet(id: number): boolean {
    return this.db.prepare('DELETE FROM ksql_snippets WHERE id = ?').run(id).changes > 0;
  }

  functions(profileId: string): { fetchedAt: string; functions: FunctionInfo[] } | null {
    const row = this.db.prepare('SELECT fetched_at, functions FROM ksql_function_lists WHERE profile_id = ?').get(profileId) as { fetched_at: string; functions: string } | undefined;
    return row ? { fetchedAt: row.fetched_at, functions: JSON.parse(row.functions) as FunctionInfo[] } : null;
  }

  saveFunctions(profileId: string, functions: FunctionInfo[]): { fetchedAt: string; functions: FunctionInfo[] } {
    const fetchedAt = new Date().toISOString();
    this.db
      .prepare('INSERT INTO ksql_function_lists (profile_id, fetched_at, functions) VALUES (?, ?, ?) ON CONFLICT (profile_id) DO UPDATE SET fetched_at = excluded.fetched_at, functions = excluded.functions')
      .run(profileId, fetchedAt, JSON.stringify(functions));
    return { fetchedAt, functions };
  }
}
