// The ksqlDB stand-in's SQL: a tokenizer, a parser for the statement subset README.md lists, and an
// expression evaluator over JSON rows. It is written apart from src/core/ksql on purpose, so the client's
// splitter and extractor are tested against an independent reading of the same text.

export class SqlError extends Error {
  readonly errorCode: number;
  constructor(message: string, errorCode = 40001) {
    super(message);
    this.errorCode = errorCode;
  }
}

export interface Token {
  type: 'word' | 'ident' | 'string' | 'number' | 'symbol' | 'eof';
  /** Words upper-cased; quoted identifiers and strings without quotes, escapes resolved. */
  value: string;
  raw: string;
  start: number;
  line: number;
  col: number;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const push = (type: Token['type'], value: string, start: number) => tokens.push({ type, value, raw: text.slice(start, i), start, line, col: start - lineStart + 1 });
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
    } else if (/\s/.test(c)) i++;
    else if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new SqlError(`line ${line}:${i - lineStart + 1}: Syntax Error\nunterminated comment`);
      for (let k = i; k < end; k++) if (text[k] === '\n') (line++, (lineStart = k + 1));
      i = end + 2;
    } else if (c === "'" || c === '`' || c === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new SqlError(`line ${line}:${start - lineStart + 1}: Syntax Error\nunterminated ${c === "'" ? 'string' : 'identifier'}`);
        if (text[i] === c) {
          if (text[i + 1] === c) {
            value += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      push(c === "'" ? 'string' : 'ident', value, start);
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_@$]/.test(text[i]!)) i++;
      push('word', text.slice(start, i).toUpperCase(), start);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const start = i;
      while (i < text.length && /[0-9.]/.test(text[i]!)) i++;
      if (/[eE]/.test(text[i] ?? '')) {
        i++;
        if (/[+-]/.test(text[i] ?? '')) i++;
        while (i < text.length && /[0-9]/.test(text[i]!)) i++;
      }
      push('number', text.slice(start, i), start);
    } else {
      const start = i;
      const two = text.slice(i, i + 2);
      const sym = ['->', '<=', '>=', '<>', '!=', '||'].includes(two) ? two : c;
      i += sym.length;
      push('symbol', sym, start);
    }
  }
  tokens.push({ type: 'eof', value: '', raw: '', start: text.length, line, col: text.length - lineStart + 1 });
  return tokens;
}

/** Splits a request's text into statements at top-level semicolons; each keeps its text with the semicolon. */
export function splitScript(text: string): string[] {
  const tokens = tokenize(text);
  const out: string[] = [];
  let from = -1;
  for (const t of tokens) {
    if (t.type === 'eof') break;
    if (t.type === 'symbol' && t.value === ';') {
      if (from >= 0) out.push(text.slice(from, t.start + 1));
      from = -1;
    } else if (from < 0) from = t.start;
  }
  if (from >= 0) out.push(text.slice(from).trim());
  return out;
}

// ── Expressions ──
export type Expr =
  | { k: 'col'; qualifier: string | null; name: string }
  | { k: 'lit'; v: unknown }
  | { k: 'bin'; op: string; l: Expr; r: Expr }
  | { k: 'not'; e: Expr }
  | { k: 'neg'; e: Expr }
  | { k: 'isnull'; e: Expr; not: boolean }
  | { k: 'in'; e: Expr; list: Expr[]; not: boolean }
  | { k: 'between'; e: Expr; lo: Expr; hi: Expr; not: boolean }
  | { k: 'like'; e: Expr; pattern: Expr; not: boolean }
  | { k: 'call'; name: string; args: Expr[]; star: boolean }
  | { k: 'deref'; e: Expr; field: string }
  | { k: 'case'; whens: Array<{ when: Expr; then: Expr }>; otherwise: Expr | null };

export interface SelectItem {
  expr: Expr | null; // null for *
  alias: string | null;
}

export interface Select {
  items: SelectItem[];
  from: string;
  alias: string | null;
  where: Expr | null;
  groupBy: Expr[];
  emitChanges: boolean;
  limit: number | null;
  /** Offsets of SELECT … in the statement text, for the query's own statement text. */
  text: string;
}

export interface ColumnDef {
  name: string;
  type: string;
  key: boolean;
}

