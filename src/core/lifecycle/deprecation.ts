// Deprecating a product: check the request (state, sunset, replacement), write the deprecated descriptor and
// its event — the one step that changes what readers see — then place ACLs and notify consumers. Each later
// step records its own event and can be retried on its own, so a failure there never leaves the deprecation
// half-applied: the product is deprecated, and the log says which notifications and ACLs are still owed.
import type { Db } from '../cache/open-cache.ts';
import { TributaryError } from '../errors.ts';
import type { ProductDescriptor } from '../products/descriptor.ts';
import { newEvent } from '../products/events.ts';
import { writeEvents, type ProductEnv } from '../products/publish.ts';
import { restrictToCurrentConsumers } from './restrict-acls.ts';
import { assertTransition } from './state-machine.ts';
import type { AclRestriction, LifecycleAction, LifecycleConsumer } from './values.ts';
import { writeRevision } from './write-revision.ts';

export interface DeprecationRequest {
  sunset: string;
  replacement: string;
  reason: string;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Every reason the request cannot go ahead, checked before anything is written. */
export function checkDeprecation(product: ProductDescriptor, request: DeprecationRequest, findProduct: (id: string) => ProductDescriptor | null, now = today()): ProductDescriptor | null {
  assertTransition(product.name, product.status, 'deprecated');
  const sunset = new Date(`${request.sunset}T00:00:00Z`);
  if (Number.isNaN(sunset.getTime()) || sunset.toISOString().slice(0, 10) !== request.sunset) throw new TributaryError('Invalid', `The sunset "${request.sunset}" is not a calendar date`, { fields: [{ path: 'sunset', message: 'not a calendar date' }] });
  if (request.sunset <= now) throw new TributaryError('Invalid', `The sunset ${request.sunset} is not in the future (today is ${now}); consumers need time to move`, { fields: [{ path: 'sunset', message: `pick a date after ${now}` }] });
  if (!request.replacement) return null;
  if (request.replacement === product.id) throw new TributaryError('Invalid', 'A product cannot replace itself', { fields: [{ path: 'replacement', message: 'name another product' }] });
  const replacement = findProduct(request.replacement);
  if (!replacement) throw new TributaryError('Invalid', `The replacement "${request.replacement}" is not in the mesh registry of this cluster`, { fields: [{ path: 'replacement', message: 'no such product' }] });
  if (replacement.status !== 'published') {
    const more = replacement.deprecation?.replacement ? ` (it is itself replaced by ${replacement.deprecation.replacement})` : '';
    throw new TributaryError('Invalid', `The replacement "${replacement.name}" is ${replacement.status}${more}; point consumers at a published product`, { fields: [{ path: 'replacement', message: `${replacement.status}, not published` }] });
  }
  return replacement;
}

/** Groups with committed offsets on the topics in the newest snapshot: who is consuming "now". */
export function consumingGroups(db: Db, snapshotId: number | null, topics: readonly string[]): string[] {
  if (snapshotId === null) return [];
  return db.prepare('SELECT DISTINCT group_id FROM group_offsets WHERE snapshot_id = ? AND topic IN (SELECT value FROM json_each(?)) ORDER BY group_id').pluck().all(snapshotId, JSON.stringify(topics)) as string[];
}

export async function writeDeprecation(env: ProductEnv, product: ProductDescriptor, request: DeprecationRequest, consumers: readonly LifecycleConsumer[], snapshotId: number | null): Promise<ProductDescriptor> {
  const deprecation = { sunset: request.sunset, replacement: request.replacement, reason: request.reason };
  return writeRevision(env, product, { status: 'deprecated', deprecation }, 'deprecate-product', [
    newEvent('deprecated', product.id, env.actor, { sunset: request.sunset, replacement: request.replacement, consumers: consumers.map((c) => c.key), snapshotId }, request.reason),
  ]);
}

/** Places the ACLs and records what happened as an event, whatever it came to. */
export async function restrictAccess(env: ProductEnv, product: ProductDescriptor, groups: readonly string[]): Promise<{ outcome: AclRestriction; action: LifecycleAction }> {
  const topics = product.outputPorts.map((p) => p.topic);
  let outcome: AclRestriction;
  try {
    outcome = await env.audit.record({ profileId: env.profileId, actor: env.actor, action: 'restrict-acls', target: product.id, request: { topics, consumingGroups: groups }, command: '(see the access-restricted event for each ACL command)' }, () =>
      restrictToCurrentConsumers(env.admin, env.bootstrap, topics, groups),
    );
  } catch (error) {
    outcome = { state: 'failed', detail: `placing ACLs failed: ${(error as Error).message} — the product is deprecated; retry "Restrict access" once the cause is fixed`, kept: [], refused: [], changes: [] };
  }
  await writeEvents(env, [newEvent('access-restricted', product.id, env.actor, { state: outcome.state, detail: outcome.detail, kept: outcome.kept, refused: outcome.refused, changes: outcome.changes })]);
  return { outcome, action: { step: 'restrict-acls', target: topics.join(', '), outcome: outcome.state === 'failed' ? 'failed' : outcome.state === 'no-authorizer' ? 'skipped' : 'done', detail: outcome.detail, command: outcome.changes.map((c) => c.command).filter(Boolean).join('\n') } };
}
