// Read-side queries for the detail pages — consumer groups, connectors, schema subjects and what touches a
// topic — all answered from one snapshot in the cache, so they work with the cluster gone.
import type { z } from 'zod';
import type { Db } from '../cache/open-cache.ts';
import type { ConnectorDetail, ConnectorSummary, GroupDetail, GroupSummary, SchemaVersion, SubjectDetail, SubjectSummary } from '../contract.ts';
import { TributaryError } from '../errors.ts';

type Subject = z.infer<typeof SubjectSummary>;

export class CatalogQueries {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  groups(snapshotId: number): GroupSummary[] {
    const rows = this.db
      .prepare(
        `SELECT g.group_id, g.state, g.protocol_type,
                (SELECT count(*) FROM group_members m WHERE m.snapshot_id = g.snapshot_id AND m.group_id = g.group_id) AS members,
                (SELECT json_group_array(DISTINCT o.topic) FROM group_offsets o WHERE o.snapshot_id = g.snapshot_id AND o.group_id = g.group_id) AS topics,
                (SELECT sum(o.lag) FROM group_offsets o WHERE o.snapshot_id = g.snapshot_id AND o.group_id = g.group_id) AS total_lag
         FROM consumer_groups g WHERE g.snapshot_id = ? ORDER BY g.group_id`,
      )
      .all(snapshotId) as Array<{ group_id: string; state: string; protocol_type: string; members: number; topics: string; total_lag: number | null }>;
    return rows.map((r) => ({ groupId: r.group_id, state: r.state, protocolType: r.protocol_type, members: r.members, topics: (JSON.parse(r.topics) as string[]).sort(), totalLag: r.total_lag }));
  }

  group(profileId: string, snapshotId: number, groupId: string): z.infer<typeof GroupDetail> {
    const summary = this.groups(snapshotId).find((g) => g.groupId === groupId);
    if (!summary) throw new TributaryError('NotFound', `Consumer group "${groupId}" is not in this snapshot; sync again if it started since`);
    const memberList = (this.db.prepare('SELECT member_id, client_id, client_host, assignment FROM group_members WHERE snapshot_id = ? AND group_id = ? ORDER BY client_id, member_id').all(snapshotId, groupId) as Array<{ member_id: string; client_id: string; client_host: string; assignment: string }>).map((m) => ({ memberId: m.member_id, clientId: m.client_id, clientHost: m.client_host, assignment: JSON.parse(m.assignment) as Array<{ topic: string; partitions: number[] }> }));
    const offsets = this.db.prepare('SELECT topic, partition, committed, lag FROM group_offsets WHERE snapshot_id = ? AND group_id = ? ORDER BY topic, partition').all(snapshotId, groupId) as Array<{ topic: string; partition: number; committed: string; lag: number | null }>;
    const lagHistory = (this.db
      .prepare(
        `SELECT s.id, s.taken_at, (SELECT sum(o.lag) FROM group_offsets o WHERE o.snapshot_id = s.id AND o.group_id = g.group_id) AS total_lag
         FROM snapshots s JOIN consumer_groups g ON g.snapshot_id = s.id AND g.group_id = ?
         WHERE s.profile_id = ? ORDER BY s.id`,
      )
      .all(groupId, profileId) as Array<{ id: number; taken_at: string; total_lag: number | null }>).map((r) => ({ snapshotId: r.id, takenAt: r.taken_at, totalLag: r.total_lag }));
    return { ...summary, memberList, offsets, lagHistory };
  }

  topicConsumers(snapshotId: number, topic: string) {
    return (this.db
      .prepare(
        `SELECT o.group_id, g.state, sum(o.lag) AS lag, count(*) AS partitions
         FROM group_offsets o JOIN consumer_groups g ON g.snapshot_id = o.snapshot_id AND g.group_id = o.group_id
         WHERE o.snapshot_id = ? AND o.topic = ? GROUP BY o.group_id ORDER BY o.group_id`,
      )
      .all(snapshotId, topic) as Array<{ group_id: string; state: string; lag: number | null; partitions: number }>).map((r) => ({ groupId: r.group_id, state: r.state, lag: r.lag, partitions: r.partitions }));
  }

  private connectorRows(snapshotId: number) {
    return this.db.prepare('SELECT * FROM connectors WHERE snapshot_id = ? ORDER BY name').all(snapshotId) as Array<{ name: string; type: string; connector_class: string; state: string; worker_id: string; config: string; tasks: string; topics: string }>;
  }

