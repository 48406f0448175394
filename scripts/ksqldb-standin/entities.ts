// Builders for the /ksql entities a script answers with, in the shapes ksqlDB 0.29's REST API documents
// (KsqlEntity subtypes: currentStatus, streams, tables, queries, query_descriptions, sourceDescription,
// queryDescription, terminate_query, function_names; statement_error). A script names its streams, tables and
// persistent queries once; catalogScript turns them into the SHOW / DESCRIBE / EXPLAIN answers that agree.
import type { StandinScript } from './scripted.ts';

export interface ScriptedColumn {
  name: string;
  /** A ksqlDB type as written in SQL: STRING, DOUBLE, STRUCT<A INTEGER>, ARRAY<STRING>, MAP<STRING, BIGINT>. */
  type: string;
  key?: boolean;
}

export interface ScriptedSource {
  kind: 'STREAM' | 'TABLE';
  name: string;
  topic: string;
  columns: ScriptedColumn[];
  keyFormat?: string;
  valueFormat?: string;
  partitions?: number;
  replication?: number;
  /** The CREATE statement as the server keeps it. */
  statement?: string;
}

export interface ScriptedPersistentQuery {
  /** e.g. CSAS_BIG_3, CTAS_TOTALS_5, INSERTQUERY_7 */
  id: string;
  statement: string;
  sources: string[];
  sinks: string[];
  state?: 'RUNNING' | 'ERROR' | 'PAUSED';
}

export interface ScriptedCatalog {
  sources: ScriptedSource[];
  queries?: ScriptedPersistentQuery[];
  /** SHOW FUNCTIONS; a few common ones when absent. */
  functions?: Array<{ name: string; type: 'SCALAR' | 'AGGREGATE' | 'TABLE'; category: string }>;
}

type Entity = Record<string, unknown> & { '@type': string };

const COMMON_FUNCTIONS: NonNullable<ScriptedCatalog['functions']> = [
  { name: 'ABS', type: 'SCALAR', category: 'MATHEMATICAL' },
  { name: 'AVG', type: 'AGGREGATE', category: 'AGGREGATE' },
  { name: 'CONCAT', type: 'SCALAR', category: 'STRING' },
  { name: 'COUNT', type: 'AGGREGATE', category: 'AGGREGATE' },
  { name: 'LATEST_BY_OFFSET', type: 'AGGREGATE', category: 'AGGREGATE' },
  { name: 'LCASE', type: 'SCALAR', category: 'STRING' },
  { name: 'SUM', type: 'AGGREGATE', category: 'AGGREGATE' },
  { name: 'UCASE', type: 'SCALAR', category: 'STRING' },
];

