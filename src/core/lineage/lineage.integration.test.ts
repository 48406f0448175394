// Lineage inferred from the real local stack: a consumer group's committed offsets and Connect's file sink.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import type { Api, LineageNode } from '../contract.ts';
import { createInProcessApi } from '../in-process-api.ts';

const mesh = inject('mesh');
const prefix = `it-lineage-${Date.now().toString(36)}`;
const topic = `${prefix}.orders`;
const group = `${prefix}-billing`;
const connector = `${prefix}-to-file`;
let engine: Engine;
let api: Api;
let dataDir: string;
let sinkFile: string;

async function connect(method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(`${mesh.connectUrl}${url}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-lineage-'));
  sinkFile = path.join(dataDir, 'sink out.txt');
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  const kafka = createKafka(plaintext(mesh.bootstrap));
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `order ${i}` })) });
  await producer.disconnect();
  await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '3' }, { partition: 1, offset: '2' }] });
  await admin.disconnect();
  const created = await connect('POST', '/connectors', { name: connector, config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', 'tasks.max': '1', topics: topic, file: sinkFile } });
  expect(created.status, await created.clone().text()).toBe(201);
  for (let i = 0; i < 60; i++) {
    const status = (await (await connect('GET', `/connectors/${encodeURIComponent(connector)}/status`)).json()) as { connector?: { state?: string } };
    if (status.connector?.state === 'RUNNING') break;
    await new Promise((r) => setTimeout(r, 500));
  }
});

afterAll(async () => {
  await connect('DELETE', `/connectors/${encodeURIComponent(connector)}`).catch(() => undefined);
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.deleteGroups([group, `connect-${connector}`]).catch(() => undefined);
  await admin.disconnect();
  engine.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('lineage inferred from a real cluster and Connect worker', () => {
  let profileId: string;
  const label = (nodes: LineageNode[]) => (e: { from: number; to: number; kind: string; provenance: string }) =>
    `${nodes.find((n) => n.id === e.from)?.name} -${e.kind}/${e.provenance}-> ${nodes.find((n) => n.id === e.to)?.name}`;

  it('links the topic to the group committing on it and through the file sink to its file', async () => {
    const profile = await api['profiles.save']({ name: 'lineage', bootstrap: mesh.bootstrap, connectUrl: mesh.connectUrl, registryUrl: mesh.registryUrl || '' });
    profileId = profile.id;
    const snapshot = await api['catalog.sync']({ profileId });
    const near = await api['lineage.neighbourhood']({ profileId, node: { kind: 'topic', name: topic }, downstream: 2 });
    expect(near.snapshot.id).toBe(snapshot.id);
    const edges = near.edges.map(label(near.nodes));
    expect(edges).toContain(`${topic} -consumes/consumer-offsets-> ${group}`);
    expect(edges).toContain(`${topic} -consumes/connect-> ${connector}`);
    expect(edges).toContain(`${connector} -sinks-to/connect-> file:${sinkFile}`);
    expect(near.nodes.find((n) => n.name === `file:${sinkFile}`)).toMatchObject({ kind: 'external', downstream: 2 });
    // the sink's own consumer group is bookkeeping: hidden by default
    expect(near.nodes.some((n) => n.name === `connect-${connector}`)).toBe(false);
  });

  it('lists the group, the connector and the file as the impact of the topic', async () => {
    const result = await api['lineage.impact']({ profileId, node: { kind: 'topic', name: topic } });
    const depths = Object.fromEntries(result.nodes.map((n) => [`${n.kind}:${n.name}`, n.depth]));
    expect(depths).toMatchObject({ [`group:${group}`]: 1, [`connector:${connector}`]: 1, [`external:file:${sinkFile}`]: 2 });
    expect(result.csv).toContain(`2,external,file:${sinkFile}`);
    const route = await api['lineage.path']({ profileId, from: { kind: 'topic', name: topic }, to: { kind: 'external', name: `file:${sinkFile}` } });
    expect(route.nodes.map((n) => n.kind)).toEqual(['topic', 'connector', 'external']);
  });

  it('shows the sink as removed in the next snapshot once the connector is deleted', async () => {
    const gone = await connect('DELETE', `/connectors/${encodeURIComponent(connector)}`);
    expect(gone.status).toBe(204);
    await api['catalog.sync']({ profileId });
    const diff = await api['lineage.diff']({ profileId });
    const nodes = [...diff.addedNodes, ...diff.removedNodes, ...diff.endpoints];
    expect(diff.removedEdges.map(label(nodes))).toEqual(expect.arrayContaining([`${topic} -consumes/connect-> ${connector}`, `${connector} -sinks-to/connect-> file:${sinkFile}`]));
    expect(diff.removedNodes.map((n) => n.name)).toEqual(expect.arrayContaining([connector, `file:${sinkFile}`]));
    const timeline = await api['lineage.edgeTimeline']({ profileId, edge: { from: { kind: 'topic', name: topic }, to: { kind: 'group', name: group } } });
    expect(timeline.edges[0]!.timeline.map((s) => s.present)).toEqual([true, true]);
  });
});
