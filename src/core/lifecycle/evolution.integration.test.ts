// Breaking schema changes on the real mesh and registry: sign-off by the owners of downstream consumers (or a
// recorded override) before a breaking schema is registered, a breaking change as a new product version with
// the bridge statement, and the right to be forgotten over compacted and delete-policy products downstream.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka, plaintext, retryRetriable } from '../cluster/kafka-client.ts';
import { createSchemaRegistryClient } from '../cluster/schema-registry.ts';
import type { Api } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { commitOffset, failure } from './lifecycle-fixtures.ts';
import { TopicReader } from '../messages/partition-reader.ts';

const mesh = inject('mesh');
const registryTest = mesh.registryUrl ? it : it.skip;
const run = Date.now().toString(36);
const prefix = `it-evo-${run}`;
let engine: Engine;
let api: Api;
let profileId: string;
let dataDir: string;

const tradeV1 = JSON.stringify({
  type: 'record',
  name: 'Trade',
  namespace: 'it.evo',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'venue', type: 'string' },
  ],
});
// Removing venue breaks readers that still expect it (no default).
const tradeNoVenue = JSON.stringify({ type: 'record', name: 'Trade', namespace: 'it.evo', fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'double' }] });
const tradeWithNote = JSON.stringify({ type: 'record', name: 'Trade', namespace: 'it.evo', fields: [...JSON.parse(tradeV1).fields, { name: 'note', type: ['null', 'string'], default: null }] });



beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-evolution-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  profileId = (await api['profiles.save']({ name: 'evolution', bootstrap: mesh.bootstrap, registryUrl: mesh.registryUrl || '' })).id;
  await api['lifecycle.saveSettings']({
    profileId,
    settings: { smtp: null, webhook: null, contacts: [{ pattern: `${prefix}-risk*`, email: 'risk@tributary.example', team: 'Risk' }, { pattern: `${prefix}-ledger*`, email: 'ledger@tributary.example', team: 'Ledger' }], reminderDays: [7], me: { email: '', teams: [], apps: [] } },
  });
});

afterAll(async () => {
  engine?.close();
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(prefix)) }).catch(() => undefined);
  await admin.disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function publishTrades(id: string, topic: string) {
  return (
    await api['products.publish']({
      profileId,
      actor: 'owner@desk',
      product: { id, name: `Trades ${id}`, domain: 'trading', owner: { team: 'Trading', email: 'trading@tributary.example' }, outputPorts: [{ topic, key: 'id', schemaSubject: `${topic}-value`, format: 'AVRO' }], historyMode: 'all' },
      provision: [{ topic, createTopic: { partitions: 1, configs: {} }, schema: { schema: tradeV1, references: [] } }],
    })
  ).descriptor;
}

