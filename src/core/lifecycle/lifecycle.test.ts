// The lifecycle's pure rules: which transitions are allowed and why not, how sign-off events fold into a
// request's state, who may keep reading under which ACLs, and the bridge statement for a new version.
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { newEvent } from '../products/events.ts';
import { bridgeStatements, ksqlIdentifier } from './bridge-ksql.ts';
import { patternMatches } from './find-consumers.ts';
import { readersOf, resourceMatches, type AclBinding } from './restrict-acls.ts';
import { foldSignoffs, publishBlocker } from './signoff.ts';
import { canTransition } from './state-machine.ts';
import { contract } from '../contract.ts';

const { AclResourceTypes: R, AclOperationTypes: O, AclPermissionTypes: P, ResourcePatternTypes: T } = kafkajs;

describe('the lifecycle state machine', () => {
  it('allows draft → published → deprecated → retired and compatible edits of a published product', () => {
    expect(canTransition('draft', 'published')).toEqual({ ok: true });
    expect(canTransition('published', 'published')).toEqual({ ok: true });
    expect(canTransition('published', 'deprecated')).toEqual({ ok: true });
    expect(canTransition('deprecated', 'retired')).toEqual({ ok: true });
  });

  it('refuses skipping deprecation, reinstating and reviving, saying what to do instead', () => {
    expect(canTransition('published', 'retired')).toEqual({ ok: false, reason: expect.stringContaining('deprecate it first') });
    expect(canTransition('deprecated', 'published')).toEqual({ ok: false, reason: expect.stringContaining('publish a new product') });
    expect(canTransition('retired', 'published')).toEqual({ ok: false, reason: expect.stringContaining('final') });
    expect(canTransition('draft', 'deprecated').ok).toBe(false);
  });
});

describe('which notices can be sent again', () => {
  const notify = (notice: string) => contract['lifecycle.notify'].input.safeParse({ profileId: 'p1', productId: 'orders', notice });

  it('takes the deprecation notice and reminders named by their days before the sunset', () => {
    expect(notify('deprecation').success).toBe(true);
    expect(notify('reminder-7d').success).toBe(true);
  });

  it('refuses any other name, saying which names it takes', () => {
    for (const notice of ['spam', 'reminder-d', 'reminder-7', 'deprecation ', 'reminder--1d']) {
      const parsed = notify(notice);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain('"deprecation" or a reminder such as "reminder-7d"');
    }
  });
});

describe('sign-off requests folded from events', () => {
  const requested = newEvent('signoff-requested', 'p', 'owner', { signoffId: 's1', subject: 'p-value', format: 'AVRO', proposedSchema: '{}', verdict: 'breaking', changes: [], approvers: [{ email: 'a@x.io', team: 'A' }, { email: 'b@x.io', team: 'B' }] }, 'why');
  const decide = (approver: string, decision: 'approve' | 'reject', comment = '') => newEvent('signoff-decided', 'p', approver, { signoffId: 's1', approver, decision, comment });

  it('stays open until every approver approved, and a later decision replaces an earlier one', () => {
    const reject = { ...decide('a@x.io', 'reject', 'no'), at: '2099-01-01T00:00:01Z' };
    const approveA = { ...decide('a@x.io', 'approve'), at: '2099-01-01T00:00:02Z' };
    const approveB = { ...decide('b@x.io', 'approve'), at: '2099-01-01T00:00:03Z' };
    expect(foldSignoffs([requested])[0]!.state).toBe('open');
    const [rejected] = foldSignoffs([requested, reject]);
    expect(rejected!.state).toBe('rejected');
    expect(publishBlocker(rejected!, '')).toBe('rejected by a@x.io ("no")');
    const [half] = foldSignoffs([requested, reject, approveA]);
    expect(publishBlocker(half!, '')).toBe('still waiting for b@x.io');
    const [all] = foldSignoffs([approveB, requested, reject, approveA]);
    expect(all!.state).toBe('approved');
    expect(publishBlocker(all!, '')).toBeNull();
  });

  it('lets an override through whatever the decisions, and ignores decisions for unknown requests', () => {
    const [row] = foldSignoffs([requested, { ...newEvent('signoff-decided', 'p', 'x', { signoffId: 'other', approver: 'a@x.io', decision: 'reject' }) }]);
    expect(row!.approvers.every((a) => a.decision === 'pending')).toBe(true);
    expect(publishBlocker(row!, 'the council agreed')).toBeNull();
  });
});

