// What a ksqlDB statement reads and what it creates or writes, read from its text before it runs: FROM and
// JOIN sources, CREATE … AS SELECT and INSERT INTO sinks, the backing topic from WITH (KAFKA_TOPIC=…) or
// ksqlDB's default (the sink's name), DROP … [DELETE TOPIC] and TERMINATE. Names of streams and tables
// resolve to topics through what the cluster already has and what earlier statements of the script create.
import { quotedEnd } from './split-statements.ts';

export type StatementKind =
  | 'create-source' // CREATE STREAM/TABLE over a topic
  | 'create-as-select' // CREATE STREAM/TABLE … AS SELECT: a persistent query
  | 'insert-select' // INSERT INTO … SELECT: a persistent query
  | 'insert-values'
  | 'push-query' // SELECT … EMIT CHANGES
  | 'pull-query' // SELECT without EMIT CHANGES
  | 'drop'
  | 'terminate'
  | 'connector'
  | 'set-property'
  | 'metadata' // SHOW, LIST, DESCRIBE, EXPLAIN, PRINT
  | 'other';

export interface ReadRef {
  /** Stream or table name as ksqlDB stores it (unquoted identifiers upper-cased). */
  name: string;
  /** Backing topic when known; for a connector, the topic itself. */
  topic: string | null;
}

export interface WriteRef {
  name: string;
  kind: 'stream' | 'table' | 'unknown';
  topic: string | null;
  /** CREATE … (the object is new) rather than INSERT INTO an existing one. */
  creates: boolean;
  /** The statement creates the Kafka topic: always for CREATE … AS SELECT, when PARTITIONS is given for CREATE over a topic. */
  createsTopic: boolean;
}

export interface StatementFlow {
  kind: StatementKind;
  reads: ReadRef[];
  writes: WriteRef[];
  drops: { name: string; kind: 'stream' | 'table'; topic: string | null; deleteTopic: boolean } | null;
  terminates: string | null;
  /** WITH (…) properties, names upper-cased, quotes removed. */
  properties: Record<string, string>;
}

/** What the cluster (or earlier statements) say about a stream or table. */
export interface KnownSource {
  kind: 'stream' | 'table';
  topic: string;
}
export type KnownSources = Map<string, KnownSource>;

interface Token {
  type: 'word' | 'quoted' | 'string' | 'number' | 'symbol';
  /** Words upper-cased; quoted identifiers and strings unquoted with escapes resolved. */
  value: string;
  depth: number;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 2;
    } else if (c === "'" || c === '`' || c === '"') {
      const e = quotedEnd(text, i, c);
      const end = e < 0 ? text.length : e;
      const inner = text.slice(i + 1, e < 0 ? end : end - 1).replaceAll(c + c, c);
      tokens.push({ type: c === "'" ? 'string' : 'quoted', value: inner, depth });
      i = end;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_@$]/.test(text[j]!)) j++;
      tokens.push({ type: 'word', value: text.slice(i, j).toUpperCase(), depth });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE]/.test(text[j]!)) j++;
      tokens.push({ type: 'number', value: text.slice(i, j), depth });
      i = j;
    } else {
      const two = text.slice(i, i + 2);
      const sym = ['->', '<=', '>=', '<>', '!=', '||'].includes(two) ? two : c;
      if (sym === ')') depth--;
      tokens.push({ type: 'symbol', value: sym, depth });
      if (sym === '(') depth++;
      i += sym.length;
    }
  }
  return tokens;
}

const isWord = (t: Token | undefined, ...words: string[]) => t?.type === 'word' && words.includes(t.value);
const isSym = (t: Token | undefined, s: string) => t?.type === 'symbol' && t.value === s;
const isName = (t: Token | undefined) => t?.type === 'word' || t?.type === 'quoted';

