// ACL principals: an ALLOW of READ (or ALL) on a topic says the principal consumes it, WRITE (or ALL) that it
// produces it. Literal and prefixed patterns (and the literal "*") are matched against the snapshot's topics.
// A DENY for every host removes what an ALLOW granted, as Kafka's authorizer does; one for some hosts only
// is kept on the edge as deniedHosts. Group ACLs become the principal's attributes.
import type { AclEntryReading, AclReading } from '../catalog/read-acls.ts';
import type { EdgeFact, LineageFacts, NodeRef } from './model.ts';

type Flow = 'consumes' | 'produces';

const flowsOf = (operation: AclEntryReading['operation']): Flow[] => (operation === 'ALL' ? ['consumes', 'produces'] : operation === 'READ' ? ['consumes'] : operation === 'WRITE' ? ['produces'] : []);

/** What an ACL's resource pattern says, e.g. `prefixed "orders."`, for edge details and attributes. */
const patternText = (e: AclEntryReading) => (e.pattern === 'literal' && e.resourceName === '*' ? 'every topic ("*")' : `${e.pattern} "${e.resourceName}"`);

function topicsMatching(e: AclEntryReading, topicNames: readonly string[], known: ReadonlySet<string>): readonly string[] {
  if (e.pattern === 'prefixed') return topicNames.filter((t) => t.startsWith(e.resourceName));
  if (e.pattern !== 'literal') return [];
  if (e.resourceName === '*') return topicNames;
  return known.has(e.resourceName) ? [e.resourceName] : [];
}

interface Grant {
  flow: Flow;
  principal: string;
  topic: string;
  via: string[];
  hosts: Set<string>;
  deniedHosts: Set<string>;
}

/** The facts, and a note when the ACLs could not name anyone (no authorizer, not allowed to describe them). */
export function inferFromAcls(acls: AclReading | null | undefined, topicNames: readonly string[]): LineageFacts {
  if (!acls) return { nodes: [], edges: [], note: 'ACLs were not read in this sync' };
  if (acls.state !== 'read') return { nodes: [], edges: [], note: acls.detail };
  const known = new Set(topicNames);
  const grants = new Map<string, Grant>();
  const key = (flow: Flow, principal: string, topic: string) => `${flow}\u0000${principal}\u0000${topic}`;
  const topicAcls = acls.entries.filter((e) => e.resourceType === 'topic');
  for (const e of topicAcls) {
    if (e.permission !== 'ALLOW') continue;
    for (const flow of flowsOf(e.operation)) {
      for (const topic of topicsMatching(e, topicNames, known)) {
        const k = key(flow, e.principal, topic);
        let grant = grants.get(k);
        if (!grant) grants.set(k, (grant = { flow, principal: e.principal, topic, via: [], hosts: new Set(), deniedHosts: new Set() }));
        const via = `${e.operation} on ${patternText(e)}`;
        if (!grant.via.includes(via)) grant.via.push(via);
        grant.hosts.add(e.host);
      }
    }
  }
  let denied = 0;
  for (const e of topicAcls) {
    if (e.permission !== 'DENY') continue;
    for (const flow of flowsOf(e.operation)) {
      for (const topic of topicsMatching(e, topicNames, known)) {
        for (const principal of e.principal === 'User:*' ? [...new Set([...grants.values()].map((g) => g.principal))] : [e.principal]) {
          const grant = grants.get(key(flow, principal, topic));
          if (!grant) continue;
          if (e.host === '*') {
            grants.delete(key(flow, principal, topic));
            denied++;
          } else grant.deniedHosts.add(e.host);
        }
      }
    }
  }

  const groupsOf = new Map<string, string[]>();
  for (const e of acls.entries) {
    if (e.resourceType !== 'group' || e.permission !== 'ALLOW') continue;
    const list = groupsOf.get(e.principal) ?? [];
    const text = `${e.operation} on ${e.pattern === 'literal' && e.resourceName === '*' ? 'every group ("*")' : `${e.pattern} "${e.resourceName}"`}`;
    if (!list.includes(text)) list.push(text);
    groupsOf.set(e.principal, list);
  }

  const facts: LineageFacts = { nodes: [], edges: [] };
  const principals = new Set<string>();
  for (const g of grants.values()) {
    principals.add(g.principal);
    const principal: NodeRef = { kind: 'principal', name: g.principal };
    const topic: NodeRef = { kind: 'topic', name: g.topic };
    const detail: Record<string, string> = { acl: g.via.join('; '), hosts: [...g.hosts].sort().join(', ') };
    if (g.deniedHosts.size > 0) detail['deniedHosts'] = [...g.deniedHosts].sort().join(', ');
    const edge: EdgeFact = g.flow === 'consumes' ? { kind: 'consumes', from: topic, to: principal, provenance: 'acl', detail } : { kind: 'produces', from: principal, to: topic, provenance: 'acl', detail };
    facts.edges.push(edge);
  }
  for (const name of principals) {
    const attrs: Record<string, string> = { type: name.includes(':') ? name.slice(0, name.indexOf(':')) : 'User' };
    const groups = groupsOf.get(name);
    if (groups) attrs['groups'] = groups.join('; ');
    facts.nodes.push({ kind: 'principal', name, attrs });
  }
  if (denied > 0) facts.note = `${denied} grant${denied === 1 ? '' : 's'} left out because a DENY for every host overrides ${denied === 1 ? 'it' : 'them'}`;
  return facts;
}