export type Statement =
  | { type: 'create'; kind: 'STREAM' | 'TABLE'; name: string; orReplace: boolean; ifNotExists: boolean; source: boolean; columns: ColumnDef[]; props: Record<string, string>; select: Select | null }
  | { type: 'insert-select'; target: string; select: Select }
  | { type: 'insert-values'; target: string; columns: string[] | null; values: Expr[] }
  | { type: 'drop'; kind: 'STREAM' | 'TABLE'; name: string; ifExists: boolean; deleteTopic: boolean }
  | { type: 'terminate'; queryId: string | 'ALL' }
  | { type: 'show'; what: 'STREAMS' | 'TABLES' | 'QUERIES' | 'PROPERTIES' | 'FUNCTIONS' | 'TOPICS'; extended: boolean }
  | { type: 'describe'; name: string; extended: boolean }
  | { type: 'explain'; queryId: string }
  | { type: 'select'; select: Select }
  | { type: 'set'; name: string; value: string | null };

/** Words that cannot stand as a bare column name (quote them with backticks to use them so). */
const RESERVED = new Set(['FROM', 'WHERE', 'GROUP', 'BY', 'EMIT', 'LIMIT', 'AND', 'OR', 'SELECT', 'AS', 'WITH', 'JOIN', 'ON', 'THEN', 'ELSE', 'END', 'WHEN', 'HAVING', 'WINDOW', 'PARTITION']);

