// The local audit log: every action that changes a cluster, who did it, when, how it ended, the exact request
// and the command a user could run instead (kafka-topics, curl, kafka-acls). Entries are written before and
// settled after the action, so a crash mid-way still leaves a trace.
import type { Db } from '../cache/open-cache.ts';

export interface AuditInput {
  profileId: string;
  actor: string;
  action: string;
  target: string;
  request: unknown;
  command: string;
}

export interface AuditRow {
  id: number;
  profileId: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  outcome: 'ok' | 'failed';
  request: string;
  command: string;
  error: string | null;
}

export class AuditLog {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /** Runs a cluster-changing action and records it with its outcome; the action's failure is rethrown. */
  async record<T>(entry: AuditInput, action: () => Promise<T>): Promise<T> {
    const id = Number(
      this.db
        .prepare("INSERT INTO audit_log (profile_id, at, actor, action, target, outcome, request, command, error) VALUES (?, ?, ?, ?, ?, 'failed', ?, ?, 'did not finish')")
        .run(entry.profileId, new Date().toISOString(), entry.actor, entry.action, entry.target, JSON.stringify(entry.request), entry.command).lastInsertRowid,
    );
    try {
      const result = await action();
      this.db.prepare("UPDATE audit_log SET outcome = 'ok', error = NULL WHERE id = ?").run(id);
      return result;
    } catch (error) {
      this.db.prepare('UPDATE audit_log SET error = ? WHERE id = ?').run((error as Error).message ?? String(error), id);
      throw error;
    }
  }

  list(opts: { profileId?: string; q?: string; limit: number }): AuditRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM audit_log WHERE (@profileId IS NULL OR profile_id = @profileId)
           AND (@q = '' OR instr(lower(actor || ' ' || action || ' ' || target || ' ' || outcome || ' ' || request || ' ' || command || ' ' || coalesce(error, '')), lower(@q)) > 0)
         ORDER BY id DESC LIMIT @limit`,
      )
      .all({ profileId: opts.profileId ?? null, q: opts.q ?? '', limit: opts.limit }) as Array<{ id: number; profile_id: string; at: string; actor: string; action: string; target: string; outcome: 'ok' | 'failed'; request: string; command: string; error: string | null }>;
    return rows.map((r) => ({ id: r.id, profileId: r.profile_id, at: r.at, actor: r.actor, action: r.action, target: r.target, outcome: r.outcome, request: r.request, command: r.command, error: r.error }));
  }
}

/** Quotes a value for a POSIX shell command a user copies. */
export function sh(value: string): string {
  return /^[A-Za-z0-9._\-/:=@,+]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
