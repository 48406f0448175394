// ksqlDB's persistent queries derive topics from topics: each query is a node, and its sources and sinks
// (streams and tables resolved to their Kafka topics) become "derives" edges topic → query → topic. A query
// that reads and writes the same topic makes a cycle, which the graph handles like any other.
import type { KsqlLineageQuery } from '../ksql/lineage-source.ts';
import type { LineageFacts } from './model.ts';

export function inferFromKsql(queries: KsqlLineageQuery[] | null | undefined): LineageFacts {
  const facts: LineageFacts = { nodes: [], edges: [] };
  for (const q of queries ?? []) {
    facts.nodes.push({ kind: 'ksql-query', name: q.id, attrs: { state: q.state, statement: q.statementText.slice(0, 2000) } });
    for (const source of q.sources) {
      if (!source.topic) continue;
      facts.edges.push({ kind: 'derives', from: { kind: 'topic', name: source.topic }, to: { kind: 'ksql-query', name: q.id }, provenance: 'ksqldb', detail: { via: source.name } });
    }
    for (const sink of q.sinks) {
      if (!sink.topic) continue;
      facts.edges.push({ kind: 'derives', from: { kind: 'ksql-query', name: q.id }, to: { kind: 'topic', name: sink.topic }, provenance: 'ksqldb', detail: { via: sink.name } });
    }
  }
  return facts;
}
