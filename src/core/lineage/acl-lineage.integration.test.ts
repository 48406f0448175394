// Lineage from ACL principals and from a product's declared producers and consumers, through the Api, on a
// broker of its own with SASL/SCRAM and KRaft's StandardAuthorizer; and the "no authorizer" answer of the
// shared mesh's broker, which has none.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../../scripts/mesh/harness.ts';
import { readAcls } from '../catalog/read-acls.ts';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import type { Api, LineageEdge, LineageNode } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { createInProcessApi } from '../in-process-api.ts';

const { AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;

const mesh = inject('mesh');
const run = Date.now().toString(36);
const prefix = `it-acl-${run}`;
const orders = `${prefix}.orders`;
const paymentsEu = `${prefix}.payments.eu`;
const paymentsUs = `${prefix}.payments.us`;
let broker: RunningBroker;
let engine: Engine;
let api: Api;
let dataDir: string;

const label = (nodes: ReadonlyArray<Pick<LineageNode, 'id' | 'name'>>) => (e: Pick<LineageEdge, 'from' | 'to' | 'kind' | 'provenance'>) =>
  `${nodes.find((n) => n.id === e.from)?.name} -${e.kind}/${e.provenance}-> ${nodes.find((n) => n.id === e.to)?.name}`;

beforeAll(async () => {
  broker = await startBroker({ secure: { authorizer: true }, log: (line) => console.log(`[acl broker] ${line}`) });
  // PLAINTEXT is ANONYMOUS, a super user on this broker: it sets the stage.
  const admin = createKafka(plaintext(broker.bootstrap)).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [orders, paymentsEu, paymentsUs].map((topic) => ({ topic, numPartitions: 1 })) });
  const allow = { host: '*', permissionType: AclPermissionTypes.ALLOW };
  await admin.createAcls({
    acl: [
      // alice: one literal topic, and the groups she consumes with
      { ...allow, principal: 'User:alice', operation: AclOperationTypes.READ, resourceType: AclResourceTypes.TOPIC, resourceName: orders, resourcePatternType: ResourcePatternTypes.LITERAL },
      { ...allow, principal: 'User:alice', operation: AclOperationTypes.READ, resourceType: AclResourceTypes.GROUP, resourceName: `${prefix}-billing`, resourcePatternType: ResourcePatternTypes.PREFIXED },
      // payments-writer: every topic under a prefix
      { ...allow, principal: 'User:payments-writer', operation: AclOperationTypes.WRITE, resourceType: AclResourceTypes.TOPIC, resourceName: `${prefix}.payments.`, resourcePatternType: ResourcePatternTypes.PREFIXED },
      // enough for alice to sync the catalog, but not Describe on the cluster, which reading ACLs needs
      ...[AclOperationTypes.DESCRIBE, AclOperationTypes.DESCRIBE_CONFIGS].map((operation) => ({ ...allow, principal: 'User:alice', operation, resourceType: AclResourceTypes.TOPIC, resourceName: '*', resourcePatternType: ResourcePatternTypes.LITERAL })),
    ],
  });
  await admin.disconnect();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-acl-lineage-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  await api['vault.unlock']({ passphrase: 'correct horse battery' });
});

