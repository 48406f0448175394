// What the editor offers at the cursor: streams and tables after FROM/JOIN/INTO, their columns where an
// expression goes, topic names inside KAFKA_TOPIC='…', WITH (…) and SET property names, functions and keywords.
// Pure: the Monaco glue supplies the server's objects, described columns, cached topics and functions.
import { ksqlFunctions, ksqlKeywords, ksqlPseudoColumns, ksqlQueryProperties, ksqlWithProperties } from '../../core/ksql/language.ts';
import { identifierName, significant, tokenize, type Token } from './tokens.ts';

export type CompletionContext =
  | { kind: 'none' }
  | { kind: 'source' }
  | { kind: 'topic' }
  | { kind: 'with-property' }
  | { kind: 'set-property'; inString: boolean }
  /** Where an expression goes (SELECT list, WHERE, GROUP BY, ON, HAVING): columns of the statement's sources. */
  | { kind: 'expression'; sources: string[] }
  | { kind: 'general'; sources: string[] };

export interface CompletionSite {
  context: CompletionContext;
  /** The text the chosen item replaces: the word (or string contents) under the cursor. */
  replaceStart: number;
  replaceEnd: number;
  prefix: string;
}

export interface CompletionData {
  sources: ReadonlyArray<{ name: string; kind: 'stream' | 'table'; topic: string }>;
  /** Columns of described sources, by name. */
  columns: ReadonlyMap<string, ReadonlyArray<{ name: string; type: string; key: boolean }>>;
  topics: readonly string[];
  /** The server's SHOW FUNCTIONS list, merged with the built-in list. */
  functions: ReadonlyArray<{ name: string; type: string; category: string }>;
}

export type CompletionKind = 'keyword' | 'function' | 'source' | 'column' | 'topic' | 'property';
export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  insertText: string;
  detail: string;
  /** Lower sorts first: columns before functions before keywords. */
  rank: number;
}

const SOURCE_AFTER = new Set(['FROM', 'JOIN', 'INTO', 'DESCRIBE']);
const EXPRESSION_CLAUSES = new Set(['SELECT', 'WHERE', 'HAVING', 'BY', 'ON']);
const OTHER_CLAUSES = new Set(['FROM', 'JOIN', 'EMIT', 'LIMIT', 'WINDOW', 'WITH', 'VALUES', 'INTO', 'CREATE', 'INSERT']);

const isWord = (t: Token | undefined, ...words: string[]) => t?.type === 'word' && words.includes(t.text.toUpperCase());
const isSym = (t: Token | undefined, s: string) => t?.type === 'symbol' && t.text === s;

/** An identifier as the editor should insert it: plain when ksqlDB would read it back unchanged. */
export function quoteIdentifier(name: string): string {
  return /^[A-Z_][A-Z0-9_]*$/.test(name) ? name : `\`${name.replaceAll('`', '``')}\``;
}

/** The statement's tokens around `offset`: from after the previous top-level ';' to the next. */
function statementTokens(script: string, offset: number): Token[] {
  const tokens = tokenize(script);
  let from = 0;
  let to = tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!isSym(t, ';')) continue;
    if (t.end <= offset) from = i + 1;
    else {
      to = i;
      break;
    }
  }
  return tokens.slice(from, to);
}

/** Names after FROM and JOIN anywhere in the statement (the cursor may sit in the SELECT list, before FROM). */
export function statementSources(tokens: readonly Token[]): string[] {
  const meaningful = significant(tokens);
  const names: string[] = [];
  meaningful.forEach((t, i) => {
    const next = meaningful[i + 1];
    if (isWord(t, 'FROM', 'JOIN') && next && (next.type === 'word' || (next.type === 'quoted' && !next.open)) && !isSym(meaningful[i + 2], '(')) names.push(identifierName(next));
  });
  return [...new Set(names)];
}