class Parser {
  private pos = 0;
  private readonly tokens: Token[];
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
    this.tokens = tokenize(text);
  }
  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }
  next(): Token {
    const t = this.peek();
    if (t.type !== 'eof') this.pos++;
    return t;
  }
  fail(what: string, at = this.peek()): never {
    throw new SqlError(`line ${at.line}:${at.col}: Syntax Error\n${what}${at.type === 'eof' ? ' at end of input' : ` at or near '${at.raw}'`}`);
  }
  isWord(...words: string[]): boolean {
    const t = this.peek();
    return t.type === 'word' && words.includes(t.value);
  }
  acceptWord(...words: string[]): string | null {
    if (this.isWord(...words)) return this.next().value;
    return null;
  }
  expectWord(word: string): void {
    if (!this.acceptWord(word)) this.fail(`expected ${word}`);
  }
  isSym(s: string): boolean {
    const t = this.peek();
    return t.type === 'symbol' && t.value === s;
  }
  acceptSym(s: string): boolean {
    if (this.isSym(s)) {
      this.pos++;
      return true;
    }
    return false;
  }
  expectSym(s: string): void {
    if (!this.acceptSym(s)) this.fail(`expected '${s}'`);
  }
  identifier(what = 'an identifier'): string {
    const t = this.peek();
    if (t.type === 'word' || t.type === 'ident') {
      this.pos++;
      return t.value;
    }
    return this.fail(`expected ${what}`);
  }
  end(): void {
    this.acceptSym(';');
    if (this.peek().type !== 'eof') this.fail("extraneous input, expected ';'");
  }

  statement(): Statement {
    const t = this.peek();
    if (t.type !== 'word') this.fail('expected a statement');
    switch (t.value) {
      case 'CREATE':
        return this.create();
      case 'INSERT':
        return this.insert();
      case 'DROP':
        return this.drop();
      case 'TERMINATE': {
        this.next();
        const id = this.acceptWord('ALL') ? 'ALL' : this.identifier('a query id');
        this.end();
        return { type: 'terminate', queryId: id };
      }
      case 'SHOW':
      case 'LIST': {
        this.next();
        const what = this.acceptWord('STREAMS', 'TABLES', 'QUERIES', 'PROPERTIES', 'FUNCTIONS', 'TOPICS');
        if (!what) this.fail('expected STREAMS, TABLES, QUERIES, PROPERTIES, FUNCTIONS or TOPICS');
        const extended = Boolean(this.acceptWord('EXTENDED'));
        this.end();
        return { type: 'show', what: what as 'STREAMS', extended };
      }
      case 'DESCRIBE': {
        this.next();
        const name = this.identifier('a stream or table name');
        const extended = Boolean(this.acceptWord('EXTENDED'));
        this.end();
        return { type: 'describe', name, extended };
      }
      case 'EXPLAIN': {
        this.next();
        if (this.isWord('SELECT', 'CREATE', 'INSERT')) throw new SqlError('The ksqlDB stand-in explains running queries by id only (EXPLAIN <query id>)');
        const queryId = this.identifier('a query id');
        this.end();
        return { type: 'explain', queryId };
      }
      case 'SELECT': {
        const select = this.select();
        this.end();
        return { type: 'select', select };
      }
      case 'SET': {
        this.next();
        const name = this.next();
        if (name.type !== 'string') this.fail('expected a quoted property name');
        this.expectSym('=');
        const value = this.next();
        if (value.type !== 'string') this.fail('expected a quoted value');
        this.end();
        return { type: 'set', name: name.value, value: value.value };
      }
      case 'UNSET': {
        this.next();
        const name = this.next();
        if (name.type !== 'string') this.fail('expected a quoted property name');
        this.end();
        return { type: 'set', name: name.value, value: null };
      }
      default:
        return this.fail(`mismatched input '${t.raw}' expecting a statement`);
    }
  }

  private create(): Statement {
    this.expectWord('CREATE');
    let orReplace = false;
    if (this.acceptWord('OR')) {
      this.expectWord('REPLACE');
      orReplace = true;
    }
    const source = Boolean(this.acceptWord('SOURCE'));
    const kind = this.acceptWord('STREAM', 'TABLE') as 'STREAM' | 'TABLE' | null;
    if (!kind) this.fail('expected STREAM or TABLE (the stand-in does not run connectors or types)');
    let ifNotExists = false;
    if (this.acceptWord('IF')) {
      this.expectWord('NOT');
      this.expectWord('EXISTS');
      ifNotExists = true;
    }
    const name = this.identifier('a stream or table name');
    const columns: ColumnDef[] = [];
    if (this.acceptSym('(')) {
      do {
        const col = this.identifier('a column name');
        const type = this.typeText();
        let key = false;
        if (this.acceptWord('KEY')) key = true;
        else if (this.acceptWord('PRIMARY')) {
          this.expectWord('KEY');
          key = true;
        }
        columns.push({ name: col, type, key });
      } while (this.acceptSym(','));
      this.expectSym(')');
    }
    const props = this.isWord('WITH') ? this.withProps() : {};
    let select: Select | null = null;
    if (this.acceptWord('AS')) select = this.select();
    this.end();
    return { type: 'create', kind, name, orReplace, ifNotExists, source, columns, props, select };
  }

  private typeText(): string {
    const t = this.next();
    if (t.type !== 'word') this.fail('expected a type', t);
    let text = t.value === 'VARCHAR' ? 'STRING' : t.value === 'INT' ? 'INTEGER' : t.value;
    if (this.isSym('<')) {
      const parts: string[] = [];
      this.next();
      if (text === 'STRUCT') {
        do parts.push(`${this.identifier('a field name')} ${this.typeText()}`);
        while (this.acceptSym(','));
      } else {
        do parts.push(this.typeText());
        while (this.acceptSym(','));
      }
      this.expectSym('>');
      text += `<${parts.join(', ')}>`;
    } else if (this.isSym('(')) {
      this.next();
      const args: string[] = [];
      do args.push(this.next().raw);
      while (this.acceptSym(','));
      this.expectSym(')');
      text += `(${args.join(', ')})`;
    }
    return text;
  }

  private withProps(): Record<string, string> {
    this.expectWord('WITH');
    this.expectSym('(');
    const props: Record<string, string> = {};
    do {
      const key = this.next();
      if (key.type !== 'word' && key.type !== 'ident' && key.type !== 'string') this.fail('expected a property name', key);
      this.expectSym('=');
      const value = this.next();
      if (value.type === 'eof' || (value.type === 'symbol' && value.value !== '-')) this.fail('expected a property value', value);
      props[key.value.toUpperCase()] = value.type === 'symbol' ? `-${this.next().value}` : value.value;
    } while (this.acceptSym(','));
    this.expectSym(')');
    return props;
  }

  private insert(): Statement {
    this.expectWord('INSERT');
    this.expectWord('INTO');
    const target = this.identifier('a stream name');
    let columns: string[] | null = null;
    if (this.acceptSym('(')) {
      columns = [];
      do columns.push(this.identifier('a column name'));
      while (this.acceptSym(','));
      this.expectSym(')');
    }
    if (this.acceptWord('VALUES')) {
      this.expectSym('(');
      const values: Expr[] = [];
      do values.push(this.expr());
      while (this.acceptSym(','));
      this.expectSym(')');
      this.end();
      return { type: 'insert-values', target, columns, values };
    }
    if (this.isWord('WITH')) this.withProps();
    const select = this.select();
    this.end();
    return { type: 'insert-select', target, select };
  }

  private drop(): Statement {
    this.expectWord('DROP');
    const kind = this.acceptWord('STREAM', 'TABLE') as 'STREAM' | 'TABLE' | null;
    if (!kind) this.fail('expected STREAM or TABLE');
    let ifExists = false;
    if (this.acceptWord('IF')) {
      this.expectWord('EXISTS');
      ifExists = true;
    }
    const name = this.identifier('a stream or table name');
    let deleteTopic = false;
    if (this.acceptWord('DELETE')) {
      this.expectWord('TOPIC');
      deleteTopic = true;
    }
    this.end();
    return { type: 'drop', kind, name, ifExists, deleteTopic };
  }

  select(): Select {
    const startTok = this.peek();
    this.expectWord('SELECT');
    const items: SelectItem[] = [];
    do {
      if (this.acceptSym('*')) items.push({ expr: null, alias: null });
      else {
        const expr = this.expr();
        let alias: string | null = null;
        if (this.acceptWord('AS')) alias = this.identifier('an alias');
        else if (this.peek().type === 'ident' || (this.peek().type === 'word' && !this.isWord('FROM'))) alias = this.identifier();
        items.push({ expr, alias });
      }
    } while (this.acceptSym(','));
    this.expectWord('FROM');
    const from = this.identifier('a stream or table name');
    let alias: string | null = null;
    if (this.acceptWord('AS')) alias = this.identifier('an alias');
    else if (this.peek().type === 'ident' || (this.peek().type === 'word' && !this.isWord('WHERE', 'GROUP', 'EMIT', 'LIMIT', 'JOIN', 'LEFT', 'INNER', 'FULL', 'RIGHT', 'WINDOW', 'PARTITION', 'HAVING'))) alias = this.identifier();
    if (this.isWord('JOIN', 'LEFT', 'INNER', 'FULL', 'RIGHT')) throw new SqlError('The ksqlDB stand-in does not run joins; see scripts/ksqldb-standin/README.md for what it supports');
    if (this.isWord('WINDOW', 'PARTITION', 'HAVING')) throw new SqlError(`The ksqlDB stand-in does not support ${this.peek().value} yet; see scripts/ksqldb-standin/README.md`);
    const where = this.acceptWord('WHERE') ? this.expr() : null;
    const groupBy: Expr[] = [];
    if (this.acceptWord('GROUP')) {
      this.expectWord('BY');
      do groupBy.push(this.expr());
      while (this.acceptSym(','));
    }
    let emitChanges = false;
    if (this.acceptWord('EMIT')) {
      if (!this.acceptWord('CHANGES')) this.fail('expected CHANGES (the stand-in does not support EMIT FINAL)');
      emitChanges = true;
    }
    let limit: number | null = null;
    if (this.acceptWord('LIMIT')) {
      const n = this.next();
      if (n.type !== 'number') this.fail('expected a number', n);
      limit = Number(n.value);
    }
    const endTok = this.peek();
    return { items, from, alias, where, groupBy, emitChanges, limit, text: this.text.slice(startTok.start, endTok.start).trim() };
  }

  // Precedence climbing: OR < AND < NOT < comparison/IS/IN/BETWEEN/LIKE < + - || < * / % < unary < postfix ->
  expr(): Expr {
    return this.or();
  }
  private or(): Expr {
    let l = this.and();
    while (this.acceptWord('OR')) l = { k: 'bin', op: 'OR', l, r: this.and() };
    return l;
  }
  private and(): Expr {
    let l = this.not();
    while (this.acceptWord('AND')) l = { k: 'bin', op: 'AND', l, r: this.not() };
    return l;
  }
  private not(): Expr {
    if (this.acceptWord('NOT')) return { k: 'not', e: this.not() };
    return this.comparison();
  }
  private comparison(): Expr {
    const l = this.additive();
    const t = this.peek();
    if (t.type === 'symbol' && ['=', '!=', '<>', '<', '<=', '>', '>='].includes(t.value)) {
      this.next();
      return { k: 'bin', op: t.value === '<>' ? '!=' : t.value, l, r: this.additive() };
    }
    if (this.acceptWord('IS')) {
      const not = Boolean(this.acceptWord('NOT'));
      this.expectWord('NULL');
      return { k: 'isnull', e: l, not };
    }
    const not = this.isWord('NOT') && ['IN', 'BETWEEN', 'LIKE'].includes(this.peek(1).value) ? Boolean(this.next()) : false;
    if (this.acceptWord('IN')) {
      this.expectSym('(');
      const list: Expr[] = [];
      do list.push(this.expr());
      while (this.acceptSym(','));
      this.expectSym(')');
      return { k: 'in', e: l, list, not };
    }
    if (this.acceptWord('BETWEEN')) {
      const lo = this.additive();
      this.expectWord('AND');
      return { k: 'between', e: l, lo, hi: this.additive(), not };
    }
    if (this.acceptWord('LIKE')) return { k: 'like', e: l, pattern: this.additive(), not };
    return l;
  }
  private additive(): Expr {
    let l = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (t.type === 'symbol' && ['+', '-', '||'].includes(t.value)) {
        this.next();
        l = { k: 'bin', op: t.value, l, r: this.multiplicative() };
      } else return l;
    }
  }
  private multiplicative(): Expr {
    let l = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.type === 'symbol' && ['*', '/', '%'].includes(t.value)) {
        this.next();
        l = { k: 'bin', op: t.value, l, r: this.unary() };
      } else return l;
    }
  }
  private unary(): Expr {
    if (this.acceptSym('-')) return { k: 'neg', e: this.unary() };
    if (this.acceptSym('+')) return this.unary();
    let e = this.primary();
    while (this.acceptSym('->')) e = { k: 'deref', e, field: this.identifier('a field name') };
    return e;
  }
  private primary(): Expr {
    const t = this.next();
    if (t.type === 'number') return { k: 'lit', v: Number(t.value) };
    if (t.type === 'string') return { k: 'lit', v: t.value };
    if (t.type === 'symbol' && t.value === '(') {
      const e = this.expr();
      this.expectSym(')');
      return e;
    }
    if (t.type === 'word' && t.value === 'TRUE') return { k: 'lit', v: true };
    if (t.type === 'word' && t.value === 'FALSE') return { k: 'lit', v: false };
    if (t.type === 'word' && t.value === 'NULL') return { k: 'lit', v: null };
    if (t.type === 'word' && t.value === 'CASE') {
      const whens: Array<{ when: Expr; then: Expr }> = [];
      while (this.acceptWord('WHEN')) {
        const when = this.expr();
        this.expectWord('THEN');
        whens.push({ when, then: this.expr() });
      }
      const otherwise = this.acceptWord('ELSE') ? this.expr() : null;
      this.expectWord('END');
      return { k: 'case', whens, otherwise };
    }
    if (t.type === 'word' && RESERVED.has(t.value)) this.fail('expected an expression', t);
    if (t.type === 'word' || t.type === 'ident') {
      if (t.type === 'word' && this.isSym('(')) {
        this.next();
        if (this.acceptSym('*')) {
          this.expectSym(')');
          return { k: 'call', name: t.value, args: [], star: true };
        }
        const args: Expr[] = [];
        if (!this.isSym(')')) {
          do args.push(this.expr());
          while (this.acceptSym(','));
        }
        this.expectSym(')');
        return { k: 'call', name: t.value, args, star: false };
      }
      if (this.acceptSym('.')) return { k: 'col', qualifier: t.value, name: this.identifier('a column name') };
      return { k: 'col', qualifier: null, name: t.value };
    }
    return this.fail('expected an expression', t);
  }
}

