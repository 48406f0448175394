// What the results panel shows for one Run: the outcome of each statement sent to ksql.run, and each query's
// header, rows and end, as they arrive. Offsets are the editor's, so a click can take the user to the statement.
import type { KsqlStatementResult } from '../../core/contract.ts';

export type QueryStatus = 'running' | 'completed' | 'closed' | 'cap' | 'error';

export type RunEntry =
  | { id: number; kind: 'statement'; result: KsqlStatementResult }
  | {
      id: number;
      kind: 'query';
      sql: string;
      start: number;
      end: number;
      queryId: string | null;
      columnNames: string[];
      columnTypes: string[];
      /** Appended to in place as batches arrive (copying a growing array per batch cost O(rows²)); rowCount says how many are in. */
      rows: unknown[][];
      rowCount: number;
      status: QueryStatus;
      error: unknown;
      startedAt: number;
      durationMs: number | null;
    };

export type QueryEntry = Extract<RunEntry, { kind: 'query' }>;

/** A cell as text: null spelled out, structs/arrays/maps as JSON. Never markup. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** "1.2 s", "340 ms", "2 min 5 s". */
export function elapsedText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
