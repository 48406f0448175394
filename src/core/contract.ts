// The whole API between the renderer and the engine: every call, its input, its output and the progress
// events it may emit, as zod schemas. Electron's IPC and the web host's WebSocket both validate against this
// file before the engine sees a call; the renderer imports only the types.
import { z } from 'zod';
import { errorKinds, type ErrorValue } from './errors.ts';
import { AclRestriction, DeliveryRow, DeprecateInput, ForgetTarget, InboxItem, LifecycleAction, LifecycleConsumer, MigrationReport, NotificationSettings, SignoffRow } from './lifecycle/values.ts';
import { ProductDescriptor as ProductDescriptorValue, ProductInput as ProductDraftValue, ProductStatus as ProductStatusValue, Tier as ProductTier } from './products/descriptor.ts';

const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, _ and -');
export const ProfileId = Id;

/** host:port[,host:port…] — the form kafkajs and every Kafka client accept. */
export const BootstrapServers = z
  .string()
  .trim()
  .min(1, 'bootstrap servers are required, e.g. 127.0.0.1:9092')
  .max(2000)
  .refine(
    (s) => s.split(',').every((b) => /^[A-Za-z0-9._\-[\]:]+:\d{1,5}$/.test(b.trim())),
    'bootstrap servers must be host:port pairs separated by commas, e.g. broker-1:9092,broker-2:9092',
  );

const HttpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => /^https?:\/\/[^\s]+$/.test(s), 'must be an http:// or https:// URL');
const OptionalUrl = z.union([HttpUrl, z.literal('')]).optional();

const Pem = z.string().max(64_000).refine((s) => s === '' || /-----BEGIN [A-Z ]+-----/.test(s), 'must be PEM text (-----BEGIN …-----)');

export const Security = z
  .object({
    protocol: z.enum(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']).default('PLAINTEXT'),
    saslMechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).default('plain'),
    username: z.string().max(500).default(''),
    /** CA certificate(s) that sign the brokers' certificates; public, so stored in the profile. */
    caPem: Pem.default(''),
    /** Client certificate for mTLS; its private key is a secret (clientKeyPem). */
    clientCertPem: Pem.default(''),
    rejectUnauthorized: z.boolean().default(true),
  })
  .refine((s) => !s.protocol.startsWith('SASL') || s.username.trim() !== '', { message: 'SASL needs a username', path: ['username'] });
export type Security = z.output<typeof Security>;

/** Write-only secrets: absent keeps what the vault holds, '' removes it, text replaces it. */
export const SecretsInput = z
  .object({
    saslPassword: z.string().max(10_000),
    clientKeyPem: Pem,
    registryPassword: z.string().max(10_000),
    connectPassword: z.string().max(10_000),
    ksqldbPassword: z.string().max(10_000),
  })
  .partial();

export const ProfileInput = z.object({
  id: ProfileId.optional(),
  security: Security.default({ protocol: 'PLAINTEXT', saslMechanism: 'plain', username: '', caPem: '', clientCertPem: '', rejectUnauthorized: true }),
  registryUsername: z.string().max(500).default(''),
  connectUsername: z.string().max(500).default(''),
  ksqldbUsername: z.string().max(500).default(''),
  secrets: SecretsInput.default({}),
  name: z.string().trim().min(1, 'a profile needs a name').max(100),
  bootstrap: BootstrapServers,
  registryUrl: OptionalUrl,
  connectUrl: OptionalUrl,
  ksqldbUrl: OptionalUrl,
  label: z.string().trim().max(40).default(''),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour is #rrggbb').default('#4f8cff'),
});
export type ProfileInput = z.input<typeof ProfileInput>;

