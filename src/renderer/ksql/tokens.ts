// A ksqlDB script as the editor's helpers see it: every run of text typed (word, string, quoted identifier,
// comment, …) with its offsets, so formatting can rebuild the text and completion/diagnostics can point at it.
// Unlike the engine's tokenizer it keeps comments and whitespace, and marks quotes left open.

export type TokenType = 'word' | 'string' | 'quoted' | 'number' | 'symbol' | 'comment' | 'space';

export interface Token {
  type: TokenType;
  text: string;
  start: number;
  end: number;
  /** A string, quoted identifier or block comment that runs to the end of the text without closing. */
  open?: boolean;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const push = (type: TokenType, start: number, end: number, open = false) => tokens.push({ type, text: text.slice(start, end), start, end, ...(open ? { open } : {}) });
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < n && /\s/.test(text[j]!)) j++;
      push('space', i, j);
      i = j;
    } else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      const j = nl < 0 ? n : nl;
      push('comment', i, j);
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      push('comment', i, e < 0 ? n : e + 2, e < 0);
      i = e < 0 ? n : e + 2;
    } else if (c === "'" || c === '`' || c === '"') {
      let j = i + 1;
      let closed = false;
      while (j < n) {
        if (text[j] === c) {
          if (text[j + 1] === c) j += 2;
          else {
            j++;
            closed = true;
            break;
          }
        } else j++;
      }
      push(c === "'" ? 'string' : 'quoted', i, j, !closed);
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_@$]/.test(text[j]!)) j++;
      push('word', i, j);
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9.]/.test(text[j]!)) j++;
      if ((text[j] === 'e' || text[j] === 'E') && /[-+0-9]/.test(text[j + 1] ?? '')) {
        j += 2;
        while (j < n && /[0-9]/.test(text[j]!)) j++;
      }
      push('number', i, j);
      i = j;
    } else {
      const two = text.slice(i, i + 2);
      const len = ['->', '<=', '>=', '<>', '!=', '||', ':='].includes(two) ? 2 : 1;
      push('symbol', i, i + len);
      i += len;
    }
  }
  return tokens;
}

/** Tokens that carry meaning: no spaces, no comments. */
export const significant = (tokens: readonly Token[]): Token[] => tokens.filter((t) => t.type !== 'space' && t.type !== 'comment');

/** An identifier as ksqlDB stores it: unquoted upper-cased, `quoted` and "quoted" unquoted as written. */
export function identifierName(token: Token): string {
  if (token.type === 'quoted') {
    const q = token.text[0]!;
    const inner = token.open ? token.text.slice(1) : token.text.slice(1, -1);
    return inner.replaceAll(q + q, q);
  }
  return token.text.toUpperCase();
}

/** A string literal's value, '' escapes resolved. */
export function stringValue(token: Token): string {
  const inner = token.open ? token.text.slice(1) : token.text.slice(1, -1);
  return inner.replaceAll("''", "'");
}