describe('who keeps reading a deprecated product', () => {
  const topic = 'orders';
  const bind = (principal: string, resourceType: number, resourceName: string, patternType = T.LITERAL, operation = O.READ, permission = P.ALLOW): AclBinding => ({ principal, resourceType, resourceName, patternType, operation, permission, host: '*' });

  it('matches literal, wildcard and prefixed patterns', () => {
    expect(resourceMatches({ resourceName: 'orders', patternType: T.LITERAL }, 'orders')).toBe(true);
    expect(resourceMatches({ resourceName: '*', patternType: T.LITERAL }, 'orders')).toBe(true);
    expect(resourceMatches({ resourceName: 'ord', patternType: T.PREFIXED }, 'orders')).toBe(true);
    expect(resourceMatches({ resourceName: 'orders.', patternType: T.PREFIXED }, 'orders')).toBe(false);
  });

  it('counts a principal as consuming when one of its group ACLs matches a group with offsets on the topic', () => {
    const bindings = [
      bind('User:alice', R.TOPIC, topic),
      bind('User:alice', R.GROUP, 'billing-', T.PREFIXED),
      bind('User:bob', R.TOPIC, 'ord', T.PREFIXED),
      bind('User:bob', R.GROUP, 'bob-app'),
      bind('User:carol', R.TOPIC, topic, T.LITERAL, O.READ, P.DENY),
    ];
    const { readers, wildcard } = readersOf(bindings, [topic], ['billing-eu']);
    expect(wildcard).toEqual([]);
    expect(readers.map((r) => [r.principal, r.consuming])).toEqual([
      ['User:alice', true],
      ['User:bob', false],
    ]);
    expect(readers[1]!.via).toEqual(['ALLOW READ on topic prefix "ord"']);
  });

  it('treats every principal with a group ACL as a reader under a wildcard grant', () => {
    const { readers, wildcard } = readersOf([bind('User:*', R.TOPIC, topic), bind('User:dave', R.GROUP, 'dave-'), bind('User:erin', R.GROUP, '*')], [topic], ['dave-']);
    expect(wildcard).toHaveLength(1);
    expect(readers.map((r) => [r.principal, r.consuming])).toEqual([
      ['User:dave', true],
      ['User:erin', true],
    ]);
  });
});

describe('the contacts directory', () => {
  it('matches names with * as any run of characters and everything else literally', () => {
    expect(patternMatches('billing-*', 'billing-eu')).toBe(true);
    expect(patternMatches('billing-*', 'xbilling-eu')).toBe(false);
    expect(patternMatches('a.b', 'axb')).toBe(false);
  });
});

describe('the bridge statement of a new version', () => {
  it('selects the fields both versions share from v2 into the v1 topic and names the ones v2 lacks', () => {
    const v1 = JSON.stringify({ type: 'record', name: 'T', fields: [{ name: 'id', type: 'string' }, { name: 'venue', type: 'string' }] });
    const v2 = JSON.stringify({ type: 'record', name: 'T', fields: [{ name: 'id', type: 'string' }, { name: 'mic', type: 'string' }] });
    const sql = bridgeStatements({ format: 'AVRO', v1Topic: 'trades.v1', v1Schema: v1, v2Topic: 'trades.v2', v2Schema: v2 });
    expect(sql).toContain("CREATE STREAM IF NOT EXISTS TRADES_V2_SOURCE WITH (KAFKA_TOPIC='trades.v2', VALUE_FORMAT='AVRO');");
    expect(sql).toContain("CREATE STREAM IF NOT EXISTS TRADES_V1_FROM_V2 WITH (KAFKA_TOPIC='trades.v1', VALUE_FORMAT='AVRO') AS\nSELECT\n  `id`\nFROM TRADES_V2_SOURCE\nEMIT CHANGES;");
    expect(sql).toContain('-- v2 has no field for: venue');
    expect(ksqlIdentifier('9lives')).toBe('T_9LIVES');
  });
});
