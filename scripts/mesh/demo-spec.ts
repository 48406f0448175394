// Reads the demo mesh described in resources/demo-mesh/: domains, topics and their schemas, the applications
// (consumer groups) that read and write them, and the connector.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaReference, SchemaType } from '../../src/core/cluster/schema-registry.ts';

export const DEMO_MESH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources', 'demo-mesh');

export interface DemoDomain {
  id: string;
  name: string;
  description: string;
  owner: { team: string; contact: string };
}

export interface DemoSchema {
  format: SchemaType;
  /** The schema text; null for a topic written as schemaless JSON. */
  text: string | null;
  references: SchemaReference[];
}

export interface DemoTopic {
  name: string;
  domain: string;
  partitions: number;
  configs: Record<string, string>;
  key: string;
  description: string;
  producer: string;
  /** Written by the demo traffic at this rate; 0 for topics that applications derive from others. */
  messagesPerMinute: number;
  value: DemoSchema;
}

export interface DemoGroup {
  id: string;
  domain: string;
  description: string;
  consumes: string[];
  produces: string[];
  /** The application stops after this many messages, so its group falls behind. */
  stopsAfterMessages?: number;
}

export interface DemoConnector {
  name: string;
  domain: string;
  description: string;
  config: Record<string, string>;
}

export interface DemoMesh {
  domains: DemoDomain[];
  sharedSchemas: Array<{ subject: string } & DemoSchema>;
  topics: DemoTopic[];
  consumerGroups: DemoGroup[];
  connectors: DemoConnector[];
}

interface RawSchemaRef {
  format: SchemaType;
  schema: string | null;
  references?: SchemaReference[];
}

function readSchema(raw: RawSchemaRef): DemoSchema {
  return {
    format: raw.format,
    text: raw.schema ? readFileSync(join(DEMO_MESH_DIR, raw.schema), 'utf8') : null,
    references: raw.references ?? [],
  };
}

export function loadDemoMesh(dir = DEMO_MESH_DIR): DemoMesh {
  const raw = JSON.parse(readFileSync(join(dir, 'mesh.json'), 'utf8')) as {
    domains: DemoDomain[];
    sharedSchemas: Array<{ subject: string } & RawSchemaRef>;
    topics: Array<Omit<DemoTopic, 'value'> & { value: RawSchemaRef }>;
    consumerGroups: DemoGroup[];
    connectors: DemoConnector[];
  };
  return {
    domains: raw.domains,
    sharedSchemas: raw.sharedSchemas.map((s) => ({ subject: s.subject, ...readSchema(s) })),
    topics: raw.topics.map((t) => ({ ...t, value: readSchema(t.value) })),
    consumerGroups: raw.consumerGroups,
    connectors: raw.connectors,
  };
}

/** The subject a topic's value schema is registered under (TopicNameStrategy). */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}
