// Lineage from ksqlDB: each persistent query's source and sink streams/tables, resolved to their Kafka
// topics, from SHOW STREAMS, SHOW TABLES and SHOW QUERIES EXTENDED. The lineage room turns these into
// "derives" edges (topic → query → topic).
import { httpEndpoint } from '../cluster/connection.ts';
import type { SavedProfile } from '../cluster/profiles.ts';
import type { Vault } from '../cluster/vault.ts';
import type { RawQueryDescription, RawSource } from './entities.ts';
import { KsqlDbClient } from './ksqldb-client.ts';

export interface KsqlLineageQuery {
  id: string;
  state: string;
  statementText: string;
  sources: Array<{ name: string; topic: string | null }>;
  sinks: Array<{ name: string; topic: string | null }>;
}

export interface KsqlLineageEdge {
  queryId: string;
  direction: 'reads' | 'writes';
  /** Stream or table name as ksqlDB holds it. */
  source: string;
  topic: string | null;
}

/** The queries of a profile's ksqlDB and their topic edges; [] when the profile names no ksqlDB. */
export async function ksqlLineage(profile: SavedProfile, vault: Vault): Promise<{ queries: KsqlLineageQuery[]; edges: KsqlLineageEdge[] }> {
  if (!profile.ksqldbUrl) return { queries: [], edges: [] };
  const client = new KsqlDbClient(httpEndpoint(profile, vault, 'ksqldb'));
  try {
    const [streams, tables, described] = await client.ksql('SHOW STREAMS; SHOW TABLES; SHOW QUERIES EXTENDED;');
    const topics = new Map<string, string>();
    for (const s of [...((streams?.streams as RawSource[] | undefined) ?? []), ...((tables?.tables as RawSource[] | undefined) ?? [])]) topics.set(s.name, s.topic);
    const queries = ((described?.queryDescriptions as RawQueryDescription[] | undefined) ?? []).map((q) => ({
      id: typeof q.id === 'string' ? q.id : q.id.id,
      state: q.state ?? 'UNKNOWN',
      statementText: q.statementText ?? '',
      sources: (q.sources ?? []).map((name) => ({ name, topic: topics.get(name) ?? null })),
      sinks: (q.sinks ?? []).map((name) => ({ name, topic: topics.get(name) ?? null })),
    }));
    const edges = queries.flatMap((q) => [
      ...q.sources.map((s) => ({ queryId: q.id, direction: 'reads' as const, source: s.name, topic: s.topic })),
      ...q.sinks.map((s) => ({ queryId: q.id, direction: 'writes' as const, source: s.name, topic: s.topic })),
    ]);
    return { queries, edges };
  } finally {
    client.close();
  }
}
