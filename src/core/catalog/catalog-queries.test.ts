import { describe, expect, it } from 'vitest';
import { ProfileInput } from '../contract.ts';
import { openCache } from '../cache/open-cache.ts';
import { ProfileStore } from '../cluster/profiles.ts';
import { SnapshotStore, type SyncReading } from './snapshots.ts';
import { CatalogQueries } from './catalog-queries.ts';

function reading(lag: number): SyncReading {
  return {
    clusterId: 'c',
    controllerId: 1,
    brokers: [],
    topics: [{ name: 'trading.orders.v1', internal: false, replicationFactor: 1, configs: [], partitions: [0, 1].map((p) => ({ partition: p, leader: 1, replicas: [1], isr: [1], earliest: '0', latest: '100' })) }],
    groups: [
      {
        groupId: 'risk-engine',
        protocolType: 'consumer',
        state: 'Stable',
        members: [{ memberId: 'm-1', clientId: 'risk-1', clientHost: '/10.0.0.5', assignment: [{ topic: 'trading.orders.v1', partitions: [0, 1] }] }],
        offsets: [
          { topic: 'trading.orders.v1', partition: 0, committed: String(100 - lag), lag },
          { topic: 'trading.orders.v1', partition: 1, committed: '100', lag: 0 },
        ],
      },
    ],
    registry: null,
    connectors: [{ name: 'orders-sink', type: 'sink', connectorClass: 'FileStreamSinkConnector', state: 'RUNNING', workerId: 'w:8083', config: { file: '/tmp/x' }, tasks: [{ id: 0, state: 'FAILED', workerId: 'w:8083', trace: 'boom' }], topics: ['trading.orders.v1'] }],
  };
}

describe('catalog queries', () => {
  const { db } = openCache(':memory:');
  const profile = new ProfileStore(db).save(ProfileInput.parse({ name: 'p', bootstrap: 'b:9092', label: '', color: '#4f8cff' }));
  const store = new SnapshotStore(db);
  store.write(profile.id, reading(40), '2026-01-01T00:00:00.000Z', 1);
  const latest = store.write(profile.id, reading(7), '2026-01-02T00:00:00.000Z', 1);
  const queries = new CatalogQueries(db);

  it('summarises a consumer group with its members, topics and total lag', () => {
    expect(queries.groups(latest.id)).toEqual([{ groupId: 'risk-engine', state: 'Stable', protocolType: 'consumer', members: 1, topics: ['trading.orders.v1'], totalLag: 7 }]);
  });

  it('charts a group’s lag over every snapshot that knew it', () => {
    const detail = queries.group(profile.id, latest.id, 'risk-engine');
    expect(detail.lagHistory.map((h) => h.totalLag)).toEqual([40, 7]);
    expect(detail.memberList[0]!.assignment).toEqual([{ topic: 'trading.orders.v1', partitions: [0, 1] }]);
  });

  it('lists who consumes a topic and which connectors touch it', () => {
    expect(queries.topicConsumers(latest.id, 'trading.orders.v1')).toEqual([{ groupId: 'risk-engine', state: 'Stable', lag: 7, partitions: 2 }]);
    expect(queries.topicConnectors(latest.id, 'trading.orders.v1')).toEqual([{ name: 'orders-sink', type: 'sink', state: 'RUNNING' }]);
    expect(queries.connector(latest.id, 'orders-sink')).toMatchObject({ taskStates: ['FAILED'], tasks: [{ trace: 'boom' }] });
  });

  it('names a group that is not in the snapshot', () => {
    expect(() => queries.group(profile.id, latest.id, 'ghost')).toThrow(/Consumer group "ghost" is not in this snapshot/);
  });
});
