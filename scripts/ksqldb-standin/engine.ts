// The ksqlDB stand-in's engine: a metastore of streams and tables, persistent queries that really consume the
// source topic and produce to the sink topic on the broker (kafkajs, consumer group
// _confluent-ksql-default_query_<ID> as ksqlDB names it), push queries that stream a topic's records as rows,
// and pull queries over the tables CREATE TABLE … AS SELECT materializes in memory. Entities are shaped as
// ksqlDB's REST API documents them. It is a stand-in for tests and demos, not ksqlDB.
import kafkajs from 'kafkajs';
import {
  SqlError,
  columnName,
  evaluate,
  isAggregate,
  parseStatement,
  scalarFunctions,
  splitScript,
  typeOf,
  type ColumnDef,
  type Expr,
  type Row,
  type Select,
  type Statement,
} from './sql.ts';

const { Kafka, logLevel } = kafkajs;

export type Entity = Record<string, unknown> & { '@type': string; statementText: string; warnings: unknown[] };

interface Source {
  name: string;
  kind: 'STREAM' | 'TABLE';
  topic: string;
  keyFormat: string;
  valueFormat: string;
  columns: ColumnDef[];
  statement: string;
  partitions: number;
  replication: number;
  /** Rows by Kafka key, for tables a query of this stand-in maintains (pull queries read these). */
  materialized: Map<string, Row> | null;
}

interface OutputColumn {
  name: string;
  type: string;
  key: boolean;
  expr: Expr;
}

interface PersistentQuery {
  id: string;
  statement: string;
  sources: string[];
  sinks: string[];
  sinkTopic: string;
  columns: OutputColumn[];
  state: 'RUNNING' | 'ERROR';
  error: string | null;
  overridden: Record<string, string>;
  groupId: string;
  stop(): Promise<void>;
}

interface PushQuery {
  id: string;
  close(): Promise<void>;
}

export interface QueryHeader {
  queryId: string | null;
  columnNames: string[];
  columnTypes: string[];
}

export class StandinError extends Error {
  readonly errorCode: number;
  readonly statementText: string;
  readonly entities: Entity[];
  readonly type: 'statement_error' | 'generic_error';
  constructor(errorCode: number, message: string, statementText: string, entities: Entity[] = [], type: 'statement_error' | 'generic_error' = 'statement_error') {
    super(message);
    this.errorCode = errorCode;
    this.statementText = statementText;
    this.entities = entities;
    this.type = type;
  }
}

const offsetReset = (props: Record<string, string>) => (props['auto.offset.reset'] ?? props['ksql.streams.auto.offset.reset'] ?? 'latest').toLowerCase();

/** FieldInfo.schema for a ksqlDB type text (STRUCT<A INTEGER>, ARRAY<STRING>, MAP<STRING, BIGINT>, DECIMAL(4, 2)). */
function schemaOf(type: string): Record<string, unknown> {
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
    fields: parts.map((p) => {
      const sp = p.indexOf(' ');
      return { name: p.slice(0, sp), schema: schemaOf(p.slice(sp + 1)) };
    }),
    memberSchema: null,
  };
}

const fieldInfo = (c: { name: string; type: string; key: boolean }) => ({ name: c.name, schema: schemaOf(c.type), ...(c.key ? { type: 'KEY' } : {}) });

export class StandinEngine {
  private readonly kafka: kafkajs.Kafka;
  private readonly admin: kafkajs.Admin;
  private readonly producer: kafkajs.Producer;
  private readonly sources = new Map<string, Source>();
  private readonly queries = new Map<string, PersistentQuery>();
  private readonly pushQueries = new Map<string, PushQuery>();
  private sequence = 0;
  private transientCount = 0;
  readonly bootstrap: string;
  hostLabel = '127.0.0.1:8088';

