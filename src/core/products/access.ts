// Access requests to a product: requested and decided as events on the registry's events topic (so every
// desktop sees the same queue), and on approval READ ACLs for the product's topics and a consumer-group
// prefix — where the cluster has an authorizer. Without one, Kafka answers describeAcls with
// SECURITY_DISABLED and everyone can already read; the result says so instead of pretending.
import kafkajs from 'kafkajs';
import type { KafkaAdmin } from '../cluster/kafka-client.ts';
import { TributaryError } from '../errors.ts';
import { sh } from './audit.ts';
import type { ProductDescriptor } from './descriptor.ts';
import { newEvent, type ProductEvent } from './events.ts';
import { produceCommand, writeEvents, type ProductEnv } from './publish.ts';
import type { AccessRequestRow } from './product-store.ts';

const { AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;

export interface AccessRequestInput {
  principal: string;
  purpose: string;
  expectedThroughput: string;
}

export type AclOutcome = { state: 'created' | 'no-authorizer' | 'not-applicable' | 'failed'; detail: string; commands: string[] };

/** A Kafka principal: "User:alice" as written, a bare name taken as a user. */
export function kafkaPrincipal(principal: string): string {
  return /^[A-Za-z]+:/.test(principal) ? principal : `User:${principal}`;
}

/** Writes an access event and logs it locally: the request, the decision, and what happened to ACLs. */
async function auditedEvent(env: ProductEnv, action: string, target: string, event: ProductEvent, extra: Record<string, unknown> = {}): Promise<void> {
  const value = JSON.stringify(event);
  await env.audit.record({ profileId: env.profileId, actor: env.actor, action, target, request: { topic: env.topics.events, key: event.productId, value: event, ...extra }, command: produceCommand(env.bootstrap, env.topics.events, event.productId, value) }, () =>
    writeEvents(env, [event]),
  );
}

/** Why a product takes no new consumers, naming the replacement; null while it does. */
export function closedToNewConsumers(product: ProductDescriptor): string | null {
  if (product.status !== 'deprecated' && product.status !== 'retired') return null;
  const d = product.deprecation;
  const instead = d?.replacement ? `; use ${d.replacement} instead` : '';
  return product.status === 'retired' ? `"${product.name}" is retired and takes no new consumers${instead}` : `"${product.name}" is deprecated (sunset ${d?.sunset ?? 'unset'}) and takes no new consumers${instead}`;
}

/** Records the request; one for a deprecated or retired product is denied at once, with the replacement named. */
export async function requestAccess(env: ProductEnv, product: ProductDescriptor, input: AccessRequestInput): Promise<string> {
  if (product.status === 'draft') throw new TributaryError('Conflict', `"${product.name}" is still a draft; access can be requested once it is published`);
  const requestId = crypto.randomUUID();
  await auditedEvent(env, 'request-access', `${input.principal} → ${product.id}`, newEvent('access-requested', product.id, env.actor, { requestId, principal: input.principal, purpose: input.purpose, expectedThroughput: input.expectedThroughput }));
  const closed = closedToNewConsumers(product);
  if (closed) await auditedEvent(env, 'deny-access', `${input.principal} → ${product.id}`, newEvent('access-denied', product.id, 'tributary (lifecycle)', { requestId, principal: input.principal, automatic: true, replacement: product.deprecation?.replacement ?? '' }, closed));
  return requestId;
}

/** Whether the cluster enforces ACLs: describeAcls succeeds with an authorizer, and fails SECURITY_DISABLED without. */
export async function hasAuthorizer(admin: KafkaAdmin): Promise<boolean> {
  try {
    await admin.describeAcls({ resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY });
    return true;
  } catch (error) {
    if (/SECURITY_DISABLED|No Authorizer is configured/i.test(`${(error as { type?: string }).type ?? ''} ${(error as Error).message}`)) return false;
    throw error;
  }
}

export function aclCommands(bootstrap: string, principal: string, topics: string[], groupPrefix: string): string[] {
  return [
    ...topics.map((t) => `kafka-acls --bootstrap-server ${sh(bootstrap)} --add --allow-principal ${sh(principal)} --operation Read --operation Describe --topic ${sh(t)}`),
    `kafka-acls --bootstrap-server ${sh(bootstrap)} --add --allow-principal ${sh(principal)} --operation Read --group ${sh(groupPrefix)} --resource-pattern-type prefixed`,
  ];
}

export async function decideAccess(env: ProductEnv, product: ProductDescriptor | null, request: AccessRequestRow, decision: 'approve' | 'deny', reason: string, groupPrefix: string | undefined): Promise<AclOutcome> {
  if (request.state !== 'pending') throw new TributaryError('Conflict', `The request of ${request.principal} was already ${request.state} by ${request.decidedBy ?? 'someone'} at ${request.decidedAt ?? '?'}`);
  if (decision === 'deny') {
    await auditedEvent(env, 'deny-access', `${request.principal} → ${request.productId}`, newEvent('access-denied', request.productId, env.actor, { requestId: request.id, principal: request.principal }, reason));
    return { state: 'not-applicable', detail: 'denied: no ACLs were changed', commands: [] };
  }
  if (!product) throw new TributaryError('NotFound', `Product "${request.productId}" is no longer in the mesh registry; the request cannot be approved`);
  const principal = kafkaPrincipal(request.principal);
  const topics = product.outputPorts.map((p) => p.topic);
  const prefix = groupPrefix?.trim() || `${product.id}.`;
  const commands = aclCommands(env.bootstrap, principal, topics, prefix);
  let outcome: AclOutcome;
  if (!(await hasAuthorizer(env.admin))) {
    outcome = { state: 'no-authorizer', detail: `the cluster at ${env.bootstrap} has no authorizer, so every principal can already read ${topics.join(', ')}; no ACLs were created`, commands };
  } else {
    const base = { principal, host: '*', permissionType: AclPermissionTypes.ALLOW };
    const acl = [
      ...topics.flatMap((t) => [AclOperationTypes.READ, AclOperationTypes.DESCRIBE].map((operation) => ({ ...base, operation, resourceType: AclResourceTypes.TOPIC, resourceName: t, resourcePatternType: ResourcePatternTypes.LITERAL }))),
      { ...base, operation: AclOperationTypes.READ, resourceType: AclResourceTypes.GROUP, resourceName: prefix, resourcePatternType: ResourcePatternTypes.PREFIXED },
    ];
    try {
      await env.audit.record({ profileId: env.profileId, actor: env.actor, action: 'create-acls', target: `${principal} → ${product.id}`, request: { acl }, command: commands.join('\n') }, () => env.admin.createAcls({ acl }));
      outcome = { state: 'created', detail: `READ on ${topics.join(', ')} and on groups prefixed "${prefix}" for ${principal}`, commands };
    } catch (error) {
      outcome = { state: 'failed', detail: `creating the ACLs failed: ${(error as Error).message} — run the commands yourself or retry`, commands };
    }
  }
  // Logged whatever became of the ACLs, so an approval on a cluster without an authorizer is on record too.
  await auditedEvent(env, 'approve-access', `${principal} → ${product.id}`, newEvent('access-granted', request.productId, env.actor, { requestId: request.id, principal: request.principal, acls: `${outcome.state}: ${outcome.detail}` }, reason), {
    acls: outcome.state,
    aclCommands: commands,
  });
  return outcome;
}
