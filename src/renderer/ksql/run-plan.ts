// How Run sends a script: SELECTs go to ksql.query (their rows stream back), everything else to ksql.run in
// runs of consecutive statements, so SET/UNSET still carry to the statements after them within a run.
// Offsets stay those of the editor's text so results and squiggles land on the right statement.
import { splitStatements } from '../../core/ksql/split-statements.ts';

export type RunStep =
  | { kind: 'statements'; script: string; offset: number; count: number }
  | { kind: 'query'; sql: string; start: number; end: number };

const SELECT = /^select\b/i;

/** The steps for `text`, a slice of the editor's model that starts at `offset` (0 for the whole script). */
export function planRun(text: string, offset = 0): RunStep[] {
  const steps: RunStep[] = [];
  let batch: { start: number; end: number; count: number } | null = null;
  const flush = () => {
    if (batch) steps.push({ kind: 'statements', script: text.slice(batch.start, batch.end), offset: offset + batch.start, count: batch.count });
    batch = null;
  };
  for (const s of splitStatements(text).statements) {
    if (SELECT.test(s.text)) {
      flush();
      steps.push({ kind: 'query', sql: s.text, start: offset + s.start, end: offset + s.end });
    } else {
      // Through the terminating ';' so the engine sees the same statement boundaries.
      const semicolon = s.terminated ? text.indexOf(';', s.end) + 1 : s.end;
      if (batch) {
        batch.end = semicolon;
        batch.count++;
      } else batch = { start: s.start, end: semicolon, count: 1 };
    }
  }
  flush();
  return steps;
}