  constructor(bootstrap: string) {
    this.bootstrap = bootstrap;
    this.kafka = new Kafka({ clientId: 'ksqldb-standin', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3 } });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
  }

  async start(): Promise<void> {
    await this.admin.connect();
    await this.producer.connect();
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.pushQueries.values()].map((q) => q.close()));
    await Promise.allSettled([...this.queries.values()].map((q) => q.stop()));
    await this.producer.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
  }

  async info(): Promise<Record<string, unknown>> {
    const cluster = await this.admin.describeCluster();
    return { KsqlServerInfo: { version: '0.29.0-standin', kafkaClusterId: cluster.clusterId, ksqlServiceId: 'default_', serverStatus: 'RUNNING' } };
  }

  /** POST /ksql: every statement in order; the first failure ends the request with the entities before it. */
  async execute(ksql: string, streamsProperties: Record<string, string>): Promise<Entity[]> {
    const entities: Entity[] = [];
    const props = { ...streamsProperties };
    let texts: string[];
    try {
      texts = splitScript(ksql);
    } catch (error) {
      throw new StandinError((error as SqlError).errorCode ?? 40001, (error as Error).message, ksql);
    }
    for (const text of texts) {
      try {
        const statement = parseStatement(text);
        if (statement.type === 'set') {
          if (statement.value === null) delete props[statement.name];
          else props[statement.name] = statement.value;
          continue;
        }
        const entity = await this.run(statement, text, props);
        if (entity) entities.push(entity);
      } catch (error) {
        if (error instanceof StandinError) throw new StandinError(error.errorCode, error.message, text, entities, error.type);
        if (error instanceof SqlError) throw new StandinError(error.errorCode, error.message, text, entities);
        throw new StandinError(50000, `The ksqlDB stand-in failed: ${(error as Error).message}`, text, entities, 'generic_error');
      }
    }
    return entities;
  }

  private source(name: string, text: string): Source {
    const s = this.sources.get(name);
    if (!s) throw new StandinError(40001, `Exception while preparing statement: ${name} does not exist.`, text);
    return s;
  }

  private entity(type: string, text: string, fields: Record<string, unknown>): Entity {
    return { '@type': type, statementText: text, ...fields, warnings: [] };
  }

  private status(text: string, commandId: string, message: string, queryId: string | null = null): Entity {
    return this.entity('currentStatus', text, { commandId, commandStatus: { status: 'SUCCESS', message, queryId }, commandSequenceNumber: ++this.sequence });
  }

  private async run(s: Statement, text: string, props: Record<string, string>): Promise<Entity | null> {
    switch (s.type) {
      case 'select':
        throw new StandinError(40002, "The following statement types should be issued to the websocket endpoint '/query':\n\t* PRINT\n\t* SELECT", text);
      case 'create':
        return s.select ? this.createAsSelect(s, text, props) : this.createSource(s, text);
      case 'insert-select':
        return this.insertSelect(s.target, s.select, text, props);
      case 'insert-values':
        await this.insertValues(s.target, s.columns, s.values, text);
        return null;
      case 'drop':
        return this.drop(s, text);
      case 'terminate':
        return this.terminate(s.queryId, text);
      case 'show':
        return this.show(s.what, s.extended, text);
      case 'describe':
        return this.describe(s.name, s.extended, text);
      case 'explain': {
        const q = this.queries.get(s.queryId);
        if (!q) throw new StandinError(40001, `Query with id:${s.queryId} does not exist, use SHOW QUERIES to view the full set of queries.`, text);
        return this.entity('queryDescription', text, { queryDescription: this.queryDescription(q) });
      }
      default:
        return null;
    }
  }

  private async topicPartitions(topic: string): Promise<{ partitions: number; replication: number } | null> {
    try {
      const meta = await this.admin.fetchTopicMetadata({ topics: [topic] });
      const t = meta.topics[0];
      if (!t || t.partitions.length === 0) return null;
      return { partitions: t.partitions.length, replication: t.partitions[0]!.replicas.length };
    } catch {
      return null;
    }
  }

  private exists(kind: 'STREAM' | 'TABLE', name: string, text: string, ifNotExists: boolean, orReplace: boolean): Entity | null {
    const existing = this.sources.get(name);
    if (!existing || orReplace) return null;
    const message = `Cannot add ${kind.toLowerCase()} '${name}': A ${existing.kind.toLowerCase()} with the same name already exists`;
    if (ifNotExists) return this.entity('warning_entity', text, { message });
    throw new StandinError(40001, message, text);
  }

  private async createSource(s: Extract<Statement, { type: 'create' }>, text: string): Promise<Entity> {
    const existing = this.exists(s.kind, s.name, text, s.ifNotExists, s.orReplace);
    if (existing) return existing;
    const topic = s.props.KAFKA_TOPIC;
    if (!topic) throw new StandinError(40001, `Missing required property "KAFKA_TOPIC" which has no default value.`, text);
    const valueFormat = (s.props.VALUE_FORMAT ?? s.props.FORMAT ?? '').toUpperCase();
    if (!valueFormat) throw new StandinError(40001, `Statement is missing the 'VALUE_FORMAT' property from the WITH clause. Either provide one or set a default via the 'ksql.persistence.default.format.value' config.`, text);
    if (s.columns.length === 0) throw new StandinError(40001, `The ksqlDB stand-in cannot infer columns from a schema registry: list the columns, e.g. CREATE STREAM ${s.name} (ID INT KEY, NAME STRING) WITH (…)`, text);
    if (s.kind === 'TABLE' && !s.columns.some((c) => c.key)) throw new StandinError(40001, `Tables require a PRIMARY KEY. Please define the PRIMARY KEY.`, text);
    let shape = await this.topicPartitions(topic);
    if (!shape) {
      if (!s.props.PARTITIONS) throw new StandinError(40001, `Topic '${topic}' does not exist. If you want to create a new topic for the ${s.kind.toLowerCase()} please re-run the statement providing the required 'PARTITIONS' configuration in the WITH clause (and optionally 'REPLICAS'). For example: CREATE ${s.kind} ${s.name} (...) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=2, REPLICAS=1, VALUE_FORMAT='${valueFormat}');`, text);
      await this.admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: Number(s.props.PARTITIONS), replicationFactor: Number(s.props.REPLICAS ?? 1) }] });
      shape = { partitions: Number(s.props.PARTITIONS), replication: Number(s.props.REPLICAS ?? 1) };
    }
    this.sources.set(s.name, {
      name: s.name,
      kind: s.kind,
      topic,
      keyFormat: (s.props.KEY_FORMAT ?? 'KAFKA').toUpperCase(),
      valueFormat,
      columns: s.columns,
      statement: text,
      ...shape,
      materialized: null,
    });
    return this.status(text, `${s.kind.toLowerCase()}/\`${s.name}\`/create`, s.kind === 'STREAM' ? 'Stream created' : 'Table created');
  }

  /** The output columns of a SELECT over a source, with which are key columns of the result. */
  private outputColumns(select: Select, source: Source): OutputColumn[] {
    const types = new Map<string, string>(source.columns.map((c) => [c.name, c.type]));
    for (const [p, t] of [['ROWTIME', 'BIGINT'], ['ROWPARTITION', 'INTEGER'], ['ROWOFFSET', 'BIGINT']] as const) types.set(p, t);
    const keys = new Set(source.columns.filter((c) => c.key).map((c) => c.name));
    const groupKeys = select.groupBy.map((g) => JSON.stringify(g));
    const out: OutputColumn[] = [];
    select.items.forEach((item, index) => {
      if (!item.expr) {
        for (const c of [...source.columns.filter((x) => x.key), ...source.columns.filter((x) => !x.key)]) out.push({ name: c.name, type: c.type, key: c.key && select.groupBy.length === 0, expr: { k: 'col', qualifier: null, name: c.name } });
        return;
      }
      const expr = item.expr;
      const key = select.groupBy.length ? groupKeys.includes(JSON.stringify(expr)) : expr.k === 'col' && keys.has(expr.name);
      out.push({ name: columnName(item, index), type: typeOf(expr, types), key, expr });
    });
    const names = new Set<string>();
    for (const c of out) {
      if (names.has(c.name)) throw new SqlError(`Duplicate value columns found in schema: \`${c.name}\``);
      names.add(c.name);
    }
    if (select.groupBy.length) {
      for (const c of out) if (!c.key && !isAggregate(c.expr)) throw new SqlError(`Non-aggregate SELECT expression(s) not part of GROUP BY: ${c.name}`);
      for (const c of out) if (!c.key && c.expr.k !== 'call') throw new SqlError('The ksqlDB stand-in supports aggregate calls only as whole columns, e.g. COUNT(*) AS N');
    } else if (out.some((c) => isAggregate(c.expr))) {
      throw new SqlError('Use of aggregate function COUNT requires a GROUP BY clause.');
    }
    if (source.valueFormat !== 'JSON') throw new SqlError(`The ksqlDB stand-in reads and writes VALUE_FORMAT='JSON' only; ${source.name} is ${source.valueFormat}`);
    return out;
  }

  private decode(source: Source, message: kafkajs.KafkaMessage, partition: number): Row | null {
    if (!message.value) return null;
    let value: unknown;
    try {
      value = JSON.parse(message.value.toString('utf8'));
    } catch {
      return null; // ksqlDB logs undecodable records to its processing log and skips them
    }
    if (!value || typeof value !== 'object') return null;
    const obj = value as Record<string, unknown>;
    const upper = new Map(Object.keys(obj).map((k) => [k.toUpperCase(), obj[k]]));
    const row: Row = new Map();
    const keyText = message.key?.toString('utf8') ?? null;
    for (const c of source.columns) {
      if (c.key) row.set(c.name, keyText === null ? null : /^(INTEGER|BIGINT|DOUBLE)$/.test(c.type) ? Number(keyText) : keyText);
      else row.set(c.name, upper.has(c.name) ? upper.get(c.name) : (obj[c.name] ?? null));
    }
    row.set('ROWTIME', Number(message.timestamp));
    row.set('ROWPARTITION', partition);
    row.set('ROWOFFSET', Number(message.offset));
    return row;
  }

  private async createAsSelect(s: Extract<Statement, { type: 'create' }>, text: string, props: Record<string, string>): Promise<Entity> {
    const existing = this.exists(s.kind, s.name, text, s.ifNotExists, s.orReplace);
    if (existing) return existing;
    const select = s.select!;
    const from = this.source(select.from, text);
    if (select.limit !== null) throw new StandinError(40001, 'CREATE STREAM AS SELECT statements don\'t support LIMIT clause.', text);
    const columns = this.outputColumns(select, from);
    if (s.kind === 'TABLE' && from.kind === 'STREAM' && select.groupBy.length === 0) throw new StandinError(40001, 'Invalid result type. Your SELECT query produces a STREAM. Please use CREATE STREAM AS SELECT statement instead.', text);
    if (s.kind === 'STREAM' && select.groupBy.length) throw new StandinError(40001, 'Invalid result type. Your SELECT query produces a TABLE. Please use CREATE TABLE AS SELECT statement instead.', text);
    const topic = s.props.KAFKA_TOPIC ?? s.name;
    const partitions = Number(s.props.PARTITIONS ?? from.partitions);
    const replication = Number(s.props.REPLICAS ?? from.replication);
    if (!(await this.topicPartitions(topic))) await this.admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: replication }] });
    const sink: Source = {
      name: s.name,
      kind: s.kind,
      topic,
      keyFormat: 'KAFKA',
      valueFormat: (s.props.VALUE_FORMAT ?? from.valueFormat).toUpperCase(),
      columns: columns.map((c) => ({ name: c.name, type: c.type, key: c.key })),
      statement: text,
      partitions,
      replication,
      materialized: s.kind === 'TABLE' ? new Map() : null,
    };
    this.sources.set(s.name, sink);
    const id = `${s.kind === 'STREAM' ? 'CSAS' : 'CTAS'}_${s.name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}_${this.sequence + 1}`;
    await this.startPersistent(id, text, from, sink, select, columns, props);
    return this.status(text, `${s.kind.toLowerCase()}/\`${s.name}\`/create`, `Created query with ID ${id}`, id);
  }

  private async insertSelect(target: string, select: Select, text: string, props: Record<string, string>): Promise<Entity> {
    const sink = this.source(target, text);
    if (sink.kind !== 'STREAM') throw new StandinError(40001, `INSERT INTO can only be used to insert into a stream. ${target} is a table.`, text);
    const from = this.source(select.from, text);
    const columns = this.outputColumns(select, from);
    const want = sink.columns.map((c) => c.name).join(',');
    const got = columns.map((c) => c.name).join(',');
    if (want !== got) throw new StandinError(40001, `Incompatible schema between results and sink.\nResult schema is ${got}\nSink schema is ${want}`, text);
    const id = `INSERTQUERY_${this.sequence + 1}`;
    await this.startPersistent(id, text, from, sink, select, columns, props);
    return this.status(text, `stream/\`${target}\`/create`, `Created query with ID ${id}`, id);
  }

  private async insertValues(target: string, names: string[] | null, values: Expr[], text: string): Promise<void> {
    const sink = this.source(target, text);
    const cols = names ?? sink.columns.map((c) => c.name);
    if (cols.length !== values.length) throw new StandinError(40001, `Expected number columns and values to match: ${cols.join(', ')}, ${values.length} values`, text);
    const row = new Map<string, unknown>(cols.map((c, i) => [c, evaluate(values[i]!, new Map())]));
    for (const c of cols) if (!sink.columns.some((x) => x.name === c)) throw new StandinError(40001, `Column name ${c} does not exist.`, text);
    const keyCol = sink.columns.find((c) => c.key);
    const value = Object.fromEntries(sink.columns.filter((c) => !c.key).map((c) => [c.name, row.get(c.name) ?? null]));
    const key = keyCol && row.get(keyCol.name) != null ? String(row.get(keyCol.name)) : null;
    await this.producer.send({ topic: sink.topic, messages: [{ key, value: JSON.stringify(value) }] });
  }

  private async startPersistent(id: string, text: string, from: Source, sink: Source, select: Select, columns: OutputColumn[], props: Record<string, string>): Promise<void> {
    const groupId = `_confluent-ksql-default_query_${id}`;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    const query: PersistentQuery = {
      id,
      statement: text,
      sources: [from.name],
      sinks: [sink.name],
      sinkTopic: sink.topic,
      columns,
      state: 'RUNNING',
      error: null,
      overridden: { ...props },
      groupId,
      stop: async () => {
        await consumer.disconnect().catch(() => undefined);
      },
    };
    const aggregate = select.groupBy.length > 0;
    const groups = new Map<string, Map<string, unknown>>();
    await consumer.connect();
    await consumer.subscribe({ topic: from.topic, fromBeginning: offsetReset(props) === 'earliest' });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        try {
          const row = this.decode(from, message, partition);
          if (!row) {
            // A tombstone on a table source deletes the row downstream too.
            if (!message.value && from.kind === 'TABLE' && !aggregate && message.key) {
              sink.materialized?.delete(message.key.toString('utf8'));
              await this.producer.send({ topic: sink.topic, messages: [{ key: message.key, value: null }] });
            }
            return;
          }
          if (select.where && evaluate(select.where, row) !== true) return;
          if (!aggregate) {
            const out = new Map(columns.map((c) => [c.name, evaluate(c.expr, row)]));
            const value = Object.fromEntries(columns.filter((c) => !c.key).map((c) => [c.name, out.get(c.name)]));
            if (sink.materialized && message.key) sink.materialized.set(message.key.toString('utf8'), out);
            await this.producer.send({ topic: sink.topic, messages: [{ key: message.key, value: JSON.stringify(value) }] });
            return;
          }
          const keyValues = select.groupBy.map((g) => evaluate(g, row));
          const key = keyValues.map((v) => String(v)).join('|+|');
          const state = groups.get(key) ?? new Map<string, unknown>();
          groups.set(key, state);
          const out = new Map<string, unknown>();
          for (const c of columns) {
            if (c.key) {
              out.set(c.name, evaluate(c.expr, row));
              continue;
            }
            const call = c.expr as Extract<Expr, { k: 'call' }>;
            const arg = call.star || call.args.length === 0 ? 1 : evaluate(call.args[0]!, row);
            const prev = state.get(c.name);
            let next: unknown = prev;
            switch (call.name) {
              case 'COUNT':
                next = ((prev as number | undefined) ?? 0) + (call.star || arg != null ? 1 : 0);
                break;
              case 'SUM':
                next = ((prev as number | undefined) ?? 0) + (arg == null ? 0 : Number(arg));
                break;
              case 'MIN':
                next = arg == null ? (prev ?? null) : prev == null ? arg : Math.min(Number(prev), Number(arg));
                break;
              case 'MAX':
                next = arg == null ? (prev ?? null) : prev == null ? arg : Math.max(Number(prev), Number(arg));
                break;
              case 'AVG': {
                const p = (prev as { s: number; n: number } | undefined) ?? { s: 0, n: 0 };
                next = arg == null ? p : { s: p.s + Number(arg), n: p.n + 1 };
                break;
              }
              case 'LATEST_BY_OFFSET':
                next = arg ?? prev ?? null;
                break;
              case 'EARLIEST_BY_OFFSET':
                next = prev === undefined ? arg : prev;
                break;
            }
            state.set(c.name, next);
            out.set(c.name, call.name === 'AVG' ? ((next as { s: number; n: number }).n ? (next as { s: number; n: number }).s / (next as { s: number; n: number }).n : null) : next);
          }
          sink.materialized?.set(key, out);
          const value = Object.fromEntries(columns.filter((c) => !c.key).map((c) => [c.name, out.get(c.name)]));
          await this.producer.send({ topic: sink.topic, messages: [{ key, value: JSON.stringify(value) }] });
        } catch (error) {
          query.state = 'ERROR';
          query.error = (error as Error).message;
        }
      },
    });
    this.queries.set(id, query);
  }

  private readers(name: string): PersistentQuery[] {
    return [...this.queries.values()].filter((q) => q.sources.includes(name));
  }
  private writers(name: string): PersistentQuery[] {
    return [...this.queries.values()].filter((q) => q.sinks.includes(name));
  }

  private async drop(s: Extract<Statement, { type: 'drop' }>, text: string): Promise<Entity> {
    const source = this.sources.get(s.name);
    if (!source) {
      if (s.ifExists) return this.status(text, `${s.kind.toLowerCase()}/\`${s.name}\`/drop`, `Source \`${s.name}\` does not exist.`);
      throw new StandinError(40001, `${s.kind === 'STREAM' ? 'Stream' : 'Table'} ${s.name} does not exist.`, text);
    }
    if (source.kind !== s.kind) throw new StandinError(40001, `Incompatible data source type is ${source.kind}, but statement was DROP ${s.kind}`, text);
    const readers = this.readers(s.name).map((q) => q.id);
    const writers = this.writers(s.name).map((q) => q.id);
    // ksqlDB lets DROP stop the query that created the source (it is terminated with it) but not others.
    const creator = this.writers(s.name).find((q) => q.id.startsWith('CSAS_') || q.id.startsWith('CTAS_'));
    const otherWriters = writers.filter((id) => id !== creator?.id);
    if (readers.length || otherWriters.length) {
      throw new StandinError(
        40001,
        `Cannot drop ${s.name}.\nThe following queries read from this source: [${readers.join(', ')}].\nThe following queries write into this source: [${otherWriters.join(', ')}].\nYou need to terminate them before dropping ${s.name}.`,
        text,
      );
    }
    if (creator) {
      await creator.stop();
      this.queries.delete(creator.id);
    }
    this.sources.delete(s.name);
    if (s.deleteTopic) await this.admin.deleteTopics({ topics: [source.topic] });
    return this.status(text, `${s.kind.toLowerCase()}/\`${s.name}\`/drop`, `Source \`${s.name}\` (topic: ${source.topic}) was dropped.`);
  }

  private async terminate(queryId: string, text: string): Promise<Entity> {
    const ids = queryId === 'ALL' ? [...this.queries.keys()] : [queryId];
    for (const id of ids) {
      const q = this.queries.get(id);
      if (!q) throw new StandinError(40001, `Unknown queryId: ${id}`, text);
      await q.stop();
      this.queries.delete(id);
    }
    return this.entity('terminate_query', text, { queryId, wasTerminated: true });
  }

  private runningQuery(q: PersistentQuery) {
    return { queryString: q.statement, sinks: q.sinks, sinkKafkaTopics: [q.sinkTopic], id: q.id, statusCount: { [q.state]: 1 }, queryType: 'PERSISTENT', state: q.state };
  }

  private queryDescription(q: PersistentQuery) {
    const source = q.sources.map((s) => this.sources.get(s)?.topic ?? s);
    return {
      id: q.id,
      statementText: q.statement,
      windowType: null,
      fields: q.columns.map(fieldInfo),
      sources: q.sources,
      sinks: q.sinks,
      topology: `Topologies (ksqlDB stand-in):\n   Sub-topology: 0\n    Source: KSTREAM-SOURCE-0000000000 (topics: [${source.join(', ')}])\n    Sink: KSTREAM-SINK-0000000003 (topic: ${q.sinkTopic})\n`,
      executionPlan: ` > [ SINK ] | Schema: ${q.columns.map((c) => `${c.name} ${c.type}${c.key ? ' KEY' : ''}`).join(', ')} | Logger: ${q.id}.${q.sinks[0]}\n\t\t > [ PROJECT / FILTER ] | Logger: ${q.id}.Project\n\t\t\t\t > [ SOURCE ] | Logger: ${q.id}.KsqlTopic.Source\n`,
      overriddenProperties: q.overridden,
      ksqlHostQueryStatus: { [this.hostLabel]: q.state },
      queryType: 'PERSISTENT',
      queryErrors: q.error ? [{ timestamp: Date.now(), errorMessage: q.error, type: 'UNKNOWN' }] : [],
      tasksMetadata: [],
      state: q.state,
      consumerGroupId: q.groupId,
    };
  }

  private async show(what: Extract<Statement, { type: 'show' }>['what'], extended: boolean, text: string): Promise<Entity> {
    const list = (kind: 'STREAM' | 'TABLE') =>
      [...this.sources.values()].filter((s) => s.kind === kind).map((s) => ({ type: kind, name: s.name, topic: s.topic, keyFormat: s.keyFormat, valueFormat: s.valueFormat, isWindowed: false }));
    switch (what) {
      case 'STREAMS':
        return this.entity('streams', text, { streams: list('STREAM') });
      case 'TABLES':
        return this.entity('tables', text, { tables: list('TABLE') });
      case 'QUERIES':
        if (extended) return this.entity('query_descriptions', text, { queryDescriptions: [...this.queries.values()].map((q) => this.queryDescription(q)) });
        return this.entity('queries', text, { queries: [...this.queries.values()].map((q) => this.runningQuery(q)) });
      case 'FUNCTIONS':
        return this.entity('function_names', text, {
          functions: [
            ...Object.keys(scalarFunctions).map((name) => ({ name, type: 'SCALAR', category: /CASE|TRIM|LEN|CONCAT|SUBSTRING/.test(name) ? 'STRING' : /ABS|ROUND|CEIL|FLOOR/.test(name) ? 'MATHEMATICAL' : 'CONDITIONAL' })),
            ...['COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'LATEST_BY_OFFSET', 'EARLIEST_BY_OFFSET'].map((name) => ({ name, type: 'AGGREGATE', category: 'AGGREGATE' })),
          ].sort((a, b) => a.name.localeCompare(b.name)),
        });
      case 'PROPERTIES':
        return this.entity('properties', text, {
          properties: [
            { name: 'ksql.service.id', scope: 'KSQL', value: 'default_' },
            { name: 'ksql.streams.auto.offset.reset', scope: 'KSQL', value: 'latest' },
            { name: 'ksql.streams.bootstrap.servers', scope: 'KSQL', value: this.bootstrap },
            { name: 'ksql.query.pull.table.scan.enabled', scope: 'KSQL', value: 'true' },
          ],
          overwrittenProperties: [],
          defaultProperties: ['ksql.streams.auto.offset.reset'],
        });
      case 'TOPICS': {
        const meta = await this.admin.fetchTopicMetadata();
        const topics = meta.topics.filter((t) => !t.name.startsWith('_')).map((t) => ({ name: t.name, replicaInfo: t.partitions.map((p) => p.replicas.length) }));
        return this.entity('kafka_topics', text, { topics: topics.sort((a, b) => a.name.localeCompare(b.name)) });
      }
    }
  }

  private describe(name: string, extended: boolean, text: string): Entity {
    const s = this.sources.get(name);
    if (!s) throw new StandinError(40001, `Could not find STREAM/TABLE '${name}' in the Metastore`, text);
    return this.entity('sourceDescription', text, {
      sourceDescription: {
        name: s.name,
        windowType: null,
        readQueries: this.readers(name).map((q) => this.runningQuery(q)),
        writeQueries: this.writers(name).map((q) => this.runningQuery(q)),
        fields: s.columns.map(fieldInfo),
        type: s.kind,
        timestamp: '',
        statistics: extended ? 'The ksqlDB stand-in keeps no statistics' : '',
        errorStats: '',
        extended,
        keyFormat: s.keyFormat,
        valueFormat: s.valueFormat,
        topic: s.topic,
        partitions: s.partitions,
        replication: s.replication,
        statement: s.statement,
        queryOffsetSummaries: [],
        sourceConstraints: [],
      },
    });
  }

  /**
   * POST /query-stream: a push query (EMIT CHANGES) streams rows of the source topic as they arrive; a pull
   * query reads a table this stand-in materializes. `onRow` gets each row; `onEnd` when it ends by itself.
   */
  async query(sql: string, properties: Record<string, string>, onRow: (row: unknown[]) => void, onEnd: () => void): Promise<{ header: QueryHeader; close: () => Promise<void> }> {
    let statement: Statement;
    const text = sql.trim();
    try {
      statement = parseStatement(text);
    } catch (error) {
      throw new StandinError((error as SqlError).errorCode ?? 40001, (error as Error).message, text);
    }
    if (statement.type !== 'select') throw new StandinError(40001, `The ksqlDB stand-in runs SELECT statements on /query-stream only; run ${statement.type.toUpperCase()} statements on /ksql`, text);
    const select = statement.select;
    const from = this.source(select.from, text);
    let columns: OutputColumn[];
    try {
      columns = this.outputColumns(select, from);
    } catch (error) {
      throw new StandinError((error as SqlError).errorCode ?? 40001, (error as Error).message, text);
    }
    if (select.groupBy.length) throw new StandinError(40001, 'The ksqlDB stand-in does not run GROUP BY in transient queries; create a table with CREATE TABLE … AS SELECT', text);
    const header = (queryId: string | null): QueryHeader => ({ queryId, columnNames: columns.map((c) => c.name), columnTypes: columns.map((c) => c.type) });
    const project = (row: Row) => columns.map((c) => evaluate(c.expr, row));

    if (!select.emitChanges) {
      if (from.kind !== 'TABLE' || !from.materialized) throw new StandinError(40001, `Can't pull from \`${from.name}\` as it's not a materialized table.`, text);
      let count = 0;
      for (const row of from.materialized.values()) {
        if (select.limit !== null && count >= select.limit) break;
        if (select.where && evaluate(select.where, row) !== true) continue;
        onRow(project(row));
        count++;
      }
      queueMicrotask(onEnd);
      return { header: header(null), close: async () => undefined };
    }

    const queryId = `transient_${from.name}_${Date.now()}${++this.transientCount}`;
    const consumer = this.kafka.consumer({ groupId: `_confluent-ksql-default_transient_${queryId}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
    let emitted = 0;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      this.pushQueries.delete(queryId);
      await consumer.disconnect().catch(() => undefined);
      onEnd();
    };
    const joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
      setTimeout(resolve, 15_000).unref();
    });
    await consumer.connect();
    await consumer.subscribe({ topic: from.topic, fromBeginning: offsetReset(properties) === 'earliest' });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        if (closed) return;
        const row = this.decode(from, message, partition);
        if (!row) return;
        if (select.where && evaluate(select.where, row) !== true) return;
        onRow(project(row));
        emitted++;
        if (select.limit !== null && emitted >= select.limit) {
          void close();
        }
      },
    });
    this.pushQueries.set(queryId, { id: queryId, close });
    await joined;
    return { header: header(queryId), close };
  }

  /** POST /close-query. */
  async closeQuery(queryId: string): Promise<boolean> {
    const q = this.pushQueries.get(queryId);
    if (!q) return false;
    await q.close();
    return true;
  }
}
