// Deprecation refuses new consumers through Kafka itself: on a broker of its own with SASL/SCRAM, mTLS and
// KRaft's StandardAuthorizer, a topic everyone could read is narrowed to the principal consuming it at
// deprecation time. Afterwards that principal (alice, SCRAM) still reads it, and one that never consumed it
// (the mTLS client) is refused by the broker — both through Tributary's own message browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../../scripts/mesh/harness.ts';
import type { SecureKafkaEndpoints } from '../../../scripts/mesh/secure-broker.ts';
import { createKafka, plaintext, retryRetriable } from '../cluster/kafka-client.ts';
import type { Api, In } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { failure } from './lifecycle-fixtures.ts';

const { AclResourceTypes: R, AclOperationTypes: O, AclPermissionTypes: P, ResourcePatternTypes: T } = kafkajs;

const run = Date.now().toString(36);
const prefix = `it-depacl-${run}`;
const topic = `${prefix}.orders`;
let broker: RunningBroker;
let secure: SecureKafkaEndpoints;
let engine: Engine;
let api: Api;
let dataDir: string;
let ownerProfile: string;
let aliceProfile: string;
let mtlsProfile: string;

type SecurityInput = NonNullable<In<'profiles.save'>['security']>;

async function browse(profileId: string) {
  const rows: string[] = [];
  await api['messages.browse']({ profileId, topic, browseId: `b${Math.random().toString(36).slice(2, 10)}`, start: { from: 'beginning' }, limit: 100 }, { onProgress: (p) => rows.push(...p.messages.map((m) => m.offset)) });
  return rows;
}

beforeAll(async () => {
  broker = await startBroker({ secure: { authorizer: true }, log: (line) => console.log(`[acl broker] ${line}`) });
  secure = broker.secure!;
  // PLAINTEXT is ANONYMOUS, a super user on this broker: it sets the stage.
  const admin = createKafka(plaintext(broker.bootstrap)).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
  const allow = { host: '*', permissionType: P.ALLOW };
  await admin.createAcls({
    acl: [
      // The topic is open to every principal; each team has its own consumer-group prefix.
      ...[O.READ, O.DESCRIBE].map((operation) => ({ ...allow, principal: 'User:*', operation, resourceType: R.TOPIC, resourceName: topic, resourcePatternType: T.LITERAL })),
      { ...allow, principal: 'User:alice', operation: O.READ, resourceType: R.GROUP, resourceName: `${prefix}-alice`, resourcePatternType: T.PREFIXED },
      { ...allow, principal: secure.clientPrincipal, operation: O.READ, resourceType: R.GROUP, resourceName: `${prefix}-mtls`, resourcePatternType: T.PREFIXED },
    ],
  });
  const producer = createKafka(plaintext(broker.bootstrap)).producer();
  await producer.connect();
  await retryRetriable(() => producer.send({ topic, messages: [1, 2, 3].map((i) => ({ key: `k${i}`, value: `order ${i}` })) }));
  await producer.disconnect();
  await admin.disconnect();

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-deprecation-acls-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  await api['vault.unlock']({ passphrase: 'correct horse battery' });
  const save = async (name: string, bootstrap: string, security: Partial<SecurityInput>, secrets: NonNullable<In<'profiles.save'>['secrets']> = {}) =>
    (await api['profiles.save']({ name, bootstrap, security: { protocol: 'PLAINTEXT', ...security } as SecurityInput, secrets })).id;
  ownerProfile = await save('owner', broker.bootstrap, {});
  aliceProfile = await save('alice', secure.saslBootstrap, { protocol: 'SASL_PLAINTEXT', saslMechanism: 'scram-sha-512', username: 'alice' }, { saslPassword: secure.users.alice.password });
  mtlsProfile = await save('mtls', secure.mtlsBootstrap, { protocol: 'SSL', caPem: secure.caPem, clientCertPem: secure.clientCertPem }, { clientKeyPem: secure.clientKeyPem });
});

