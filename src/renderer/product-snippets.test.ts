import { describe, expect, it } from 'vitest';
import { consumeSnippets, consumerGroup, ksqlStreamName, ksqlValueFormat, type ConsumeTarget } from './product-snippets.ts';

const avro: ConsumeTarget = {
  productId: 'trading.orders',
  topic: 'trading.orders.v1',
  format: 'AVRO',
  schemaSubject: 'trading.orders.v1-value',
  bootstrap: '127.0.0.1:9092',
  registryUrl: 'http://127.0.0.1:8081',
};
const snippet = (t: ConsumeTarget, language: string) => consumeSnippets(t).find((s) => s.language === language)!.code;

describe('consumeSnippets', () => {
  it('offers Java, Python, kafkajs and ksqlDB in that order', () => {
    expect(consumeSnippets(avro).map((s) => s.label)).toEqual(['Java', 'Python', 'kafkajs', 'ksqlDB']);
  });

  it('names the consumer group under the product id, the prefix an approved request grants', () => {
    expect(consumerGroup('trading.orders')).toBe('trading.orders.my-app');
    for (const s of consumeSnippets(avro)) if (s.language !== 'ksqldb') expect(s.code).toContain('trading.orders.my-app');
  });

  it('reads an Avro port with the registry deserializer in Java and Python', () => {
    expect(snippet(avro, 'java')).toContain('"io.confluent.kafka.serializers.KafkaAvroDeserializer"');
    expect(snippet(avro, 'java')).toContain('props.put("schema.registry.url", "http://127.0.0.1:8081");');
    expect(snippet(avro, 'python')).toContain('value_deserializer = AvroDeserializer(registry)');
    expect(snippet(avro, 'kafkajs')).toContain('await registry.decode(message.value)');
  });

  it('writes the ksqlDB stream with the topic, key and value formats', () => {
    expect(snippet(avro, 'ksqldb')).toContain("CREATE STREAM TRADING_ORDERS_V1 WITH (KAFKA_TOPIC='trading.orders.v1', KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO');");
    expect(snippet(avro, 'ksqldb')).not.toContain('VALUE_SCHEMA_ID');
  });

  it('says when ksqlDB would look under another subject than the port names', () => {
    expect(snippet({ ...avro, schemaSubject: 'orders-value' }, 'ksqldb')).toContain('VALUE_SCHEMA_ID');
  });

  it('reads a schemaless port as plain strings, without a registry', () => {
    const plain = { ...avro, format: 'JSON' as const, schemaSubject: '' };
    expect(snippet(plain, 'java')).toContain('"org.apache.kafka.common.serialization.StringDeserializer");\n\ntry');
    expect(snippet(plain, 'java')).not.toContain('schema.registry.url');
    expect(snippet(plain, 'python')).toContain('from confluent_kafka import Consumer\n');
    expect(snippet(plain, 'kafkajs')).not.toContain('SchemaRegistry');
    expect(snippet(plain, 'ksqldb')).toContain("VALUE_FORMAT='JSON'");
  });

  it('keeps quotes in names inside their string literals', () => {
    const odd = { ...avro, bootstrap: 'a"b:9092', registryUrl: "http://x/'y" };
    expect(snippet(odd, 'java')).toContain('props.put("bootstrap.servers", "a\\"b:9092");');
    expect(snippet(odd, 'kafkajs')).toContain('brokers: "a\\"b:9092".split');
  });

  it('adds SASL settings without a password for a SASL profile', () => {
    const sasl = { ...avro, security: { protocol: 'SASL_SSL', saslMechanism: 'scram-sha-512', username: 'alice' } };
    expect(snippet(sasl, 'java')).toContain('props.put("sasl.mechanism", "SCRAM-SHA-512");');
    expect(snippet(sasl, 'java')).toContain('ScramLoginModule required username=\\"alice\\" password=\\"<password>\\";');
    expect(snippet(sasl, 'python')).toContain('"sasl.password": "<password>",');
    expect(snippet(sasl, 'kafkajs')).toContain('ssl: true,');
    expect(snippet(sasl, 'kafkajs')).toContain('password: process.env.KAFKA_PASSWORD');
  });
});

describe('ksqlStreamName', () => {
  it('turns a topic into an upper-case identifier', () => {
    expect(ksqlStreamName('trading.orders-v1')).toBe('TRADING_ORDERS_V1');
    expect(ksqlStreamName('1st.topic')).toBe('S_1ST_TOPIC');
  });
});

describe('ksqlValueFormat', () => {
  it('reads registered JSON Schema as JSON_SR and schemaless JSON as JSON', () => {
    expect(ksqlValueFormat('JSON', 'x-value')).toBe('JSON_SR');
    expect(ksqlValueFormat('JSON', '')).toBe('JSON');
    expect(ksqlValueFormat('PROTOBUF', 'x-value')).toBe('PROTOBUF');
  });
});
