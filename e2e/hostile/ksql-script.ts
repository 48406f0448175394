// The ksqlDB stand-in's script for the security suite: streams and a persistent query with hostile names (the
// workbench's object list, lineage at sync) and a statement whose error message is a run of hostile payloads.
import type { StandinScript } from '../../scripts/ksqldb-standin/scripted.ts';
import { PAYLOADS } from './payloads.ts';
import type { Placement } from './seed-cluster.ts';

/** The statement the spec types in the workbench; the stand-in answers it with the hostile error. */
export const FAILING_STATEMENT = 'DROP STREAM PWN_ERRORS;';

export function ksqlScript(topic: string): { script: StandinScript; streams: string[]; queryId: string; errorMarkers: string[]; placements: Placement[] } {
  const placements: Placement[] = [];
  const streams = PAYLOADS.slice(10, 14).map((p) => `${p.marker} ${p.text}`);
  for (const s of streams) placements.push({ marker: s.slice(0, 6), place: 'ksqlDB stream name' });
  const query = PAYLOADS[14]!;
  const queryId = `${query.marker} ${query.text}`;
  placements.push({ marker: query.marker, place: 'ksqlDB query id and statement' });
  const failing = PAYLOADS.slice(0, 10);
  for (const p of failing) placements.push({ marker: p.marker, place: 'ksqlDB error message' });

  const source = (name: string) => ({ type: 'STREAM', name, topic, keyFormat: 'KAFKA', valueFormat: 'JSON', isWindowed: false });
  const script: StandinScript = {
    'SHOW STREAMS': { '@type': 'streams', streams: streams.map(source) },
    'SHOW TABLES': { '@type': 'tables', tables: [] },
    'SHOW QUERIES': { '@type': 'queries', queries: [{ id: queryId, queryString: `CREATE STREAM X AS SELECT '${query.text}' FROM S;`, sinks: [], sinkKafkaTopics: [], queryType: 'PERSISTENT', state: 'RUNNING', statusCount: { RUNNING: 1 } }] },
    'SHOW QUERIES EXTENDED': {
      '@type': 'query_descriptions',
      queryDescriptions: [{ id: queryId, statementText: `CREATE STREAM X AS SELECT '${query.text}' FROM S;`, state: 'RUNNING', sources: [streams[0]!], sinks: [], fields: [], queryType: 'PERSISTENT' }],
    },
    'SHOW FUNCTIONS': { '@type': 'function_names', functions: [] },
    [FAILING_STATEMENT]: {
      status: 400,
      body: { '@type': 'statement_error', error_code: 40001, message: failing.map((p) => p.text).join('\n'), statementText: FAILING_STATEMENT },
    },
  };
  return { script, streams, queryId, errorMarkers: failing.map((p) => p.marker), placements };
}
