// Snapshots in the cache: a sync's reading written in one transaction, and the queries the pages ask of the
// newest one. Readers keep seeing the previous snapshot until the write commits.
import type { Db } from '../cache/open-cache.ts';
import type { SnapshotInfo, TopicRow } from '../contract.ts';
import { TributaryError } from '../errors.ts';
import type { ClusterReading } from './read-cluster.ts';
import type { ConnectorReading } from '../cluster/connect-client.ts';
import type { RegistryReading } from './read-registry.ts';
import type { KsqlLineageQuery } from '../ksql/lineage-source.ts';
import { rebuildSearchIndex } from './search-index.ts';
import { configSetNumbering } from './config-sets.ts';

/** Everything one sync read: the cluster, and the registry and Connect when the profile names them. */
export interface SyncReading extends ClusterReading {
  connectors: ConnectorReading[] | null;
  registry: RegistryReading | null;
  /** ksqlDB's persistent queries with the topics they read and write, when the profile names a ksqlDB. */
  ksqlQueries?: KsqlLineageQuery[] | null;
}

interface SnapshotRecord {
  id: number;
  profile_id: string;
  taken_at: string;
  duration_ms: number;
  cluster_id: string;
  broker_count: number;
  topic_count: number;
}

const SNAPSHOT_SELECT = `
  SELECT s.id, s.profile_id, s.taken_at, s.duration_ms, s.cluster_id,
         (SELECT count(*) FROM brokers b WHERE b.snapshot_id = s.id) AS broker_count,
         (SELECT count(*) FROM topics t WHERE t.snapshot_id = s.id) AS topic_count
  FROM snapshots s`;

function toInfo(r: SnapshotRecord): SnapshotInfo {
  return { id: r.id, profileId: r.profile_id, takenAt: r.taken_at, durationMs: r.duration_ms, clusterId: r.cluster_id, brokerCount: r.broker_count, topicCount: r.topic_count };
}

/** Work another room does inside a sync's transaction (e.g. lineage rebuilding its graph). */
export type SnapshotWriter = (profileId: string, snapshotId: number, reading: SyncReading) => void;

export class SnapshotStore {
  private readonly db: Db;
  private readonly writers: SnapshotWriter[] = [];
  constructor(db: Db) {
    this.db = db;
  }

  /** Registers work that must commit or roll back together with each snapshot. */
  onWrite(writer: SnapshotWriter): void {
    this.writers.push(writer);
  }