  connectors(snapshotId: number): z.infer<typeof ConnectorSummary>[] {
    return this.connectorRows(snapshotId).map((c) => ({
      name: c.name,
      type: c.type,
      connectorClass: c.connector_class,
      state: c.state,
      topics: JSON.parse(c.topics) as string[],
      taskStates: (JSON.parse(c.tasks) as Array<{ state: string }>).map((t) => t.state),
    }));
  }

  connector(snapshotId: number, name: string): z.infer<typeof ConnectorDetail> {
    const row = this.connectorRows(snapshotId).find((c) => c.name === name);
    if (!row) throw new TributaryError('NotFound', `Connector "${name}" is not in this snapshot; sync again if it was created since`);
    const summary = this.connectors(snapshotId).find((c) => c.name === name)!;
    return { ...summary, workerId: row.worker_id, config: JSON.parse(row.config) as Record<string, string>, tasks: JSON.parse(row.tasks) as z.infer<typeof ConnectorDetail>['tasks'] };
  }

  topicConnectors(snapshotId: number, topic: string) {
    return this.connectors(snapshotId).filter((c) => c.topics.includes(topic)).map((c) => ({ name: c.name, type: c.type, state: c.state }));
  }

  subjects(profileId: string, snapshotId: number): Subject[] {
    return (this.db
      .prepare(
        `SELECT s.subject, s.latest_version, s.compatibility, json_array_length(s.versions) AS version_count, coalesce(v.schema_type, 'AVRO') AS schema_type
         FROM schema_subjects s LEFT JOIN schema_versions v ON v.profile_id = ? AND v.subject = s.subject AND v.version = s.latest_version
         WHERE s.snapshot_id = ? ORDER BY s.subject`,
      )
      .all(profileId, snapshotId) as Array<{ subject: string; latest_version: number; compatibility: string; version_count: number; schema_type: string }>).map((r) => ({ subject: r.subject, latestVersion: r.latest_version, versionCount: r.version_count, schemaType: r.schema_type, compatibility: r.compatibility }));
  }

  subject(profileId: string, snapshotId: number, subject: string): z.infer<typeof SubjectDetail> {
    const summary = this.subjects(profileId, snapshotId).find((s) => s.subject === subject);
    if (!summary) throw new TributaryError('NotFound', `Schema subject "${subject}" is not in this snapshot; sync again if it was registered since`);
    const listed = JSON.parse((this.db.prepare('SELECT versions FROM schema_subjects WHERE snapshot_id = ? AND subject = ?').get(snapshotId, subject) as { versions: string }).versions) as number[];
    const versions = (this.db.prepare('SELECT version, schema_id, schema_type, schema, refs FROM schema_versions WHERE profile_id = ? AND subject = ? ORDER BY version').all(profileId, subject) as Array<{ version: number; schema_id: number; schema_type: string; schema: string; refs: string }>)
      .filter((v) => listed.includes(v.version))
      .map((v): z.infer<typeof SchemaVersion> => ({ version: v.version, schemaId: v.schema_id, schemaType: v.schema_type, schema: v.schema, references: JSON.parse(v.refs) as z.infer<typeof SchemaVersion>['references'] }));
    return { ...summary, versions };
  }

  subjectOrNull(profileId: string, snapshotId: number, subject: string): Subject | null {
    return this.subjects(profileId, snapshotId).find((s) => s.subject === subject) ?? null;
  }

  /** Counts per kind and per domain of everything matching a search, for Discover's facets. */
  searchFacetCounts(query: string, profileIds: string[] | undefined, includeInternal: boolean) {
    const rows = this.db
      .prepare(
        `SELECT profile_id, kind, json_extract(facets, '$.domain') AS domain, coalesce(json_extract(facets, '$.internal'), 0) AS internal
         FROM search_index WHERE search_index MATCH ?`,
      )
      .all(query) as Array<{ profile_id: string; kind: string; domain: string | null; internal: number }>;
    const kindCounts: Record<string, number> = {};
    const domainCounts: Record<string, number> = {};
    const profileCounts: Record<string, number> = {};
    for (const r of rows) {
      if (!includeInternal && r.internal) continue;
      profileCounts[r.profile_id] = (profileCounts[r.profile_id] ?? 0) + 1;
      if (profileIds && !profileIds.includes(r.profile_id)) continue;
      kindCounts[r.kind] = (kindCounts[r.kind] ?? 0) + 1;
      if (r.domain) domainCounts[r.domain] = (domainCounts[r.domain] ?? 0) + 1;
    }
    return { kindCounts, domainCounts, profileCounts };
  }
}
