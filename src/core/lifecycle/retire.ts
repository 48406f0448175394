// Retiring a deprecated product: allowed when no consumer remains on its topics, or forced with the product's
// name typed as confirmation. Optionally exports every record and the schemas first (a failed export stops
// the retirement before anything is deleted), then deletes the topics, soft-deletes the subjects if asked,
// and writes the retired descriptor last — it stays in the registry, so lineage history remains readable.
// Deleting an already-deleted topic counts as done, so a retirement that failed half-way is simply retried.
import fs from 'node:fs';
import path from 'node:path';
import type { KafkaConnection } from '../cluster/connection.ts';
import { TributaryError } from '../errors.ts';
import { TopicReader } from '../messages/partition-reader.ts';
import { sh } from '../products/audit.ts';
import type { ProductDescriptor } from '../products/descriptor.ts';
import { newEvent } from '../products/events.ts';
import type { ProductEnv } from '../products/publish.ts';
import { assertTransition } from './state-machine.ts';
import type { LifecycleAction, MigrationReport } from './values.ts';
import { writeRevision } from './write-revision.ts';

export interface RetireRequest {
  reason: string;
  force: boolean;
  confirmName: string;
  exportData: boolean;
  deleteSubjects: boolean;
}

export function checkRetirement(product: ProductDescriptor, remaining: MigrationReport['rows'], request: RetireRequest): void {
  if (product.status === 'retired') return; // a retry finishes what an earlier attempt left
  assertTransition(product.name, product.status, 'retired');
  if (remaining.length === 0) return;
  const names = remaining.map((r) => `${r.consumer.kind} "${r.consumer.name}" (${r.status})`).join(', ');
  if (!request.force) throw new TributaryError('Conflict', `${remaining.length} consumer(s) still read "${product.name}": ${names} — wait until they migrate, or force the retirement by typing the product's name`);
  if (request.confirmName !== product.name) throw new TributaryError('Invalid', `To force the retirement while ${remaining.length} consumer(s) remain, type the product's name exactly: "${product.name}"`, { fields: [{ path: 'confirmName', message: `type "${product.name}"` }] });
}

/** Every record of the topic, raw (key/value base64, headers), one JSON line each; returns the record count. */
async function exportTopic(connection: KafkaConnection, topic: string, file: string): Promise<number> {
  const reader = await TopicReader.open(connection, topic);
  const out = fs.createWriteStream(file, { flags: 'wx' });
  let count = 0;
  try {
    const positions = await reader.offsets(reader.partitions, 'earliest');
    const ends = await reader.offsets(reader.partitions, 'latest');
    for (const [p, at] of positions) if (at >= (ends.get(p) ?? 0n)) positions.delete(p);
    while (positions.size) {
      for (const read of await reader.fetch(positions, 500)) {
        for (const r of read.records) {
          if (BigInt(r.offset) >= (ends.get(read.partition) ?? 0n)) continue;
          const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, v === undefined ? null : (Array.isArray(v) ? v : [v]).map((b) => b.toString('base64'))]));
          if (!out.write(`${JSON.stringify({ partition: r.partition, offset: r.offset, timestamp: r.timestamp, key: r.key?.toString('base64') ?? null, value: r.value?.toString('base64') ?? null, headers })}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          count += 1;
        }
        if (read.next >= (ends.get(read.partition) ?? 0n)) positions.delete(read.partition);
        else positions.set(read.partition, read.next);
      }
    }
  } finally {
    await reader.close();
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
  return count;
}

export async function retireProduct(env: ProductEnv, connection: KafkaConnection, exportsDir: string, product: ProductDescriptor, request: RetireRequest): Promise<{ descriptor: ProductDescriptor; actions: LifecycleAction[]; exportPath: string | null }> {
  const actions: LifecycleAction[] = [];
  const topics = product.outputPorts.map((p) => p.topic);
  const present = new Set(await env.admin.listTopics());
  let exportPath: string | null = null;

  if (request.exportData) {
    exportPath = path.join(exportsDir, `${product.id}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    fs.mkdirSync(exportPath, { recursive: true });
    for (const port of product.outputPorts) {
      if (!present.has(port.topic)) {
        actions.push({ step: 'export-topic', target: port.topic, outcome: 'skipped', detail: 'the topic no longer exists', command: '' });
        continue;
      }
      const count = await exportTopic(connection, port.topic, path.join(exportPath, `${port.topic}.jsonl`));
      actions.push({ step: 'export-topic', target: port.topic, outcome: 'done', detail: `${count} record(s) to ${port.topic}.jsonl`, command: '' });
      if (port.schemaSubject && env.registry) {
        const versions = await env.registry.listVersions(port.schemaSubject).catch(() => [] as number[]);
        const schemas = await Promise.all(versions.map((v) => env.registry!.getVersion(port.schemaSubject, v)));
        fs.writeFileSync(path.join(exportPath, `${port.schemaSubject}.schemas.json`), JSON.stringify(schemas, null, 2));
        actions.push({ step: 'export-schema', target: port.schemaSubject, outcome: 'done', detail: `${schemas.length} version(s)`, command: '' });
      }
    }
    fs.writeFileSync(path.join(exportPath, 'descriptor.json'), JSON.stringify(product, null, 2));
  }

  for (const topic of topics) {
    const command = `kafka-topics --bootstrap-server ${sh(env.bootstrap)} --delete --topic ${sh(topic)}`;
    if (!present.has(topic)) {
      actions.push({ step: 'delete-topic', target: topic, outcome: 'skipped', detail: 'already deleted', command });
      continue;
    }
    await env.audit.record({ profileId: env.profileId, actor: env.actor, action: 'delete-topic', target: topic, request: { topics: [topic], product: product.id }, command }, () => env.admin.deleteTopics({ topics: [topic], timeout: 30_000 }));
    actions.push({ step: 'delete-topic', target: topic, outcome: 'done', detail: `deleted ${topic}`, command });
  }

  if (request.deleteSubjects && env.registry) {
    for (const subject of product.outputPorts.map((p) => p.schemaSubject).filter(Boolean)) {
      const command = `curl -X DELETE ${sh(`${env.registry.url}/subjects/${encodeURIComponent(subject)}`)}`;
      try {
        const versions = await env.audit.record({ profileId: env.profileId, actor: env.actor, action: 'soft-delete-subject', target: subject, request: { subject }, command }, () => env.registry!.deleteSubject(subject));
        actions.push({ step: 'soft-delete-subject', target: subject, outcome: 'done', detail: `soft-deleted version(s) ${versions.join(', ')}`, command });
      } catch (error) {
        if (!(error instanceof TributaryError && error.kind === 'NotFound')) throw error;
        actions.push({ step: 'soft-delete-subject', target: subject, outcome: 'skipped', detail: 'already deleted', command });
      }
    }
  }

  const descriptor =
    product.status === 'retired'
      ? product
      : await writeRevision(env, product, { status: 'retired' }, 'retire-product', [
          newEvent('retired', product.id, env.actor, { forced: request.force, topicsDeleted: topics, subjectsDeleted: request.deleteSubjects, exported: exportPath !== null }, request.reason),
        ]);
  actions.push({ step: 'write-descriptor', target: product.id, outcome: product.status === 'retired' ? 'skipped' : 'done', detail: 'the descriptor stays in the registry as retired', command: '' });
  return { descriptor, actions, exportPath };
}
