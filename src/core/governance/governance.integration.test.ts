// The governance calls through the in-process Api against the real mesh: a proposed schema judged by the
// registry and the semantic diff side by side, publish blocked by an error-level rule, and the policy check
// and report over a synced snapshot.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import { createSchemaRegistryClient } from '../cluster/schema-registry.ts';
import type { Api } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { TributaryError } from '../errors.ts';
import { createInProcessApi } from '../in-process-api.ts';

const mesh = inject('mesh');
const run = `it-gov-${Date.now().toString(36)}`;
let engine: Engine;
let api: Api;
let profileId: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-governance-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  profileId = (await api['profiles.save']({ name: 'gov', bootstrap: mesh.bootstrap, registryUrl: mesh.registryUrl || '' })).id;
});

afterAll(async () => {
  engine?.close();
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  const mine = (await admin.listTopics()).filter((t) => t.startsWith(run));
  await admin.deleteTopics({ topics: mine }).catch(() => undefined);
  await admin.disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<TributaryError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(TributaryError);
  return e as TributaryError;
}

const userSchema = (fields: Array<{ name: string; type: unknown }>) => JSON.stringify({ type: 'record', name: 'User', fields });

describe('governance rules file', () => {
  it('creates the rules file from the defaults, and refuses an edit with the field that is wrong', async () => {
    const rules = await api['governance.rules']({});
    expect(rules.created).toBe(true);
    expect(rules.path).toBe(path.join(dataDir, 'policies.json'));
    expect(rules.rules.map((r) => r.id)).toContain('pii-classified');
    const bad = await failure(api['governance.saveRules']({ text: rules.text.replace('"severity": "error"', '"severity": "fatal"') }));
    expect(bad.kind).toBe('Invalid');
    expect(bad.fields?.[0]).toMatchObject({ path: 'rules.0.severity' });
    expect((await api['governance.rules']({})).text).toBe(rules.text);
  });
});

describe.skipIf(!mesh.registryUrl)(`schema evolution against the registry${mesh.registryUrl ? '' : ` — skipped: ${mesh.registryUnavailable?.split('\n')[0]}`}`, () => {
  it('shows the registry verdict and the semantic diff side by side for a proposed schema', async () => {
    const subject = `${run}.users-value`;
    const registry = createSchemaRegistryClient({ url: mesh.registryUrl });
    await registry.register(subject, { schema: userSchema([{ name: 'id', type: 'string' }, { name: 'age', type: 'int' }]) });
    await registry.setCompatibility('FORWARD', subject);
    const result = await api['governance.diffSchema']({ profileId, subject, proposed: userSchema([{ name: 'id', type: 'string' }, { name: 'age', type: 'long' }]) });
    expect(result.current).toMatchObject({ version: 1, source: 'registry' });
    expect(result.registry).toMatchObject({ isCompatible: false, level: 'FORWARD' });
    expect(result.diff.verdict).toBe('breaking');
    expect(result.diff.changes).toEqual([expect.objectContaining({ path: 'User.age', kind: 'type-widened', classification: 'breaking' })]);

    const fine = await api['governance.diffSchema']({ profileId, subject, proposed: userSchema([{ name: 'id', type: 'string', doc: 'the user id' } as never, { name: 'age', type: 'int' }]) });
    expect(fine.registry?.isCompatible).toBe(true);
    expect(fine.diff.verdict).toBe('doc');
  });

  it('says there is nothing to compare for a new subject, and refuses a proposal that is not a schema', async () => {
    const fresh = await api['governance.diffSchema']({ profileId, subject: `${run}.nothing-value`, proposed: userSchema([{ name: 'id', type: 'string' }]) });
    expect(fresh.current).toBeNull();
    expect(fresh.registry).toBeNull();
    expect(fresh.registryUnavailable).toMatch(/has no version in the registry yet/);
    const bad = await failure(api['governance.diffSchema']({ profileId, subject: `${run}.nothing-value`, proposed: '{"type": "record", "name": "X"' }));
    expect(bad.message).toMatch(/proposed schema is not JSON/);
  });

  it('blocks publishing a product whose personal-data fields are not classified, then checks and reports it after a sync', async () => {
    const topic = `${run}.users.v1`;
    const subject = `${topic}-value`;
    const schema = userSchema([{ name: 'userId', type: 'string' }, { name: 'email', type: 'string' }, { name: 'country', type: 'string' }]);
    const product = { id: `${run}-users`, name: 'Users', domain: 'users', owner: { team: 'Identity', email: 'identity@example.com' }, tier: 'gold' as const, outputPorts: [{ topic, key: 'userId', schemaSubject: subject, format: 'AVRO' as const }], historyMode: 'compacted' as const };
    const input = { profileId, product, provision: [{ topic, createTopic: { partitions: 1 }, schema: { schema } }] };

    const validated = await api['products.validate'](input);
    expect(validated.problems).toEqual([{ path: 'classification.piiFields', message: `policy pii-classified: field "email" of ${subject} looks like personal data but is not listed in classification.piiFields` }]);
    const refused = await failure(api['products.publish'](input));
    expect(refused.kind).toBe('Invalid');
    expect(refused.message).toMatch(/policy pii-classified/);

    const classified = { ...input, product: { ...product, classification: { piiFields: ['email'], dataRegion: '' } } };
    const published = await api['products.publish'](classified);
    expect(published.descriptor.status).toBe('published');

    await api['catalog.sync']({ profileId });
    await api['products.list']({ profileId });
    const check = await api['governance.check']({ profileId, productId: product.id });
    expect(check.snapshot).not.toBeNull();
    // Gold on a one-broker mesh: replication 1 and min.insync.replicas 1 are warnings under the default rules.
    expect(check.violations.map((v) => [v.ruleId, v.severity])).toEqual([['tier-replication', 'warning'], ['tier-replication', 'warning']]);
    expect(check.products).toEqual([expect.objectContaining({ productId: product.id, errors: 0, warnings: 2 })]);

    const csv = await api['governance.report']({ profileId, format: 'csv' });
    expect(csv.mimeType).toBe('text/csv');
    expect(csv.content.split('\r\n')[0]).toBe('product,name,rule,severity,field,message');
    expect(csv.content).toContain(`${product.id},Users,tier-replication,warning,outputPorts.0.topic,`);
    const md = await api['governance.report']({ profileId, format: 'markdown' });
    expect(md.fileName).toMatch(/^governance-gov-\d{4}-\d{2}-\d{2}\.md$/);
  });
});
