// ksqlDB's /ksql entities as the server sends them (the fields Tributary reads), and their mapping to the
// contract's shapes. Fields a server version leaves out default to empty values rather than failing.
import type { KsqlEntity } from './ksqldb-client.ts';

export interface RawSource {
  name: string;
  topic: string;
  keyFormat?: string;
  valueFormat?: string;
  format?: string;
  isWindowed?: boolean;
}

export interface RawQuery {
  id: string;
  queryString?: string;
  sinks?: string[];
  sinkKafkaTopics?: string[];
  queryType?: string;
  state?: string;
  statusCount?: Record<string, number>;
}

interface RawSchema {
  type: string;
  fields?: RawField[] | null;
  memberSchema?: RawSchema | null;
}
interface RawField {
  name: string;
  schema: RawSchema;
  type?: string;
}

export interface RawSourceDescription {
  name: string;
  type?: string;
  topic?: string;
  keyFormat?: string;
  valueFormat?: string;
  format?: string;
  partitions?: number;
  replication?: number;
  statement?: string;
  fields?: RawField[];
  readQueries?: RawQuery[];
  writeQueries?: RawQuery[];
  statistics?: string;
}

export interface RawQueryDescription {
  id: string | { id: string };
  statementText?: string;
  state?: string;
  sources?: string[];
  sinks?: string[];
  fields?: RawField[];
  executionPlan?: string;
  topology?: string;
  overriddenProperties?: Record<string, unknown>;
  queryType?: string;
}

/** Renders a field schema the way ksqlDB's CLI prints it: STRUCT<A INT>, ARRAY<STRING>, MAP<STRING, BIGINT>. */
export function typeText(schema: RawSchema | null | undefined): string {
  if (!schema) return 'UNKNOWN';
  if (schema.type === 'STRUCT') return `STRUCT<${(schema.fields ?? []).map((f) => `${f.name} ${typeText(f.schema)}`).join(', ')}>`;
  if (schema.type === 'ARRAY') return `ARRAY<${typeText(schema.memberSchema)}>`;
  if (schema.type === 'MAP') return `MAP<STRING, ${typeText(schema.memberSchema)}>`;
  return schema.type;
}

const toFields = (fields: RawField[] | undefined) => (fields ?? []).map((f) => ({ name: f.name, type: typeText(f.schema), key: f.type === 'KEY' }));
const queryIdText = (id: RawQueryDescription['id']) => (typeof id === 'string' ? id : id.id);

export function toSourceSummary(s: RawSource) {
  return { name: s.name, topic: s.topic, keyFormat: s.keyFormat ?? 'KAFKA', valueFormat: s.valueFormat ?? s.format ?? '', isWindowed: Boolean(s.isWindowed) };
}

export function toQuerySummary(q: RawQuery) {
  const state = q.state ?? (q.statusCount ? Object.keys(q.statusCount).join(',') : 'UNKNOWN');
  return { id: q.id, queryType: q.queryType ?? 'PERSISTENT', state, sinks: q.sinks ?? [], sinkKafkaTopics: q.sinkKafkaTopics ?? [], queryString: q.queryString ?? '' };
}

export function toDescription(d: RawSourceDescription) {
  return {
    name: d.name,
    type: d.type ?? '',
    topic: d.topic ?? '',
    keyFormat: d.keyFormat ?? 'KAFKA',
    valueFormat: d.valueFormat ?? d.format ?? '',
    partitions: d.partitions ?? 0,
    replication: d.replication ?? 0,
    statement: d.statement ?? '',
    fields: toFields(d.fields),
    readQueries: (d.readQueries ?? []).map(toQuerySummary),
    writeQueries: (d.writeQueries ?? []).map(toQuerySummary),
    statistics: d.statistics ?? '',
  };
}

export function toExplanation(q: RawQueryDescription) {
  return {
    id: queryIdText(q.id),
    statementText: q.statementText ?? '',
    state: q.state ?? 'UNKNOWN',
    sources: q.sources ?? [],
    sinks: q.sinks ?? [],
    fields: toFields(q.fields),
    executionPlan: q.executionPlan ?? '',
    topology: q.topology ?? '',
    overriddenProperties: q.overriddenProperties ?? {},
  };
}

/** A one-line summary of a result for the results pane, and the query id a statement started, if any. */
export function describeEntity(entity: KsqlEntity | null): { message: string; queryId: string | null } {
  if (!entity) return { message: 'Done', queryId: null };
  const e = entity as Record<string, unknown>;
  switch (entity['@type']) {
    case 'currentStatus': {
      const status = e.commandStatus as { message?: string; status?: string; queryId?: string | null } | undefined;
      return { message: status?.message ?? status?.status ?? 'Done', queryId: status?.queryId ?? null };
    }
    case 'streams':
      return { message: `${(e.streams as unknown[]).length} stream(s)`, queryId: null };
    case 'tables':
      return { message: `${(e.tables as unknown[]).length} table(s)`, queryId: null };
    case 'queries':
      return { message: `${(e.queries as unknown[]).length} quer${(e.queries as unknown[]).length === 1 ? 'y' : 'ies'}`, queryId: null };
    case 'query_descriptions':
      return { message: `${(e.queryDescriptions as unknown[]).length} query description(s)`, queryId: null };
    case 'sourceDescription': {
      const d = e.sourceDescription as RawSourceDescription;
      return { message: `${d.type ?? 'Source'} ${d.name} over topic ${d.topic ?? '?'}`, queryId: null };
    }
    case 'queryDescription': {
      const q = e.queryDescription as RawQueryDescription;
      return { message: `Query ${queryIdText(q.id)}`, queryId: queryIdText(q.id) };
    }
    case 'terminate_query':
      return { message: `Query ${String(e.queryId)} ${e.wasTerminated === false ? 'was not running' : 'terminated'}`, queryId: String(e.queryId) };
    case 'function_names':
      return { message: `${(e.functions as unknown[]).length} function(s)`, queryId: null };
    case 'properties':
      return { message: 'Server properties', queryId: null };
    case 'warning_entity':
      return { message: String(e.message ?? 'Warning'), queryId: null };
    default:
      return { message: entity['@type'] ?? 'Done', queryId: null };
  }
}
