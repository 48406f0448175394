// Puts the hostile payloads into a real cluster the way strangers would: topics with weird names, records
// (keys, values, JSON field names, headers, invalid UTF-8, NUL, 1 MB) produced with kafkajs, consumer groups
// with hostile ids, schemas with hostile docs, field names and subjects, and a FileStreamSink with a hostile name.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IHeaders, Message } from 'kafkajs';
import { createKafka, plaintext } from '../../src/core/cluster/kafka-client.ts';
import { ONE_MEGABYTE, PAYLOADS, invalidUtf8, weirdTopicNames, type Payload } from './payloads.ts';

/** One payload put in one place, e.g. { marker: 'pwn-07', place: 'record value' }. */
export interface Placement {
  marker: string;
  place: string;
}

export interface SeededCluster {
  topic: string;
  weirdTopics: string[];
  valueSubject: string;
  jsonSubject: string;
  hostileSubjects: string[];
  groups: string[];
  connectors: string[];
  placements: Placement[];
}

/** Short payloads without '/' or control characters: what a URL path segment (connector, subject) can carry. */
export const pathSafe = (p: Payload) => p.text.length <= 120 && !/[/\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(p.text);

/** A just-started broker may still be electing leaders: retry what it refuses for a few seconds. */
async function retrying<T>(what: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await what();
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function http(url: string, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

/** Every payload as a key, a value (every other one a JSON object whose field name is the payload) and headers. */
function records(placements: Placement[]): Message[] {
  const out: Message[] = PAYLOADS.map((p, i) => {
    const headers: IHeaders = { 'x-note': p.text };
    placements.push({ marker: p.marker, place: 'record key' }, { marker: p.marker, place: 'record header value' });
    if (i % 4 === 0) {
      headers[p.text] = p.marker;
      placements.push({ marker: p.marker, place: 'record header key' });
    }
    const json = i % 2 === 1;
    placements.push({ marker: p.marker, place: json ? 'record JSON field name and value' : 'record value' });
    return { key: `${p.marker} ${p.text}`, value: json ? JSON.stringify({ note: p.text, [p.text]: p.marker }) : p.text, headers };
  });
  out.push({ key: ONE_MEGABYTE.marker, value: ONE_MEGABYTE.text, headers: { 'x-size': '1 MiB' } });
  placements.push({ marker: ONE_MEGABYTE.marker, place: 'record value (1 MB)' });
  for (const p of PAYLOADS.slice(0, 5)) {
    out.push({ key: invalidUtf8(p), value: invalidUtf8(p), headers: { 'x-bytes': invalidUtf8(p) } });
    placements.push({ marker: p.marker, place: 'record key, value and header as invalid UTF-8' });
  }
  return out;
}

export async function seedCluster(endpoints: { bootstrap: string; registryUrl: string; connectUrl: string }, run: string): Promise<SeededCluster> {
  const placements: Placement[] = [];
  const topic = `pwn-${run}.records`;
  const weirdTopics = weirdTopicNames(run);
  const kafka = createKafka(plaintext(endpoints.bootstrap));
  const admin = kafka.admin();
  await admin.connect();
  try {
    await retrying(() =>
      admin.createTopics({
        waitForLeaders: true,
        topics: [
          // Room for the 1 MB record; infinite retention, as a product's "whole history" port expects.
          { topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: String(4 * 1024 * 1024) }, { name: 'retention.ms', value: '-1' }] },
          ...weirdTopics.map((t) => ({ topic: t, numPartitions: 1 })),
        ],
      }),
    );
    for (const t of weirdTopics) placements.push({ marker: t.slice(0, 40), place: 'topic name (Kafka allows only [A-Za-z0-9._-])' });

    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: records(placements) });
    await producer.send({ topic: weirdTopics[1]!, acks: -1, messages: [{ key: PAYLOADS[1]!.text, value: PAYLOADS[0]!.text }] });
    await producer.disconnect();

    // Committed offsets make a group; lineage draws it as a reader of the topic.
    const groups = PAYLOADS.filter((p, i) => i < 10 || /U\+202E|zero-width/.test(p.kind)).map((p) => `${p.marker} ${p.text}`);
    // kafkajs joins each group to commit (seconds apiece), so the groups are made side by side.
    await Promise.all(groups.map((groupId) => retrying(() => admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1' }] }))));
    for (const g of groups) placements.push({ marker: g.slice(0, 6), place: 'consumer group id' });

    const registry = await seedSchemas(endpoints.registryUrl, run, topic, placements);
    const connectors = await seedConnectors(endpoints.connectUrl, run, topic, placements);
    return { topic, weirdTopics, ...registry, groups, connectors, placements };
  } finally {
    await admin.disconnect();
  }
}

async function seedSchemas(registryUrl: string, run: string, topic: string, placements: Placement[]) {
  const register = (subject: string, schema: object, schemaType?: string) =>
    http(`${registryUrl}/subjects/${encodeURIComponent(subject)}/versions`, 'POST', { schema: JSON.stringify(schema), ...(schemaType ? { schemaType } : {}) });

  // Avro names are [A-Za-z_][A-Za-z0-9_]*, so hostile text goes in the docs (every payload is one field's doc).
  const valueSubject = `${topic}-value`;
  await register(valueSubject, {
    type: 'record',
    name: 'Note',
    namespace: 'pwn',
    doc: PAYLOADS[0]!.text,
    fields: PAYLOADS.map((p) => ({ name: p.marker.replace('-', '_'), type: ['null', 'string'], default: null, doc: p.text })),
  });
  for (const p of PAYLOADS) placements.push({ marker: p.marker, place: 'Avro field doc' });

  // JSON Schema property names are any string: hostile field names live here.
  const jsonSubject = `pwn-${run}.json-value`;
  const named = PAYLOADS.filter((p) => p.text.length <= 200);
  await register(
    jsonSubject,
    {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: PAYLOADS[1]!.text,
      description: PAYLOADS[2]!.text,
      type: 'object',
      properties: Object.fromEntries(named.map((p) => [p.text, { type: 'string', description: `${p.marker} ${p.text}` }])),
    },
    'JSON',
  );
  for (const p of named) placements.push({ marker: p.marker, place: 'JSON Schema field name and description' });

  // A subject's name is any string the registry takes: three hostile ones, schemaless of any topic.
  const hostileSubjects = PAYLOADS.filter(pathSafe).slice(0, 3).map((p) => `pwn-${run} ${p.text}`);
  for (const [i, subject] of hostileSubjects.entries()) {
    await register(subject, { type: 'record', name: `Hostile${i}`, fields: [{ name: 'id', type: 'string', doc: subject }] });
    placements.push({ marker: subject.split(' ')[1]!, place: 'schema subject name' });
  }
  return { valueSubject, jsonSubject, hostileSubjects };
}

async function seedConnectors(connectUrl: string, run: string, topic: string, placements: Placement[]): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-pwn-sink-'));
  // Connect also refuses '{' and '}' (its REST paths are templates): two markup payloads without them.
  const chosen = PAYLOADS.filter((p) => p.marker === 'pwn-19' || p.marker === 'pwn-28');
  const names = chosen.map((p) => `pwn-${run} ${p.text}`);
  for (const [i, name] of names.entries()) {
    await http(`${connectUrl}/connectors`, 'POST', {
      name,
      config: {
        'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
        'tasks.max': '1',
        topics: topic,
        file: path.join(dir, `sink-${i}.txt`),
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
        // A config value is text a connector's author chose: the detail page shows it.
        'pwn.note': chosen[i]!.text,
      },
    });
    placements.push({ marker: chosen[i]!.marker, place: 'connector name, its consumer group and a config value' });
  }
  return names;
}

/** Removes the connectors again (the shared mesh outlives this spec). */
export async function removeConnectors(connectUrl: string, names: string[]): Promise<void> {
  for (const name of names) await http(`${connectUrl}/connectors/${encodeURIComponent(name)}`, 'DELETE').catch(() => undefined);
}