export function parseStatement(text: string): Statement {
  return new Parser(text).statement();
}

// ── Evaluation ──
export type Row = Map<string, unknown>;

export const scalarFunctions: Record<string, { type: (args: string[]) => string; fn: (...args: unknown[]) => unknown }> = {
  UCASE: { type: () => 'STRING', fn: (s) => (s == null ? null : String(s).toUpperCase()) },
  LCASE: { type: () => 'STRING', fn: (s) => (s == null ? null : String(s).toLowerCase()) },
  TRIM: { type: () => 'STRING', fn: (s) => (s == null ? null : String(s).trim()) },
  LEN: { type: () => 'INTEGER', fn: (s) => (s == null ? null : String(s).length) },
  CONCAT: { type: () => 'STRING', fn: (...a) => a.filter((x) => x != null).map(String).join('') },
  SUBSTRING: { type: () => 'STRING', fn: (s, p, l) => (s == null ? null : String(s).substr(Number(p) - 1, l == null ? undefined : Number(l))) },
  ABS: { type: (a) => a[0] ?? 'DOUBLE', fn: (n) => (n == null ? null : Math.abs(Number(n))) },
  ROUND: { type: () => 'BIGINT', fn: (n) => (n == null ? null : Math.round(Number(n))) },
  CEIL: { type: (a) => a[0] ?? 'DOUBLE', fn: (n) => (n == null ? null : Math.ceil(Number(n))) },
  FLOOR: { type: (a) => a[0] ?? 'DOUBLE', fn: (n) => (n == null ? null : Math.floor(Number(n))) },
  COALESCE: { type: (a) => a[0] ?? 'STRING', fn: (...a) => a.find((x) => x != null) ?? null },
  IFNULL: { type: (a) => a[0] ?? 'STRING', fn: (a, b) => a ?? b ?? null },
};

