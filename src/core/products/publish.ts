// Publishing a data product: validate everything first and report every problem, preview what would be done,
// then act in an order that never shows a half-published product — topics, then schemas, and the descriptor
// record last, only after both succeeded. Readers see a product only through that record, so a failure at any
// earlier step leaves at most an unused topic or schema version (both in the audit log), never a product.
import type kafkajs from 'kafkajs';
import { retryRetriable, type KafkaAdmin } from '../cluster/kafka-client.ts';
import type { SchemaRegistryClient } from '../cluster/schema-registry.ts';
import { TributaryError, type FieldProblem } from '../errors.ts';
import { sh, type AuditLog } from './audit.ts';
import { bumpVersion, compareVersions, describeHistory, historyConfigs, historyMismatches, validateProductInput, type ProductDescriptor, type ProductInput } from './descriptor.ts';
import { newEvent, type KnownEventType, type ProductEvent } from './events.ts';
import type { RegistryTopics } from './fold.ts';
import { ensureRegistryTopics, existingTopics, kafkaTopicsCreateCommand, registryTopicConfigs } from './registry-topics.ts';
import { publishPolicyProblems, type PublishPolicy } from '../governance/publish-policy.ts';

type Draft = import('zod').output<typeof import('./descriptor.ts').ProductInput>;

export interface PortProvision {
  topic: string;
  createTopic?: { partitions: number; replicationFactor?: number; configs: Record<string, string> };
  schema?: { schema: string; references: Array<{ name: string; subject: string; version: number }> };
}

export interface ProductEnv {
  profileId: string;
  bootstrap: string;
  actor: string;
  admin: KafkaAdmin;
  producer: kafkajs.Producer;
  registry: SchemaRegistryClient | null;
  audit: AuditLog;
  topics: RegistryTopics;
  /** Governance rules to enforce at publish; absent where the engine has no rules file (scripts, the demo seeder). */
  policy?: PublishPolicy | null;
}

export type ActionKind = 'create-registry-topic' | 'create-topic' | 'register-schema' | 'write-descriptor' | 'write-event' | 'tombstone' | 'create-acls';
export interface PlannedAction {
  kind: ActionKind;
  target: string;
  detail: string;
  command: string;
}
export type DoneAction = PlannedAction & { outcome: 'done' | 'skipped' };

/** Points between publish steps; tests use them to stop the broker mid-way. */
export type PublishStep = 'registry-topics' | 'topics-created' | 'schemas-registered';
export interface PublishHooks {
  afterStep?: (step: PublishStep) => Promise<void>;
}

export interface Plan {
  problems: FieldProblem[];
  actions: PlannedAction[];
  descriptor: ProductDescriptor | null;
}

/** The configs Tributary sets on a port topic it creates: the history mode's, plus what the author added. */
export function topicConfigsFor(draft: Draft, provision: PortProvision): Record<string, string> {
  return { ...(provision.createTopic?.configs ?? {}), ...historyConfigs(draft.historyMode) };
}

export function registerSchemaCommand(registryUrl: string, subject: string, body: unknown): string {
  return `curl -X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json' --data ${sh(JSON.stringify(body))} ${sh(`${registryUrl}/subjects/${encodeURIComponent(subject)}/versions`)}`;
}

export function produceCommand(bootstrap: string, topic: string, key: string, value: string | null): string {
  const line = value === null ? `printf '%s\\tNULL\\n' ${sh(key)}` : `printf '%s\\t%s\\n' ${sh(key)} ${sh(value)}`;
  return `${line} | kafka-console-producer --bootstrap-server ${sh(bootstrap)} --topic ${sh(topic)} --property parse.key=true --property key.separator=$'\\t'${value === null ? ' --property null.marker=NULL' : ''}`;
}

function schemaBody(format: string, p: NonNullable<PortProvision['schema']>) {
  return { schema: p.schema, schemaType: format, ...(p.references.length ? { references: p.references } : {}) };
}

/**
 * Checks a product write against the cluster and plans it. `current` is the folded product for an update
 * (null for a new one). Nothing is changed on the cluster.
 */
