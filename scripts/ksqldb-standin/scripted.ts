// The ksqlDB stand-in's script: a test names each statement it will send and the answer it wants back (an
// entity, an error with its HTTP status, a query's header and rows), with latency per answer and, when an answer
// changes what later statements should see, the answers that change with it. Nothing is computed: the stand-in
// serves what the script says and says so for anything else.

/** The header line of a /query-stream answer, as ksqlDB sends it (no queryId for a pull query). */
export interface ScriptedHeader {
  queryId?: string;
  columnNames: string[];
  columnTypes: string[];
}

/** A /query-stream answer: the header, then the rows in order; a push query stays open until /close-query. */
export interface ScriptedQuery {
  header: ScriptedHeader;
  /** An array, any iterable (a generator serves 200k rows without holding them) or an async iterable (a rowFeed). */
  rows?: Iterable<unknown[]> | AsyncIterable<unknown[]>;
  /** Pause between rows, to let a test watch them arrive. */
  rowDelayMs?: number;
  /** Keep the response open after the rows, as a push query without LIMIT does, until /close-query. */
  keepOpen?: boolean;
}

/** What the stand-in answers for one statement: a /ksql body (entity or entities), a query, or either with a status and delay. */
export type ScriptedBody = Record<string, unknown> | Array<Record<string, unknown>> | ScriptedQuery;
export interface ScriptedAnswerWithStatus {
  status?: number;
  body?: ScriptedBody;
  delayMs?: number;
  /** Answers that replace the script's once this one has been served, e.g. SHOW QUERIES after a TERMINATE. */
  after?: StandinScript;
}
export type ScriptedAnswer = ScriptedBody | ScriptedAnswerWithStatus;
export type StandinScript = Record<string, ScriptedAnswer>;

export interface ResolvedAnswer {
  status: number;
  body: ScriptedBody | undefined;
  delayMs: number;
}

/**
 * Splits a request's text into statements as ksqlDB reads them: at `;` outside '…' strings, `…`/"…" identifiers
 * and comments, with the comments left out. Each statement comes back trimmed, without its `;`.
 */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      current += ' ';
    } else if (ch === "'" || ch === '`' || ch === '"') {
      // A quote inside is written twice ('it''s'), which reads as two quoted runs back to back.
      const end = text.indexOf(ch, i + 1);
      const stop = end < 0 ? text.length : end + 1;
      current += text.slice(i, stop);
      i = stop;
    } else if (ch === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
      i++;
    } else {
      current += ch;
      i++;
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}

/** The form a script's keys are matched in: comments out, whitespace runs as one space, no trailing semicolon. */
export function normaliseStatement(text: string): string {
  return splitStatements(text)
    .join('; ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isScriptedQuery(body: unknown): body is ScriptedQuery {
  return !!body && typeof body === 'object' && !Array.isArray(body) && 'header' in body && !('@type' in body);
}

function isWrapped(answer: ScriptedAnswer): answer is ScriptedAnswerWithStatus {
  return !Array.isArray(answer) && !('@type' in answer) && !('header' in answer) && ('status' in answer || 'body' in answer || 'delayMs' in answer || 'after' in answer);
}

/** Rows a test hands over while a scripted push query is open, as records produced to its topic would arrive. */
export interface RowFeed {
  rows: AsyncIterable<unknown[]>;
  push(...rows: unknown[][]): void;
  end(): void;
}

export function rowFeed(): RowFeed {
  const queued: unknown[][] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    wake?.();
    wake = null;
  };
  return {
    rows: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          while (queued.length) yield queued.shift()!;
          if (ended) return;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    },
    push: (...rows) => {
      queued.push(...rows);
      poke();
    },
    end: () => {
      ended = true;
      poke();
    },
  };
}

export class ScriptBook {
  private readonly answers = new Map<string, ScriptedAnswer>();

  constructor(script: StandinScript) {
    this.add(script);
  }

  /** Adds answers, replacing those for the same statements. */
  add(script: StandinScript): void {
    for (const [statement, answer] of Object.entries(script)) this.answers.set(normaliseStatement(statement), answer);
  }

  /** The scripted answer for a statement, or null when the script does not name it; applies its `after`. */
  answer(statement: string): ResolvedAnswer | null {
    const found = this.answers.get(normaliseStatement(statement));
    if (!found) return null;
    if (!isWrapped(found)) return { status: 200, body: found, delayMs: 0 };
    if (found.after) this.add(found.after);
    return { status: found.status ?? 200, body: found.body, delayMs: found.delayMs ?? 0 };
  }
}