export const Profile = z.object({
  id: ProfileId,
  name: z.string(),
  bootstrap: z.string(),
  registryUrl: z.string(),
  connectUrl: z.string(),
  ksqldbUrl: z.string(),
  label: z.string(),
  color: z.string(),
  security: Security,
  registryUsername: z.string(),
  connectUsername: z.string(),
  ksqldbUsername: z.string(),
  /** Which secrets the vault holds for this profile; their values never leave the engine. */
  secretsSet: z.object({ saslPassword: z.boolean(), clientKeyPem: z.boolean(), registryPassword: z.boolean(), connectPassword: z.boolean(), ksqldbPassword: z.boolean() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastSnapshot: z.object({ id: z.number().int(), takenAt: z.string(), topicCount: z.number().int() }).nullable(),
});
export type Profile = z.infer<typeof Profile>;

export const EndpointCheck = z.object({
  endpoint: z.enum(['kafka', 'registry', 'connect', 'ksqldb']),
  target: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  errorKind: z.enum(errorKinds).optional(),
  millis: z.number(),
});
export type EndpointCheck = z.infer<typeof EndpointCheck>;

export const SyncStage = z.enum(['connecting', 'cluster', 'topics', 'configs', 'offsets', 'groups', 'schemas', 'connectors', 'ksqldb', 'writing', 'done']);
export const SyncProgress = z.object({ stage: SyncStage, done: z.number().int(), total: z.number().int() });
export type SyncProgress = z.infer<typeof SyncProgress>;

export const SnapshotInfo = z.object({
  id: z.number().int(),
  profileId: ProfileId,
  takenAt: z.string(),
  durationMs: z.number(),
  clusterId: z.string(),
  brokerCount: z.number().int(),
  topicCount: z.number().int(),
});
export type SnapshotInfo = z.infer<typeof SnapshotInfo>;

export const TopicRow = z.object({
  name: z.string(),
  partitions: z.number().int(),
  replicationFactor: z.number().int(),
  internal: z.boolean(),
  messageEstimate: z.number(),
  cleanupPolicy: z.string(),
  retentionMs: z.string(),
});
export type TopicRow = z.infer<typeof TopicRow>;

export const TopicConfig = z.object({ name: z.string(), value: z.string().nullable(), source: z.string(), sensitive: z.boolean() });
export const PartitionRow = z.object({
  partition: z.number().int(),
  leader: z.number().int(),
  replicas: z.array(z.number().int()),
  isr: z.array(z.number().int()),
  earliest: z.string(),
  latest: z.string(),
});

/** Search snippets mark matches between these control characters, which never occur in indexed text. */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

export const SearchKind = z.enum(['topic', 'group', 'connector', 'subject', 'product']);
export const SearchHit = z.object({
  profileId: ProfileId,
  kind: SearchKind,
  ref: z.string(),
  title: z.string(),
  snippet: z.string(),
  facets: z.object({ internal: z.boolean().optional(), hasSchema: z.boolean().optional(), domain: z.string().optional(), tier: z.string().optional(), status: z.string().optional() }),
  rank: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const GroupSummary = z.object({
  groupId: z.string(),
  state: z.string(),
  protocolType: z.string(),
  members: z.number().int(),
  topics: z.array(z.string()),
  totalLag: z.number().nullable(),
});
export type GroupSummary = z.infer<typeof GroupSummary>;

export const GroupDetail = GroupSummary.extend({
  memberList: z.array(z.object({ memberId: z.string(), clientId: z.string(), clientHost: z.string(), assignment: z.array(z.object({ topic: z.string(), partitions: z.array(z.number().int()) })) })),
  offsets: z.array(z.object({ topic: z.string(), partition: z.number().int(), committed: z.string(), lag: z.number().nullable() })),
  /** Total lag in each snapshot of this profile that knew the group, oldest first. */
  lagHistory: z.array(z.object({ snapshotId: z.number().int(), takenAt: z.string(), totalLag: z.number().nullable() })),
});

export const ConnectorSummary = z.object({
  name: z.string(),
  type: z.string(),
  connectorClass: z.string(),
  state: z.string(),
  topics: z.array(z.string()),
  taskStates: z.array(z.string()),
});
export const ConnectorDetail = ConnectorSummary.extend({
  workerId: z.string(),
  config: z.record(z.string(), z.string()),
  tasks: z.array(z.object({ id: z.number().int(), state: z.string(), workerId: z.string(), trace: z.string().nullable() })),
});

export const SchemaVersion = z.object({
  version: z.number().int(),
  schemaId: z.number().int(),
  schemaType: z.string(),
  schema: z.string(),
  references: z.array(z.object({ name: z.string(), subject: z.string(), version: z.number().int() })),
});
export const SubjectSummary = z.object({ subject: z.string(), latestVersion: z.number().int(), versionCount: z.number().int(), schemaType: z.string(), compatibility: z.string() });
export const SubjectDetail = SubjectSummary.extend({ versions: z.array(SchemaVersion) });

export const VaultStatus = z.object({
  kind: z.enum(['os-keychain', 'passphrase']),
  state: z.enum(['ready', 'locked', 'uninitialised']),
  warning: z.string().nullable(),
});

export const AppInfo = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web']),
  nodeVersion: z.string(),
  cachePath: z.string(),
  cacheNotice: z.string().nullable(),
});

// ── lineage ──
// Nodes and edges of one snapshot's lineage graph. Data (and the effect of a change) flows from → to:
// topic → group (consumes), producer → topic (produces), query → topic (derives), topic → connector
// (consumes), connector → external (sinks-to), external → connector (sources-from), connector → topic
// (produces), referenced subject → referencing subject (references), subject → topic (has-schema),
// product → its output-port topic (publishes).
// Node ids are stable for a profile across snapshots; names are kept exactly as the cluster has them.
export const LineageNodeKind = z.enum(['topic', 'product', 'subject', 'group', 'ksql-query', 'connector', 'external', 'principal']);
export type LineageNodeKind = z.infer<typeof LineageNodeKind>;
export const LineageEdgeKind = z.enum(['produces', 'consumes', 'derives', 'sinks-to', 'sources-from', 'references', 'has-schema', 'publishes']);
export type LineageEdgeKind = z.infer<typeof LineageEdgeKind>;
export const LineageProvenance = z.enum(['consumer-offsets', 'connect', 'ksqldb', 'declared', 'acl', 'schema-registry']);
export type LineageProvenance = z.infer<typeof LineageProvenance>;
export const LineageOwner = z.object({ team: z.string(), contact: z.string(), product: z.string() });
export const LineageNode = z.object({
  id: z.number().int(),
  kind: LineageNodeKind,
  name: z.string(),
  internal: z.boolean(),
  /** Named by an edge but not itself in the snapshot (a deleted topic a group still has offsets on). */
  dangling: z.boolean(),
  attrs: z.record(z.string(), z.string()),
  /** Filled when a product descriptor names an owner; empty otherwise. */
  owners: z.array(LineageOwner),
  firstSnapshotId: z.number().int(),
  lastSnapshotId: z.number().int(),
});
export type LineageNode = z.infer<typeof LineageNode>;
export const LineageEdge = z.object({
  id: z.number().int(),
  kind: LineageEdgeKind,
  from: z.number().int(),
  to: z.number().int(),
  provenance: LineageProvenance,
  detail: z.record(z.string(), z.string()),
  firstSnapshotId: z.number().int(),
  lastSnapshotId: z.number().int(),
});
export type LineageEdge = z.infer<typeof LineageEdge>;
/** A node by its id, or by kind and exact name. */
export const LineageNodeRef = z.union([
  z.object({ id: z.number().int().positive() }),
  z.object({ kind: LineageNodeKind, name: z.string().min(1).max(32_767) }),
]);
const LineageScope = { profileId: ProfileId, snapshotId: z.number().int().positive().optional() };
export const LineageNodeAtDepth = LineageNode.extend({ depth: z.number().int() });
export const LineageNeighbourhood = z.object({
  snapshot: SnapshotInfo,
  center: z.number().int(),
  /** upstream / downstream: hops from the centre on that side, null when not reached on that side. */
  nodes: z.array(LineageNode.extend({ upstream: z.number().int().nullable(), downstream: z.number().int().nullable() })),
  edges: z.array(LineageEdge),
  /** Nodes whose neighbours on one side were more than the cap: `hidden` of `total` were left out ("show more"). */
  capped: z.array(z.object({ nodeId: z.number().int(), direction: z.enum(['upstream', 'downstream']), total: z.number().int(), hidden: z.number().int() })),
});
export const LineageImpact = z.object({
  snapshot: SnapshotInfo,
  root: LineageNode,
  /** Everything transitively downstream of the root, with its hop count (the root itself is not listed). */
  nodes: z.array(LineageNodeAtDepth),
  edges: z.array(LineageEdge),
  /** True when maxDepth stopped the walk before it ran out of nodes. */
  truncated: z.boolean(),
  /** The same list as CSV (depth, kind, name, owners, contacts), for export. */
  csv: z.string(),
});
export const LineagePath = z.object({
  snapshot: SnapshotInfo,
  found: z.boolean(),
  /** Says what was found, or why there is no path (and whether there is one the other way). */
  message: z.string(),
  /** From A to B in order; empty when there is no path. */
  nodes: z.array(LineageNode),
  edges: z.array(LineageEdge),
});
export const LineageDiff = z.object({
  snapshot: SnapshotInfo,
  base: SnapshotInfo.nullable(),
  addedNodes: z.array(LineageNode),
  removedNodes: z.array(LineageNode),
  addedEdges: z.array(LineageEdge),
  removedEdges: z.array(LineageEdge),
  /** Nodes at the ends of added or removed edges that are in neither node list. */
  endpoints: z.array(LineageNode),
});
export const LineageEdgeTimeline = z.object({
  snapshot: SnapshotInfo,
  edges: z.array(z.object({ edge: LineageEdge, timeline: z.array(z.object({ snapshotId: z.number().int(), takenAt: z.string(), present: z.boolean() })) })),
});
export const LineageExportFormat = z.enum(['json', 'dot', 'graphml']);
export const LineageExport = z.object({
  snapshot: SnapshotInfo,
  format: LineageExportFormat,
  fileName: z.string(),
  mimeType: z.string(),
  text: z.string(),
  nodeCount: z.number().int(),
  edgeCount: z.number().int(),
});
export const LineageGraph = z.object({
  snapshot: SnapshotInfo,
  nodes: z.array(LineageNode),
  edges: z.array(LineageEdge),
  /** What each inference source contributed to this snapshot; error is set when a source failed and was skipped. */
  sources: z.array(z.object({ name: z.string(), nodes: z.number().int(), edges: z.number().int(), error: z.string().nullable(), note: z.string().optional() })),
});

// ── products ──
// Data products: descriptors folded from the mesh registry topic, their events, publish/preview/validate,
// access requests and the local audit log of every cluster-changing action. Shapes of the descriptor itself
// live in products/descriptor.ts (zod), shared with the fold and the YAML import/export.
export { ProductDescriptorValue as ProductDescriptor, ProductDraftValue as ProductDraft };
export const ProductProblem = z.object({ path: z.string(), message: z.string() });
export const ProductEventValue = z.object({ id: z.string(), type: z.string(), productId: z.string(), actor: z.string(), at: z.string(), reason: z.string().optional(), details: z.record(z.string(), z.unknown()) });
export const ProductSummary = z.object({
  profileId: ProfileId,
  id: z.string(),
  name: z.string(),
  version: z.string(),
  domain: z.string(),
  ownerTeam: z.string(),
  tier: ProductTier,
  status: ProductStatusValue,
  revision: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  topics: z.array(z.string()),
  tags: z.array(z.string()),
});
export type ProductSummary = z.infer<typeof ProductSummary>;
/** A record on a registry topic that the fold skipped (not JSON, not a valid descriptor or event). */
export const RegistryWarning = z.object({ topic: z.string(), partition: z.number().int(), offset: z.string(), key: z.string().nullable(), message: z.string(), seenAt: z.string() });
/** Where the local fold of the registry topics stands for a profile. */
export const RegistryState = z.object({
  state: z.enum(['live', 'absent', 'offline', 'idle']),
  /** What to tell the user: "live", "no registry topics yet — the first publish creates them", the reason it is offline… */
  detail: z.string(),
  productsTopic: z.string(),
  eventsTopic: z.string(),
  lastFoldedAt: z.string().nullable(),
});
/** Per output port: create its topic and/or register its value schema as part of the publish. */
export const PortProvision = z.object({
  topic: z.string().min(1).max(249),
  createTopic: z.object({ partitions: z.number().int().min(1).max(10_000).default(3), replicationFactor: z.number().int().min(1).max(32).optional(), configs: z.record(z.string(), z.string()).default({}) }).optional(),
  schema: z.object({ schema: z.string().min(1).max(1_000_000), references: z.array(z.object({ name: z.string(), subject: z.string(), version: z.number().int() })).default([]) }).optional(),
});
export const PlannedAction = z.object({
  kind: z.enum(['create-registry-topic', 'create-topic', 'register-schema', 'write-descriptor', 'write-event', 'tombstone', 'create-acls']),
  target: z.string(),
  detail: z.string(),
  /** The equivalent command a user can copy (kafka-topics, curl, kafka-acls…). */
  command: z.string(),
});
export const PublishOutcome = z.object({
  descriptor: ProductDescriptorValue,
  actions: z.array(PlannedAction.extend({ outcome: z.enum(['done', 'skipped']) })),
  /** Registry topics Tributary created on this cluster during the call (say so to the user). */
  createdRegistryTopics: z.array(z.string()),
});
const ProductWrite = { profileId: ProfileId, product: ProductDraftValue, provision: z.array(PortProvision).max(50).default([]), actor: z.string().max(200).optional() };
export const AccessRequestValue = z.object({
  id: z.string(),
  productId: z.string(),
  principal: z.string(),
  purpose: z.string(),
  expectedThroughput: z.string(),
  state: z.enum(['pending', 'approved', 'denied']),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  /** On approval: whether ACLs were created, or why not ("the cluster has no authorizer"). */
  acls: z.string().nullable(),
});
/** SLA compliance of a product's stream: met, at risk, breached, or unknown (no records, or not readable now). */
export const SlaState = z.enum(['met', 'at-risk', 'breached', 'unknown']);
export const ProductStreamStatus = z.object({
  checkedAt: z.string(),
  state: SlaState,
  freshness: SlaState,
  availability: SlaState,
  snapshotTakenAt: z.string().nullable(),
  ports: z.array(
    z.object({
      topic: z.string(),
      partitions: z.array(z.object({ partition: z.number().int(), leader: z.number().int().nullable(), underReplicated: z.boolean(), offline: z.boolean(), oldestAt: z.string().nullable(), newestAt: z.string().nullable(), ageMs: z.number().nullable(), freshness: SlaState })),
      freshness: z.object({ state: SlaState, ageMs: z.number().nullable(), budgetMs: z.number() }),
      availability: z.object({ state: SlaState, offline: z.number().int(), underReplicated: z.number().int(), partitions: z.number().int() }),
      ratePerSec: z.number().nullable(),
      oldestAt: z.string().nullable(),
      readError: z.string().nullable(),
      history: z.array(z.object({ snapshotId: z.number().int(), takenAt: z.string(), availability: SlaState, ratePerSec: z.number().nullable() })),
    }),
  ),
});
export const AuditEntry = z.object({
  id: z.number().int(),
  profileId: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  outcome: z.enum(['ok', 'failed']),
  /** The exact request sent, as JSON text. */
  request: z.string(),
  command: z.string(),
  error: z.string().nullable(),
});

// ── governance ──
// Schema evolution (the registry's verdict beside Tributary's own semantic diff, core/governance/schema-diff.ts)
// and policy rules kept as data in <dataDir>/policies.json, checked per product against the newest snapshot.
export const SchemaChangeValue = z.object({ path: z.string(), kind: z.string(), classification: z.enum(['breaking', 'non-breaking', 'doc']), detail: z.string() });
export const SchemaDiffValue = z.object({ changes: z.array(SchemaChangeValue), verdict: z.enum(['identical', 'doc', 'non-breaking', 'breaking']) });
export const PolicyViolationValue = z.object({ ruleId: z.string(), severity: z.enum(['error', 'warning']), productId: z.string(), message: z.string(), path: z.string().optional() });
export type PolicyViolationValue = z.infer<typeof PolicyViolationValue>;
export const PolicyRuleValue = z.object({ id: z.string(), description: z.string(), severity: z.enum(['error', 'warning']), enabled: z.boolean(), params: z.record(z.string(), z.unknown()) });
export const PolicyRulesFile = z.object({ path: z.string(), text: z.string(), rules: z.array(PolicyRuleValue), created: z.boolean() });
export const GovernanceProductRow = z.object({ productId: z.string(), name: z.string(), domain: z.string(), ownerTeam: z.string(), tier: z.string(), status: z.string(), errors: z.number().int(), warnings: z.number().int() });

// ── ksql ──
const KsqlProperties = z.record(z.string().max(200), z.union([z.string().max(10_000), z.number(), z.boolean()])).default({});
export const KsqlStatementKind = z.enum(['create-source', 'create-as-select', 'insert-select', 'insert-values', 'push-query', 'pull-query', 'drop', 'terminate', 'connector', 'set-property', 'metadata', 'other']);
export const KsqlFlow = z.object({
  kind: KsqlStatementKind,
  /** Streams/tables (or, for connectors, topics) the statement reads, with the backing topic when known. */
  reads: z.array(z.object({ name: z.string(), topic: z.string().nullable() })),
  /** What it creates (CREATE …) or writes into (INSERT INTO …). */
  writes: z.array(z.object({ name: z.string(), kind: z.enum(['stream', 'table', 'unknown']), topic: z.string().nullable(), creates: z.boolean(), createsTopic: z.boolean() })),
  drops: z.object({ name: z.string(), kind: z.enum(['stream', 'table']), topic: z.string().nullable(), deleteTopic: z.boolean() }).nullable(),
  terminates: z.string().nullable(),
});
export type KsqlFlow = z.infer<typeof KsqlFlow>;
/** A statement's place in the script, in UTF-16 offsets (what Monaco's getPositionAt takes). */
const KsqlSpan = { index: z.number().int(), start: z.number().int(), end: z.number().int(), statement: z.string() };
export const KsqlStatementResult = z.object({
  ...KsqlSpan,
  ok: z.boolean(),
  /** The server's entity type (currentStatus, streams, sourceDescription, …) or statement_error / generic_error. */
  type: z.string(),
  /** The server's message: commandStatus.message, or the error text. */
  message: z.string(),
  /** ksqlDB's error_code (40001 bad statement, 40002 use the query endpoint, 40400, 50000, …) when it failed. */
  errorCode: z.number().int().nullable(),
  queryId: z.string().nullable(),
  /** The raw entity as the server sent it, for the result pane. */
  entity: z.record(z.string(), z.unknown()).nullable(),
  durationMs: z.number(),
});
export type KsqlStatementResult = z.infer<typeof KsqlStatementResult>;
export const KsqlRunResult = z.object({
  results: z.array(KsqlStatementResult),
  /** Index of the statement that failed (the rest were not run), or null when all succeeded. */
  stoppedAt: z.number().int().nullable(),
  problems: z.array(z.object({ message: z.string(), start: z.number().int(), end: z.number().int() })),
});
export const KsqlQueryProgress = z.discriminatedUnion('type', [
  z.object({ type: z.literal('header'), queryId: z.string().nullable(), columnNames: z.array(z.string()), columnTypes: z.array(z.string()) }),
  /** Rows arrive in batches (at most every 100 ms or 500 rows), each row one array in column order. */
  z.object({ type: z.literal('rows'), rows: z.array(z.array(z.unknown())) }),
]);
export type KsqlQueryProgress = z.infer<typeof KsqlQueryProgress>;
export const KsqlQueryEnd = z.object({
  queryId: z.string().nullable(),
  columnNames: z.array(z.string()),
  columnTypes: z.array(z.string()),
  rowCount: z.number().int(),
  /** completed: the server ended it (LIMIT reached, pull query done); closed: ksql.closeQuery; cap: maxRows reached. */
  ended: z.enum(['completed', 'closed', 'cap']),
  durationMs: z.number(),
});
export const KsqlSourceSummary = z.object({ name: z.string(), topic: z.string(), keyFormat: z.string(), valueFormat: z.string(), isWindowed: z.boolean() });
export const KsqlQuerySummary = z.object({
  id: z.string(),
  queryType: z.string(),
  state: z.string(),
  sinks: z.array(z.string()),
  sinkKafkaTopics: z.array(z.string()),
  queryString: z.string(),
});
export const KsqlField = z.object({ name: z.string(), type: z.string(), key: z.boolean() });
export const KsqlDescription = z.object({
  name: z.string(),
  type: z.string(),
  topic: z.string(),
  keyFormat: z.string(),
  valueFormat: z.string(),
  partitions: z.number().int(),
  replication: z.number().int(),
  statement: z.string(),
  fields: z.array(KsqlField),
  readQueries: z.array(KsqlQuerySummary),
  writeQueries: z.array(KsqlQuerySummary),
  statistics: z.string(),
});
export const KsqlExplanation = z.object({
  id: z.string(),
  statementText: z.string(),
  state: z.string(),
  sources: z.array(z.string()),
  sinks: z.array(z.string()),
  fields: z.array(KsqlField),
  executionPlan: z.string(),
  topology: z.string(),
  overriddenProperties: z.record(z.string(), z.unknown()),
});
export const KsqlHistoryEntry = z.object({
  id: z.number().int(),
  profileId: ProfileId,
  statement: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  outcome: z.enum(['ok', 'error', 'closed']),
  errorCode: z.number().int().nullable(),
  error: z.string().nullable(),
  rowCount: z.number().int().nullable(),
});
export const KsqlSnippet = z.object({ id: z.number().int(), name: z.string(), sql: z.string(), createdAt: z.string(), updatedAt: z.string() });
export const KsqlFunction = z.object({ name: z.string(), type: z.string(), category: z.string() });
const KsqlName = z.string().trim().min(1, 'name a stream or table').max(500);
const KsqlQueryId = z.string().trim().min(1, 'name a query id').max(500);

// ── messages ──
// The message browser reads records straight from partition leaders (no consumer group), decodes them in the
// engine, filters them there and streams matching ones in batches. Offsets are strings (int64).
const TopicName = z.string().min(1).max(249);
const OffsetText = z.string().regex(/^\d{1,19}$/, 'an offset is a whole number');
export const MessageDecode = z.enum(['auto', 'avro', 'json', 'string', 'hex']);
export const MessageStart = z.union([
  z.object({ from: z.literal('beginning') }),
  /** The last N records of the chosen partitions, shared out between them. */
  z.object({ latest: z.number().int().min(1).max(1_000_000) }),
  /** From this offset on that partition (only it is read, unless partitions lists several: each starts there, clamped). */
  z.object({ offset: OffsetText, partition: z.number().int().min(0) }),
  /** The first record at or after this time (epoch ms) on each partition. */
  z.object({ timestamp: z.number().int().min(0) }),
]);
export const MessageFilter = z.object({
  keyContains: z.string().max(1000).optional(),
  valueContains: z.string().max(1000).optional(),
  /** A dot path into the decoded value (a.b.0.c); with fieldEquals the field's text must equal it, without it the field must exist. */
  fieldPath: z.string().max(500).optional(),
  fieldEquals: z.string().max(1000).optional(),
});
/** A key or value as text: decoded, or shown raw (hex) with the reason it could not be decoded. */
export const RenderedPart = z.object({
  text: z.string(),
  format: z.enum(['avro', 'protobuf', 'json-schema', 'json', 'string', 'hex']),
  schemaId: z.number().int().nullable(),
  /** Why the bytes could not be decoded as asked; text is then a hex preview of them. */
  error: z.string().nullable(),
  /** text is a preview; messages.get returns the whole part. */
  truncated: z.boolean(),
  /** Size of the raw bytes. */
  size: z.number().int(),
});
export const MessageRecord = z.object({
  partition: z.number().int(),
  offset: z.string(),
  timestamp: z.number(),
  key: RenderedPart.nullable(),
  value: RenderedPart.nullable(),
  headers: z.array(z.object({ key: z.string(), value: z.string().nullable(), binary: z.boolean() })),
});
export type MessageRecord = z.infer<typeof MessageRecord>;
/** Where reading stands on a partition: the next offset to read and the end it reads to (the high watermark for a tail). */
export const MessagePosition = z.object({ partition: z.number().int(), next: z.string(), end: z.string() });
export const MessagesProgress = z.object({
  browseId: z.string(),
  /** Matching records since the previous event, in the order read (batched: at most every 100 ms or 500 records). */
  messages: z.array(MessageRecord),
  scanned: z.number().int(),
  matched: z.number().int(),
  positions: z.array(MessagePosition),
  state: z.enum(['reading', 'tailing', 'paused']),
});
export type MessagesProgress = z.infer<typeof MessagesProgress>;
export const MessagesEnd = z.object({
  browseId: z.string(),
  scanned: z.number().int(),
  matched: z.number().int(),
  positions: z.array(MessagePosition),
  /** exhausted: every partition read to its end; limit: `limit` records matched; stopped: messages.stop. */
  ended: z.enum(['exhausted', 'limit', 'stopped']),
  durationMs: z.number(),
});
const BrowseId = Id;

const LifecycleProductRef = z.string().min(1).max(128);
const Empty = z.object({}).strict();

export const contract = {
  'app.info': { input: Empty, output: AppInfo },
  'profiles.list': { input: Empty, output: z.array(Profile) },
  'profiles.save': { input: ProfileInput, output: Profile },
  'profiles.delete': { input: z.object({ id: ProfileId }), output: z.object({ deleted: z.boolean() }) },
  'profiles.test': { input: z.object({ id: ProfileId }), output: z.array(EndpointCheck) },
  'profiles.export': { input: Empty, output: z.object({ json: z.string() }) },
  'profiles.import': { input: z.object({ json: z.string().max(5_000_000) }), output: z.object({ imported: z.array(z.string()), skipped: z.array(z.object({ name: z.string(), reason: z.string() })) }) },
  'vault.status': { input: Empty, output: VaultStatus },
  'vault.unlock': { input: z.object({ passphrase: z.string().min(1, 'enter the vault passphrase').max(1000) }), output: VaultStatus },
  'vault.lock': { input: Empty, output: VaultStatus },
  'catalog.sync': { input: z.object({ profileId: ProfileId }), output: SnapshotInfo, progress: SyncProgress },
  'catalog.cancelSync': { input: z.object({ profileId: ProfileId }), output: z.object({ cancelled: z.boolean() }) },
  'catalog.snapshots': { input: z.object({ profileId: ProfileId }), output: z.array(SnapshotInfo) },
  'catalog.topics': {
    input: z.object({ profileId: ProfileId, includeInternal: z.boolean().default(false), filter: z.string().max(200).default('') }),
    output: z.object({ snapshot: SnapshotInfo.nullable(), topics: z.array(TopicRow) }),
  },
  'catalog.topic': {
    input: z.object({ profileId: ProfileId, name: z.string().min(1).max(249) }),
    output: z.object({
      snapshot: SnapshotInfo,
      topic: TopicRow,
      configs: z.array(TopicConfig),
      partitions: z.array(PartitionRow),
      consumers: z.array(z.object({ groupId: z.string(), state: z.string(), lag: z.number().nullable(), partitions: z.number().int() })),
      connectors: z.array(z.object({ name: z.string(), type: z.string(), state: z.string() })),
      valueSubject: SubjectSummary.nullable(),
      keySubject: SubjectSummary.nullable(),
    }),
  },
  'catalog.search': {
    input: z.object({
      q: z.string().max(200),
      profileIds: z.array(ProfileId).max(50).optional(),
      kinds: z.array(SearchKind).optional(),
      domain: z.string().max(100).optional(),
      hasSchema: z.boolean().optional(),
      includeInternal: z.boolean().default(false),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    output: z.object({ hits: z.array(SearchHit), kindCounts: z.record(z.string(), z.number().int()), domainCounts: z.record(z.string(), z.number().int()), profileCounts: z.record(z.string(), z.number().int()) }),
  },
  'catalog.groups': { input: z.object({ profileId: ProfileId }), output: z.object({ snapshot: SnapshotInfo.nullable(), groups: z.array(GroupSummary) }) },
  'catalog.group': { input: z.object({ profileId: ProfileId, groupId: z.string().min(1).max(32_767) }), output: z.object({ snapshot: SnapshotInfo, group: GroupDetail }) },
  'catalog.connectors': { input: z.object({ profileId: ProfileId }), output: z.object({ snapshot: SnapshotInfo.nullable(), connectors: z.array(ConnectorSummary) }) },
  'catalog.connector': { input: z.object({ profileId: ProfileId, name: z.string().min(1).max(32_767) }), output: z.object({ snapshot: SnapshotInfo, connector: ConnectorDetail }) },
  'catalog.subjects': { input: z.object({ profileId: ProfileId }), output: z.object({ snapshot: SnapshotInfo.nullable(), subjects: z.array(SubjectSummary) }) },
  'catalog.subject': { input: z.object({ profileId: ProfileId, subject: z.string().min(1).max(32_767) }), output: z.object({ snapshot: SnapshotInfo, subject: SubjectDetail }) },
  // ── lineage ── every call answers from snapshotId, or the profile's newest snapshot, and returns it.
  'lineage.neighbourhood': {
    input: z.object({
      ...LineageScope,
      node: LineageNodeRef,
      upstream: z.number().int().min(0).max(5).default(1),
      downstream: z.number().int().min(0).max(5).default(1),
      /** Only nodes of these kinds are shown and walked through (the centre always is). */
      kinds: z.array(LineageNodeKind).max(8).optional(),
      hideInternal: z.boolean().default(true),
      neighbourCap: z.number().int().min(1).max(10_000).default(200),
    }),
    output: LineageNeighbourhood,
  },
  'lineage.search': {
    input: z.object({ ...LineageScope, q: z.string().min(1).max(200), kinds: z.array(LineageNodeKind).max(8).optional(), hideInternal: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(50) }),
    output: z.object({ snapshot: SnapshotInfo, nodes: z.array(LineageNode) }),
  },
  'lineage.impact': {
    input: z.object({ ...LineageScope, node: LineageNodeRef, maxDepth: z.number().int().min(1).max(1000).default(100), hideInternal: z.boolean().default(false) }),
    output: LineageImpact,
  },
  'lineage.path': {
    input: z.object({ ...LineageScope, from: LineageNodeRef, to: LineageNodeRef, hideInternal: z.boolean().default(false) }),
    output: LineagePath,
  },
  'lineage.diff': {
    /** baseSnapshotId defaults to the snapshot before snapshotId. */
    input: z.object({ ...LineageScope, baseSnapshotId: z.number().int().positive().optional() }),
    output: LineageDiff,
  },
  'lineage.edgeTimeline': {
    input: z.object({ ...LineageScope, edge: z.union([z.object({ id: z.number().int().positive() }), z.object({ from: LineageNodeRef, to: LineageNodeRef, kind: LineageEdgeKind.optional() })]) }),
    output: LineageEdgeTimeline,
  },
  'lineage.export': {
    /** nodeIds: export the subgraph they induce; omitted: the whole snapshot. */
    input: z.object({ ...LineageScope, format: LineageExportFormat, nodeIds: z.array(z.number().int().positive()).max(500_000).optional(), hideInternal: z.boolean().default(false) }),
    output: LineageExport,
  },
  'lineage.graph': { input: z.object({ ...LineageScope, hideInternal: z.boolean().default(true) }), output: LineageGraph },
  // ── products ──
  'products.list': {
    input: z.object({ profileId: ProfileId, domain: z.string().max(100).optional(), tier: ProductTier.optional(), status: ProductStatusValue.optional(), q: z.string().max(200).default('') }),
    output: z.object({ products: z.array(ProductSummary), registry: RegistryState, warningCount: z.number().int() }),
  },
  'products.get': {
    input: z.object({ profileId: ProfileId, productId: z.string().min(1).max(128) }),
    output: z.object({ descriptor: ProductDescriptorValue, events: z.array(ProductEventValue), warnings: z.array(RegistryWarning), registry: RegistryState }),
  },
  'products.validate': { input: z.object(ProductWrite), output: z.object({ problems: z.array(ProductProblem) }) },
  'products.preview': { input: z.object(ProductWrite), output: z.object({ problems: z.array(ProductProblem), actions: z.array(PlannedAction), descriptor: ProductDescriptorValue.nullable() }) },
  'products.publish': { input: z.object(ProductWrite), output: PublishOutcome },
  'products.update': {
    input: z.object({ ...ProductWrite, baseRevision: z.number().int().min(1), bump: z.enum(['major', 'minor', 'patch', 'none']).default('patch'), reason: z.string().max(5000).optional() }),
    output: PublishOutcome,
  },
  'products.unpublish': {
    input: z.object({ profileId: ProfileId, productId: z.string().min(1).max(128), baseRevision: z.number().int().min(1), reason: z.string().trim().min(1, 'say why the product is unpublished').max(5000), actor: z.string().max(200).optional() }),
    output: z.object({ productId: z.string(), actions: z.array(PlannedAction.extend({ outcome: z.enum(['done', 'skipped']) })) }),
  },
  'products.importYaml': { input: z.object({ yaml: z.string().max(2_000_000) }), output: z.object({ product: ProductDraftValue.nullable(), problems: z.array(ProductProblem) }) },
  'products.exportYaml': { input: z.object({ profileId: ProfileId, productId: z.string().min(1).max(128) }), output: z.object({ yaml: z.string(), fileName: z.string() }) },
  'products.events': {
    input: z.object({ profileId: ProfileId, productId: z.string().max(128).optional(), types: z.array(z.string().max(64)).max(50).optional(), limit: z.number().int().min(1).max(5000).default(200) }),
    output: z.object({ events: z.array(ProductEventValue) }),
  },
  /** The records the fold skipped on the registry topics, whichever product (or none) their key names. */
  'products.warnings': {
    input: z.object({ profileId: ProfileId, limit: z.number().int().min(1).max(5000).default(1000) }),
    output: z.object({ warnings: z.array(RegistryWarning), total: z.number().int() }),
  },
  'access.request': {
    input: z.object({ profileId: ProfileId, productId: z.string().min(1).max(128), principal: z.string().trim().min(1, 'name the principal, e.g. User:alice').max(500), purpose: z.string().trim().min(1, 'say what the data is for').max(5000), expectedThroughput: z.string().max(200).default(''), actor: z.string().max(200).optional() }),
    output: AccessRequestValue,
  },
  'access.decide': {
    input: z.object({ profileId: ProfileId, requestId: z.string().min(1).max(100), decision: z.enum(['approve', 'deny']), reason: z.string().trim().min(1, 'give the requester a reason').max(5000), groupPrefix: z.string().max(200).optional(), actor: z.string().max(200).optional() }),
    output: z.object({ request: AccessRequestValue, acls: z.object({ state: z.enum(['created', 'no-authorizer', 'not-applicable', 'failed']), detail: z.string(), commands: z.array(z.string()) }) }),
  },
  'access.list': { input: z.object({ profileId: ProfileId, productId: z.string().max(128).optional(), state: z.enum(['pending', 'approved', 'denied']).optional() }), output: z.object({ requests: z.array(AccessRequestValue) }) },
  /** Reads each port's first and last record live (no consumer group); availability and rate come from the cache. */
  'products.streamStatus': { input: z.object({ profileId: ProfileId, productId: z.string().min(1).max(128) }), output: ProductStreamStatus },
  'audit.list': { input: z.object({ profileId: ProfileId.optional(), q: z.string().max(200).default(''), limit: z.number().int().min(1).max(5000).default(200) }), output: z.object({ entries: z.array(AuditEntry) }) },
  // ── lifecycle ── draft → published → deprecated → retired; every step an event on the registry's events topic.
  /** A draft is in the registry for others to see and comment on, but creates no topic or schema yet. */
  'lifecycle.saveDraft': { input: z.object({ profileId: ProfileId, product: ProductDraftValue, baseRevision: z.number().int().min(1).optional(), actor: z.string().max(200).optional() }), output: z.object({ descriptor: ProductDescriptorValue }) },
  'lifecycle.consumers': { input: z.object({ profileId: ProfileId, productId: LifecycleProductRef }), output: z.object({ snapshot: SnapshotInfo.nullable(), consumers: z.array(LifecycleConsumer) }) },
  'lifecycle.deprecate': {
    input: z.object({ profileId: ProfileId, ...DeprecateInput, actor: z.string().max(200).optional() }),
    output: z.object({ descriptor: ProductDescriptorValue, consumers: z.array(LifecycleConsumer), acls: AclRestriction.nullable(), deliveries: z.array(DeliveryRow), actions: z.array(LifecycleAction) }),
  },
  /** Re-sends what failed (or everything with all=true) for a notice; delivered ones are never sent twice. */
  'lifecycle.notify': { input: z.object({ profileId: ProfileId, productId: LifecycleProductRef, notice: z.string().regex(/^(deprecation|reminder-\d{1,4}d)$/, 'A notice is "deprecation" or a reminder such as "reminder-7d" (days before the sunset)').default('deprecation'), all: z.boolean().default(false), actor: z.string().max(200).optional() }), output: z.object({ deliveries: z.array(DeliveryRow) }) },
  'lifecycle.deliveries': { input: z.object({ profileId: ProfileId, productId: LifecycleProductRef }), output: z.object({ deliveries: z.array(DeliveryRow) }) },
  /** Sends the reminders due today for every deprecated product (also run hourly by the engine). */
  'lifecycle.sendReminders': { input: z.object({ profileId: ProfileId, today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }), output: z.object({ deliveries: z.array(DeliveryRow) }) },
  'lifecycle.restrictAccess': { input: z.object({ profileId: ProfileId, productId: LifecycleProductRef, actor: z.string().max(200).optional() }), output: AclRestriction },
  'lifecycle.allowedPrincipals': { input: z.object({ profileId: ProfileId, productId: LifecycleProductRef }), output: z.object({ authorizer: z.boolean(), principals: z.array(z.object({ principal: z.string(), via: z.string(), consuming: z.boolean() })) }) },
  'lifecycle.migration': { input: z.object({ profileId: ProfileId, productId: LifecycleProductRef }), output: MigrationReport },
  'lifecycle.retire': {
    input: z.object({
      profileId: ProfileId,
      productId: LifecycleProductRef,
      baseRevision: z.number().int().min(1),
      reason: z.string().trim().min(1, 'say why the product is retired').max(5000),
      /** Retire although consumers remain: confirmName must then be the product's name, typed. */
      force: z.boolean().default(false),
      confirmName: z.string().max(200).default(''),
      exportData: z.boolean().default(false),
      deleteSubjects: z.boolean().default(false),
      actor: z.string().max(200).optional(),
    }),
    output: z.object({ descriptor: ProductDescriptorValue, actions: z.array(LifecycleAction), exportPath: z.string().nullable() }),
  },
  'lifecycle.requestSignoff': {
    input: z.object({ profileId: ProfileId, productId: LifecycleProductRef, subject: z.string().min(1).max(1000), proposedSchema: z.string().min(1).max(1_000_000), reason: z.string().trim().min(1, 'say why the schema must change').max(5000), actor: z.string().max(200).optional() }),
    output: SignoffRow,
  },
  'lifecycle.decideSignoff': {
    input: z.object({ profileId: ProfileId, signoffId: z.string().min(1).max(100), approver: z.string().trim().min(1, 'say which owner decides').max(320), decision: z.enum(['approve', 'reject']), comment: z.string().max(5000).default(''), actor: z.string().max(200).optional() }),
    output: SignoffRow,
  },
  'lifecycle.signoffs': { input: z.object({ profileId: ProfileId, productId: LifecycleProductRef.optional() }), output: z.object({ signoffs: z.array(SignoffRow) }) },
  /** Registers a signed-off breaking schema; override (a recorded reason) publishes without every signature. */
  'lifecycle.publishSignedOff': {
    input: z.object({ profileId: ProfileId, signoffId: z.string().min(1).max(100), override: z.string().trim().max(5000).default(''), actor: z.string().max(200).optional() }),
    output: z.object({ signoff: SignoffRow, descriptor: ProductDescriptorValue, actions: z.array(LifecycleAction) }),
  },
  /** A breaking change as a new product version: v2 topic + subject, v1 deprecated with v2 as replacement. */
  'lifecycle.newVersion': {
    input: z.object({
      profileId: ProfileId,
      productId: LifecycleProductRef,
      baseRevision: z.number().int().min(1),
      proposedSchema: z.string().min(1).max(1_000_000),
      newProductId: z.string().max(128).default(''),
      newTopic: z.string().max(249).default(''),
      sunset: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
      reason: z.string().trim().min(1, 'say why the schema must change').max(5000),
      actor: z.string().max(200).optional(),
    }),
    output: z.object({ v2: ProductDescriptorValue, v1: ProductDescriptorValue, bridgeKsql: z.string(), actions: z.array(LifecycleAction) }),
  },
  'lifecycle.forgetPlan': { input: z.object({ profileId: ProfileId, productId: LifecycleProductRef, key: z.string().min(1).max(10_000) }), output: z.object({ key: z.string(), targets: z.array(ForgetTarget) }) },
  'lifecycle.forget': {
    input: z.object({ profileId: ProfileId, productId: LifecycleProductRef, key: z.string().min(1).max(10_000), confirmKey: z.string().max(10_000), actor: z.string().max(200).optional() }),
    output: z.object({ key: z.string(), tombstoned: z.array(z.object({ productId: z.string(), topic: z.string(), partition: z.number().int(), offset: z.string() })), impossible: z.array(ForgetTarget) }),
  },
  'lifecycle.inbox': { input: z.object({ profileId: ProfileId, unreadOnly: z.boolean().default(false), limit: z.number().int().min(1).max(2000).default(200) }), output: z.object({ items: z.array(InboxItem), unread: z.number().int() }) },
  'lifecycle.markRead': { input: z.object({ profileId: ProfileId, eventIds: z.array(z.string().max(100)).max(5000) }), output: z.object({ unread: z.number().int() }) },
  'lifecycle.settings': { input: z.object({ profileId: ProfileId }), output: NotificationSettings },
  'lifecycle.saveSettings': {
    input: z.object({ profileId: ProfileId, settings: NotificationSettings.omit({ smtpPasswordSet: true, webhookSecretSet: true }), smtpPassword: z.string().max(1000).nullable().optional(), webhookSecret: z.string().max(1000).nullable().optional() }),
    output: NotificationSettings,
  },
  // ── governance ──
  /** current null: the subject has no version yet (the diff then has no changes). registry null: why in registryUnavailable. */
  'governance.diffSchema': {
    input: z.object({ profileId: ProfileId, subject: z.string().min(1).max(1000), format: z.enum(['AVRO', 'JSON']).optional(), proposed: z.string().trim().min(1, 'paste the proposed schema').max(1_000_000), againstVersion: z.union([z.number().int().positive(), z.literal('latest')]).default('latest') }),
    output: z.object({
      subject: z.string(),
      format: z.enum(['AVRO', 'JSON']),
      current: z.object({ version: z.number().int(), schema: z.string(), source: z.enum(['registry', 'cache']) }).nullable(),
      proposed: z.string(),
      registry: z.object({ isCompatible: z.boolean(), messages: z.array(z.string()), level: z.string() }).nullable(),
      registryUnavailable: z.string().nullable(),
      diff: SchemaDiffValue,
    }),
  },
  'governance.rules': { input: Empty, output: PolicyRulesFile },
  'governance.saveRules': { input: z.object({ text: z.string().max(1_000_000) }), output: PolicyRulesFile },
  'governance.check': {
    input: z.object({ profileId: ProfileId, productId: z.string().min(1).max(128).optional() }),
    output: z.object({ snapshot: SnapshotInfo.nullable(), products: z.array(GovernanceProductRow), violations: z.array(PolicyViolationValue) }),
  },
  'governance.report': { input: z.object({ profileId: ProfileId, format: z.enum(['json', 'csv', 'markdown']) }), output: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }) },
  // ── ksql ──
  'ksql.info': { input: z.object({ profileId: ProfileId }), output: z.object({ url: z.string(), version: z.string(), kafkaClusterId: z.string(), ksqlServiceId: z.string(), serverStatus: z.string() }) },
  'ksql.run': { input: z.object({ profileId: ProfileId, script: z.string().max(1_000_000), properties: KsqlProperties }), output: KsqlRunResult },
  'ksql.query': {
    input: z.object({ profileId: ProfileId, sql: z.string().trim().min(1, 'write a SELECT').max(200_000), properties: KsqlProperties, maxRows: z.number().int().min(1).max(1_000_000).default(100_000) }),
    output: KsqlQueryEnd,
    progress: KsqlQueryProgress,
  },
  'ksql.closeQuery': { input: z.object({ profileId: ProfileId, queryId: KsqlQueryId }), output: z.object({ closed: z.boolean() }) },
  'ksql.objects': { input: z.object({ profileId: ProfileId }), output: z.object({ streams: z.array(KsqlSourceSummary), tables: z.array(KsqlSourceSummary), queries: z.array(KsqlQuerySummary) }) },
  'ksql.describe': { input: z.object({ profileId: ProfileId, name: KsqlName }), output: KsqlDescription },
  'ksql.explain': { input: z.object({ profileId: ProfileId, queryId: KsqlQueryId }), output: KsqlExplanation },
  'ksql.terminate': { input: z.object({ profileId: ProfileId, queryId: KsqlQueryId }), output: z.object({ message: z.string() }) },
  'ksql.drop': { input: z.object({ profileId: ProfileId, name: KsqlName, kind: z.enum(['stream', 'table']), deleteTopic: z.boolean().default(false) }), output: z.object({ message: z.string() }) },
  'ksql.preflight': {
    input: z.object({ script: z.string().max(1_000_000), profileId: ProfileId.optional() }),
    output: z.object({
      statements: z.array(z.object({ ...KsqlSpan, flow: KsqlFlow })),
      problems: z.array(z.object({ message: z.string(), start: z.number().int(), end: z.number().int() })),
      /** Whether stream/table names were resolved against the profile's ksqlDB (false: offline, topics of existing objects unknown). */
      resolved: z.boolean(),
    }),
  },
  'ksql.history': { input: z.object({ profileId: ProfileId.optional(), q: z.string().max(200).default(''), limit: z.number().int().min(1).max(1000).default(100) }), output: z.object({ entries: z.array(KsqlHistoryEntry) }) },
  'ksql.snippets.list': { input: Empty, output: z.object({ snippets: z.array(KsqlSnippet) }) },
  'ksql.snippets.save': { input: z.object({ id: z.number().int().positive().optional(), name: z.string().trim().min(1, 'name the snippet').max(200), sql: z.string().max(200_000) }), output: KsqlSnippet },
  'ksql.snippets.delete': { input: z.object({ id: z.number().int().positive() }), output: z.object({ deleted: z.boolean() }) },
  'ksql.functions': { input: z.object({ profileId: ProfileId, refresh: z.boolean().default(false) }), output: z.object({ fetchedAt: z.string(), functions: z.array(KsqlFunction) }) },
  // ── messages ──
  'messages.browse': {
    input: z.object({
      profileId: ProfileId,
      /** Chosen by the caller so it can stop or pause the browse before it ends. */
      browseId: BrowseId,
      topic: TopicName,
      partitions: z.union([z.literal('all'), z.array(z.number().int().min(0)).min(1).max(10_000)]).default('all'),
      start: MessageStart,
      /** The browse ends once this many records matched (a live tail keeps going; the renderer drops its oldest rows). */
      limit: z.number().int().min(1).max(1_000_000).default(1000),
      filter: MessageFilter.default({}),
      live: z.boolean().default(false),
      decode: MessageDecode.default('auto'),
    }),
    output: MessagesEnd,
    progress: MessagesProgress,
  },
  'messages.stop': { input: z.object({ browseId: BrowseId }), output: z.object({ stopped: z.boolean() }) },
  'messages.pause': { input: z.object({ browseId: BrowseId, paused: z.boolean() }), output: z.object({ paused: z.boolean() }) },
  'messages.get': {
    input: z.object({ profileId: ProfileId, topic: TopicName, partition: z.number().int().min(0), offset: OffsetText, decode: MessageDecode.default('auto') }),
    output: MessageRecord,
  },
  'messages.export': {
    /** Re-reads the loaded ranges (per partition, first to last offset inclusive) with the same filter and decoding, whole values. */
    input: z.object({
      profileId: ProfileId,
      topic: TopicName,
      ranges: z.array(z.object({ partition: z.number().int().min(0), first: OffsetText, last: OffsetText })).min(1).max(10_000),
      filter: MessageFilter.default({}),
      decode: MessageDecode.default('auto'),
      format: z.enum(['jsonl', 'csv']),
    }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), text: z.string(), count: z.number().int(), truncated: z.boolean() }),
  },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type In<K extends Method> = z.input<Contract[K]['input']>;
export type ParsedIn<K extends Method> = z.output<Contract[K]['input']>;
export type Out<K extends Method> = z.output<Contract[K]['output']>;
export type Progress<K extends Method> = Contract[K] extends { progress: z.ZodType } ? z.output<Contract[K]['progress']> : never;

export interface CallOptions<K extends Method> {
  onProgress?: (progress: Progress<K>) => void;
}

/** What the renderer holds: one async function per call. It cannot tell which face serves it. */
export type Api = { [K in Method]: (input: In<K>, options?: CallOptions<K>) => Promise<Out<K>> };

/** What the engine implements once; ctx.emit sends progress events for calls that declare them. */
export interface CallContext<K extends Method> {
  emit: (progress: Progress<K>) => void;
}
export type Handlers = { [K in Method]: (input: ParsedIn<K>, ctx: CallContext<K>) => Promise<Out<K>> };

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

// Wire frames shared by the IPC and WebSocket faces.
export interface RequestFrame {
  id: number;
  method: string;
  input: unknown;
}
export type ResponseFrame =
  | { id: number; type: 'result'; value: unknown }
  | { id: number; type: 'error'; error: ErrorValue }
  | { id: number; type: 'progress'; progress: unknown };