export async function planWrite(env: ProductEnv, input: ProductInput, provision: PortProvision[], current: ProductDescriptor | null, now: string, opts: { bump?: 'major' | 'minor' | 'patch' | 'none'; publishDraft?: boolean } = {}): Promise<Plan> {
  const checked = validateProductInput(input);
  if (!checked.ok) return { problems: checked.problems, actions: [], descriptor: null };
  const draft = checked.value;
  const problems: FieldProblem[] = [];
  const actions: PlannedAction[] = [];

  if (current === null) {
    // A product the fold already holds is edited with update, which carries the revision it started from.
  } else if (compareVersions(draft.version, current.version) < 0) {
    problems.push({ path: 'version', message: `version ${draft.version} is older than the published ${current.version}` });
  }
  const version = current && opts.bump && opts.bump !== 'none' && compareVersions(draft.version, current.version) <= 0 ? bumpVersion(current.version, opts.bump) : draft.version;

  const portIndex = new Map(draft.outputPorts.map((p, i) => [p.topic, i]));
  provision.forEach((p, i) => {
    if (!portIndex.has(p.topic)) problems.push({ path: `provision.${i}.topic`, message: `"${p.topic}" is not an output port of this product` });
  });
  const provisionOf = (topic: string) => provision.find((p) => p.topic === topic);

  const registryTopics = registryTopicConfigs(env.topics);
  const presentRegistry = await existingTopics(env.admin, registryTopics.map((t) => t.topic));
  for (const t of registryTopics) {
    if (!presentRegistry.has(t.topic)) actions.push({ kind: 'create-registry-topic', target: t.topic, detail: `create ${t.topic}: ${t.purpose}`, command: kafkaTopicsCreateCommand(env.bootstrap, t.topic, 1, undefined, t.configs) });
  }

  const existing = await existingTopics(env.admin, draft.outputPorts.map((p) => p.topic));
  const configsOf = await describeTopicConfigs(env.admin, [...existing]);
  for (const [i, port] of draft.outputPorts.entries()) {
    const prov = provisionOf(port.topic);
    const path = `outputPorts.${i}.topic`;
    if (existing.has(port.topic)) {
      if (prov?.createTopic) problems.push({ path, message: `topic "${port.topic}" already exists; publish it as it is instead of creating it` });
      for (const m of historyMismatches(draft.historyMode, configsOf.get(port.topic) ?? {})) problems.push({ path, message: `topic "${port.topic}" does not keep ${describeHistory(draft.historyMode)}: ${m}` });
    } else if (prov?.createTopic) {
      const configs = topicConfigsFor(draft, prov);
      const clash = Object.entries(prov.createTopic.configs).filter(([k, v]) => historyConfigs(draft.historyMode)[k] !== undefined && historyConfigs(draft.historyMode)[k] !== v);
      for (const [k, v] of clash) problems.push({ path, message: `config ${k}=${v} contradicts the history mode (${describeHistory(draft.historyMode)} needs ${k}=${historyConfigs(draft.historyMode)[k]})` });
      actions.push({
        kind: 'create-topic',
        target: port.topic,
        detail: `create topic ${port.topic} with ${prov.createTopic.partitions} partition(s), ${Object.entries(configs).map(([k, v]) => `${k}=${v}`).join(', ')}`,
        command: kafkaTopicsCreateCommand(env.bootstrap, port.topic, prov.createTopic.partitions, prov.createTopic.replicationFactor, configs),
      });
    } else {
      problems.push({ path, message: `topic "${port.topic}" does not exist on ${env.bootstrap}; create it with the product or pick an existing topic` });
    }

    const subjectPath = `outputPorts.${i}.schemaSubject`;
    if (!port.schemaSubject) {
      if (prov?.schema) problems.push({ path: subjectPath, message: 'name the subject to register the schema under, e.g. <topic>-value' });
      continue;
    }
    if (!env.registry) {
      problems.push({ path: subjectPath, message: `subject "${port.schemaSubject}" cannot be checked: the profile names no schema registry` });
      continue;
    }
    const latest = await env.registry.getVersion(port.schemaSubject, 'latest').catch((e: unknown) => {
      if (e instanceof TributaryError && e.kind === 'NotFound') return null;
      throw e;
    });
    if (latest && latest.schemaType !== port.format) problems.push({ path: `outputPorts.${i}.format`, message: `subject "${port.schemaSubject}" holds ${latest.schemaType} schemas but the port says ${port.format}` });
    if (prov?.schema) {
      if (latest && latest.schemaType === port.format) {
        const compatible = await env.registry.testCompatibility(port.schemaSubject, { schema: prov.schema.schema, schemaType: port.format, references: prov.schema.references });
        if (!compatible.isCompatible) problems.push({ path: subjectPath, message: `the new schema is incompatible with "${port.schemaSubject}": ${compatible.messages.join('; ') || 'the registry says so'}` });
      }
      const body = schemaBody(port.format, prov.schema);
      actions.push({ kind: 'register-schema', target: port.schemaSubject, detail: `register a ${port.format} schema under ${port.schemaSubject}`, command: registerSchemaCommand(env.registry.url, port.schemaSubject, body) });
    } else if (!latest) {
      problems.push({ path: subjectPath, message: `subject "${port.schemaSubject}" is not in the schema registry; register a schema with the product or fix the name` });
    }
  }

  // ── governance: error-level policy violations block the write; warnings do not (governance/publish-policy.ts) ──
  if (env.policy) problems.push(...(await publishPolicyProblems(env, env.policy, draft, provision, configsOf)));
  // ── end governance ──

  const descriptor: ProductDescriptor = {
    ...draft,
    version,
    // A write keeps the status; only publishing a draft moves it (draft → published).
    status: opts.publishDraft || !current ? 'published' : current.status,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
    updatedBy: env.actor,
    revision: (current?.revision ?? 0) + 1,
  };
  actions.push({ kind: 'write-descriptor', target: env.topics.products, detail: `write ${descriptor.id} revision ${descriptor.revision} (${descriptor.status}, v${descriptor.version}) — the product becomes visible now`, command: produceCommand(env.bootstrap, env.topics.products, descriptor.id, JSON.stringify(descriptor)) });
  actions.push({ kind: 'write-event', target: env.topics.events, detail: current ? 'record the update' : 'record that the product was published', command: `(an event on ${env.topics.events})` });
  return { problems, actions, descriptor };
}