  write(profileId: string, reading: SyncReading, takenAt: string, durationMs: number): SnapshotInfo {
    const insertSnapshot = this.db.prepare('INSERT INTO snapshots (profile_id, taken_at, duration_ms, cluster_id, controller_id) VALUES (?, ?, ?, ?, ?)');
    const insertBroker = this.db.prepare('INSERT INTO brokers (snapshot_id, node_id, host, port, rack) VALUES (?, ?, ?, ?, ?)');
    const insertTopic = this.db.prepare('INSERT INTO topics (snapshot_id, name, partitions, replication_factor, internal, message_estimate, config_set) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertPartition = this.db.prepare('INSERT INTO topic_partitions (snapshot_id, topic, partition, leader, replicas, isr, earliest, latest) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const insertGroup = this.db.prepare('INSERT INTO consumer_groups (snapshot_id, group_id, protocol_type, state) VALUES (?, ?, ?, ?)');
    const insertMember = this.db.prepare('INSERT INTO group_members (snapshot_id, group_id, member_id, client_id, client_host, assignment) VALUES (?, ?, ?, ?, ?, ?)');
    const insertOffset = this.db.prepare('INSERT INTO group_offsets (snapshot_id, group_id, topic, partition, committed, lag) VALUES (?, ?, ?, ?, ?, ?)');
    const insertVersion = this.db.prepare('INSERT OR IGNORE INTO schema_versions (profile_id, subject, version, schema_id, schema_type, schema, refs) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertSubject = this.db.prepare('INSERT INTO schema_subjects (snapshot_id, subject, compatibility, versions, latest_version) VALUES (?, ?, ?, ?, ?)');
    const insertConnector = this.db.prepare('INSERT INTO connectors (snapshot_id, name, type, connector_class, state, worker_id, config, tasks, topics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const id = this.db.transaction(() => {
      const snapshotId = Number(insertSnapshot.run(profileId, takenAt, durationMs, reading.clusterId, reading.controllerId).lastInsertRowid);
      for (const b of reading.brokers) insertBroker.run(snapshotId, b.nodeId, b.host, b.port, b.rack);
      const configSet = configSetNumbering(this.db, snapshotId);
      for (const t of reading.topics) {
        const estimate = t.partitions.reduce((sum, p) => sum + Math.max(0, Number(BigInt(p.latest) - BigInt(p.earliest))), 0);
        insertTopic.run(snapshotId, t.name, t.partitions.length, t.replicationFactor, t.internal ? 1 : 0, estimate, configSet(t.configs));
        for (const p of t.partitions) insertPartition.run(snapshotId, t.name, p.partition, p.leader, JSON.stringify(p.replicas), JSON.stringify(p.isr), p.earliest, p.latest);
      }
      for (const g of reading.groups) {
        insertGroup.run(snapshotId, g.groupId, g.protocolType, g.state);
        for (const m of g.members) insertMember.run(snapshotId, g.groupId, m.memberId, m.clientId, m.clientHost, JSON.stringify(m.assignment));
        for (const o of g.offsets) insertOffset.run(snapshotId, g.groupId, o.topic, o.partition, o.committed, o.lag);
      }
      for (const c of reading.connectors ?? []) {
        insertConnector.run(snapshotId, c.name, c.type, c.connectorClass, c.state, c.workerId, JSON.stringify(c.config), JSON.stringify(c.tasks), JSON.stringify(c.topics));
      }
      for (const v of reading.registry?.newVersions ?? []) insertVersion.run(profileId, v.subject, v.version, v.id, v.schemaType, v.schema, JSON.stringify(v.references));
      for (const s of reading.registry?.subjects ?? []) insertSubject.run(snapshotId, s.subject, s.compatibility, JSON.stringify(s.versions), s.latestVersion);
      rebuildSearchIndex(this.db, profileId, snapshotId);
      for (const writer of this.writers) writer(profileId, snapshotId, reading);
      return snapshotId;
    })();
    return this.get(id);
  }

  /** Whether this profile's cache already holds a schema version (versions never change once registered). */
  schemaVersionCached(profileId: string): (subject: string, version: number) => boolean {
    const known = new Set((this.db.prepare('SELECT subject, version FROM schema_versions WHERE profile_id = ?').all(profileId) as Array<{ subject: string; version: number }>).map((r) => `${r.subject}\u0000${r.version}`));
    return (subject, version) => known.has(`${subject}\u0000${version}`);
  }

  get(id: number): SnapshotInfo {
    const r = this.db.prepare(`${SNAPSHOT_SELECT} WHERE s.id = ?`).get(id) as SnapshotRecord | undefined;
    if (!r) throw new TributaryError('NotFound', `Snapshot ${id} is not in the cache`);
    return toInfo(r);
  }

  latest(profileId: string): SnapshotInfo | null {
    const r = this.db.prepare(`${SNAPSHOT_SELECT} WHERE s.profile_id = ? ORDER BY s.id DESC LIMIT 1`).get(profileId) as SnapshotRecord | undefined;
    return r ? toInfo(r) : null;
  }

  list(profileId: string): SnapshotInfo[] {
    return (this.db.prepare(`${SNAPSHOT_SELECT} WHERE s.profile_id = ? ORDER BY s.id DESC`).all(profileId) as SnapshotRecord[]).map(toInfo);
  }

  topics(snapshotId: number, includeInternal: boolean, filter: string): TopicRow[] {
    const rows = this.db
      .prepare(
        `SELECT t.name, t.partitions, t.replication_factor, t.internal, t.message_estimate,
                coalesce((SELECT value FROM topic_configs c WHERE c.snapshot_id = t.snapshot_id AND c.topic = t.name AND c.name = 'cleanup.policy'), 'delete') AS cleanup_policy,
                coalesce((SELECT value FROM topic_configs c WHERE c.snapshot_id = t.snapshot_id AND c.topic = t.name AND c.name = 'retention.ms'), '') AS retention_ms
         FROM topics t
         WHERE t.snapshot_id = ? AND (? OR t.internal = 0) AND instr(lower(t.name), lower(?)) > 0
         ORDER BY t.name`,
      )
      .all(snapshotId, includeInternal ? 1 : 0, filter) as Array<{ name: string; partitions: number; replication_factor: number; internal: number; message_estimate: number; cleanup_policy: string; retention_ms: string }>;
    return rows.map((r) => ({
      name: r.name,
      partitions: r.partitions,
      replicationFactor: r.replication_factor,
      internal: r.internal === 1,
      messageEstimate: r.message_estimate,
      cleanupPolicy: r.cleanup_policy,
      retentionMs: r.retention_ms,
    }));
  }

  topicDetail(snapshotId: number, name: string) {
    const topic = this.topics(snapshotId, true, '').find((t) => t.name === name);
    if (!topic) throw new TributaryError('NotFound', `Topic "${name}" is not in the snapshot taken ${this.get(snapshotId).takenAt}; sync again if it was created since`);
    const configs = (this.db.prepare('SELECT name, value, source, sensitive FROM topic_configs WHERE snapshot_id = ? AND topic = ? ORDER BY name').all(snapshotId, name) as Array<{ name: string; value: string | null; source: string; sensitive: number }>).map((c) => ({ ...c, sensitive: c.sensitive === 1 }));
    const partitions = (this.db.prepare('SELECT partition, leader, replicas, isr, earliest, latest FROM topic_partitions WHERE snapshot_id = ? AND topic = ? ORDER BY partition').all(snapshotId, name) as Array<{ partition: number; leader: number; replicas: string; isr: string; earliest: string; latest: string }>).map((p) => ({ ...p, replicas: JSON.parse(p.replicas) as number[], isr: JSON.parse(p.isr) as number[] }));
    return { topic, configs, partitions };
  }
}
