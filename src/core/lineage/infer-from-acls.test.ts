import { describe, expect, it } from 'vitest';
import type { AclEntryReading, AclReading } from '../catalog/read-acls.ts';
import { inferFromAcls } from './infer-from-acls.ts';
import type { LineageFacts } from './model.ts';

const edges = (f: LineageFacts) => f.edges.map((e) => `${e.from.kind}:${e.from.name} -${e.kind}/${e.provenance}-> ${e.to.kind}:${e.to.name}`).sort();
const acl = (over: Partial<AclEntryReading>): AclEntryReading => ({ resourceType: 'topic', resourceName: 'orders', pattern: 'literal', principal: 'User:alice', host: '*', operation: 'READ', permission: 'ALLOW', ...over });
const read = (...entries: AclEntryReading[]): AclReading => ({ state: 'read', detail: '', entries });
const topics = ['orders', 'orders.eu', 'orders.us', 'payments', '__consumer_offsets'];

describe('inference from ACL principals', () => {
  it('makes READ a consumes edge and WRITE a produces edge, matching literal and prefixed patterns', () => {
    const facts = inferFromAcls(read(acl({}), acl({ principal: 'User:bob', resourceName: 'orders.', pattern: 'prefixed', operation: 'WRITE' })), topics);
    expect(edges(facts)).toEqual([
      'principal:User:bob -produces/acl-> topic:orders.eu',
      'principal:User:bob -produces/acl-> topic:orders.us',
      'topic:orders -consumes/acl-> principal:User:alice',
    ]);
    expect(facts.edges.find((e) => e.to.name === 'User:alice')!.detail).toEqual({ acl: 'READ on literal "orders"', hosts: '*' });
    expect(facts.nodes.map((n) => n.name).sort()).toEqual(['User:alice', 'User:bob']);
    expect(facts.note).toBeUndefined();
  });

  it('reads ALL as both directions and a literal "*" as every topic', () => {
    const facts = inferFromAcls(read(acl({ principal: 'User:ops', resourceName: '*', operation: 'ALL' })), ['orders', 'payments']);
    expect(edges(facts)).toEqual([
      'principal:User:ops -produces/acl-> topic:orders',
      'principal:User:ops -produces/acl-> topic:payments',
      'topic:orders -consumes/acl-> principal:User:ops',
      'topic:payments -consumes/acl-> principal:User:ops',
    ]);
    expect(facts.edges[0]!.detail!['acl']).toBe('ALL on every topic ("*")');
  });

  it('ignores operations that move no data, topics not in the snapshot and non-topic resources', () => {
    const facts = inferFromAcls(read(acl({ operation: 'DESCRIBE' }), acl({ resourceName: 'gone' }), acl({ resourceType: 'cluster', resourceName: 'kafka-cluster', operation: 'ALL' })), topics);
    expect(facts.edges).toEqual([]);
    expect(facts.nodes).toEqual([]);
  });

  it('leaves out a grant that a DENY for every host overrides, and says so', () => {
    const facts = inferFromAcls(read(acl({ resourceName: 'orders', pattern: 'prefixed' }), acl({ resourceName: 'orders.eu', permission: 'DENY' })), topics);
    expect(edges(facts)).toEqual(['topic:orders -consumes/acl-> principal:User:alice', 'topic:orders.us -consumes/acl-> principal:User:alice']);
    expect(facts.note).toBe('1 grant left out because a DENY for every host overrides it');
  });

  it('keeps a grant denied from some hosts only, naming them', () => {
    const facts = inferFromAcls(read(acl({}), acl({ permission: 'DENY', host: '10.0.0.9' })), topics);
    expect(facts.edges[0]!.detail).toMatchObject({ deniedHosts: '10.0.0.9' });
  });

  it('shows the group ACLs of a principal as its attributes', () => {
    const facts = inferFromAcls(read(acl({}), acl({ resourceType: 'group', resourceName: 'billing.', pattern: 'prefixed' }), acl({ resourceType: 'group', resourceName: 'audit', operation: 'DESCRIBE' })), topics);
    expect(facts.nodes).toEqual([{ kind: 'principal', name: 'User:alice', attrs: { type: 'User', groups: 'READ on prefixed "billing."; DESCRIBE on literal "audit"' } }]);
  });

  it('infers nothing and says why when the cluster has no authorizer or the ACLs could not be read', () => {
    expect(inferFromAcls({ state: 'no-authorizer', detail: 'the cluster at b:9092 has no authorizer', entries: [] }, topics)).toEqual({ nodes: [], edges: [], note: 'the cluster at b:9092 has no authorizer' });
    expect(inferFromAcls(undefined, topics).note).toBe('ACLs were not read in this sync');
  });
});
