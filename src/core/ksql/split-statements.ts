// Splits a ksqlDB script into statements at top-level semicolons, the way ksqlDB's own lexer sees them:
// '…' strings with '' escapes, `…` and "…" quoted identifiers, -- line comments and /* */ block comments
// never end a statement. Each statement keeps its offsets in the script so the editor can place squiggles.

export interface ScriptStatement {
  /** The statement's source without the closing semicolon: from its first token to its last. */
  text: string;
  /** Offset of the first token in the script (UTF-16 units, as JavaScript strings and Monaco count). */
  start: number;
  /** Offset just past the last token (exclusive); the semicolon, if any, is at or after this. */
  end: number;
  /** Whether a semicolon closed it; ksqlDB needs one, so the client adds it when missing. */
  terminated: boolean;
}

export interface ScriptProblem {
  message: string;
  start: number;
  end: number;
}

export interface SplitScript {
  statements: ScriptStatement[];
  problems: ScriptProblem[];
}

export function splitStatements(script: string): SplitScript {
  const statements: ScriptStatement[] = [];
  const problems: ScriptProblem[] = [];
  let first = -1; // offset of the current statement's first token
  let last = -1; // offset just past its last token
  const close = (terminated: boolean) => {
    if (first >= 0) statements.push({ text: script.slice(first, last), start: first, end: last, terminated });
    first = -1;
    last = -1;
  };
  const token = (from: number, to: number) => {
    if (first < 0) first = from;
    last = to;
  };

  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i]!;
    if (c === ';') {
      close(true);
      i++;
    } else if (c === '-' && script[i + 1] === '-') {
      const newline = script.indexOf('\n', i);
      i = newline < 0 ? n : newline + 1;
    } else if (c === '/' && script[i + 1] === '*') {
      const endComment = script.indexOf('*/', i + 2);
      if (endComment < 0) {
        problems.push({ message: 'Unterminated /* comment: close it with */', start: i, end: n });
        i = n;
      } else i = endComment + 2;
    } else if (c === "'" || c === '`' || c === '"') {
      const end = quotedEnd(script, i, c);
      if (end < 0) {
        const what = c === "'" ? 'string' : 'quoted identifier';
        problems.push({ message: `Unterminated ${what}: close it with ${c}`, start: i, end: n });
        token(i, n);
        i = n;
      } else {
        token(i, end);
        i = end;
      }
    } else if (/\s/.test(c)) {
      i++;
    } else {
      token(i, i + 1);
      i++;
    }
  }
  close(false);
  return { statements, problems };
}

/** Offset just past the closing quote of the quoted run starting at `start`; a doubled quote is an escape. -1 if unclosed. */
export function quotedEnd(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return -1;
}

/** The statement under an offset (the cursor), or the one just before it when the cursor sits between statements. */
export function statementAt(statements: readonly ScriptStatement[], offset: number): ScriptStatement | undefined {
  let before: ScriptStatement | undefined;
  for (const s of statements) {
    if (offset >= s.start && offset <= s.end) return s;
    if (s.end <= offset) before = s;
  }
  return before;
}

/** 1-based line and column of an offset, as Monaco's markers take them. */
export function positionAt(script: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < script.length; i++) {
    if (script[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