/** Reads `WITH ( K = V, … )` starting at tokens[at] (the WITH); returns the properties and the index after ')'. */
function readWith(tokens: Token[], at: number): { props: Record<string, string>; next: number } {
  const props: Record<string, string> = {};
  if (!isWord(tokens[at], 'WITH') || !isSym(tokens[at + 1], '(')) return { props, next: at };
  const depth = tokens[at + 1]!.depth;
  let i = at + 2;
  while (i < tokens.length && !(isSym(tokens[i], ')') && tokens[i]!.depth === depth)) {
    const key = tokens[i];
    if (key && (key.type === 'word' || key.type === 'quoted' || key.type === 'string') && isSym(tokens[i + 1], '=')) {
      const value = tokens[i + 2];
      if (value) props[key.value.toUpperCase()] = value.value;
      i += 3;
    } else i++;
  }
  return { props, next: i + 1 };
}

/** Source names after FROM and JOIN at the SELECT's own nesting depth. */
function selectReads(tokens: Token[], from: number): string[] {
  const names: string[] = [];
  const selectDepth = tokens[from]?.depth ?? 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.depth !== selectDepth) continue;
    if (isWord(t, 'FROM', 'JOIN') && isName(tokens[i + 1])) {
      const name = tokens[i + 1]!;
      names.push(name.type === 'word' ? name.value : name.value);
    }
  }
  return [...new Set(names)];
}

function resolve(name: string, known: KnownSources): ReadRef {
  return { name, topic: known.get(name)?.topic ?? null };
}

const emptyFlow = (kind: StatementKind): StatementFlow => ({ kind, reads: [], writes: [], drops: null, terminates: null, properties: {} });

/**
 * The data flow of one statement. `known` maps stream/table names to their topics; when `learn` is set,
 * the objects this statement creates or drops are recorded in it, so the next statement of a script sees them.
 */
