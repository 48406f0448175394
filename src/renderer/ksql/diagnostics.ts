// Squiggles for a script before it runs: quotes and comments left open, parentheses that do not pair up, a
// statement without its terminating ';', and streams/tables that neither the server nor an earlier statement
// of the script defines. Offsets are UTF-16 units of the script, as Monaco's getPositionAt takes them.
import { extractScriptFlows, type KnownSources } from '../../core/ksql/extract-sources-sinks.ts';
import { splitStatements } from '../../core/ksql/split-statements.ts';
import { identifierName, significant, tokenize } from './tokens.ts';

export interface Diagnostic {
  message: string;
  start: number;
  end: number;
  severity: 'error' | 'warning';
}

/**
 * `known` is what the server has (ksql.objects); null when it is not known yet, which turns off the
 * unknown-name check rather than flagging every name.
 */
export function diagnose(script: string, known: KnownSources | null): Diagnostic[] {
  const { statements, problems } = splitStatements(script);
  const out: Diagnostic[] = problems.map((p) => ({ ...p, severity: 'error' }));
  const flows = known ? extractScriptFlows(statements.map((s) => s.text), known) : null;

  statements.forEach((s, index) => {
    const tokens = tokenize(s.text).map((t) => ({ ...t, start: t.start + s.start, end: t.end + s.start }));
    const meaningful = significant(tokens);

    const open: number[] = [];
    for (const t of meaningful) {
      if (t.type !== 'symbol') continue;
      if (t.text === '(') open.push(t.start);
      else if (t.text === ')') {
        if (open.length) open.pop();
        else out.push({ message: 'This ) closes nothing: remove it or add the ( it belongs to', start: t.start, end: t.end, severity: 'error' });
      }
    }
    for (const start of open) out.push({ message: 'This ( is never closed: add the matching )', start, end: start + 1, severity: 'error' });

    if (!s.terminated && !problems.some((p) => p.end >= s.end && p.start < s.end)) {
      const last = meaningful[meaningful.length - 1];
      out.push({ message: 'The statement has no terminating ; — ksqlDB needs one between statements', start: last?.start ?? s.end - 1, end: s.end, severity: 'warning' });
    }

    const flow = flows?.[index];
    if (!flow || flow.kind === 'connector') return;
    for (const read of flow.reads) {
      if (read.topic !== null) continue;
      const at = meaningful.find((t, i) => i > 0 && (t.type === 'word' || t.type === 'quoted') && identifierName(t) === read.name && /^(FROM|JOIN)$/i.test(meaningful[i - 1]!.text));
      out.push({
        message: `No stream or table named ${read.name} on this ksqlDB server, and no earlier statement creates it — check the Objects panel`,
        start: at?.start ?? s.start,
        end: at?.end ?? s.end,
        severity: 'warning',
      });
    }
  });
  return out.sort((a, b) => a.start - b.start);
}