async function describeTopicConfigs(admin: KafkaAdmin, topics: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (!topics.length) return out;
  const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: topics.map((name) => ({ type: 2, name })) });
  for (const r of resources) out.set(r.resourceName, Object.fromEntries(r.configEntries.map((c) => [c.configName, c.configValue])));
  return out;
}

/** Publishes a new product, or writes an update when `current` is given; throws Invalid listing every problem. */
export async function writeProduct(env: ProductEnv, input: ProductInput, provision: PortProvision[], current: ProductDescriptor | null, opts: { bump?: 'major' | 'minor' | 'patch' | 'none'; reason?: string; hooks?: PublishHooks; publishDraft?: boolean } = {}) {
  const plan = await planWrite(env, input, provision, current, new Date().toISOString(), opts);
  if (plan.problems.length || !plan.descriptor) {
    throw new TributaryError('Invalid', `${current ? 'The update' : 'The product'} cannot be written: ${plan.problems.length} problem${plan.problems.length === 1 ? '' : 's'} — ${plan.problems.map((p) => p.message).join('; ')}`, { fields: plan.problems });
  }
  const descriptor = plan.descriptor;
  const who = { profileId: env.profileId, actor: env.actor };
  const done: DoneAction[] = [];
  const mark = (action: PlannedAction, outcome: 'done' | 'skipped' = 'done') => done.push({ ...action, outcome });

  const createdRegistryTopics = await ensureRegistryTopics(env.admin, env.topics, env.audit, { ...who, bootstrap: env.bootstrap });
  for (const a of plan.actions.filter((x) => x.kind === 'create-registry-topic')) mark(a, createdRegistryTopics.includes(a.target) ? 'done' : 'skipped');
  await opts.hooks?.afterStep?.('registry-topics');

  for (const a of plan.actions.filter((x) => x.kind === 'create-topic')) {
    const prov = provision.find((p) => p.topic === a.target)!;
    const configs = topicConfigsFor(descriptor, prov);
    const request = { topic: a.target, numPartitions: prov.createTopic!.partitions, ...(prov.createTopic!.replicationFactor ? { replicationFactor: prov.createTopic!.replicationFactor } : {}), configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })) };
    await env.audit.record({ ...who, action: 'create-topic', target: a.target, request, command: a.command }, () => env.admin.createTopics({ waitForLeaders: true, topics: [request] }));
    mark(a);
  }
  await opts.hooks?.afterStep?.('topics-created');

  let schemaChanged = false;
  for (const a of plan.actions.filter((x) => x.kind === 'register-schema')) {
    const port = descriptor.outputPorts.find((p) => p.schemaSubject === a.target)!;
    const prov = provision.find((p) => p.topic === port.topic)!;
    const body = schemaBody(port.format, prov.schema!);
    const registry = env.registry!;
    await env.audit.record({ ...who, action: 'register-schema', target: a.target, request: { url: `${registry.url}/subjects/${a.target}/versions`, body }, command: a.command }, () =>
      registry.register(a.target, { schema: prov.schema!.schema, schemaType: port.format, references: prov.schema!.references }),
    );
    schemaChanged = true;
    mark(a);
  }
  await opts.hooks?.afterStep?.('schemas-registered');

  if (current) {
    const portsChanged = JSON.stringify(current.outputPorts.map((p) => [p.topic, p.schemaSubject, p.format])) !== JSON.stringify(descriptor.outputPorts.map((p) => [p.topic, p.schemaSubject, p.format]));
    schemaChanged ||= portsChanged;
  }
  const events: ProductEvent[] = opts.publishDraft
    ? [newEvent('published', descriptor.id, env.actor, { version: descriptor.version, topics: descriptor.outputPorts.map((p) => p.topic), fromDraft: true })]
    : current
    ? [newEvent('updated', descriptor.id, env.actor, { fromVersion: current.version, toVersion: descriptor.version, revision: descriptor.revision }, opts.reason), ...(schemaChanged ? [newEvent('schema-changed', descriptor.id, env.actor, { subjects: descriptor.outputPorts.map((p) => p.schemaSubject).filter(Boolean) }, opts.reason)] : [])]
    : [newEvent('created', descriptor.id, env.actor, { version: descriptor.version }), newEvent('published', descriptor.id, env.actor, { version: descriptor.version, topics: descriptor.outputPorts.map((p) => p.topic) })];
  const write = plan.actions.find((a) => a.kind === 'write-descriptor')!;
  await env.audit.record({ ...who, action: current && !opts.publishDraft ? 'update-product' : 'publish-product', target: descriptor.id, request: { topic: env.topics.products, key: descriptor.id, value: descriptor }, command: write.command }, () =>
    retryRetriable(() => env.producer.send({ topic: env.topics.products, acks: -1, messages: [{ key: descriptor.id, value: JSON.stringify(descriptor) }] })),
  );
  mark(write);
  await writeEvents(env, events);
  mark(plan.actions.find((a) => a.kind === 'write-event')!);
  return { descriptor, actions: done, createdRegistryTopics };
}

