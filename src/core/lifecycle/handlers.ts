// The lifecycle room: deprecation that notifies and refuses new consumers, migration tracking, retirement,
// breaking schema changes (sign-off or a new product version), the right to be forgotten, the inbox, and
// the notification settings. Cluster-changing calls run through the products room's environment (fold caught
// up first, optimistic revision check, audit log); reads answer from the cache.
import path from 'node:path';
import { kafkaConnection } from '../cluster/connection.ts';
import type { EngineContext, RoomHandlers } from '../engine-context.ts';
import { TributaryError } from '../errors.ts';
import { diffSchemas } from '../governance/schema-diff.ts';
import { bumpVersion, type ProductDescriptor } from '../products/descriptor.ts';
import { newEvent } from '../products/events.ts';
import { productService } from '../products/handlers.ts';
import { conflictIfStale, writeEvents, writeProduct, type ProductEnv } from '../products/publish.ts';
import { bridgeStatements } from './bridge-ksql.ts';
import { DeliveryLog } from './delivery-log.ts';
import { checkDeprecation, consumingGroups, restrictAccess, today, writeDeprecation } from './deprecation.ts';
import { findConsumers } from './find-consumers.ts';
import { forgetKey, forgetTargets } from './forget.ts';
import { inboxItems, markRead } from './inbox.ts';
import { migrationReport, remainingConsumers } from './migration.ts';
import { deprecationNotice, notifyConsumers, reminderNotice } from './notify-consumers.ts';
import { readBindings, readersOf } from './restrict-acls.ts';
import { checkRetirement, retireProduct } from './retire.ts';
import { LifecycleSettingsStore } from './settings-store.ts';
import { foldSignoffs, publishBlocker } from './signoff.ts';
import { saveDraft } from './draft.ts';
import { assertTransition } from './state-machine.ts';
import type { DeliveryRow, LifecycleAction, LifecycleConsumer } from './values.ts';
import { writeRevision } from './write-revision.ts';
import { hasAuthorizer } from '../products/access.ts';

type Calls =
  | 'lifecycle.saveDraft'
  | 'lifecycle.consumers'
  | 'lifecycle.deprecate'
  | 'lifecycle.notify'
  | 'lifecycle.deliveries'
  | 'lifecycle.sendReminders'
  | 'lifecycle.restrictAccess'
  | 'lifecycle.allowedPrincipals'
  | 'lifecycle.migration'
  | 'lifecycle.retire'
  | 'lifecycle.requestSignoff'
  | 'lifecycle.decideSignoff'
  | 'lifecycle.signoffs'
  | 'lifecycle.publishSignedOff'
  | 'lifecycle.newVersion'
  | 'lifecycle.forgetPlan'
  | 'lifecycle.forget'
  | 'lifecycle.inbox'
  | 'lifecycle.markRead'
  | 'lifecycle.settings'
  | 'lifecycle.saveSettings';

const REMINDER_INTERVAL_MS = 60 * 60 * 1000;
const SIGNOFF_TYPES = ['signoff-requested', 'signoff-decided', 'signoff-overridden', 'schema-changed'];

