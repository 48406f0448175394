// Schema registry: every subject is a node; a schema reference makes the referencing subject depend on the
// referenced one (edge referenced → referencing, so impact follows it), and a TopicNameStrategy subject
// (<topic>-key, <topic>-value) is the schema of its topic (edge subject → topic, for the same reason).
import type { RegistryReading } from '../catalog/read-registry.ts';
import type { LineageFacts } from './model.ts';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export function inferFromSchemas(
  registry: RegistryReading | null,
  topicNames: ReadonlySet<string>,
  referencesOf: (subject: string, version: number) => readonly SchemaReference[],
): LineageFacts {
  const facts: LineageFacts = { nodes: [], edges: [] };
  for (const s of registry?.subjects ?? []) {
    facts.nodes.push({ kind: 'subject', name: s.subject, attrs: { latestVersion: String(s.latestVersion), compatibility: s.compatibility } });
    const topicSchema = /^(.*)-(key|value)$/.exec(s.subject);
    if (topicSchema && topicNames.has(topicSchema[1]!)) {
      facts.edges.push({ kind: 'has-schema', from: { kind: 'subject', name: s.subject }, to: { kind: 'topic', name: topicSchema[1]! }, provenance: 'schema-registry', detail: { role: topicSchema[2]! } });
    }
    for (const ref of referencesOf(s.subject, s.latestVersion)) {
      facts.edges.push({
        kind: 'references',
        from: { kind: 'subject', name: ref.subject },
        to: { kind: 'subject', name: s.subject },
        provenance: 'schema-registry',
        detail: { name: ref.name, version: String(ref.version) },
      });
    }
  }
  return facts;
}
