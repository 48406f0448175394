// The facts the governance rules read, from a profile's newest snapshot in the cache: each port topic's
// replication factor and configs, and the latest schema of each subject.
import type { Db } from '../cache/open-cache.ts';
import type { SnapshotInfo } from '../contract.ts';
import type { PolicyFacts, TopicFacts } from './policy-check.ts';

export function factsFromSnapshot(db: Db, profile: { id: string; name: string }, snapshot: SnapshotInfo | null, topics: string[], subjects: string[]): PolicyFacts {
  const facts: PolicyFacts = { profileId: profile.id, profileName: profile.name, clusterId: snapshot?.clusterId ?? null, topics: {}, schemas: {} };
  if (!snapshot) return facts;
  const topicRows = db
    .prepare('SELECT name, replication_factor FROM topics WHERE snapshot_id = ? AND name IN (SELECT value FROM json_each(?))')
    .all(snapshot.id, JSON.stringify(topics)) as Array<{ name: string; replication_factor: number }>;
  const configRows = db
    .prepare('SELECT topic, name, value FROM topic_configs WHERE snapshot_id = ? AND topic IN (SELECT value FROM json_each(?))')
    .all(snapshot.id, JSON.stringify(topics)) as Array<{ topic: string; name: string; value: string | null }>;
  for (const t of topicRows) facts.topics[t.name] = { replicationFactor: t.replication_factor, configs: {}, source: 'snapshot' } satisfies TopicFacts;
  for (const c of configRows) {
    const t = facts.topics[c.topic];
    if (t) t.configs[c.name] = c.value;
  }
  const schemaRows = db
    .prepare(
      `SELECT s.subject, v.schema_type, v.schema FROM schema_subjects s
       JOIN schema_versions v ON v.profile_id = ? AND v.subject = s.subject AND v.version = s.latest_version
       WHERE s.snapshot_id = ? AND s.subject IN (SELECT value FROM json_each(?))`,
    )
    .all(profile.id, snapshot.id, JSON.stringify(subjects)) as Array<{ subject: string; schema_type: string; schema: string }>;
  for (const s of schemaRows) facts.schemas[s.subject] = { format: s.schema_type, schema: s.schema };
  return facts;
}
