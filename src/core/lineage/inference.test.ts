import { describe, expect, it } from 'vitest';
import type { ConnectorReading } from '../cluster/connect-client.ts';
import { externalSystemOf, inferFromConnect, withoutCredentials } from './infer-from-connect.ts';
import { inferFromGroups } from './infer-from-groups.ts';
import { inferFromSchemas } from './infer-from-schemas.ts';
import { inferFromTopics } from './infer-from-topics.ts';
import type { LineageFacts } from './model.ts';

const connector = (over: Partial<ConnectorReading>): ConnectorReading => ({ name: 'c', type: 'sink', connectorClass: '', state: 'RUNNING', workerId: 'w', config: {}, tasks: [], topics: [], ...over });
const edges = (f: LineageFacts) => f.edges.map((e) => `${e.from.kind}:${e.from.name} -${e.kind}/${e.provenance}-> ${e.to.kind}:${e.to.name}`).sort();

describe('inference from Kafka Connect', () => {
  const topics = ['orders', 'orders.eu', 'orders.us', 'payments', 'db1.public.users', 'db1.public.items'];

  it('links a file sink to the topics it reads and to the file it writes', () => {
    const facts = inferFromConnect([connector({ name: 'to-file', connectorClass: 'org.apache.kafka.connect.file.FileStreamSinkConnector', config: { topics: 'orders, payments', file: '/tmp/out.txt' }, topics: ['orders'] })], topics);
    expect(edges(facts)).toEqual([
      'connector:to-file -sinks-to/connect-> external:file:/tmp/out.txt',
      'topic:orders -consumes/connect-> connector:to-file',
      'topic:payments -consumes/connect-> connector:to-file',
    ]);
  });

  it('matches topics.regex against the whole topic name, as Java does', () => {
    const facts = inferFromConnect([connector({ connectorClass: 'io.confluent.connect.s3.S3SinkConnector', config: { 'topics.regex': 'orders\\.(eu|us)', 's3.bucket.name': 'lake' } })], topics);
    expect(edges(facts)).toEqual(['connector:c -sinks-to/connect-> external:s3://lake', 'topic:orders.eu -consumes/connect-> connector:c', 'topic:orders.us -consumes/connect-> connector:c']);
  });

  it('ignores an invalid topics.regex instead of failing the sync', () => {
    expect(() => inferFromConnect([connector({ config: { 'topics.regex': '(' } })], topics)).not.toThrow();
  });

  it('links a source connector from its database to the topics under its prefix', () => {
    const facts = inferFromConnect(
      [connector({ name: 'users-cdc', type: 'source', connectorClass: 'io.confluent.connect.jdbc.JdbcSourceConnector', config: { 'connection.url': 'jdbc:postgresql://admin:s3cret@db.internal:5432/shop?user=admin&password=s3cret&ssl=true', 'topic.prefix': 'db1.public.' } })],
      topics,
    );
    expect(edges(facts)).toEqual([
      'connector:users-cdc -produces/connect-> topic:db1.public.items',
      'connector:users-cdc -produces/connect-> topic:db1.public.users',
      'external:jdbc:postgresql://db.internal:5432/shop?ssl=true -sources-from/connect-> connector:users-cdc',
    ]);
    expect(JSON.stringify(facts)).not.toContain('s3cret');
  });

  it('names external systems from the class and config, falling back to the class name', () => {
    expect(externalSystemOf(connector({ connectorClass: 'org.apache.kafka.connect.file.FileStreamSourceConnector', config: {} }), 'source')).toBe('file:stdin');
    expect(externalSystemOf(connector({ connectorClass: 'io.debezium.connector.postgresql.PostgresConnector', config: { 'database.hostname': 'pg', 'database.port': '5432', 'database.dbname': 'shop' } }), 'source')).toBe('postgresql://pg:5432/shop');
    expect(externalSystemOf(connector({ connectorClass: 'com.acme.kafka.WarehouseSinkConnector', config: {} }), 'sink')).toBe('WarehouseSinkConnector');
    expect(externalSystemOf(connector({ name: 'mystery', connectorClass: '', config: {} }), 'sink')).toBe('unknown:mystery');
  });

  it('strips credentials from connection URLs', () => {
    expect(withoutCredentials('sqlserver://db:1433;databaseName=shop;user=sa;password=x')).toBe('sqlserver://db:1433;databaseName=shop');
    expect(withoutCredentials('oracle:thin:scott/tiger@//ora:1521/svc')).toBe('oracle:thin:@//ora:1521/svc');
    expect(withoutCredentials('mysql://db:3306/shop?password=x')).toBe('mysql://db:3306/shop');
  });
});

describe('inference from consumer groups and topics', () => {
  it('makes each topic with committed offsets a consumes edge, summing partitions and lag', () => {
    const facts = inferFromGroups({
      connectors: [connector({ name: 'to-file' })],
      groups: [
        { groupId: 'billing', protocolType: 'consumer', state: 'Stable', members: [], offsets: [{ topic: 'orders', partition: 0, committed: '5', lag: 2 }, { topic: 'orders', partition: 1, committed: '5', lag: 3 }] },
        { groupId: 'connect-to-file', protocolType: 'consumer', state: 'Stable', members: [], offsets: [{ topic: 'orders', partition: 0, committed: '1', lag: null }] },
        { groupId: 'idle', protocolType: 'consumer', state: 'Empty', members: [], offsets: [] },
      ],
    });
    expect(edges(facts)).toEqual(['topic:orders -consumes/consumer-offsets-> group:billing', 'topic:orders -consumes/consumer-offsets-> group:connect-to-file']);
    expect(facts.edges[0]!.detail).toEqual({ partitions: '2', lag: '5' });
    expect(facts.nodes.map((n) => [n.name, n.internal])).toEqual([['billing', false], ['connect-to-file', true], ['idle', false]]);
  });

  it('marks Kafka, Connect and Streams bookkeeping topics internal', () => {
    const facts = inferFromTopics(['__consumer_offsets', '_schemas', 'connect-offsets', 'app-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog', 'orders'].map((name) => ({ name, internal: name === '__consumer_offsets', replicationFactor: 1, configs: [], partitions: [] })));
    expect(facts.nodes.filter((n) => n.internal).map((n) => n.name)).toEqual(['__consumer_offsets', '_schemas', 'connect-offsets', 'app-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog']);
  });
});

describe('inference from the schema registry', () => {
  it('links referenced subjects to the subjects that use them, and TopicNameStrategy subjects to their topics', () => {
    const registry = {
      subjects: [
        { subject: 'orders-value', versions: [1, 2], latestVersion: 2, compatibility: 'BACKWARD' },
        { subject: 'money', versions: [1], latestVersion: 1, compatibility: 'BACKWARD' },
        { subject: 'ghost-value', versions: [1], latestVersion: 1, compatibility: 'BACKWARD' },
      ],
      newVersions: [],
    };
    const facts = inferFromSchemas(registry, new Set(['orders']), (subject, version) => (subject === 'orders-value' && version === 2 ? [{ name: 'com.acme.Money', subject: 'money', version: 1 }] : []));
    expect(edges(facts)).toEqual(['subject:money -references/schema-registry-> subject:orders-value', 'subject:orders-value -has-schema/schema-registry-> topic:orders']);
  });
});