/** FieldInfo.schema for a type text, as DESCRIBE returns it. */
export function schemaOf(type: string): Record<string, unknown> {
  const m = /^(STRUCT|ARRAY|MAP)<(.*)>$/.exec(type);
  if (!m) return { type: type.replace(/\(.*\)$/, ''), fields: null, memberSchema: null };
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of m[2]!) {
    if (ch === '<' || ch === '(') depth++;
    if (ch === '>' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  parts.push(cur.trim());
  if (m[1] === 'ARRAY') return { type: 'ARRAY', fields: null, memberSchema: schemaOf(parts[0]!) };
  if (m[1] === 'MAP') return { type: 'MAP', fields: null, memberSchema: schemaOf(parts[1] ?? 'STRING') };
  return {
    type: 'STRUCT',
    fields: parts.map((p) => ({ name: p.slice(0, p.indexOf(' ')), schema: schemaOf(p.slice(p.indexOf(' ') + 1)) })),
    memberSchema: null,
  };
}

const fieldInfo = (c: ScriptedColumn) => ({ name: c.name, schema: schemaOf(c.type), ...(c.key ? { type: 'KEY' } : {}) });

/** A CREATE/DROP/INSERT answer; `queryId` when the statement started a persistent query. */
export function currentStatus(message: string, options: { commandId?: string; queryId?: string | null; sequence?: number } = {}): Entity {
  return {
    '@type': 'currentStatus',
    commandId: options.commandId ?? 'stream/SCRIPTED/create',
    commandStatus: { status: 'SUCCESS', message, queryId: options.queryId ?? null },
    commandSequenceNumber: options.sequence ?? 2,
  };
}

/** A 400 answer for a statement ksqlDB refuses, with the error code it documents (40001 for a bad statement). */
export function statementError(statementText: string, message: string, errorCode = 40001) {
  return { status: 400, body: { '@type': 'statement_error', error_code: errorCode, message, statementText: `${statementText};` } };
}

export const terminated = (queryId: string): Entity => ({ '@type': 'terminate_query', queryId, wasTerminated: true });

const listed = (s: ScriptedSource) => ({ type: s.kind, name: s.name, topic: s.topic, keyFormat: s.keyFormat ?? 'KAFKA', valueFormat: s.valueFormat ?? 'JSON', isWindowed: false });

function runningQuery(q: ScriptedPersistentQuery, catalog: ScriptedCatalog) {
  const state = q.state ?? 'RUNNING';
  const sinkKafkaTopics = q.sinks.map((name) => catalog.sources.find((s) => s.name === name)?.topic ?? name);
  return { queryString: q.statement, sinks: q.sinks, sinkKafkaTopics, id: q.id, statusCount: { [state]: 1 }, queryType: 'PERSISTENT', state };
}

export function queryDescription(q: ScriptedPersistentQuery, catalog: ScriptedCatalog) {
  const state = q.state ?? 'RUNNING';
  const topicOf = (name: string) => catalog.sources.find((s) => s.name === name)?.topic ?? name;
  const sink = catalog.sources.find((s) => s.name === q.sinks[0]);
  return {
    id: q.id,
    statementText: q.statement,
    windowType: null,
    fields: (sink?.columns ?? []).map(fieldInfo),
    sources: q.sources,
    sinks: q.sinks,
    topology: `Topologies:\n   Sub-topology: 0\n    Source: KSTREAM-SOURCE-0000000000 (topics: [${q.sources.map(topicOf).join(', ')}])\n    Sink: KSTREAM-SINK-0000000003 (topic: ${q.sinks.map(topicOf).join(', ')})\n`,
    executionPlan: ` > [ SINK ] | Schema: ${(sink?.columns ?? []).map((c) => `${c.name} ${c.type}${c.key ? ' KEY' : ''}`).join(', ')} | Logger: ${q.id}.${q.sinks[0] ?? ''}\n\t\t > [ PROJECT ] | Logger: ${q.id}.Project\n\t\t\t\t > [ SOURCE ] | Logger: ${q.id}.KsqlTopic.Source\n`,
    overriddenProperties: {},
    ksqlHostQueryStatus: { '127.0.0.1:8088': state },
    queryType: 'PERSISTENT',
    queryErrors: [],
    tasksMetadata: [],
    state,
    consumerGroupId: `_confluent-ksql-default_query_${q.id}`,
  };
}

export function sourceDescription(s: ScriptedSource, catalog: ScriptedCatalog, extended = true): Entity {
  const queries = catalog.queries ?? [];
  return {
    '@type': 'sourceDescription',
    sourceDescription: {
      name: s.name,
      windowType: null,
      readQueries: queries.filter((q) => q.sources.includes(s.name)).map((q) => runningQuery(q, catalog)),
      writeQueries: queries.filter((q) => q.sinks.includes(s.name)).map((q) => runningQuery(q, catalog)),
      fields: s.columns.map(fieldInfo),
      type: s.kind,
      timestamp: '',
      statistics: '',
      errorStats: '',
      extended,
      keyFormat: s.keyFormat ?? 'KAFKA',
      valueFormat: s.valueFormat ?? 'JSON',
      topic: s.topic,
      partitions: s.partitions ?? 1,
      replication: s.replication ?? 1,
      statement: s.statement ?? `CREATE ${s.kind} ${s.name} (${s.columns.map((c) => `${c.name} ${c.type}${c.key ? (s.kind === 'TABLE' ? ' PRIMARY KEY' : ' KEY') : ''}`).join(', ')}) WITH (KAFKA_TOPIC='${s.topic}', VALUE_FORMAT='${s.valueFormat ?? 'JSON'}');`,
      queryOffsetSummaries: [],
      sourceConstraints: [],
    },
  };
}

/** How the workbench names an object in DESCRIBE: bare when upper-case, in backticks otherwise. */
const identifier = (name: string) => (/^[A-Z_][A-Z0-9_]*$/.test(name) ? name : `\`${name.replaceAll('`', '``')}\``);

/** The SHOW / LIST / DESCRIBE / EXPLAIN answers for a catalog, each consistent with the others. */
export function catalogScript(catalog: ScriptedCatalog): StandinScript {
  const streams = { '@type': 'streams', streams: catalog.sources.filter((s) => s.kind === 'STREAM').map(listed) };
  const tables = { '@type': 'tables', tables: catalog.sources.filter((s) => s.kind === 'TABLE').map(listed) };
  const queries = { '@type': 'queries', queries: (catalog.queries ?? []).map((q) => runningQuery(q, catalog)) };
  const described = { '@type': 'query_descriptions', queryDescriptions: (catalog.queries ?? []).map((q) => queryDescription(q, catalog)) };
  const functions = { '@type': 'function_names', functions: catalog.functions ?? COMMON_FUNCTIONS };
  const script: StandinScript = {
    'SHOW STREAMS': streams,
    'LIST STREAMS': streams,
    'SHOW TABLES': tables,
    'LIST TABLES': tables,
    'SHOW QUERIES': queries,
    'LIST QUERIES': queries,
    'SHOW QUERIES EXTENDED': described,
    'SHOW FUNCTIONS': functions,
    'LIST FUNCTIONS': functions,
  };
  for (const s of catalog.sources) {
    script[`DESCRIBE ${identifier(s.name)}`] = sourceDescription(s, catalog, false);
    script[`DESCRIBE ${identifier(s.name)} EXTENDED`] = sourceDescription(s, catalog);
  }
  for (const q of catalog.queries ?? []) script[`EXPLAIN ${identifier(q.id)}`] = { '@type': 'queryDescription', queryDescription: queryDescription(q, catalog) };
  return script;
}
