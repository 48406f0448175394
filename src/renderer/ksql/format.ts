// The editor's "Format statement": keywords upper-cased and each clause (FROM, WHERE, GROUP BY, JOIN, EMIT, …)
// on its own line, statements separated by a blank line. Deliberately simple: it never reorders or drops a
// token, keeps comments, strings and quoted identifiers exactly as written, and only touches whitespace and case.
import { ksqlFunctions, ksqlKeywords, ksqlTypes, ksqlWithProperties } from '../../core/ksql/language.ts';
import { significant, tokenize, type Token } from './tokens.ts';

const KEYWORDS = new Set<string>([...ksqlKeywords, ...ksqlTypes, ...ksqlWithProperties.map((p) => p.name)]);
const FUNCTIONS = new Set<string>(ksqlFunctions.map((f) => f.name));
const JOIN_PREFIX = new Set(['LEFT', 'RIGHT', 'FULL', 'INNER', 'CROSS', 'OUTER']);
/** Words that start a clause line when they sit at the statement's top level. */
const CLAUSES = new Set(['SELECT', 'FROM', 'WHERE', 'HAVING', 'WINDOW', 'EMIT', 'LIMIT', 'WITH']);

export function formatKsql(text: string, extraFunctions: ReadonlySet<string> = new Set()): string {
  const tokens = tokenize(text);
  const meaningful = significant(tokens);
  const nextMeaningful = new Map<Token, Token | undefined>();
  meaningful.forEach((t, i) => nextMeaningful.set(t, meaningful[i + 1]));

  let out = '';
  let depth = 0;
  let statementStart = true; // no token of the current statement written yet
  let pendingSpace = false;
  let lineComment = false; // the last thing written was a -- comment: a newline must follow
  let prev: Token | undefined; // previous meaningful token of this statement
  let joinLine = false; // a LEFT/INNER/… already broke the line for the JOIN that follows

  const newline = () => {
    out = out.replace(/[ \t]+$/, '');
    if (out.length && !out.endsWith('\n')) out += '\n';
    pendingSpace = false;
  };

  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.type === 'space') {
      if (!statementStart) pendingSpace = true;
      if (lineComment) {
        newline();
        lineComment = false;
      }
      continue;
    }
    if (lineComment) {
      newline();
      lineComment = false;
    }
    if (t.type === 'comment') {
      if (pendingSpace && out.length && !out.endsWith('\n')) out += ' ';
      pendingSpace = false;
      out += t.text;
      lineComment = t.text.startsWith('--');
      continue;
    }

    let word = t.text;
    if (t.type === 'word') {
      const upper = t.text.toUpperCase();
      const afterDeref = prev?.type === 'symbol' && (prev.text === '.' || prev.text === '->');
      const next = nextMeaningful.get(t);
      const isCall = next?.type === 'symbol' && next.text === '(';
      if (!afterDeref && (KEYWORDS.has(upper) || (isCall && (FUNCTIONS.has(upper) || extraFunctions.has(upper))))) word = upper;
      if (depth === 0 && !statementStart && !afterDeref) {
        const nextUpper = next?.type === 'word' ? next.text.toUpperCase() : '';
        const clause =
          CLAUSES.has(upper) ||
          ((upper === 'GROUP' || upper === 'PARTITION') && nextUpper === 'BY') ||
          (JOIN_PREFIX.has(upper) && (nextUpper === 'JOIN' || nextUpper === 'OUTER')) ||
          (upper === 'JOIN' && !joinLine);
        // WITH only breaks a CREATE's line (WITH (…) properties), not e.g. a WITHIN.
        if (clause && !(upper === 'WITH' && !(next?.type === 'symbol' && next.text === '('))) {
          newline();
          joinLine = JOIN_PREFIX.has(upper);
        } else if (upper === 'JOIN') joinLine = false;
      }
    }

    if (t.type === 'symbol' && t.text === ';' && depth === 0) {
      out = out.replace(/[ \t]+$/, '') + ';';
      statementStart = true;
      pendingSpace = false;
      prev = undefined;
      joinLine = false;
      // A blank line between statements; trailing text (comments) follows on the next line.
      const rest = tokens.slice(k + 1);
      if (rest.some((r) => r.type !== 'space')) out += '\n\n';
      continue;
    }

    const tight =
      t.type === 'symbol' && [')', ',', '.', '->', ';'].includes(t.text)
        ? true
        : prev?.type === 'symbol' && ['(', '.', '->'].includes(prev.text);
    if (pendingSpace && !tight && out.length && !out.endsWith('\n')) out += ' ';
    pendingSpace = false;
    out += word;
    if (t.type === 'symbol' && t.text === '(') depth++;
    if (t.type === 'symbol' && t.text === ')') depth = Math.max(0, depth - 1);
    if (t.type === 'symbol' && t.text === ',') pendingSpace = true;
    statementStart = false;
    prev = t;
  }
  return out.replace(/[ \t]+$/gm, '').replace(/\n+$/, '') + (text.endsWith('\n') ? '\n' : '');
}