export function extractSourcesSinks(statement: string, known: KnownSources = new Map(), learn = false): StatementFlow {
  const tokens = tokenize(statement);
  const t0 = tokens[0];
  if (!t0) return emptyFlow('other');
  const head = t0.type === 'word' ? t0.value : '';

  if (head === 'SELECT') {
    const push = tokens.some((t, i) => t.depth === 0 && isWord(t, 'EMIT') && isWord(tokens[i + 1], 'CHANGES', 'FINAL'));
    return { ...emptyFlow(push ? 'push-query' : 'pull-query'), reads: selectReads(tokens, 0).map((n) => resolve(n, known)) };
  }
  if (['SHOW', 'LIST', 'DESCRIBE', 'EXPLAIN', 'PRINT'].includes(head)) return emptyFlow('metadata');
  if (head === 'SET' || head === 'UNSET' || head === 'DEFINE' || head === 'UNDEFINE') return emptyFlow('set-property');
  if (head === 'TERMINATE') {
    const id = tokens[1];
    return { ...emptyFlow('terminate'), terminates: id ? (id.type === 'word' ? id.value : id.value) : null };
  }
  if (head === 'DROP') {
    let i = 1;
    if (isWord(tokens[i], 'CONNECTOR', 'TYPE')) return emptyFlow('connector');
    const kind = isWord(tokens[i], 'TABLE') ? 'table' : 'stream';
    i++;
    if (isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'EXISTS')) i += 2;
    const nameTok = tokens[i];
    if (!isName(nameTok)) return emptyFlow('drop');
    const name = nameTok!.value;
    const deleteTopic = tokens.slice(i + 1).some((t, k, rest) => isWord(t, 'DELETE') && isWord(rest[k + 1], 'TOPIC'));
    const topic = known.get(name)?.topic ?? null;
    if (learn) known.delete(name);
    return { ...emptyFlow('drop'), drops: { name, kind, topic, deleteTopic } };
  }
  if (head === 'INSERT') {
    // INSERT INTO target [(cols)] SELECT … | VALUES (…)
    const nameTok = tokens[2];
    if (!isWord(tokens[1], 'INTO') || !isName(nameTok)) return emptyFlow('other');
    const name = nameTok!.value;
    const target = known.get(name);
    const write: WriteRef = { name, kind: target?.kind ?? 'unknown', topic: target?.topic ?? null, creates: false, createsTopic: false };
    const selectAt = tokens.findIndex((t, k) => k > 2 && t.depth === 0 && isWord(t, 'SELECT'));
    if (selectAt < 0) return { ...emptyFlow('insert-values'), writes: [write] };
    const { props } = readWith(tokens, tokens.findIndex((t, k) => k > 2 && k < selectAt && isWord(t, 'WITH')));
    return { ...emptyFlow('insert-select'), reads: selectReads(tokens, selectAt).map((n) => resolve(n, known)), writes: [write], properties: props };
  }
  if (head === 'CREATE') {
    let i = 1;
    if (isWord(tokens[i], 'OR') && isWord(tokens[i + 1], 'REPLACE')) i += 2;
    if (isWord(tokens[i], 'SOURCE')) i++;
    if (isWord(tokens[i], 'SINK')) {
      return connectorFlow(tokens, i + 2, 'sink');
    }
    if (isWord(tokens[i], 'CONNECTOR')) return connectorFlow(tokens, i + 1, 'unknown');
    if (!isWord(tokens[i], 'STREAM', 'TABLE')) return emptyFlow('other');
    const kind = tokens[i]!.value === 'TABLE' ? 'table' : 'stream';
    i++;
    if (isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'NOT') && isWord(tokens[i + 2], 'EXISTS')) i += 3;
    const nameTok = tokens[i];
    if (!isName(nameTok)) return emptyFlow('other');
    const name = nameTok!.value;
    i++;
    // Skip the column list, then read WITH (…) and find AS SELECT.
    if (isSym(tokens[i], '(')) {
      const depth = tokens[i]!.depth;
      i++;
      while (i < tokens.length && !(isSym(tokens[i], ')') && tokens[i]!.depth === depth)) i++;
      i++;
    }
    const withAt = isWord(tokens[i], 'WITH') ? i : -1;
    const { props, next } = withAt >= 0 ? readWith(tokens, withAt) : { props: {}, next: i };
    const asSelect = isWord(tokens[next], 'AS') && isWord(tokens[next + 1], 'SELECT');
    if (asSelect) {
      const topic = props.KAFKA_TOPIC ?? name;
      const reads = selectReads(tokens, next + 1).map((n) => resolve(n, known));
      if (learn) known.set(name, { kind, topic });
      return { ...emptyFlow('create-as-select'), reads, writes: [{ name, kind, topic, creates: true, createsTopic: true }], properties: props };
    }
    const topic = props.KAFKA_TOPIC ?? null;
    if (learn && topic) known.set(name, { kind, topic });
    return { ...emptyFlow('create-source'), writes: [{ name, kind, topic, creates: true, createsTopic: props.PARTITIONS !== undefined }], properties: props };
  }
  return emptyFlow('other');
}

/** CREATE SOURCE|SINK CONNECTOR name WITH ('topics'=…): a sink connector reads its topics. */
function connectorFlow(tokens: Token[], nameAt: number, direction: 'sink' | 'unknown'): StatementFlow {
  let i = nameAt;
  if (isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'NOT') && isWord(tokens[i + 2], 'EXISTS')) i += 3;
  const withAt = tokens.findIndex((t, k) => k > i && isWord(t, 'WITH'));
  const { props } = withAt >= 0 ? readWith(tokens, withAt) : { props: {} as Record<string, string> };
  const topics = direction === 'sink' && props.TOPICS ? props.TOPICS.split(',').map((s) => s.trim()).filter(Boolean) : [];
  return { ...emptyFlow('connector'), reads: topics.map((topic) => ({ name: topic, topic })), properties: props };
}

/** The flows of a whole script in order, each statement seeing what the earlier ones create or drop. */
export function extractScriptFlows(statements: readonly string[], known: KnownSources = new Map()): StatementFlow[] {
  const scratch: KnownSources = new Map(known);
  return statements.map((s) => extractSourcesSinks(s, scratch, true));
}
