// Kafka Connect: a sink consumes topics and writes to an external system; a source reads an external system
// and produces into topics. Topics come from the worker's /topics answer and from the connector's config
// (topics, topics.regex, topic, topic.prefix) matched against the snapshot's topics.
import type { ConnectorReading } from '../cluster/connect-client.ts';
import type { LineageFacts, NodeRef } from './model.ts';

const SECRET_PARAM = /^(user|username|password|pwd|passwd|secret|token|api[-_]?key|access[-_]?key|session[-_]?token)$/i;

/** A connection URL with its credentials removed: user:pass@, Oracle's user/pass@ and secret query parameters. */
export function withoutCredentials(url: string): string {
  const stripped = url.replace(/(\/\/)[^/@?#;]*@/, '$1').replace(/:[^:@/]+\/[^@/]+@/, ':@');
  const q = stripped.search(/[?;]/);
  if (q < 0) return stripped;
  const separator = stripped[q] === '?' ? '&' : ';';
  const kept = stripped
    .slice(q + 1)
    .split(/[&;]/)
    .filter((p) => p !== '' && !SECRET_PARAM.test(p.split('=')[0]!.trim()));
  return kept.length ? `${stripped.slice(0, q + 1)}${kept.join(separator)}` : stripped.slice(0, q);
}

const simpleName = (connectorClass: string) => connectorClass.split('.').pop() || connectorClass;

/** The external system a connector writes to or reads from, named so two connectors on the same one meet. */
export function externalSystemOf(connector: Pick<ConnectorReading, 'name' | 'connectorClass' | 'config'>, direction: 'sink' | 'source'): string {
  const cls = connector.connectorClass;
  const config = connector.config;
  if (/FileStream(Sink|Source)Connector$/.test(cls)) return `file:${config.file?.trim() || (direction === 'sink' ? 'stdout' : 'stdin')}`;
  if (/jdbc/i.test(cls) && config['connection.url']) return `jdbc:${withoutCredentials(config['connection.url'].replace(/^jdbc:/, ''))}`;
  if (/s3/i.test(cls)) {
    const bucket = config['s3.bucket.name'] ?? config['aws.s3.bucket'] ?? config['bucket'];
    if (bucket) return `s3://${bucket}`;
  }
  if (/elasticsearch|opensearch/i.test(cls) && config['connection.url']) return `elasticsearch:${withoutCredentials(config['connection.url'].split(',')[0]!.trim())}`;
  const debezium = /^io\.debezium\.connector\.([a-z0-9]+)\./.exec(cls);
  if (debezium && config['database.hostname']) {
    return `${debezium[1]}://${config['database.hostname']}${config['database.port'] ? `:${config['database.port']}` : ''}/${config['database.dbname'] ?? ''}`;
  }
  if (/Mirror(Source|Checkpoint|Heartbeat)Connector$/.test(cls)) return `kafka:${config['source.cluster.alias'] ?? 'source'}`;
  return cls ? simpleName(cls) : `unknown:${connector.name}`;
}

const listed = (value: string | undefined) => (value ?? '').split(',').map((t) => t.trim()).filter(Boolean);

/** Java's Pattern.matches is a whole-string match; an invalid pattern matches nothing. */
function matcher(regex: string | undefined): ((topic: string) => boolean) | null {
  if (!regex?.trim()) return null;
  try {
    const re = new RegExp(`^(?:${regex})$`, 'u');
    return (t) => re.test(t);
  } catch {
    return null;
  }
}

function directionOf(c: ConnectorReading): 'sink' | 'source' | null {
  if (c.type !== 'unknown') return c.type;
  if (/Sink(Connector)?$/.test(c.connectorClass)) return 'sink';
  if (/Source(Connector)?$/.test(c.connectorClass)) return 'source';
  return null;
}

export function inferFromConnect(connectors: readonly ConnectorReading[] | null, topicNames: readonly string[]): LineageFacts {
  const facts: LineageFacts = { nodes: [], edges: [] };
  for (const c of connectors ?? []) {
    const direction = directionOf(c);
    const connector: NodeRef = { kind: 'connector', name: c.name };
    facts.nodes.push({ ...connector, attrs: { type: direction ?? 'unknown', connectorClass: c.connectorClass, state: c.state } });
    if (!direction) continue;
    const topics = new Set([...c.topics, ...listed(c.config.topics)]);
    if (direction === 'sink') {
      const matches = matcher(c.config['topics.regex']);
      if (matches) for (const t of topicNames) if (matches(t)) topics.add(t);
    } else {
      for (const t of listed(c.config.topic)) topics.add(t);
      const prefix = c.config['topic.prefix']?.trim();
      if (prefix) for (const t of topicNames) if (t.startsWith(prefix)) topics.add(t);
    }
    const external: NodeRef = { kind: 'external', name: externalSystemOf(c, direction) };
    facts.nodes.push({ ...external, attrs: { connectorClass: c.connectorClass } });
    const detail = { connectorClass: c.connectorClass };
    if (direction === 'sink') {
      for (const t of topics) facts.edges.push({ kind: 'consumes', from: { kind: 'topic', name: t }, to: connector, provenance: 'connect', detail });
      facts.edges.push({ kind: 'sinks-to', from: connector, to: external, provenance: 'connect', detail });
    } else {
      facts.edges.push({ kind: 'sources-from', from: external, to: connector, provenance: 'connect', detail });
      for (const t of topics) facts.edges.push({ kind: 'produces', from: connector, to: { kind: 'topic', name: t }, provenance: 'connect', detail });
    }
  }
  return facts;
}
