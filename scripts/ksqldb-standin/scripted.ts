// The ksqlDB stand-in's scripted mode: a test names each statement it will send and the answer it wants back
// (an entity, an error with its HTTP status, a query's header and rows), with latency per answer. Nothing is
// computed: the stand-in serves what the test scripted and says so for anything else.
import { splitScript } from './sql.ts';

/** The header line of a /query-stream answer, as ksqlDB sends it (no queryId for a pull query). */
export interface ScriptedHeader {
  queryId?: string;
  columnNames: string[];
  columnTypes: string[];
}

/** A /query-stream answer: the header, then the rows in order; a push query stays open until /close-query. */
export interface ScriptedQuery {
  header: ScriptedHeader;
  /** An array, or any iterable (a generator serves 200k rows without holding them). */
  rows?: Iterable<unknown[]>;
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
}
export type ScriptedAnswer = ScriptedBody | ScriptedAnswerWithStatus;
export type StandinScript = Record<string, ScriptedAnswer>;

export interface ResolvedAnswer {
  status: number;
  body: ScriptedBody | undefined;
  delayMs: number;
}

/** The form a script's keys are matched in: whitespace runs as one space, no trailing semicolon. */
export function normaliseStatement(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\s*;+$/, '').trim();
}

export function isScriptedQuery(body: unknown): body is ScriptedQuery {
  return !!body && typeof body === 'object' && !Array.isArray(body) && 'header' in body && !('@type' in body);
}

function isWrapped(answer: ScriptedAnswer): answer is ScriptedAnswerWithStatus {
  return !Array.isArray(answer) && !('@type' in answer) && !('header' in answer) && ('status' in answer || 'body' in answer || 'delayMs' in answer);
}

export class ScriptBook {
  private readonly answers = new Map<string, ScriptedAnswer>();

  constructor(script: StandinScript) {
    for (const [statement, answer] of Object.entries(script)) this.answers.set(normaliseStatement(statement), answer);
  }

  /** The scripted answer for a statement, or null when the script does not name it. */
  answer(statement: string): ResolvedAnswer | null {
    const found = this.answers.get(normaliseStatement(statement));
    if (!found) return null;
    if (isWrapped(found)) return { status: found.status ?? 200, body: found.body, delayMs: found.delayMs ?? 0 };
    return { status: 200, body: found, delayMs: 0 };
  }

  /** A request's statements as ksqlDB would read them; text that cannot be tokenized stays one statement. */
  statements(text: string): string[] {
    try {
      return splitScript(text);
    } catch {
      return [text];
    }
  }
}
