// The ksqlDB workbench's calls: run scripts statement by statement, stream query rows as progress events,
// list and inspect streams, tables and queries, preflight a script's data flow, and keep history and snippets.
import type { KsqlFlow, KsqlStatementResult, ParsedIn } from '../contract.ts';
import type { EngineContext, RoomHandlers } from '../engine-context.ts';
import { httpEndpoint } from '../cluster/connection.ts';
import { TributaryError, toErrorValue } from '../errors.ts';
import { extractScriptFlows, type KnownSources } from './extract-sources-sinks.ts';
import { KsqlDbClient, KsqlError, type KsqlEntity, type KsqlProperties, type QueryStream } from './ksqldb-client.ts';
import { describeEntity, toDescription, toExplanation, toQuerySummary, toSourceSummary, type RawQuery, type RawSource, type RawSourceDescription, type RawQueryDescription } from './entities.ts';
import { splitStatements } from './split-statements.ts';
import { WorkbenchStore } from './workbench-store.ts';

type Calls =
  | 'ksql.info'
  | 'ksql.run'
  | 'ksql.query'
  | 'ksql.closeQuery'
  | 'ksql.objects'
  | 'ksql.describe'
  | 'ksql.explain'
  | 'ksql.terminate'
  | 'ksql.drop'
  | 'ksql.preflight'
  | 'ksql.history'
  | 'ksql.snippets.list'
  | 'ksql.snippets.save'
  | 'ksql.snippets.delete'
  | 'ksql.functions';

const ROW_BATCH = 500;
const ROW_FLUSH_MS = 100;
const KNOWN_SOURCES_TTL_MS = 15_000;

/** An identifier as ksqlDB reads it back: plain when it is already upper-case, else backquoted. */
export function quoteIdentifier(name: string): string {
  return /^[A-Z_][A-Z0-9_]*$/.test(name) ? name : `\`${name.replaceAll('`', '``')}\``;
}

const SET_PROPERTY = /^SET\s+'((?:[^']|'')+)'\s*=\s*'((?:[^']|'')*)'$/i;
const UNSET_PROPERTY = /^UNSET\s+'((?:[^']|'')+)'$/i;