export function lifecycleHandlers(ctx: EngineContext): RoomHandlers<Calls> {
  const service = productService(ctx);
  const { store, live, withEnv, caughtUp } = service;
  const settings = new LifecycleSettingsStore(ctx.db, ctx.vault);
  const deliveries = new DeliveryLog(ctx.db);
  const exportsDir = path.join(ctx.options.dataDir, 'exports');

  /** Groups with offsets on the product's topics in the newest snapshot: who consumes it now. */
  const consumingNow = (profileId: string, product: ProductDescriptor): string[] => consumingGroups(ctx.db, ctx.snapshots.latest(profileId)?.id ?? null, product.outputPorts.map((p) => p.topic));

  const inboxSources = (profileId: string) => ({
    db: ctx.db,
    profileId,
    me: settings.get(profileId).me,
    products: store.list(profileId),
    events: store.events(profileId, { limit: 5000 }),
    accessRequests: store.accessRequests(profileId),
    snapshotId: ctx.snapshots.latest(profileId)?.id ?? null,
  });

  function consumersOf(profileId: string, product: ProductDescriptor): LifecycleConsumer[] {
    return findConsumers({
      db: ctx.db,
      snapshot: ctx.snapshots.latest(profileId),
      product,
      products: store.list(profileId),
      accessRequests: store.accessRequests(profileId),
      settings: settings.get(profileId),
    });
  }

  /** The product's newest "deprecated" event: when it happened and which consumers lineage found then. */
  const deprecationEvent = (profileId: string, product: ProductDescriptor) => store.events(profileId, { productId: product.id, types: ['deprecated'], limit: 1 })[0] ?? null;

  /** Today's consumers plus those recorded at deprecation that lineage no longer shows. */
  function trackedConsumers(profileId: string, product: ProductDescriptor, deprecated = deprecationEvent(profileId, product)): LifecycleConsumer[] {
    const now = consumersOf(profileId, product);
    const recorded = (deprecated?.details.consumers as string[] | undefined) ?? [];
    for (const key of recorded) {
      if (now.some((c) => c.key === key)) continue;
      const [kind, ...rest] = key.split(':');
      now.push({ key, kind: kind as LifecycleConsumer['kind'], name: rest.join(':'), topics: [], evidence: ['found at deprecation'], contacts: [] });
    }
    return now;
  }

  function notifyDeps(profileId: string, all = false) {
    const s = settings.get(profileId);
    const secret = (name: 'smtpPassword' | 'webhookSecret', purpose: string) => ((name === 'smtpPassword' ? s.smtpPasswordSet : s.webhookSecretSet) ? ctx.vault.get(profileId, name, purpose) : null);
    return { log: deliveries, settings: s, smtpPassword: s.smtp ? secret('smtpPassword', 'the SMTP password') : null, webhookSecret: s.webhook ? secret('webhookSecret', 'the webhook signing secret') : null, all };
  }

  function report(profileId: string, product: ProductDescriptor) {
    const replacement = product.deprecation?.replacement ? store.find(profileId, product.deprecation.replacement) : null;
    const deprecated = deprecationEvent(profileId, product);
    return migrationReport(ctx.db, profileId, product, replacement, trackedConsumers(profileId, product, deprecated), ctx.snapshots.list(profileId), deprecated?.at ?? null);
  }

  async function deprecate(env: ProductEnv, current: ProductDescriptor, request: { sunset: string; replacement: string; reason: string; restrictAccess: boolean; notify: boolean }) {
    const replacement = checkDeprecation(current, request, (id) => store.find(env.profileId, id));
    const snapshot = ctx.snapshots.latest(env.profileId);
    const consumers = consumersOf(env.profileId, current);
    const deps = request.notify ? notifyDeps(env.profileId) : null; // vault problems surface before anything is written
    const descriptor = await writeDeprecation(env, current, request, consumers, snapshot?.id ?? null);
    const actions: LifecycleAction[] = [{ step: 'write-descriptor', target: current.id, outcome: 'done', detail: `deprecated, sunset ${request.sunset}${request.replacement ? `, replaced by ${request.replacement}` : ''}`, command: '' }];
    let acls = null;
    if (request.restrictAccess) {
      const restricted = await restrictAccess(env, descriptor, consumingGroups(ctx.db, snapshot?.id ?? null, descriptor.outputPorts.map((p) => p.topic)));
      acls = restricted.outcome;
      actions.push(restricted.action);
    }
    let sent: DeliveryRow[] = [];
    if (deps) {
      sent = await notifyConsumers(env, deps, descriptor, consumers, deprecationNotice(descriptor, replacement));
      const failed = sent.filter((d) => d.state === 'failed').length;
      actions.push({ step: 'notify-consumers', target: `${consumers.length} consumer(s)`, outcome: failed ? 'failed' : 'done', detail: `${sent.filter((d) => d.state === 'delivered').length} delivered, ${failed} failed, ${sent.filter((d) => d.state === 'skipped').length} skipped`, command: '' });
    }
    return { descriptor, consumers, acls, deliveries: sent, actions };
  }

  const timer = setInterval(() => void sendAllReminders().catch(() => undefined), REMINDER_INTERVAL_MS);
  timer.unref();
  ctx.onClose(() => clearInterval(timer));

  async function remindersFor(env: ProductEnv, day: string): Promise<DeliveryRow[]> {
    const s = settings.get(env.profileId);
    const out: DeliveryRow[] = [];
    for (const product of store.list(env.profileId, { status: 'deprecated' })) {
      const sunset = product.deprecation?.sunset;
      if (!sunset) continue;
      const daysLeft = Math.round((Date.parse(`${sunset.slice(0, 10)}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
      const threshold = [...s.reminderDays].sort((a, b) => a - b).find((d) => daysLeft <= d && daysLeft >= 0);
      if (threshold === undefined) continue;
      const notice = reminderNotice(product, threshold);
      if (deliveries.notices(env.profileId, product.id).includes(notice.notice)) continue;
      const remaining = remainingConsumers(report(env.profileId, product)).map((r) => r.consumer);
      out.push(...(await notifyConsumers(env, notifyDeps(env.profileId), product, remaining, notice)));
    }
    return out;
  }

  async function sendAllReminders() {
    for (const profile of ctx.profiles.list()) {
      const s = settings.get(profile.id);
      if (!s.smtp && !s.webhook) continue;
      if (!store.list(profile.id, { status: 'deprecated' }).length) continue;
      await withEnv(profile.id, 'tributary (reminders)', async (env) => {
        await caughtUp(env);
        return remindersFor(env, today());
      });
    }
  }

  function signoffs(profileId: string, productId?: string) {
    return foldSignoffs(store.events(profileId, { ...(productId ? { productId } : {}), types: SIGNOFF_TYPES, limit: 5000 }));
  }
  function signoff(profileId: string, id: string) {
    const row = signoffs(profileId).find((s) => s.id === id);
    if (!row) throw new TributaryError('NotFound', `Sign-off request ${id} is not in the mesh registry of this cluster`);
    return row;
  }

  /** Registers a schema the registry may call incompatible: the subject's level is set to NONE for the write, then put back. */
  async function registerBreaking(env: ProductEnv, subject: string, format: string, schema: string): Promise<LifecycleAction> {
    const registry = env.registry;
    if (!registry) throw new TributaryError('Invalid', 'The profile names no schema registry, so the schema cannot be registered');
    const global = await registry.getGlobalCompatibility();
    const before = await registry.getSubjectCompatibility(subject, global);
    await registry.setCompatibility('NONE', subject);
    try {
      const { id } = await env.audit.record({ profileId: env.profileId, actor: env.actor, action: 'register-schema', target: subject, request: { subject, schemaType: format, breaking: true }, command: `(register under ${subject} with compatibility NONE for this write)` }, () =>
        registry.register(subject, { schema, schemaType: format as 'AVRO' | 'JSON' | 'PROTOBUF', references: [] }),
      );
      return { step: 'register-schema', target: subject, outcome: 'done', detail: `schema id ${id}; compatibility ${before.level} restored after the write`, command: '' };
    } finally {
      await registry.setCompatibility(before.level, subject);
    }
  }

  return {
    'lifecycle.saveDraft': async ({ profileId, product, baseRevision, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const current = store.find(profileId, product.id);
        if (current && current.status !== 'draft') throw new TributaryError('Conflict', `"${current.name}" is ${current.status}; a draft can only be saved before the first publish — edit the product instead`);
        if (current && baseRevision !== current.revision) conflictIfStale(current, product.id, baseRevision ?? 0);
        const descriptor = await saveDraft(env, product, current);
        await caughtUp(env);
        return { descriptor };
      }),
    'lifecycle.consumers': async ({ profileId, productId }) => {
      await live(profileId);
      return { snapshot: ctx.snapshots.latest(profileId), consumers: consumersOf(profileId, store.get(profileId, productId)) };
    },
    'lifecycle.deprecate': async ({ profileId, productId, baseRevision, sunset, replacement, reason, restrictAccess: restrict, notify, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const current = conflictIfStale(store.find(profileId, productId), productId, baseRevision);
        const result = await deprecate(env, current, { sunset, replacement, reason, restrictAccess: restrict, notify });
        await caughtUp(env);
        return result;
      }),
    'lifecycle.notify': async ({ profileId, productId, notice, all, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const product = store.get(profileId, productId);
        if (product.status !== 'deprecated') throw new TributaryError('Conflict', `"${product.name}" is ${product.status}; notices go out for deprecated products`);
        const replacement = product.deprecation?.replacement ? store.find(profileId, product.deprecation.replacement) : null;
        const content = notice === 'deprecation' ? deprecationNotice(product, replacement) : reminderNotice(product, Number(/^reminder-(\d+)d$/.exec(notice)?.[1] ?? 0));
        const consumers = notice === 'deprecation' ? trackedConsumers(profileId, product) : remainingConsumers(report(profileId, product)).map((r) => r.consumer);
        const rows = await notifyConsumers(env, notifyDeps(profileId, all), product, consumers, content);
        await caughtUp(env);
        return { deliveries: rows };
      }),
    'lifecycle.deliveries': async ({ profileId, productId }) => ({ deliveries: deliveries.list(profileId, productId) }),
    'lifecycle.sendReminders': async ({ profileId, today: day }) =>
      withEnv(profileId, 'tributary (reminders)', async (env) => {
        await caughtUp(env);
        const rows = await remindersFor(env, day ?? today());
        await caughtUp(env);
        return { deliveries: rows };
      }),
    'lifecycle.restrictAccess': async ({ profileId, productId, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const product = store.get(profileId, productId);
        if (product.status !== 'deprecated') throw new TributaryError('Conflict', `"${product.name}" is ${product.status}; access is restricted when a product is deprecated`);
        const { outcome } = await restrictAccess(env, product, consumingNow(profileId, product));
        await caughtUp(env);
        return outcome;
      }),
    'lifecycle.allowedPrincipals': async ({ profileId, productId }) =>
      withEnv(profileId, undefined, async (env) => {
        await caughtUp(env);
        const product = store.get(profileId, productId);
        if (!(await hasAuthorizer(env.admin))) return { authorizer: false, principals: [] };
        const { readers } = readersOf(await readBindings(env.admin), product.outputPorts.map((p) => p.topic), consumingNow(profileId, product));
        return { authorizer: true, principals: readers.map((r) => ({ principal: r.principal, via: r.via.join('; '), consuming: r.consuming })) };
      }),
    'lifecycle.migration': async ({ profileId, productId }) => {
      await live(profileId);
      return report(profileId, store.get(profileId, productId));
    },
    'lifecycle.retire': async ({ profileId, productId, baseRevision, reason, force, confirmName, exportData, deleteSubjects, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const current = store.find(profileId, productId);
        // A retired product may be retired again: that finishes deletions an interrupted attempt left behind.
        const product = current?.status === 'retired' ? current : conflictIfStale(current, productId, baseRevision);
        const request = { reason, force, confirmName, exportData, deleteSubjects };
        checkRetirement(product, remainingConsumers(report(profileId, product)), request);
        const result = await retireProduct(env, kafkaConnection(ctx.profiles.get(profileId), ctx.vault), exportsDir, product, request);
        await caughtUp(env);
        return result;
      }),
    'lifecycle.requestSignoff': async ({ profileId, productId, subject, proposedSchema, reason, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const product = store.get(profileId, productId);
        assertTransition(product.name, product.status, 'published');
        const port = product.outputPorts.find((p) => p.schemaSubject === subject);
        if (!port) throw new TributaryError('Invalid', `"${subject}" is not the subject of an output port of "${product.name}"`, { fields: [{ path: 'subject', message: 'not a port subject of this product' }] });
        if (port.format === 'PROTOBUF') throw new TributaryError('Invalid', 'Tributary classifies Avro and JSON Schema changes; Protobuf changes are checked by the registry only — publish them as an update');
        if (!env.registry) throw new TributaryError('Invalid', 'The profile names no schema registry to compare the schema with');
        const current = await env.registry.getVersion(subject, 'latest');
        const diff = diffSchemas(port.format, current.schema, proposedSchema);
        const registry = await env.registry.testCompatibility(subject, { schema: proposedSchema, schemaType: port.format, references: [] });
        if (diff.verdict !== 'breaking' && registry.isCompatible) throw new TributaryError('Invalid', `The change is ${diff.verdict}, not breaking — publish it as an update of the product; sign-off is for breaking changes`);
        const approvers = new Map<string, { email: string; team: string }>();
        for (const c of consumersOf(profileId, product)) for (const contact of c.contacts) approvers.set(contact.email, { email: contact.email, team: contact.team });
        const signoffId = crypto.randomUUID();
        await writeEvents(env, [
          newEvent('signoff-requested', product.id, env.actor, { signoffId, subject, format: port.format, proposedSchema, verdict: diff.verdict === 'breaking' ? 'breaking' : 'breaking (registry)', changes: diff.changes, registryMessages: registry.messages, approvers: [...approvers.values()] }, reason),
        ]);
        await caughtUp(env);
        return signoff(profileId, signoffId);
      }),
    'lifecycle.decideSignoff': async ({ profileId, signoffId, approver, decision, comment, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const row = signoff(profileId, signoffId);
        if (row.state === 'published' || row.state === 'overridden') throw new TributaryError('Conflict', `The proposal is already ${row.state}; decisions are closed`);
        const who = row.approvers.find((a) => a.email.toLowerCase() === approver.toLowerCase());
        if (!who) throw new TributaryError('Forbidden', `${approver} is not asked to sign this change; the approvers are ${row.approvers.map((a) => a.email).join(', ') || 'nobody'}`);
        await writeEvents(env, [newEvent('signoff-decided', row.productId, env.actor, { signoffId, approver: who.email, decision, comment }, comment || undefined)]);
        await caughtUp(env);
        return signoff(profileId, signoffId);
      }),
    'lifecycle.signoffs': async ({ profileId, productId }) => {
      await live(profileId);
      return { signoffs: signoffs(profileId, productId) };
    },
    'lifecycle.publishSignedOff': async ({ profileId, signoffId, override, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const row = signoff(profileId, signoffId);
        const blocker = publishBlocker(row, override);
        if (blocker) throw new TributaryError('Conflict', `The breaking change to ${row.subject} cannot be published yet: ${blocker}`);
        const product = store.get(profileId, row.productId);
        assertTransition(product.name, product.status, 'published');
        const actions: LifecycleAction[] = [];
        if (override) await writeEvents(env, [newEvent('signoff-overridden', product.id, env.actor, { signoffId, pending: row.approvers.filter((a) => a.decision !== 'approved').map((a) => a.email) }, override)]);
        actions.push(await registerBreaking(env, row.subject, row.format, row.proposedSchema));
        const version = bumpVersion(product.version, 'major');
        const descriptor = await writeRevision(env, product, { version }, 'update-product', [newEvent('schema-changed', product.id, env.actor, { signoffId, subjects: [row.subject], breaking: true, fromVersion: product.version, toVersion: version }, row.reason)]);
        actions.push({ step: 'write-descriptor', target: product.id, outcome: 'done', detail: `version ${product.version} → ${version}`, command: '' });
        await caughtUp(env);
        return { signoff: signoff(profileId, signoffId), descriptor, actions };
      }),
    'lifecycle.newVersion': async ({ profileId, productId, baseRevision, proposedSchema, newProductId, newTopic, sunset, reason, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const v1 = conflictIfStale(store.find(profileId, productId), productId, baseRevision);
        assertTransition(v1.name, v1.status, 'deprecated');
        const port = v1.outputPorts.find((p) => p.schemaSubject) ?? v1.outputPorts[0]!;
        const topic = newTopic || (/\.v\d+$/.test(port.topic) ? port.topic.replace(/\.v(\d+)$/, (_, n: string) => `.v${Number(n) + 1}`) : `${port.topic}.v2`);
        const major = Number(bumpVersion(v1.version, 'major').split('.')[0]);
        const id = newProductId || (/-v\d+$/.test(v1.id) ? v1.id.replace(/-v\d+$/, `-v${major}`) : `${v1.id}-v${major}`);
        if (store.find(profileId, id)) throw new TributaryError('Conflict', `Product "${id}" already exists; name the new version differently`, { fields: [{ path: 'newProductId', message: 'taken' }] });
        checkDeprecation(v1, { sunset, replacement: '', reason }, () => null);
        const oldSchema = port.schemaSubject && env.registry ? (await env.registry.getVersion(port.schemaSubject, 'latest')).schema : '';
        const partitions = (await env.admin.fetchTopicMetadata({ topics: [port.topic] }).catch(() => ({ topics: [] }))).topics[0]?.partitions.length || 3;
        const subject = port.schemaSubject ? `${topic}-value` : '';
        const draft = {
          ...v1,
          id,
          name: `${v1.name} v${major}`,
          version: `${major}.0.0`,
          outputPorts: [{ topic, key: port.key, schemaSubject: subject, format: port.format }],
          deprecation: undefined,
          consumers: [],
        };
        const { status: _s, createdAt: _c, updatedAt: _u, updatedBy: _b, revision: _r, ...input } = draft;
        const published = await writeProduct(env, input, [{ topic, createTopic: { partitions, configs: {} }, ...(subject ? { schema: { schema: proposedSchema, references: [] } } : {}) }], null);
        await writeEvents(env, [newEvent('new-version', v1.id, env.actor, { newProductId: id, newTopic: topic }, reason)]);
        await caughtUp(env);
        const deprecated = await deprecate(env, store.get(profileId, v1.id), { sunset, replacement: id, reason, restrictAccess: true, notify: true });
        const actions: LifecycleAction[] = [
          ...published.actions.map((a) => ({ step: a.kind, target: a.target, outcome: a.outcome, detail: a.detail, command: a.command })),
          ...deprecated.actions,
        ];
        await caughtUp(env);
        return { v2: published.descriptor, v1: deprecated.descriptor, bridgeKsql: bridgeStatements({ format: port.format, v1Topic: port.topic, v1Schema: oldSchema, v2Topic: topic, v2Schema: proposedSchema }), actions };
      }),
    'lifecycle.forgetPlan': async ({ profileId, productId, key }) => {
      await live(profileId);
      const product = store.get(profileId, productId);
      return { key, targets: forgetTargets(ctx.db, ctx.latestOrExplain(profileId), product, store.list(profileId)) };
    },
    'lifecycle.forget': async ({ profileId, productId, key, confirmKey, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const product = store.get(profileId, productId);
        const targets = forgetTargets(ctx.db, ctx.latestOrExplain(profileId), product, store.list(profileId));
        const result = await forgetKey(env, product, key, confirmKey, targets);
        await caughtUp(env);
        return { key, ...result };
      }),
    'lifecycle.inbox': async ({ profileId, unreadOnly, limit }) => {
      await live(profileId);
      return inboxItems(inboxSources(profileId), unreadOnly, limit);
    },
    'lifecycle.markRead': async ({ profileId, eventIds }) => {
      markRead(ctx.db, profileId, eventIds);
      const { unread } = inboxItems(inboxSources(profileId), true, 1);
      return { unread };
    },
    'lifecycle.settings': async ({ profileId }) => {
      ctx.profiles.get(profileId);
      return settings.get(profileId);
    },
    'lifecycle.saveSettings': async ({ profileId, settings: s, smtpPassword, webhookSecret }) => {
      ctx.profiles.get(profileId);
      return settings.save(profileId, s, { smtpPassword, webhookSecret });
    },
  };
}