export function completionSite(script: string, offset: number): CompletionSite {
  const tokens = statementTokens(script, offset);
  const none = { context: { kind: 'none' as const }, replaceStart: offset, replaceEnd: offset, prefix: '' };
  const at = tokens.find((t) => t.type !== 'space' && t.start < offset && (offset < t.end || (offset === t.end && (t.open || t.type === 'word' || t.text.startsWith('--')))));
  const before = significant(tokens.filter((t) => t.end <= offset && t !== at));
  const p = before[before.length - 1];
  const pp = before[before.length - 2];

  if (at?.type === 'comment') return none;
  if (at?.type === 'string') {
    const replaceStart = at.start + 1;
    const replaceEnd = at.open ? at.end : at.end - 1;
    const site = { replaceStart, replaceEnd: Math.max(replaceEnd, offset), prefix: script.slice(replaceStart, offset) };
    if (isSym(p, '=') && isWord(pp, 'KAFKA_TOPIC')) return { ...site, context: { kind: 'topic' } };
    if (isWord(p, 'SET', 'UNSET')) return { ...site, context: { kind: 'set-property', inString: true } };
    return none;
  }
  if (at && at.type !== 'word' && at.type !== 'quoted') return none;
  const replaceStart = at ? at.start : offset;
  const replaceEnd = at ? at.end : offset;
  const site = { replaceStart, replaceEnd, prefix: script.slice(replaceStart, offset) };

  if (isWord(p, ...SOURCE_AFTER) || (isWord(p, 'STREAM', 'TABLE') && isWord(pp, 'DROP')) || (isWord(p, 'EXISTS') && isWord(pp, 'IF') && isWord(before[before.length - 3], 'STREAM', 'TABLE'))) {
    return { ...site, context: { kind: 'source' } };
  }
  if (isWord(p, 'SET', 'UNSET')) return { ...site, context: { kind: 'set-property', inString: false } };

  // Inside WITH ( … ), where a property name goes.
  const open: Token[] = [];
  for (const t of before) {
    if (isSym(t, '(')) open.push(t);
    else if (isSym(t, ')')) open.pop();
  }
  const innermost = open[open.length - 1];
  if (innermost && (isSym(p, '(') || isSym(p, ','))) {
    const opener = before[before.indexOf(innermost) - 1];
    if (isWord(opener, 'WITH')) return { ...site, context: { kind: 'with-property' } };
  }

  const sources = statementSources(tokens);
  for (let i = before.length - 1; i >= 0; i--) {
    const t = before[i]!;
    if (t.type !== 'word') continue;
    const upper = t.text.toUpperCase();
    if (EXPRESSION_CLAUSES.has(upper) && (upper !== 'BY' || isWord(before[i - 1], 'GROUP', 'PARTITION'))) return { ...site, context: { kind: 'expression', sources } };
    if (OTHER_CLAUSES.has(upper)) break;
  }
  return { ...site, context: { kind: 'general', sources } };
}

/** Built-in functions with their signatures, plus whatever else the server's SHOW FUNCTIONS lists. */
function allFunctions(server: CompletionData['functions']): Array<{ name: string; detail: string }> {
  const out = new Map<string, string>();
  for (const f of ksqlFunctions) out.set(f.name, f.signature);
  for (const f of server) if (!out.has(f.name.toUpperCase())) out.set(f.name.toUpperCase(), [f.type, f.category].filter(Boolean).join(' · ').toLowerCase());
  return [...out].map(([name, detail]) => ({ name, detail }));
}

export function completionItems(site: CompletionSite, data: CompletionData): CompletionItem[] {
  const { context } = site;
  const sources = (rank: number): CompletionItem[] =>
    data.sources.map((s) => ({ label: s.name, kind: 'source', insertText: quoteIdentifier(s.name), detail: `${s.kind} · ${s.topic}`, rank }));
  const functions = (rank: number): CompletionItem[] => allFunctions(data.functions).map((f) => ({ label: f.name, kind: 'function', insertText: f.name, detail: f.detail, rank }));
  const keywords = (rank: number): CompletionItem[] => ksqlKeywords.map((k) => ({ label: k, kind: 'keyword', insertText: k, detail: 'keyword', rank }));
  switch (context.kind) {
    case 'none':
      return [];
    case 'source':
      return sources(0);
    case 'topic':
      return data.topics.map((t) => ({ label: t, kind: 'topic', insertText: t.replaceAll("'", "''"), detail: 'topic', rank: 0 }));
    case 'with-property':
      return ksqlWithProperties.map((p) => ({ label: p.name, kind: 'property', insertText: `${p.name}=`, detail: p.doc, rank: 0 }));
    case 'set-property':
      return ksqlQueryProperties.map((p) => ({ label: p, kind: 'property', insertText: context.inString ? p : `'${p}'=`, detail: 'query property', rank: 0 }));
    case 'expression': {
      const columns: CompletionItem[] = [];
      const seen = new Set<string>();
      for (const source of context.sources) {
        for (const f of data.columns.get(source) ?? []) {
          const key = `${f.name}\n${source}`;
          if (seen.has(key)) continue;
          seen.add(key);
          columns.push({ label: f.name, kind: 'column', insertText: quoteIdentifier(f.name), detail: `${f.type}${f.key ? ' key' : ''} · ${source}`, rank: 0 });
        }
      }
      const pseudo: CompletionItem[] = ksqlPseudoColumns.map((c) => ({ label: c, kind: 'column', insertText: c, detail: 'pseudo-column', rank: 1 }));
      return [...columns, ...pseudo, ...functions(2), ...keywords(3)];
    }
    case 'general':
      return [...keywords(0), ...sources(1), ...functions(2)];
  }
}