afterAll(async () => {
  engine?.close();
  await broker?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

let profileId: string;

describe('lineage from ACL principals on a cluster with an authorizer', () => {
  it('shows the principal with READ on a literal topic as its consumer, with its group ACLs', async () => {
    profileId = (await api['profiles.save']({ name: 'acl-admin', bootstrap: broker.bootstrap })).id;
    await api['catalog.sync']({ profileId });
    const near = await api['lineage.neighbourhood']({ profileId, node: { kind: 'topic', name: orders } });
    expect(near.edges.map(label(near.nodes))).toContain(`${orders} -consumes/acl-> User:alice`);
    expect(near.nodes.find((n) => n.name === 'User:alice')).toMatchObject({ kind: 'principal', downstream: 1, attrs: { type: 'User', groups: `READ on prefixed "${prefix}-billing"` } });
    const graph = await api['lineage.graph']({ profileId });
    expect(graph.sources.find((s) => s.name === 'acls')).toMatchObject({ error: null, nodes: 2, edges: 3 });
  });

  it('links a principal with WRITE on a prefix to every topic under it, and lists those topics as its impact', async () => {
    const impact = await api['lineage.impact']({ profileId, node: { kind: 'principal', name: 'User:payments-writer' } });
    expect(impact.nodes.map((n) => `${n.depth} ${n.kind}:${n.name}`)).toEqual([`1 topic:${paymentsEu}`, `1 topic:${paymentsUs}`]);
    expect(impact.edges.every((e) => e.kind === 'produces' && e.provenance === 'acl' && e.detail['acl'] === `WRITE on prefixed "${prefix}.payments."`)).toBe(true);
    const ofOrders = await api['lineage.impact']({ profileId, node: { kind: 'topic', name: orders } });
    expect(ofOrders.nodes.map((n) => `${n.kind}:${n.name}`)).toEqual(['principal:User:alice']);
  });

  it('still syncs as a user who may not describe ACLs, and says why no principals are shown', async () => {
    const secure = broker.secure!;
    const alice = await api['profiles.save']({
      name: 'acl-alice',
      bootstrap: secure.saslBootstrap,
      security: { protocol: 'SASL_PLAINTEXT', saslMechanism: 'scram-sha-512', username: 'alice' },
      secrets: { saslPassword: secure.users.alice.password },
    });
    const snapshot = await api['catalog.sync']({ profileId: alice.id });
    expect(snapshot.topicCount).toBeGreaterThanOrEqual(1);
    const graph = await api['lineage.graph']({ profileId: alice.id });
    expect(graph.sources.find((s) => s.name === 'acls')).toMatchObject({ nodes: 0, edges: 0, error: null, note: expect.stringContaining('may not describe ACLs') });
    expect(graph.nodes.some((n) => n.kind === 'principal')).toBe(false);
  });
});

describe('declared lineage from a published product', () => {
  it('shows the declared consumer and producer with provenance "declared" and the owner on the port topic', async () => {
    const topic = `${prefix}.trades.v1`;
    const productId = `it-${run}-trades`;
    await api['products.publish']({
      profileId,
      actor: 'lineage@test',
      product: {
        id: productId,
        name: 'Trades',
        domain: 'trading',
        owner: { team: 'Trading Platform', email: 'trading@tributary.example' },
        outputPorts: [{ topic, key: 'tradeId', schemaSubject: '', format: 'JSON' }],
        producers: [`${prefix}-gateway`],
        consumers: [`${prefix}-risk`],
      },
      provision: [{ topic, createTopic: { partitions: 1 } }],
    });
    await api['catalog.sync']({ profileId });

    const near = await api['lineage.neighbourhood']({ profileId, node: { kind: 'topic', name: topic } });
    const edges = near.edges.map(label(near.nodes));
    expect(edges).toEqual(expect.arrayContaining([`${topic} -consumes/declared-> ${prefix}-risk`, `${prefix}-gateway -produces/declared-> ${topic}`, `${productId} -publishes/declared-> ${topic}`]));
    const owner = { team: 'Trading Platform', contact: 'trading@tributary.example', product: productId };
    expect(near.nodes.find((n) => n.kind === 'topic' && n.name === topic)!.owners).toEqual([owner]);
    expect(near.nodes.find((n) => n.kind === 'product')).toMatchObject({ name: productId, attrs: { status: 'published', domain: 'trading', tier: 'bronze', version: '1.0.0' }, owners: [owner] });

    const impact = await api['lineage.impact']({ profileId, node: { kind: 'product', name: productId } });
    expect(impact.csv).toContain(`1,topic,${topic},Trading Platform,trading@tributary.example`);
    expect(impact.nodes.map((n) => `${n.depth} ${n.kind}:${n.name}`)).toContain(`2 group:${prefix}-risk`);
  });
});

describe('ACLs of a cluster without an authorizer', () => {
  it('reads "no authorizer" from the broker instead of failing', async () => {
    const admin = createKafka(plaintext(mesh.bootstrap)).admin();
    await admin.connect();
    try {
      expect(await readAcls(admin, mesh.bootstrap)).toEqual({ state: 'no-authorizer', detail: expect.stringContaining(`the cluster at ${mesh.bootstrap} has no authorizer`), entries: [] });
    } finally {
      await admin.disconnect();
    }
  });
});