export function ksqlHandlers({ db, profiles, vault, onClose }: EngineContext): RoomHandlers<Calls> {
  const store = new WorkbenchStore(db);
  const running = new Map<string, QueryStream>();
  const knownCache = new Map<string, { at: number; known: KnownSources }>();
  onClose(() => {
    for (const stream of running.values()) void stream.close();
  });

  const clientFor = (profileId: string) => {
    const profile = profiles.get(profileId);
    if (!profile.ksqldbUrl) throw new TributaryError('Invalid', `"${profile.name}" has no ksqlDB URL — add one on the Connections page`);
    return new KsqlDbClient(httpEndpoint(profile, vault, 'ksqldb'));
  };
  const withClient = async <T>(profileId: string, use: (client: KsqlDbClient) => Promise<T>): Promise<T> => {
    const client = clientFor(profileId);
    try {
      return await use(client);
    } finally {
      client.close();
    }
  };
  /** Runs one statement and returns its single entity. */
  const one = async (profileId: string, statement: string, properties: KsqlProperties = {}): Promise<KsqlEntity> =>
    withClient(profileId, async (client) => {
      const [entity] = await client.ksql(statement, properties);
      if (!entity) throw new TributaryError('Invalid', `ksqlDB returned no result for: ${statement}`);
      return entity;
    });
  const knownSources = async (client: KsqlDbClient): Promise<KnownSources> => {
    const [streams, tables] = await client.ksql('SHOW STREAMS; SHOW TABLES;');
    const known: KnownSources = new Map();
    for (const s of ((streams?.streams as RawSource[] | undefined) ?? [])) known.set(s.name, { kind: 'stream', topic: s.topic });
    for (const t of ((tables?.tables as RawSource[] | undefined) ?? [])) known.set(t.name, { kind: 'table', topic: t.topic });
    return known;
  };
  const record = (profileId: string, statement: string, started: number, startedAt: string, outcome: 'ok' | 'error' | 'closed', error: unknown, rowCount: number | null) => {
    store.record({
      profileId,
      statement,
      startedAt,
      durationMs: performance.now() - started,
      outcome,
      errorCode: error instanceof KsqlError ? error.errorCode : null,
      error: error ? (error instanceof KsqlError ? error.serverMessage : toErrorValue(error).message) : null,
      rowCount,
    });
  };

  return {
    'ksql.info': async ({ profileId }) =>
      withClient(profileId, async (client) => {
        const info = await client.info();
        return { url: client.url, version: info.version ?? '', kafkaClusterId: info.kafkaClusterId ?? '', ksqlServiceId: info.ksqlServiceId ?? '', serverStatus: info.serverStatus ?? '' };
      }),

    'ksql.run': async ({ profileId, script, properties }) => {
      const { statements, problems } = splitStatements(script);
      const results: KsqlStatementResult[] = [];
      const props: KsqlProperties = { ...properties };
      let stoppedAt: number | null = null;
      await withClient(profileId, async (client) => {
        for (const [index, s] of statements.entries()) {
          const started = performance.now();
          const startedAt = new Date().toISOString();
          const base = { index, start: s.start, end: s.end, statement: s.text };
          // SET/UNSET are scoped to one request on the REST API, so the workbench carries them to the statements that follow.
          const set = SET_PROPERTY.exec(s.text);
          const unset = UNSET_PROPERTY.exec(s.text);
          if (set || unset) {
            const key = (set ?? unset)![1]!.replaceAll("''", "'");
            if (set) props[key] = set[2]!.replaceAll("''", "'");
            else delete props[key];
            const message = set ? `Property ${key} set to ${String(props[key])} for the rest of this script` : `Property ${key} unset for the rest of this script`;
            results.push({ ...base, ok: true, type: 'property', message, errorCode: null, queryId: null, entity: null, durationMs: 0 });
            continue;
          }
          try {
            const entities = await client.ksql(s.text, props);
            const entity = entities[0] ?? null;
            const { message, queryId } = describeEntity(entity);
            results.push({ ...base, ok: true, type: entity?.['@type'] ?? 'none', message, errorCode: null, queryId, entity, durationMs: performance.now() - started });
            record(profileId, s.text, started, startedAt, 'ok', null, null);
          } catch (error) {
            const ksqlError = error instanceof KsqlError ? error : null;
            results.push({
              ...base,
              ok: false,
              type: ksqlError?.entityType ?? 'client_error',
              message: ksqlError ? ksqlError.serverMessage : toErrorValue(error).message,
              errorCode: ksqlError?.errorCode ?? null,
              queryId: null,
              entity: null,
              durationMs: performance.now() - started,
            });
            record(profileId, s.text, started, startedAt, 'error', error, null);
            stoppedAt = index;
            break;
          }
        }
      });
      return { results, stoppedAt, problems };
    },

    'ksql.query': async ({ profileId, sql, properties, maxRows }, ctx) => {
      const started = performance.now();
      const startedAt = new Date().toISOString();
      const client = clientFor(profileId);
      let stream: QueryStream | null = null;
      let rowCount = 0;
      let capped = false;
      try {
        stream = await client.query(sql, properties);
        const { header } = stream;
        ctx.emit({ type: 'header', queryId: header.queryId, columnNames: header.columnNames, columnTypes: header.columnTypes });
        const key = header.queryId ? `${profileId}\n${header.queryId}` : null;
        if (key) running.set(key, stream);
        let batch: unknown[][] = [];
        const flush = () => {
          if (batch.length) ctx.emit({ type: 'rows', rows: batch });
          batch = [];
        };
        // Rows that trickle in still reach the caller within ROW_FLUSH_MS.
        const timer = setInterval(flush, ROW_FLUSH_MS);
        try {
          for await (const row of stream) {
            batch.push(row);
            rowCount++;
            if (batch.length >= ROW_BATCH) flush();
            if (rowCount >= maxRows) {
              capped = true;
              await stream.close();
              break;
            }
          }
        } finally {
          clearInterval(timer);
          flush();
          if (key) running.delete(key);
        }
        const ended = capped ? 'cap' : stream.endedBy === 'client' ? 'closed' : 'completed';
        record(profileId, sql, started, startedAt, ended === 'completed' ? 'ok' : 'closed', null, rowCount);
        return { queryId: header.queryId, columnNames: header.columnNames, columnTypes: header.columnTypes, rowCount, ended, durationMs: performance.now() - started };
      } catch (error) {
        record(profileId, sql, started, startedAt, 'error', error, rowCount);
        throw error;
      } finally {
        client.close();
      }
    },

    'ksql.closeQuery': async ({ profileId, queryId }) => {
      const stream = running.get(`${profileId}\n${queryId}`);
      if (stream) {
        await stream.close();
        return { closed: true };
      }
      return withClient(profileId, async (client) => {
        try {
          await client.closeQuery(queryId);
          return { closed: true };
        } catch (error) {
          if (error instanceof KsqlError) return { closed: false };
          throw error;
        }
      });
    },

    'ksql.objects': async ({ profileId }) =>
      withClient(profileId, async (client) => {
        const [streams, tables, queries] = await client.ksql('SHOW STREAMS; SHOW TABLES; SHOW QUERIES;');
        return {
          streams: ((streams?.streams as RawSource[] | undefined) ?? []).map(toSourceSummary),
          tables: ((tables?.tables as RawSource[] | undefined) ?? []).map(toSourceSummary),
          queries: ((queries?.queries as RawQuery[] | undefined) ?? []).map(toQuerySummary),
        };
      }),

    'ksql.describe': async ({ profileId, name }) => {
      const entity = await one(profileId, `DESCRIBE ${quoteIdentifier(name)} EXTENDED`);
      return toDescription(entity.sourceDescription as RawSourceDescription);
    },

    'ksql.explain': async ({ profileId, queryId }) => {
      const entity = await one(profileId, `EXPLAIN ${quoteIdentifier(queryId)}`);
      return toExplanation(entity.queryDescription as RawQueryDescription);
    },

    'ksql.terminate': async ({ profileId, queryId }) => {
      profiles.get(profileId); // an unknown profile is NotFound here, before a history row could name it
      const statement = `TERMINATE ${quoteIdentifier(queryId)}`;
      const started = performance.now();
      const startedAt = new Date().toISOString();
      try {
        const entity = await one(profileId, statement);
        record(profileId, statement, started, startedAt, 'ok', null, null);
        return { message: describeEntity(entity).message };
      } catch (error) {
        record(profileId, statement, started, startedAt, 'error', error, null);
        throw error;
      }
    },

    'ksql.drop': async ({ profileId, name, kind, deleteTopic }) => {
      profiles.get(profileId); // an unknown profile is NotFound here, before a history row could name it
      const statement = `DROP ${kind === 'table' ? 'TABLE' : 'STREAM'} ${quoteIdentifier(name)}${deleteTopic ? ' DELETE TOPIC' : ''}`;
      const started = performance.now();
      const startedAt = new Date().toISOString();
      try {
        const entity = await one(profileId, statement);
        record(profileId, statement, started, startedAt, 'ok', null, null);
        knownCache.delete(profileId);
        return { message: describeEntity(entity).message };
      } catch (error) {
        record(profileId, statement, started, startedAt, 'error', error, null);
        throw error;
      }
    },

    'ksql.preflight': async ({ script, profileId }) => preflight({ script, profileId }),

    'ksql.history': async ({ profileId, q, limit }) => ({ entries: store.history({ profileId, q, limit }) }),
    'ksql.snippets.list': async () => ({ snippets: store.snippets() }),
    'ksql.snippets.save': async (input) => store.saveSnippet(input),
    'ksql.snippets.delete': async ({ id }) => ({ deleted: store.deleteSnippet(id) }),

    'ksql.functions': async ({ profileId, refresh }) => {
      profiles.get(profileId);
      const cached = refresh ? null : store.functions(profileId);
      if (cached) return cached;
      const entity = await one(profileId, 'SHOW FUNCTIONS');
      const functions = ((entity.functions as Array<{ name?: string; type?: string; category?: string }> | undefined) ?? []).map((f) => ({
        name: f.name ?? '',
        type: f.type ?? '',
        category: f.category ?? '',
      }));
      return store.saveFunctions(profileId, functions);
    },
  };

  async function preflight({ script, profileId }: ParsedIn<'ksql.preflight'>) {
    const { statements, problems } = splitStatements(script);
    let known: KnownSources = new Map();
    let resolved = false;
    const profile = profileId ? profiles.get(profileId) : null;
    if (profile?.ksqldbUrl) {
      const cached = knownCache.get(profile.id);
      if (cached && performance.now() - cached.at < KNOWN_SOURCES_TTL_MS) {
        known = cached.known;
        resolved = true;
      } else {
        // Preflight is advice: when ksqlDB cannot be asked, names of existing objects simply stay unresolved.
        try {
          known = await withClient(profile.id, knownSources);
          knownCache.set(profile.id, { at: performance.now(), known });
          resolved = true;
        } catch {
          resolved = false;
        }
      }
    }
    const flows = extractScriptFlows(
      statements.map((s) => s.text),
      known,
    );
    return {
      statements: statements.map((s, index) => {
        const f = flows[index]!;
        const flow: KsqlFlow = { kind: f.kind, reads: f.reads, writes: f.writes, drops: f.drops, terminates: f.terminates };
        return { index, start: s.start, end: s.end, statement: s.text, flow };
      }),
      problems,
      resolved,
    };
  }
}
