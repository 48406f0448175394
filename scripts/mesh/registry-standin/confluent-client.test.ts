// The stand-in under @kafkajs/confluent-schema-registry, the serializer the demo traffic uses: it must register,
// resolve references and round-trip records in the Confluent wire format exactly as against a real registry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { startRegistryStandin, type RunningRegistryStandin } from './server.ts';

let standin: RunningRegistryStandin;
let registry: SchemaRegistry;

beforeAll(async () => {
  standin = await startRegistryStandin();
  registry = new SchemaRegistry({ host: standin.url, retry: { retries: 0 } });
});
afterAll(async () => {
  await standin.close();
});

const order = {
  type: 'record',
  name: 'Order',
  namespace: 'trading',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'quantity', type: 'int' },
  ],
};

describe('registry stand-in with @kafkajs/confluent-schema-registry', () => {
  it('registers an Avro schema and round-trips a record in the Confluent wire format', async () => {
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(order) }, { subject: 'trading.orders-value' });
    const encoded = await registry.encode(id, { id: 'o-1', quantity: 5 });
    expect(encoded[0]).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);
    // A second client has no cache: it fetches the writer schema by id from the stand-in.
    const fresh = new SchemaRegistry({ host: standin.url });
    expect(await fresh.decode(encoded)).toEqual({ id: 'o-1', quantity: 5 });
    expect(await fresh.getLatestSchemaId('trading.orders-value')).toBe(id);
    expect(await fresh.getRegistryId('trading.orders-value', 1)).toBe(id);
    expect(await fresh.getRegistryIdBySchema('trading.orders-value', { type: SchemaType.AVRO, schema: JSON.stringify(order) })).toBe(id);
    // The client set the subject's level on first registration, as it does against Confluent.
    const config = await (await fetch(`${standin.url}/config/trading.orders-value`)).json();
    expect(config).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('evolves the schema compatibly and decodes old records with the new reader schema', async () => {
    const v2 = { ...order, type: 'record' as const, fields: [...order.fields, { name: 'venue', type: 'string', default: 'XNAS' }] };
    const old = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(order) }, { subject: 'trading.evolving-value' });
    const next = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, { subject: 'trading.evolving-value' });
    expect(next.id).not.toBe(old.id);
    const oldRecord = await registry.encode(old.id, { id: 'o-2', quantity: 1 });
    expect(await registry.decode(oldRecord, { [SchemaType.AVRO]: { readerSchema: v2 } })).toEqual({ id: 'o-2', quantity: 1, venue: 'XNAS' });
  });

  it('refuses an incompatible Avro schema with a 409 the client surfaces', async () => {
    await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(order) }, { subject: 'trading.strict-value' });
    const breaking = { ...order, fields: [...order.fields, { name: 'trader', type: 'string' }] };
    const err = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(breaking) }, { subject: 'trading.strict-value' }).then(
      () => undefined,
      (e: unknown) => e as { status?: number; message?: string },
    );
    expect(err?.status).toBe(409);
    expect(err?.message).toContain('Schema being registered is incompatible with an earlier schema for subject "trading.strict-value"');
  });

  it('registers a JSON Schema and validates payloads on encode', async () => {
    const schema = JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { url: { type: 'string' }, ms: { type: 'integer' } },
      required: ['url'],
      additionalProperties: false,
    });
    const { id } = await registry.register({ type: SchemaType.JSON, schema }, { subject: 'web.pageviews-value' });
    const encoded = await registry.encode(id, { url: '/home', ms: 12 });
    expect(await new SchemaRegistry({ host: standin.url }).decode(encoded)).toEqual({ url: '/home', ms: 12 });
    await expect(registry.encode(id, { ms: 'slow' })).rejects.toThrow(/invalid payload/);
    const version = await (await fetch(`${standin.url}/subjects/web.pageviews-value/versions/1`)).json();
    expect(version.schemaType).toBe('JSON');
  });

  it('resolves an Avro reference to another subject when encoding and decoding', async () => {
    const money = { type: 'record', name: 'Money', namespace: 'payments', fields: [{ name: 'units', type: 'long' }, { name: 'currency', type: 'string' }] };
    const tx = { type: 'record', name: 'Transaction', namespace: 'payments', fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'payments.Money' }] };
    await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(money) }, { subject: 'payments.Money' });
    const references = [{ name: 'payments.Money', subject: 'payments.Money', version: 1 }];
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(tx), references }, { subject: 'payments.transactions-value' });
    const value = { id: 't-1', amount: { units: 1250, currency: 'EUR' } };
    const encoded = await registry.encode(id, value);
    expect(await new SchemaRegistry({ host: standin.url }).decode(encoded)).toEqual(value);
  });

  it('resolves a JSON Schema reference by its $id', async () => {
    const moneyId = 'https://tributary.example/schemas/money.json';
    const money = JSON.stringify({ $id: moneyId, type: 'object', properties: { units: { type: 'integer' }, currency: { type: 'string' } }, required: ['units', 'currency'] });
    const refund = JSON.stringify({ type: 'object', properties: { id: { type: 'string' }, amount: { $ref: moneyId } }, required: ['id', 'amount'] });
    await registry.register({ type: SchemaType.JSON, schema: money }, { subject: 'payments.MoneyJson' });
    const { id } = await registry.register(
      { type: SchemaType.JSON, schema: refund, references: [{ name: moneyId, subject: 'payments.MoneyJson', version: 1 }] },
      { subject: 'payments.refunds-value' },
    );
    const value = { id: 'r-1', amount: { units: 5, currency: 'USD' } };
    expect(await new SchemaRegistry({ host: standin.url }).decode(await registry.encode(id, value))).toEqual(value);
    await expect(registry.encode(id, { id: 'r-2', amount: { units: 'five' } })).rejects.toThrow(/invalid payload/);
  });

  it('registers a Protobuf schema and round-trips a message', async () => {
    const proto = 'syntax = "proto3";\npackage users;\n\nmessage Profile {\n  string id = 1;\n  int32 age = 2;\n  repeated string tags = 3;\n}\n';
    const { id } = await registry.register({ type: SchemaType.PROTOBUF, schema: proto }, { subject: 'users.profiles-value' });
    const value = { id: 'u-1', age: 41, tags: ['vip'] };
    const decoded = await new SchemaRegistry({ host: standin.url }).decode(await registry.encode(id, value));
    expect(decoded).toMatchObject(value);
  });
});