export async function writeEvents(env: ProductEnv, events: ProductEvent[]): Promise<void> {
  await retryRetriable(() => env.producer.send({ topic: env.topics.events, acks: -1, messages: events.map((e) => ({ key: e.productId, value: JSON.stringify(e) })) }));
}

export async function unpublishProduct(env: ProductEnv, current: ProductDescriptor, reason: string): Promise<DoneAction[]> {
  const command = produceCommand(env.bootstrap, env.topics.products, current.id, null);
  await env.audit.record({ profileId: env.profileId, actor: env.actor, action: 'unpublish-product', target: current.id, request: { topic: env.topics.products, key: current.id, value: null, reason }, command }, () =>
    retryRetriable(() => env.producer.send({ topic: env.topics.products, acks: -1, messages: [{ key: current.id, value: null }] })),
  );
  await writeEvents(env, [newEvent('unpublished', current.id, env.actor, { version: current.version, revision: current.revision, topics: current.outputPorts.map((p) => p.topic) }, reason)]);
  return [
    { kind: 'tombstone', target: current.id, detail: `delete ${current.id} from ${env.topics.products}; its topics and schemas stay`, command, outcome: 'done' },
    { kind: 'write-event', target: env.topics.events, detail: 'record that the product was unpublished', command: `(an event on ${env.topics.events})`, outcome: 'done' },
  ];
}

export function conflictIfStale(current: ProductDescriptor | null, id: string, baseRevision: number): ProductDescriptor {
  if (!current) throw new TributaryError('NotFound', `Product "${id}" is not in the mesh registry (it may have been unpublished) — reload the list`);
  if (current.revision !== baseRevision) {
    throw new TributaryError('Conflict', `"${current.name}" was changed by ${current.updatedBy || 'someone'} at ${current.updatedAt} (revision ${current.revision}; your edit started from revision ${baseRevision}) — reload the product and apply your edit again`);
  }
  return current;
}

export type { KnownEventType };
