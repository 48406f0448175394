// Stops new consumers of a deprecated product on a cluster with an authorizer: the principals consuming at
// deprecation time keep READ, everyone else loses it. A principal "consumes" when one of the consumer groups
// that committed offsets on the product's topics matches one of its group READ ACLs (literal, prefixed or
// '*'), since Kafka ties a consumer to its group, not its principal, in everything else it reports.
//
// What changes, per port topic:
//   kept principals    → a literal ALLOW READ+DESCRIBE on the topic (so removing broader grants keeps them in);
//   refused principals → their literal grants on the topic are deleted; a grant through a prefix or '*' they
//                        share with other topics gets a literal DENY READ on this topic instead;
//   a wildcard principal (User:*) grant → deleted when literal on this topic, otherwise left open and the
//                        outcome says "partial" with the command to remove it (it covers other topics too).
import kafkajs from 'kafkajs';
import type { KafkaAdmin } from '../cluster/kafka-client.ts';
import { hasAuthorizer } from '../products/access.ts';
import { sh } from '../products/audit.ts';
import type { AclRestriction } from './values.ts';

const { AclResourceTypes: R, AclOperationTypes: O, AclPermissionTypes: P, ResourcePatternTypes: T } = kafkajs;

export interface AclBinding {
  resourceType: number;
  resourceName: string;
  patternType: number;
  principal: string;
  host: string;
  operation: number;
  permission: number;
}

const isRead = (op: number) => op === O.READ || op === O.ALL;
const isWildcardPrincipal = (p: string) => /^[A-Za-z]+:\*$/.test(p);

export function resourceMatches(b: Pick<AclBinding, 'resourceName' | 'patternType'>, name: string): boolean {
  if (b.patternType === T.LITERAL) return b.resourceName === name || b.resourceName === '*';
  if (b.patternType === T.PREFIXED) return name.startsWith(b.resourceName);
  return false;
}

export async function readBindings(admin: KafkaAdmin): Promise<AclBinding[]> {
  const { resources } = await admin.describeAcls({ resourceType: R.ANY, resourcePatternType: T.ANY, operation: O.ANY, permissionType: P.ANY });
  return resources.flatMap((r) =>
    r.acls.map((a) => ({ resourceType: r.resourceType, resourceName: r.resourceName, patternType: r.resourcePatternType, principal: a.principal, host: a.host, operation: a.operation, permission: a.permissionType })),
  );
}

const describeBinding = (b: AclBinding) => `${b.permission === P.DENY ? 'DENY' : 'ALLOW'} ${b.operation === O.ALL ? 'ALL' : 'READ'} on ${b.resourceType === R.GROUP ? 'group' : 'topic'} ${b.patternType === T.PREFIXED ? `prefix "${b.resourceName}"` : `"${b.resourceName}"`}`;

/** Who may read the topics and through which grant, and whether they consume now. */
export function readersOf(bindings: readonly AclBinding[], topics: readonly string[], consumingGroups: readonly string[]) {
  const topicGrants = bindings.filter((b) => b.resourceType === R.TOPIC && b.permission === P.ALLOW && isRead(b.operation) && topics.some((t) => resourceMatches(b, t)));
  const groupGrants = bindings.filter((b) => b.resourceType === R.GROUP && b.permission === P.ALLOW && isRead(b.operation));
  const wildcard = topicGrants.filter((b) => isWildcardPrincipal(b.principal));
  const explicit = new Set(topicGrants.filter((b) => !isWildcardPrincipal(b.principal)).map((b) => b.principal));
  // Under a wildcard grant every principal that may join a group is a reader too.
  const candidates = new Set([...explicit, ...(wildcard.length ? groupGrants.map((b) => b.principal).filter((p) => !isWildcardPrincipal(p)) : [])]);
  const consuming = (principal: string) => groupGrants.some((g) => g.principal === principal && consumingGroups.some((group) => resourceMatches(g, group)));
  return {
    wildcard,
    readers: [...candidates].sort().map((principal) => ({
      principal,
      consuming: consuming(principal),
      via: topicGrants.filter((b) => b.principal === principal).map(describeBinding).concat(explicit.has(principal) ? [] : wildcard.map((w) => `${describeBinding(w)} for ${w.principal}`)),
    })),
  };
}

function aclCommand(bootstrap: string, verb: '--add' | '--remove', permission: 'allow' | 'deny', principal: string, topic: string, patternType = 'literal'): string {
  return `kafka-acls --bootstrap-server ${sh(bootstrap)} ${verb} --${permission}-principal ${sh(principal)} --operation Read${permission === 'allow' ? ' --operation Describe' : ''} --topic ${sh(topic)} --resource-pattern-type ${patternType}${verb === '--remove' ? ' --force' : ''}`;
}

