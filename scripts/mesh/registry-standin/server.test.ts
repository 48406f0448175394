// The stand-in over real HTTP, driven by Tributary's own registry client and by plain fetch where the client
// hides the wire (error codes, bodies). Each test gets a fresh in-memory registry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TributaryError } from '../../../src/core/errors.ts';
import { createSchemaRegistryClient, type SchemaRegistryClient } from '../../../src/core/cluster/schema-registry.ts';
import { startRegistryStandin, type RunningRegistryStandin } from './server.ts';

const record = (fields: object[], name = 'Order') => JSON.stringify({ type: 'record', name, namespace: 'com.tributary.test', fields });
const orderV1 = record([
  { name: 'id', type: 'string' },
  { name: 'quantity', type: 'int' },
]);
const orderV2 = record([
  { name: 'id', type: 'string' },
  { name: 'quantity', type: 'int' },
  { name: 'venue', type: 'string', default: 'XNAS' },
]);
const orderAddedWithoutDefault = record([
  { name: 'id', type: 'string' },
  { name: 'quantity', type: 'int' },
  { name: 'trader', type: 'string' },
]);
const orderQuantityAsString = record([
  { name: 'id', type: 'string' },
  { name: 'quantity', type: 'string' },
]);
const orderWithoutQuantity = record([{ name: 'id', type: 'string' }]);

let registry: RunningRegistryStandin;
let client: SchemaRegistryClient;

beforeEach(async () => {
  registry = await startRegistryStandin();
  client = createSchemaRegistryClient({ url: registry.url, timeoutMs: 5_000 });
});
afterEach(async () => {
  await registry.close();
});