afterAll(async () => {
  engine?.close();
  await broker?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('deprecation on a cluster with an authorizer', () => {
  it('keeps READ for the consuming principal only: alice still reads, a principal that never consumed is refused by Kafka', async () => {
    // Both can read while the product is published.
    expect(await browse(aliceProfile)).toEqual(['0', '1', '2']);
    expect(await browse(mtlsProfile)).toEqual(['0', '1', '2']);
    // alice consumes with her group: Kafka now knows her group's committed offsets.
    const alice = new kafkajs.Kafka({ clientId: 'alice-billing', brokers: [secure.saslBootstrap], sasl: { mechanism: 'scram-sha-512', username: 'alice', password: secure.users.alice.password }, logLevel: kafkajs.logLevel.NOTHING }).admin();
    await alice.connect();
    await retryRetriable(() => alice.setOffsets({ groupId: `${prefix}-alice-billing`, topic, partitions: [{ partition: 0, offset: '3' }] }));
    await alice.disconnect();

    await api['catalog.sync']({ profileId: ownerProfile });
    const published = (
      await api['products.publish']({
        profileId: ownerProfile,
        actor: 'owner@desk',
        product: { id: `${prefix}-orders`, name: 'Orders (ACL test)', domain: 'trading', owner: { team: 'Trading', email: 'trading@tributary.example' }, outputPorts: [{ topic, format: 'JSON' }], historyMode: { lastNDays: 7 } }, // the broker's default retention
        provision: [],
      })
    ).descriptor;

    const before = await api['lifecycle.allowedPrincipals']({ profileId: ownerProfile, productId: published.id });
    expect(before.authorizer).toBe(true);
    expect(before.principals.map((p) => [p.principal, p.consuming])).toEqual([
      ['User:alice', true],
      [secure.clientPrincipal, false],
    ]);

    const done = await api['lifecycle.deprecate']({ profileId: ownerProfile, productId: published.id, baseRevision: published.revision, sunset: '2099-03-31', reason: 'moving to the event-sourced ledger', notify: false, actor: 'owner@desk' });
    expect(done.acls).toMatchObject({ state: 'restricted', kept: ['User:alice'], refused: [secure.clientPrincipal] });
    // The wildcard's DESCRIBE stays: seeing that the topic exists is not reading it.
    expect(done.acls!.changes.map((c) => `${c.action} ${c.principal}`)).toEqual(['added User:alice', 'removed User:*']);
    expect(done.acls!.changes[0]!.command).toBe(`kafka-acls --bootstrap-server ${broker.bootstrap} --add --allow-principal User:alice --operation Read --operation Describe --topic ${topic} --resource-pattern-type literal`);
    const event = (await api['products.events']({ profileId: ownerProfile, productId: published.id, types: ['access-restricted'] })).events[0]!;
    expect(event.details).toMatchObject({ state: 'restricted', kept: ['User:alice'], refused: [secure.clientPrincipal] });

    // Kafka itself now refuses the newcomer and lets alice carry on.
    expect(await browse(aliceProfile)).toEqual(['0', '1', '2']);
    expect((await failure(browse(mtlsProfile))).kind).toBe('Forbidden');
    const after = await api['lifecycle.allowedPrincipals']({ profileId: ownerProfile, productId: published.id });
    expect(after.principals.map((p) => p.principal)).toEqual(['User:alice']);
  });

  it('records a refused ACL change as failed, leaving the product deprecated, when the profile may not manage ACLs', async () => {
    // alice may read and write the mesh registry topics (folding them joins no consumer group, so she needs
    // no group ACL), but not describe or alter the cluster's ACLs.
    const admin = createKafka(plaintext(broker.bootstrap)).admin();
    await admin.connect();
    const allow = { host: '*', permissionType: P.ALLOW, principal: 'User:alice', resourcePatternType: T.PREFIXED };
    await admin.createAcls({
      acl: [
        ...[O.READ, O.WRITE, O.DESCRIBE].map((operation) => ({ ...allow, operation, resourceType: R.TOPIC, resourceName: '_tributary.' })),
      ],
    });
    await admin.disconnect();
    const productId = `${prefix}-orders`;
    const outcome = await api['lifecycle.restrictAccess']({ profileId: aliceProfile, productId, actor: 'alice@desk' });
    expect(outcome).toMatchObject({ state: 'failed', detail: expect.stringMatching(/placing ACLs failed: .*(authori[sz]|not allowed|Forbidden)/i) });
    const { descriptor, events } = await api['products.get']({ profileId: aliceProfile, productId });
    expect(descriptor.status).toBe('deprecated');
    expect(events[0]).toMatchObject({ type: 'access-restricted', actor: 'alice@desk', details: { state: 'failed' } });
  });
});