export async function restrictToCurrentConsumers(admin: KafkaAdmin, bootstrap: string, topics: readonly string[], consumingGroups: readonly string[]): Promise<AclRestriction> {
  if (!(await hasAuthorizer(admin))) {
    return { state: 'no-authorizer', detail: `the cluster at ${bootstrap} has no authorizer: Kafka lets every principal read, so new consumers cannot be refused by ACLs (access requests are still denied)`, kept: [], refused: [], changes: [] };
  }
  const bindings = await readBindings(admin);
  const { readers, wildcard } = readersOf(bindings, topics, consumingGroups);
  const kept = readers.filter((r) => r.consuming).map((r) => r.principal);
  const refused = readers.filter((r) => !r.consuming).map((r) => r.principal);
  const changes: AclRestriction['changes'] = [];
  const base = { host: '*', resourceType: R.TOPIC };

  for (const topic of topics) {
    for (const principal of kept) {
      const literal = bindings.some((b) => b.resourceType === R.TOPIC && b.patternType === T.LITERAL && b.resourceName === topic && b.principal === principal && b.permission === P.ALLOW && isRead(b.operation));
      if (literal) {
        changes.push({ action: 'kept', principal, resource: topic, detail: 'already has a literal READ grant on the topic', command: '' });
        continue;
      }
      await admin.createAcls({ acl: [O.READ, O.DESCRIBE].map((operation) => ({ ...base, principal, operation, permissionType: P.ALLOW, resourceName: topic, resourcePatternType: T.LITERAL })) });
      changes.push({ action: 'added', principal, resource: topic, detail: 'a literal READ grant, so it keeps reading once broader grants go', command: aclCommand(bootstrap, '--add', 'allow', principal, topic) });
    }
    for (const principal of refused) {
      const grants = bindings.filter((b) => b.resourceType === R.TOPIC && b.principal === principal && b.permission === P.ALLOW && isRead(b.operation) && resourceMatches(b, topic));
      const literal = grants.filter((b) => b.patternType === T.LITERAL && b.resourceName === topic);
      for (const b of literal) {
        await admin.deleteAcls({ filters: [{ resourceType: R.TOPIC, resourceName: topic, resourcePatternType: T.LITERAL, principal, host: b.host, operation: b.operation, permissionType: P.ALLOW }] });
        changes.push({ action: 'removed', principal, resource: topic, detail: `removed ${describeBinding(b)}`, command: aclCommand(bootstrap, '--remove', 'allow', principal, topic) });
      }
      if (grants.length > literal.length) {
        await admin.createAcls({ acl: [{ ...base, principal, operation: O.READ, permissionType: P.DENY, resourceName: topic, resourcePatternType: T.LITERAL }] });
        changes.push({ action: 'denied', principal, resource: topic, detail: 'a literal DENY READ: its grant is a prefix or wildcard shared with other topics', command: aclCommand(bootstrap, '--add', 'deny', principal, topic) });
      }
    }
    for (const w of wildcard.filter((b) => resourceMatches(b, topic))) {
      if (w.patternType === T.LITERAL && w.resourceName === topic) {
        await admin.deleteAcls({ filters: [{ resourceType: R.TOPIC, resourceName: topic, resourcePatternType: T.LITERAL, principal: w.principal, host: w.host, operation: w.operation, permissionType: P.ALLOW }] });
        changes.push({ action: 'removed', principal: w.principal, resource: topic, detail: `removed the grant to every principal (${describeBinding(w)})`, command: aclCommand(bootstrap, '--remove', 'allow', w.principal, topic) });
      } else {
        changes.push({
          action: 'left-open',
          principal: w.principal,
          resource: topic,
          detail: `${describeBinding(w)} lets every principal read this and other topics; remove it (or narrow it) to close the product`,
          command: aclCommand(bootstrap, '--remove', 'allow', w.principal, w.resourceName, w.patternType === T.PREFIXED ? 'prefixed' : 'literal'),
        });
      }
    }
  }
  const open = changes.filter((c) => c.action === 'left-open');
  return {
    state: open.length ? 'partial' : 'restricted',
    detail: open.length
      ? `kept READ for ${kept.length} consuming principal(s); ${open.length} grant(s) to every principal still cover the topic — see the commands`
      : `only ${kept.length ? kept.join(', ') : 'no principal'} keep${kept.length === 1 ? 's' : ''} READ on ${topics.join(', ')}; ${refused.length ? `${refused.join(', ')} refused` : 'no other principal had access'}`,
    kept,
    refused,
    changes,
  };
}