async function raw(method: string, path: string, body?: unknown): Promise<{ status: number; contentType: string | null; data: any }> {
  const res = await fetch(`${registry.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data: unknown = text;
  try {
    data = JSON.parse(text);
  } catch {
    // a raw schema answer stays text
  }
  return { status: res.status, contentType: res.headers.get('content-type'), data };
}

async function kindOf(p: Promise<unknown>): Promise<TributaryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TributaryError);
  return err as TributaryError;
}

describe('registry stand-in with the Tributary client', () => {
  it('serves the API under Apicurio-style /apis/ccompat/v7 on a free loopback port', async () => {
    expect(registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/apis\/ccompat\/v7$/);
    expect(registry.port).toBeGreaterThan(0);
    const res = await raw('GET', '/subjects');
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/vnd.schemaregistry.v1+json');
    expect(res.data).toEqual([]);
  });

  it('lists subjects, versions and reads a version like Confluent (no schemaType for Avro)', async () => {
    const { id } = await client.register('orders-value', { schema: orderV1 });
    expect(id).toBe(1);
    await client.register('orders-value', { schema: orderV2 });
    await client.register('users-value', { schema: JSON.stringify({ type: 'object', properties: { name: { type: 'string' } } }), schemaType: 'JSON' });

    expect(await client.listSubjects()).toEqual(['orders-value', 'users-value']);
    expect(await client.listVersions('orders-value')).toEqual([1, 2]);
    const latest = await client.getVersion('orders-value');
    expect(latest).toMatchObject({ subject: 'orders-value', version: 2, id: 2, schemaType: 'AVRO', references: [] });
    expect(JSON.parse(latest.schema)).toEqual(JSON.parse(orderV2));

    const wire = await raw('GET', '/subjects/orders-value/versions/1');
    expect(Object.keys(wire.data)).toEqual(['subject', 'version', 'id', 'schema']);
    const json = await raw('GET', '/subjects/users-value/versions/latest');
    expect(json.data.schemaType).toBe('JSON');
    const schemaOnly = await raw('GET', '/subjects/orders-value/versions/1/schema');
    expect(schemaOnly.data).toEqual(JSON.parse(orderV1));
  });

  it('keeps ids stable: the same schema gets the same id in its subject and in every other subject', async () => {
    const first = await client.register('a-value', { schema: orderV1 });
    const again = await client.register('a-value', { schema: JSON.stringify(JSON.parse(orderV1), null, 2) });
    const elsewhere = await client.register('b-value', { schema: orderV1 });
    const other = await client.register('b-value', { schema: orderV2 });
    expect(again.id).toBe(first.id);
    expect(elsewhere.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    expect(await client.listVersions('a-value')).toEqual([1]);
    expect(await client.getVersion('b-value', 1)).toMatchObject({ id: first.id, version: 1 });
    expect((await client.getSchemaById(first.id)).schema).toBe(JSON.stringify(JSON.parse(orderV1)));
    expect((await raw('GET', `/schemas/ids/${first.id}/subjects`)).data).toEqual(['a-value', 'b-value']);
    expect((await raw('GET', `/schemas/ids/${first.id}/versions`)).data).toEqual([
      { subject: 'a-value', version: 1 },
      { subject: 'b-value', version: 1 },
    ]);
  });

  it('looks up a schema in a subject and answers undefined for one it does not hold', async () => {
    await client.register('orders-value', { schema: orderV1 });
    await client.register('orders-value', { schema: orderV2 });
    expect(await client.lookup('orders-value', { schema: orderV1 })).toMatchObject({ subject: 'orders-value', version: 1, id: 1 });
    expect(await client.lookup('orders-value', { schema: orderAddedWithoutDefault })).toBeUndefined();
    expect(await client.lookup('nobody-value', { schema: orderV1 })).toBeUndefined();
    expect((await raw('POST', '/subjects/orders-value', { schema: orderAddedWithoutDefault })).data).toEqual({ error_code: 40403, message: 'Schema not found' });
    expect((await raw('POST', '/subjects/nobody-value', { schema: orderV1 })).data).toEqual({ error_code: 40401, message: "Subject 'nobody-value' not found." });
  });

  it('accepts an optional Avro field with a default under BACKWARD', async () => {
    await client.register('orders-value', { schema: orderV1 });
    expect(await client.testCompatibility('orders-value', { schema: orderV2 })).toEqual({ isCompatible: true, messages: [] });
    await expect(client.register('orders-value', { schema: orderV2 })).resolves.toEqual({ id: 2 });
  });

  it('refuses a new field without a default and a changed type with 409 under BACKWARD, saying why', async () => {
    await client.register('orders-value', { schema: orderV1 });

    const added = await client.testCompatibility('orders-value', { schema: orderAddedWithoutDefault });
    expect(added.isCompatible).toBe(false);
    expect(added.messages[0]).toBe(
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'trader' at path '/fields/2' in the new schema has no default value and is missing in the old schema', additionalInfo:'trader'}",
    );
    expect(added.messages).toContain('{oldSchemaVersion: 1}');
    expect(added.messages).toContain("{validateFields: 'false', compatibility: 'BACKWARD'}");

    const retyped = await client.testCompatibility('orders-value', { schema: orderQuantityAsString });
    expect(retyped.isCompatible).toBe(false);
    expect(retyped.messages[0]).toMatch(/^\{errorType:'TYPE_MISMATCH', description:'The type \(path '\/fields\/1\/type'\)/);

    for (const schema of [orderAddedWithoutDefault, orderQuantityAsString]) {
      const err = await kindOf(client.register('orders-value', { schema }));
      expect(err.kind).toBe('Conflict');
      const res = await raw('POST', '/subjects/orders-value/versions', { schema });
      expect(res.status).toBe(409);
      expect(res.data.error_code).toBe(409);
      expect(res.data.message).toMatch(/^Schema being registered is incompatible with an earlier schema for subject "orders-value", details: \[\{errorType:/);
    }
    expect(await client.listVersions('orders-value')).toEqual([1]);
  });

  it('lets BACKWARD drop a field without a default, which FORWARD and FULL refuse', async () => {
    await client.register('drop-value', { schema: orderV1 });
    expect((await client.testCompatibility('drop-value', { schema: orderWithoutQuantity })).isCompatible).toBe(true);
    for (const level of ['FORWARD', 'FULL'] as const) {
      await client.setCompatibility(level, 'drop-value');
      const result = await client.testCompatibility('drop-value', { schema: orderWithoutQuantity });
      expect(result.isCompatible).toBe(false);
      expect(result.messages[0]).toContain("The field 'quantity' at path '/fields/1' in the old schema has no default value and is missing in the new schema");
    }
  });

  it('checks every earlier version under FULL_TRANSITIVE but only the latest under FULL', async () => {
    const v1 = record([{ name: 'id', type: 'string' }]);
    const v2 = record([
      { name: 'id', type: 'string' },
      { name: 'note', type: 'string', default: '' },
    ]);
    // v3 retypes 'note' to long: not compatible with v2, so it goes in under NONE.
    const v3 = record([
      { name: 'id', type: 'string' },
      { name: 'note', type: 'long', default: 0 },
    ]);
    const candidate = record([
      { name: 'id', type: 'string' },
      { name: 'note', type: 'long', default: 0 },
      { name: 'extra', type: 'string', default: '' },
    ]);
    await client.setCompatibility('FULL', 'chain-value');
    await client.register('chain-value', { schema: v1 });
    await client.register('chain-value', { schema: v2 });
    await expect(client.register('chain-value', { schema: v3 })).rejects.toMatchObject({ kind: 'Conflict' });
    await client.setCompatibility('NONE', 'chain-value');
    await client.register('chain-value', { schema: v3 });

    await client.setCompatibility('FULL', 'chain-value');
    expect(await client.testCompatibility('chain-value', { schema: candidate })).toEqual({ isCompatible: true, messages: [] });
    // Against a named version the level's direction applies to that version alone.
    expect((await client.testCompatibility('chain-value', { schema: candidate }, 2)).isCompatible).toBe(false);

    await client.setCompatibility('FULL_TRANSITIVE', 'chain-value');
    // …/versions/latest compares with the latest only, as on Confluent; …/versions (no version) and registration
    // compare with every version the level names.
    expect((await client.testCompatibility('chain-value', { schema: candidate })).isCompatible).toBe(true);
    const transitive = await raw('POST', '/compatibility/subjects/chain-value/versions?verbose=true', { schema: candidate });
    expect(transitive.data.is_compatible).toBe(false);
    expect(transitive.data.messages[0]).toMatch(/^\{errorType:'TYPE_MISMATCH'/);
    expect(transitive.data.messages).toContain('{oldSchemaVersion: 2}');
    expect(transitive.data.messages).toContain("{validateFields: 'false', compatibility: 'FULL_TRANSITIVE'}");
    await expect(client.register('chain-value', { schema: candidate })).rejects.toMatchObject({ kind: 'Conflict' });
    expect(await client.listVersions('chain-value')).toEqual([1, 2, 3]);

    await client.setCompatibility('FULL', 'chain-value');
    await expect(client.register('chain-value', { schema: candidate })).resolves.toEqual({ id: 4 });
  });

  it('reads and sets global and subject compatibility levels, with 40408 for a subject without its own', async () => {
    expect(await client.getGlobalCompatibility()).toBe('BACKWARD');
    expect(await client.getSubjectCompatibility('orders-value')).toEqual({ level: 'BACKWARD', explicit: false });
    expect((await raw('GET', '/config/orders-value')).data).toEqual({ error_code: 40408, message: "Subject 'orders-value' does not have subject-level compatibility configured" });
    expect((await raw('GET', '/config/orders-value?defaultToGlobal=true')).data).toEqual({ compatibilityLevel: 'BACKWARD' });

    await client.setCompatibility('FULL_TRANSITIVE', 'orders-value');
    await client.setCompatibility('FORWARD');
    expect(await client.getSubjectCompatibility('orders-value')).toEqual({ level: 'FULL_TRANSITIVE', explicit: true });
    expect(await client.getGlobalCompatibility()).toBe('FORWARD');
    expect((await raw('PUT', '/config', { compatibility: 'NONE' })).data).toEqual({ compatibility: 'NONE' });

    expect((await raw('DELETE', '/config/orders-value')).data).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    expect((await raw('DELETE', '/config/orders-value')).data.error_code).toBe(40401);
    const bad = await raw('PUT', '/config', { compatibility: 'SIDEWAYS' });
    expect(bad.status).toBe(422);
    expect(bad.data.error_code).toBe(42203);
    expect((await kindOf(client.setCompatibility('SIDEWAYS' as 'NONE'))).kind).toBe('Invalid');
  });

  it('soft-deletes a subject, then hard-deletes it, with Confluent\'s codes in between', async () => {
    const { id } = await client.register('gone-value', { schema: orderV1 });
    await client.register('keep-value', { schema: orderV2 });
    expect((await raw('DELETE', '/subjects/gone-value?permanent=true')).data.error_code).toBe(40405);

    expect(await client.deleteSubject('gone-value')).toEqual([1]);
    expect(await client.listSubjects()).toEqual(['keep-value']);
    expect(await client.listSubjects({ deleted: true })).toEqual(['gone-value', 'keep-value']);
    expect((await raw('GET', '/subjects/gone-value/versions')).data.error_code).toBe(40401);
    expect((await raw('GET', '/subjects/gone-value/versions?deleted=true')).data).toEqual([1]);
    expect((await raw('DELETE', '/subjects/gone-value')).data.error_code).toBe(40404);
    // A soft-deleted schema still decodes: its id answers.
    expect((await client.getSchemaById(id)).id).toBe(id);

    expect((await raw('DELETE', '/subjects/gone-value?permanent=true')).data).toEqual([1]);
    expect(await client.listSubjects({ deleted: true })).toEqual(['keep-value']);
    expect((await raw('GET', `/schemas/ids/${id}`)).data).toEqual({ error_code: 40403, message: `Schema ${id} not found` });
    expect((await kindOf(client.deleteSubject('gone-value'))).kind).toBe('NotFound');
  });

  it('deletes single versions, soft then permanent, and numbers new versions after the deleted ones', async () => {
    await client.register('v-value', { schema: orderV1 });
    await client.register('v-value', { schema: orderV2 });
    expect((await raw('DELETE', '/subjects/v-value/versions/2?permanent=true')).data.error_code).toBe(40407);
    expect((await raw('DELETE', '/subjects/v-value/versions/latest')).data).toBe(2);
    expect((await raw('DELETE', '/subjects/v-value/versions/2')).data.error_code).toBe(40406);
    expect(await client.listVersions('v-value')).toEqual([1]);
    expect((await raw('GET', '/subjects/v-value/versions/2')).data).toEqual({ error_code: 40402, message: 'Version 2 not found.' });
    expect((await raw('GET', '/subjects/v-value/versions/2?deleted=true')).data.version).toBe(2);
    // Re-registering the deleted schema gives a new version with the same id, as Confluent does.
    await client.register('v-value', { schema: orderV2 });
    expect(await client.getVersion('v-value')).toMatchObject({ version: 3, id: 2 });
    expect((await raw('DELETE', '/subjects/v-value/versions/2?permanent=true')).data).toBe(2);
    expect((await raw('GET', '/subjects/v-value/versions?deleted=true')).data).toEqual([1, 3]);
  });

  it('answers Confluent\'s error codes for unknown subjects, versions, ids, invalid schemas and versions', async () => {
    await client.register('orders-value', { schema: orderV1 });
    const cases: Array<[string, string, unknown, number, number]> = [
      ['GET', '/subjects/nope/versions', undefined, 404, 40401],
      ['GET', '/subjects/nope/versions/1', undefined, 404, 40401],
      ['GET', '/subjects/orders-value/versions/7', undefined, 404, 40402],
      ['GET', '/subjects/orders-value/versions/0', undefined, 422, 42202],
      ['GET', '/subjects/orders-value/versions/one', undefined, 422, 42202],
      ['GET', '/schemas/ids/99', undefined, 404, 40403],
      ['POST', '/subjects/orders-value/versions', { schema: '{"type":"record","name":"X"' }, 422, 42201],
      ['POST', '/subjects/orders-value/versions', { schema: '{"type":"recordx"}' }, 422, 42201],
      ['POST', '/subjects/orders-value/versions', { schema: orderV1, schemaType: 'XML' }, 422, 42201],
      ['POST', '/subjects/orders-value/versions', { schema: orderV1, references: [{ name: 'x.Y', subject: 'nope', version: 1 }] }, 422, 42201],
      ['POST', '/compatibility/subjects/orders-value/versions/9', { schema: orderV1 }, 404, 40402],
      ['POST', '/compatibility/subjects/nope/versions/1', { schema: orderV1 }, 404, 40401],
      ['GET', '/no/such/route', undefined, 404, 404],
      ['PUT', '/subjects', undefined, 405, 405],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await raw(method, path, body);
      expect({ method, path, status: res.status, code: res.data.error_code }).toEqual({ method, path, status, code });
      expect(typeof res.data.message).toBe('string');
    }
    expect((await kindOf(client.getVersion('orders-value', 7))).kind).toBe('NotFound');
    const invalid = await kindOf(client.register('orders-value', { schema: '{"type":"recordx"}' }));
    expect(invalid.kind).toBe('Invalid');
    expect(invalid.message).toContain('42201');
  });

  it('passes a compatibility test against "latest" of a subject with no versions', async () => {
    expect(await client.testCompatibility('fresh-value', { schema: orderV1 })).toEqual({ isCompatible: true, messages: [] });
    expect((await raw('POST', '/compatibility/subjects/fresh-value/versions/latest', { schema: orderV1 })).data).toEqual({ is_compatible: true });
  });

  it('serves schema types and the READWRITE mode', async () => {
    expect((await raw('GET', '/schemas/types')).data).toEqual(['JSON', 'PROTOBUF', 'AVRO']);
    expect((await raw('GET', '/mode')).data).toEqual({ mode: 'READWRITE' });
  });

  it('registers a schema with a reference and refuses to delete what it references', async () => {
    const money = JSON.stringify({ type: 'record', name: 'Money', namespace: 'payments', fields: [{ name: 'units', type: 'long' }, { name: 'currency', type: 'string' }] });
    const tx = JSON.stringify({ type: 'record', name: 'Transaction', namespace: 'payments', fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'payments.Money' }] });
    await client.register('payments.Money', { schema: money });
    const references = [{ name: 'payments.Money', subject: 'payments.Money', version: 1 }];
    const { id } = await client.register('payments.transactions-value', { schema: tx, references });
    expect(await client.getVersion('payments.transactions-value')).toMatchObject({ id, references });
    expect((await raw('GET', `/schemas/ids/${id}`)).data.references).toEqual(references);
    // Without the reference, the type name does not resolve.
    expect((await raw('POST', '/subjects/other-value/versions', { schema: tx })).data.error_code).toBe(42201);
    const refused = await raw('DELETE', '/subjects/payments.Money');
    expect(refused.status).toBe(422);
    expect(refused.data.error_code).toBe(42206);
  });

  it('answers 401 without credentials when auth is on, which the client reports as AuthFailed', async () => {
    const guarded = await startRegistryStandin({ auth: { username: 'alice', password: 's3cret' } });
    try {
      const res = await fetch(`${guarded.url}/subjects`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect(await res.json()).toEqual({ error_code: 401, message: 'Unauthorized' });
      const anonymous = createSchemaRegistryClient({ url: guarded.url });
      expect((await kindOf(anonymous.listSubjects())).kind).toBe('AuthFailed');
      const wrong = createSchemaRegistryClient({ url: guarded.url, auth: { username: 'alice', password: 'nope' } });
      expect((await kindOf(wrong.listSubjects())).kind).toBe('AuthFailed');
      const right = createSchemaRegistryClient({ url: guarded.url, auth: { username: 'alice', password: 's3cret' } });
      expect(await right.listSubjects()).toEqual([]);
    } finally {
      await guarded.close();
    }
  });

  it('logs one line per request with its status and error code', async () => {
    const lines: string[] = [];
    const logged = await startRegistryStandin({ log: (line) => lines.push(line) });
    try {
      await fetch(`${logged.url}/subjects`);
      await fetch(`${logged.url}/subjects/nope/versions`);
      await new Promise((r) => setTimeout(r, 20));
      expect(lines).toEqual(['GET /apis/ccompat/v7/subjects → 200', 'GET /apis/ccompat/v7/subjects/nope/versions → 404 (error_code 40401)']);
    } finally {
      await logged.close();
    }
  });

  it('serves at the root like Confluent when the base path is empty, and encodes subjects with slashes', async () => {
    const rooted = await startRegistryStandin({ basePath: '' });
    try {
      expect(rooted.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const c = createSchemaRegistryClient({ url: rooted.url });
      await c.register('team/a-value', { schema: orderV1 });
      expect(await c.listSubjects()).toEqual(['team/a-value']);
      expect((await c.getVersion('team/a-value')).version).toBe(1);
    } finally {
      await rooted.close();
    }
  });
});