describe('breaking schema changes', () => {
  registryTest('blocks a breaking schema until every downstream owner signs, then registers it and bumps the major version', async () => {
    const topic = `${prefix}.trades.v1`;
    const subject = `${topic}-value`;
    const p = await publishTrades(`${prefix}-trades`, topic);
    await commitOffset(mesh.bootstrap, `${prefix}-risk-engine`, topic, 0);
    await commitOffset(mesh.bootstrap, `${prefix}-ledger-sink`, topic, 0);
    await api['catalog.sync']({ profileId });

    const notBreaking = await failure(api['lifecycle.requestSignoff']({ profileId, productId: p.id, subject, proposedSchema: tradeWithNote, reason: 'add a note' }));
    expect(notBreaking.message).toContain('not breaking');

    const asked = await api['lifecycle.requestSignoff']({ profileId, productId: p.id, subject, proposedSchema: tradeNoVenue, reason: 'venue moves to the fills product', actor: 'owner@desk' });
    expect(asked).toMatchObject({ state: 'open', verdict: 'breaking', requestedBy: 'owner@desk' });
    expect(asked.changes).toEqual([expect.objectContaining({ path: 'Trade.venue', kind: 'field-removed', classification: 'breaking' })]);
    expect(asked.approvers.map((a) => [a.email, a.decision])).toEqual([
      ['ledger@tributary.example', 'pending'],
      ['risk@tributary.example', 'pending'],
    ]);

    const waiting = await failure(api['lifecycle.publishSignedOff']({ profileId, signoffId: asked.id }));
    expect(waiting).toMatchObject({ kind: 'Conflict', message: expect.stringContaining('still waiting for ledger@tributary.example, risk@tributary.example') });
    const stranger = await failure(api['lifecycle.decideSignoff']({ profileId, signoffId: asked.id, approver: 'someone@else.example', decision: 'approve' }));
    expect(stranger.kind).toBe('Forbidden');

    await api['lifecycle.decideSignoff']({ profileId, signoffId: asked.id, approver: 'risk@tributary.example', decision: 'reject', comment: 'our model reads venue' });
    const rejected = await failure(api['lifecycle.publishSignedOff']({ profileId, signoffId: asked.id }));
    expect(rejected.message).toContain('rejected by risk@tributary.example ("our model reads venue")');
    await api['lifecycle.decideSignoff']({ profileId, signoffId: asked.id, approver: 'risk@tributary.example', decision: 'approve', comment: 'moved to fills' });
    const approved = await api['lifecycle.decideSignoff']({ profileId, signoffId: asked.id, approver: 'ledger@tributary.example', decision: 'approve' });
    expect(approved.state).toBe('approved');

    const registry = createSchemaRegistryClient({ url: mesh.registryUrl });
    const levelBefore = await registry.getSubjectCompatibility(subject, await registry.getGlobalCompatibility());
    const published = await api['lifecycle.publishSignedOff']({ profileId, signoffId: asked.id, actor: 'owner@desk' });
    expect(published.signoff.state).toBe('published');
    expect(published.descriptor.version).toBe('2.0.0');
    expect(JSON.parse((await registry.getVersion(subject, 'latest')).schema).fields.map((f: { name: string }) => f.name)).toEqual(['id', 'amount']);
    expect((await registry.getSubjectCompatibility(subject, await registry.getGlobalCompatibility())).level).toBe(levelBefore.level);
    const types = (await api['products.events']({ profileId, productId: p.id })).events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual(['schema-changed', 'signoff-decided', 'signoff-decided', 'signoff-decided']);
  });

  registryTest('publishes with a recorded override when an owner has not signed', async () => {
    const topic = `${prefix}.quotes.v1`;
    const p = await publishTrades(`${prefix}-quotes`, topic);
    const asked = await api['lifecycle.requestSignoff']({ profileId, productId: p.id, subject: `${topic}-value`, proposedSchema: tradeNoVenue, reason: 'drop venue' });
    // Nobody downstream is known: the owner must override, and the reason is on record.
    expect(asked.approvers).toEqual([]);
    expect((await failure(api['lifecycle.publishSignedOff']({ profileId, signoffId: asked.id }))).message).toContain('override with a recorded reason');
    const done = await api['lifecycle.publishSignedOff']({ profileId, signoffId: asked.id, override: 'no consumers yet; checked with the data council', actor: 'owner@desk' });
    expect(done.descriptor.version).toBe('2.0.0');
    const overridden = (await api['products.events']({ profileId, productId: p.id, types: ['signoff-overridden'] })).events[0]!;
    expect(overridden).toMatchObject({ reason: 'no consumers yet; checked with the data council', actor: 'owner@desk' });
  });

  registryTest('turns a breaking change into a new product version: v2 topic and subject, v1 deprecated with v2 as replacement, and a bridge statement', async () => {
    const topic = `${prefix}.fills.v1`;
    const v1 = await publishTrades(`${prefix}-fills`, topic);
    const result = await api['lifecycle.newVersion']({ profileId, productId: v1.id, baseRevision: v1.revision, proposedSchema: tradeNoVenue, sunset: '2099-12-31', reason: 'venue leaves the trade', actor: 'owner@desk' });
    expect(result.v2).toMatchObject({ id: `${prefix}-fills-v2`, version: '2.0.0', status: 'published', outputPorts: [{ topic: `${prefix}.fills.v2`, schemaSubject: `${prefix}.fills.v2-value` }] });
    expect(result.v1).toMatchObject({ status: 'deprecated', deprecation: { replacement: `${prefix}-fills-v2`, sunset: '2099-12-31' } });
    expect(result.bridgeKsql).toContain(`CREATE STREAM IF NOT EXISTS IT_EVO_${run.toUpperCase()}_FILLS_V2_SOURCE WITH (KAFKA_TOPIC='${prefix}.fills.v2', VALUE_FORMAT='AVRO');`);
    expect(result.bridgeKsql).toContain(`WITH (KAFKA_TOPIC='${prefix}.fills.v1', VALUE_FORMAT='AVRO') AS`);
    expect(result.bridgeKsql).toContain('-- v2 has no field for: venue');
    const registry = createSchemaRegistryClient({ url: mesh.registryUrl });
    expect((await registry.getVersion(`${prefix}.fills.v2-value`, 'latest')).schema).toContain('"amount"');
    const events = (await api['products.events']({ profileId, productId: v1.id })).events.map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(['new-version', 'deprecated']));
  });
});