export const aggregateFunctions = ['COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'LATEST_BY_OFFSET', 'EARLIEST_BY_OFFSET'] as const;

function lookup(row: Row, e: { qualifier: string | null; name: string }): unknown {
  if (row.has(e.name)) return row.get(e.name);
  throw new SqlError(`Column '${e.qualifier ? `${e.qualifier}.` : ''}${e.name}' cannot be resolved.`);
}

function compare(a: unknown, b: unknown): number | null {
  if (a == null || b == null) return null;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function evaluate(e: Expr, row: Row): unknown {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'col':
      return lookup(row, e);
    case 'neg': {
      const v = evaluate(e.e, row);
      return v == null ? null : -Number(v);
    }
    case 'not': {
      const v = evaluate(e.e, row);
      return v == null ? null : !v;
    }
    case 'isnull': {
      const v = evaluate(e.e, row);
      return e.not ? v != null : v == null;
    }
    case 'in': {
      const v = evaluate(e.e, row);
      if (v == null) return null;
      const found = e.list.some((x) => compare(v, evaluate(x, row)) === 0);
      return e.not ? !found : found;
    }
    case 'between': {
      const v = evaluate(e.e, row);
      const lo = compare(v, evaluate(e.lo, row));
      const hi = compare(v, evaluate(e.hi, row));
      if (lo === null || hi === null) return null;
      const inside = lo >= 0 && hi <= 0;
      return e.not ? !inside : inside;
    }
    case 'like': {
      const v = evaluate(e.e, row);
      const p = evaluate(e.pattern, row);
      if (v == null || p == null) return null;
      const re = new RegExp(`^${String(p).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('%', '.*').replaceAll('_', '.')}$`, 's');
      const hit = re.test(String(v));
      return e.not ? !hit : hit;
    }
    case 'deref': {
      const v = evaluate(e.e, row) as Record<string, unknown> | null;
      if (v == null || typeof v !== 'object') return null;
      const key = Object.keys(v).find((k) => k.toUpperCase() === e.field.toUpperCase());
      return key === undefined ? null : v[key];
    }
    case 'case': {
      for (const w of e.whens) if (evaluate(w.when, row) === true) return evaluate(w.then, row);
      return e.otherwise ? evaluate(e.otherwise, row) : null;
    }
    case 'call': {
      const f = scalarFunctions[e.name];
      if (!f) throw new SqlError(`Can't find any functions with the name '${e.name}' (the stand-in knows ${Object.keys(scalarFunctions).join(', ')})`);
      return f.fn(...e.args.map((a) => evaluate(a, row)));
    }
    case 'bin': {
      if (e.op === 'AND') {
        const l = evaluate(e.l, row);
        if (l === false) return false;
        const r = evaluate(e.r, row);
        return l == null || r == null ? (r === false ? false : null) : Boolean(l) && Boolean(r);
      }
      if (e.op === 'OR') {
        const l = evaluate(e.l, row);
        if (l === true) return true;
        const r = evaluate(e.r, row);
        return l == null || r == null ? (r === true ? true : null) : Boolean(l) || Boolean(r);
      }
      const l = evaluate(e.l, row);
      const r = evaluate(e.r, row);
      if (e.op === '||') return l == null || r == null ? null : `${String(l)}${String(r)}`;
      if (l == null || r == null) return null;
      switch (e.op) {
        case '+':
          return typeof l === 'string' || typeof r === 'string' ? `${String(l)}${String(r)}` : Number(l) + Number(r);
        case '-':
          return Number(l) - Number(r);
        case '*':
          return Number(l) * Number(r);
        case '/':
          return Number(r) === 0 ? null : Number(l) / Number(r);
        case '%':
          return Number(l) % Number(r);
      }
      const c = compare(l, r)!;
      switch (e.op) {
        case '=':
          return c === 0;
        case '!=':
          return c !== 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        case '>=':
          return c >= 0;
      }
      throw new SqlError(`Unsupported operator ${e.op}`);
    }
  }
}

/** The output type of an expression given the source's column types, in ksqlDB's type names. */
export function typeOf(e: Expr, types: Map<string, string>): string {
  switch (e.k) {
    case 'lit':
      return typeof e.v === 'number' ? (Number.isInteger(e.v) ? 'INTEGER' : 'DOUBLE') : typeof e.v === 'boolean' ? 'BOOLEAN' : 'STRING';
    case 'col': {
      const t = types.get(e.name);
      if (!t) throw new SqlError(`Column '${e.qualifier ? `${e.qualifier}.` : ''}${e.name}' cannot be resolved.`);
      return t;
    }
    case 'neg':
      return typeOf(e.e, types);
    case 'deref': {
      const t = typeOf(e.e, types);
      const m = new RegExp(`(?:<|, )${e.field} ([A-Z]+(?:\\([^)]*\\))?)`).exec(t);
      return m?.[1] ?? 'STRING';
    }
    case 'case':
      return e.whens[0] ? typeOf(e.whens[0].then, types) : 'STRING';
    case 'call': {
      if (e.name === 'COUNT') return 'BIGINT';
      if (e.name === 'AVG') return 'DOUBLE';
      const argTypes = e.args.map((a) => typeOf(a, types));
      if ((aggregateFunctions as readonly string[]).includes(e.name)) return argTypes[0] ?? 'BIGINT';
      const f = scalarFunctions[e.name];
      if (!f) throw new SqlError(`Can't find any functions with the name '${e.name}'`);
      return f.type(argTypes);
    }
    case 'bin': {
      if (['+', '-', '*', '/', '%'].includes(e.op)) {
        const l = typeOf(e.l, types);
        const r = typeOf(e.r, types);
        if (e.op === '+' && (l === 'STRING' || r === 'STRING')) return 'STRING';
        if (l === 'DOUBLE' || r === 'DOUBLE' || e.op === '/') return 'DOUBLE';
        if (l === 'BIGINT' || r === 'BIGINT') return 'BIGINT';
        return 'INTEGER';
      }
      if (e.op === '||') return 'STRING';
      return 'BOOLEAN';
    }
    default:
      return 'BOOLEAN';
  }
}

/** ksqlDB's name for an output column: the alias, the column or struct field name, else KSQL_COL_<n>. */
export function columnName(item: SelectItem, index: number): string {
  if (item.alias) return item.alias;
  if (item.expr?.k === 'col') return item.expr.name;
  if (item.expr?.k === 'deref') return item.expr.field;
  return `KSQL_COL_${index}`;
}

export function isAggregate(e: Expr): boolean {
  if (e.k === 'call' && (aggregateFunctions as readonly string[]).includes(e.name)) return true;
  switch (e.k) {
    case 'bin':
      return isAggregate(e.l) || isAggregate(e.r);
    case 'not':
    case 'neg':
    case 'isnull':
    case 'deref':
      return isAggregate(e.e);
    case 'call':
      return e.args.some(isAggregate);
    default:
      return false;
  }
}
