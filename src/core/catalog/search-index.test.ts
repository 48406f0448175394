import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../cache/migrations.ts';
import { ProfileInput } from '../contract.ts';
import { openCache } from '../cache/open-cache.ts';
import { ProfileStore } from '../cluster/profiles.ts';
import { SnapshotStore, type SyncReading } from './snapshots.ts';
import { schemaSearchText, searchIndex, toFtsQuery } from './search-index.ts';

function topic(name: string) {
  return { name, internal: name.startsWith('__'), replicationFactor: 1, configs: [], partitions: [{ partition: 0, leader: 1, replicas: [1], isr: [1], earliest: '0', latest: '10' }] };
}

function seeded() {
  const { db } = openCache(':memory:');
  const profile = new ProfileStore(db).save(ProfileInput.parse({ name: 'local', bootstrap: 'b:9092', label: '', color: '#4f8cff' }));
  const reading: SyncReading = {
    clusterId: 'c',
    controllerId: 1,
    brokers: [],
    topics: ['trading.orders.v1', 'trading.fills.v1', 'users.profiles.v1', '__consumer_offsets', '<img src=x onerror=alert(1)>'].map(topic),
    groups: [{ groupId: 'risk-engine', protocolType: 'consumer', state: 'Stable', members: [{ memberId: 'm1', clientId: 'risk-client', clientHost: '/127.0.0.1', assignment: [] }], offsets: [{ topic: 'trading.orders.v1', partition: 0, committed: '4', lag: 6 }] }],
    registry: {
      subjects: [{ subject: 'trading.orders.v1-value', versions: [1, 2], latestVersion: 2, compatibility: 'BACKWARD' }],
      newVersions: [1, 2].map((version) => ({
        subject: 'trading.orders.v1-value',
        version,
        id: version,
        schemaType: 'AVRO' as const,
        references: [],
        schema: JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'order_id', type: 'string' }, ...(version === 2 ? [{ name: 'venue_mic', type: 'string', doc: 'Market identifier code' }] : [])] }),
      })),
    },
    connectors: [{ name: 'payments-audit-sink', type: 'sink', connectorClass: 'org.apache.kafka.connect.file.FileStreamSinkConnector', state: 'RUNNING', workerId: 'w', config: {}, tasks: [], topics: ['payments.transactions.v1'] }],
  };
  new SnapshotStore(db).write(profile.id, reading, '2026-01-01T00:00:00.000Z', 1);
  return { db, profile };
}