describe('the right to be forgotten', () => {
  it('tombstones a key in compacted products downstream and lists the delete-policy ones it cannot clean', async () => {
    const accounts = `${prefix}.accounts`;
    const balances = `${prefix}.balances`;
    const audit = `${prefix}.account-audit`;
    const owner = { team: 'Accounts', email: 'accounts@tributary.example' };
    const port = (topic: string) => [{ topic, key: 'userId', format: 'JSON' as const }];
    const make = (topic: string, configs: Record<string, string> = {}) => [{ topic, createTopic: { partitions: 1, configs } }];
    const src = (await api['products.publish']({ profileId, product: { id: `${prefix}-accounts`, name: 'Accounts', domain: 'accounts', owner, outputPorts: port(accounts), historyMode: 'compacted' }, provision: make(accounts) })).descriptor;
    // The balances service reads accounts and (as its owner declares) writes the compacted balances product and the audit trail.
    await api['products.publish']({ profileId, product: { id: `${prefix}-balances`, name: 'Balances', domain: 'accounts', owner, outputPorts: port(balances), historyMode: 'compacted', producers: [`${prefix}-balances-svc`] }, provision: make(balances) });
    await api['products.publish']({ profileId, product: { id: `${prefix}-audit`, name: 'Account audit', domain: 'accounts', owner, outputPorts: port(audit), historyMode: { lastNDays: 30 }, producers: [`${prefix}-balances-svc`] }, provision: make(audit) });
    const producer = createKafka(plaintext(mesh.bootstrap)).producer();
    await producer.connect();
    for (const t of [accounts, balances, audit]) await retryRetriable(() => producer.send({ topic: t, messages: [{ key: 'user-42', value: '{"userId":"user-42"}' }, { key: 'user-7', value: '{"userId":"user-7"}' }] }));
    await producer.disconnect();
    await commitOffset(mesh.bootstrap, `${prefix}-balances-svc`, accounts, 2);
    await api['catalog.sync']({ profileId });

    const plan = await api['lifecycle.forgetPlan']({ profileId, productId: src.id, key: 'user-42' });
    expect(plan.targets.map((t) => [t.topic, t.compacted, t.depth])).toEqual([
      [accounts, true, 0],
      [audit, false, 2],
      [balances, true, 2],
    ]);
    expect(plan.targets.find((t) => t.topic === audit)).toMatchObject({ productId: `${prefix}-audit`, retention: '30 day(s)', detail: expect.stringContaining('a tombstone does not remove earlier records') });

    const mistyped = await failure(api['lifecycle.forget']({ profileId, productId: src.id, key: 'user-42', confirmKey: 'user-4' }));
    expect(mistyped.fields?.[0]?.path).toBe('confirmKey');
    const done = await api['lifecycle.forget']({ profileId, productId: src.id, key: 'user-42', confirmKey: 'user-42', actor: 'dpo@desk' });
    expect(done.tombstoned.map((t) => t.topic).sort()).toEqual([accounts, balances].sort());
    expect(done.impossible.map((t) => t.topic)).toEqual([audit]);

    // The tombstone is on the topic, keyed by the user; the event keeps only a hash of the key.
    const reader = await TopicReader.open(plaintext(mesh.bootstrap), balances);
    const [read] = await reader.fetch(new Map([[0, 0n]]), 1000);
    await reader.close();
    expect(read!.records.map((r) => [r.key?.toString(), r.value === null])).toEqual([
      ['user-42', false],
      ['user-7', false],
      ['user-42', true],
    ]);
    const event = (await api['products.events']({ profileId, productId: src.id, types: ['keys-forgotten'] })).events[0]!;
    expect(JSON.stringify(event)).not.toContain('user-42');
    expect(event.details).toMatchObject({ tombstoned: expect.arrayContaining([accounts, balances]), impossible: [audit] });
  });
});