describe('search index', () => {
  it('finds a topic by a segment of its name, ranked by the name', () => {
    const { db } = seeded();
    const hits = searchIndex(db, 'orders', { includeInternal: false, limit: 10 });
    expect(hits[0]).toMatchObject({ kind: 'topic', ref: 'trading.orders.v1', facets: { domain: 'trading', hasSchema: true } });
  });

  it('matches prefixes and requires every word', () => {
    const { db } = seeded();
    expect(searchIndex(db, 'trad fil', { includeInternal: false, limit: 10 }).map((h) => h.ref)).toEqual(['trading.fills.v1']);
  });

  it('finds consumer groups by the topics they read and connectors by class', () => {
    const { db } = seeded();
    expect(searchIndex(db, 'risk', { includeInternal: false, limit: 10 }).map((h) => [h.kind, h.ref])).toEqual([['group', 'risk-engine']]);
    expect(searchIndex(db, 'FileStream', { includeInternal: false, limit: 10 }).map((h) => h.ref)).toEqual(['payments-audit-sink']);
  });

  it('hides internal topics unless asked, and filters by kind and domain', () => {
    const { db } = seeded();
    expect(searchIndex(db, 'consumer', { includeInternal: false, limit: 10, kinds: ['topic'] })).toEqual([]);
    expect(searchIndex(db, 'consumer', { includeInternal: true, limit: 10, kinds: ['topic'] }).map((h) => h.ref)).toEqual(['__consumer_offsets']);
    expect(searchIndex(db, 'v1', { includeInternal: false, limit: 10, domain: 'users' }).map((h) => h.ref)).toEqual(['users.profiles.v1']);
  });

  it('treats FTS syntax and markup in a query as plain words', () => {
    const { db } = seeded();
    expect(toFtsQuery('" OR * NEAR(')).toBe('({title body} : ("OR"* AND "NEAR"*))');
    expect(toFtsQuery('  ')).toBeNull();
    expect(searchIndex(db, '<img src=x', { includeInternal: false, limit: 10 }).map((h) => h.title)).toEqual(['<img src=x onerror=alert(1)>']);
  });

  it('finds a topic and its subject by a field of the latest schema version', () => {
    const { db } = seeded();
    const hits = searchIndex(db, 'venue_mic', { includeInternal: false, limit: 10 });
    expect(hits.map((h) => [h.kind, h.ref])).toEqual(expect.arrayContaining([['topic', 'trading.orders.v1'], ['subject', 'trading.orders.v1-value']]));
    expect(hits.find((h) => h.kind === 'topic')!.facets.hasSchema).toBe(true);
    expect(searchIndex(db, 'identifier code', { includeInternal: false, limit: 10, hasSchema: true }).length).toBe(2);
  });

  it('filters on having a schema both ways', () => {
    const { db } = seeded();
    expect(searchIndex(db, 'trading', { includeInternal: false, limit: 10, hasSchema: true }).map((h) => h.ref).sort()).toEqual(['trading.orders.v1', 'trading.orders.v1-value']);
    expect(searchIndex(db, 'trading', { includeInternal: false, limit: 10, hasSchema: false }).map((h) => h.ref).sort()).toEqual(['risk-engine', 'trading.fills.v1']);
  });

  it('does not find entities by the flag words their facets are filtered with', () => {
    const { db } = seeded();
    expect(searchIndex(db, 'internal', { includeInternal: true, limit: 10 })).toEqual([]);
    expect(searchIndex(db, 'hasschema', { includeInternal: true, limit: 10 })).toEqual([]);
  });

  it('keeps a cache indexed before the flags column searchable, with internal entities still hidden', () => {
    const db = new Database(':memory:');
    for (const m of migrations.filter((m) => m.version < 8)) db.exec(m.sql);
    const insert = db.prepare('INSERT INTO search_index (profile_id, snapshot_id, kind, ref, facets, title, body) VALUES (?, 1, ?, ?, ?, ?, ?)');
    insert.run('p', 'topic', '__consumer_offsets', JSON.stringify({ internal: true, hasSchema: false }), '__consumer_offsets', '');
    insert.run('p', 'topic', 'billing.consumer-events.v1', JSON.stringify({ internal: false, hasSchema: true, domain: 'billing' }), 'billing.consumer-events.v1', 'invoice_id');
    db.exec(migrations.find((m) => m.version === 8)!.sql);
    expect(searchIndex(db, 'consumer', { includeInternal: false, limit: 10 }).map((h) => h.ref)).toEqual(['billing.consumer-events.v1']);
    expect(searchIndex(db, 'consumer', { includeInternal: true, limit: 10 }).map((h) => h.ref).sort()).toEqual(['__consumer_offsets', 'billing.consumer-events.v1']);
    expect(searchIndex(db, 'invoice', { includeInternal: false, limit: 10, hasSchema: true }).map((h) => h.facets)).toEqual([{ internal: false, hasSchema: true, domain: 'billing' }]);
  });

  it('indexes Avro field names and docs and JSON schema properties', () => {
    const avro = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'order_id', type: 'string', doc: 'Exchange order identifier' }, { name: 'legs', type: { type: 'array', items: { type: 'record', name: 'Leg', fields: [{ name: 'venue', type: 'string' }] } } }] });
    expect(schemaSearchText(avro).split(' ')).toEqual(expect.arrayContaining(['order_id', 'Exchange', 'identifier', 'venue']));
    const json = JSON.stringify({ type: 'object', properties: { session_id: { type: 'string', description: 'browser session' } } });
    expect(schemaSearchText(json)).toContain('session_id');
  });
});
