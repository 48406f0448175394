import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProduct, type PolicyDescriptor, type PolicyFacts } from './policy-check.ts';
import { DEFAULT_RULES_TEXT, loadRules, parseRules, saveRules } from './policy-rules.ts';

const rules = (() => {
  const parsed = parseRules(DEFAULT_RULES_TEXT);
  if (!parsed.ok) throw new Error('the default rules do not parse');
  const r = structuredClone(parsed.rules);
  const region = r.rules.find((x) => x.id === 'data-region')!;
  if (region.id === 'data-region') region.params.profiles = { 'prod-eu': 'eu' };
  return r;
})();

const profileSchema = JSON.stringify({ type: 'record', name: 'UserProfile', fields: [{ name: 'userId', type: 'string' }, { name: 'email', type: 'string' }, { name: 'fullName', type: 'string' }, { name: 'country', type: 'string' }] });
const product: PolicyDescriptor = {
  id: 'users.profiles',
  owner: { team: 'Identity', email: 'identity@example.com' },
  tags: ['users'],
  tier: 'bronze',
  outputPorts: [{ topic: 'users.profiles.v1', key: 'userId', schemaSubject: 'users.profiles.v1-value', format: 'AVRO' }],
  historyMode: 'compacted',
  classification: { piiFields: ['email', 'fullName'], dataRegion: '' },
};
const facts: PolicyFacts = {
  profileId: 'p1',
  profileName: 'prod-eu',
  clusterId: 'c-1',
  topics: { 'users.profiles.v1': { replicationFactor: 3, configs: { 'cleanup.policy': 'compact', 'min.insync.replicas': '2' }, source: 'snapshot' } },
  schemas: { 'users.profiles.v1-value': { format: 'AVRO', schema: profileSchema } },
};

describe('policy checks', () => {
  it('finds nothing wrong with a classified, compacted product on a well-replicated topic', () => {
    expect(checkProduct(rules, product, facts)).toEqual([]);
  });

  it('names each personal-data field that is not classified', () => {
    const v = checkProduct(rules, { ...product, classification: { piiFields: ['email'], dataRegion: '' } }, facts);
    expect(v).toEqual([{ ruleId: 'pii-classified', severity: 'error', productId: 'users.profiles', path: 'classification.piiFields', message: 'field "fullName" of users.profiles.v1-value looks like personal data but is not listed in classification.piiFields' }]);
  });

  it('refuses a product tagged for a region its cluster is not in, and one whose cluster region is unknown', () => {
    expect(checkProduct(rules, { ...product, tags: ['region:us'] }, facts).map((x) => x.message)).toEqual(['the product must stay in region "us", but cluster "prod-eu" is in "eu"']);
    expect(checkProduct(rules, { ...product, classification: { ...product.classification, dataRegion: 'eu' } }, facts)).toEqual([]);
    expect(checkProduct(rules, { ...product, tags: ['region:eu'] }, { ...facts, profileName: 'laptop' })[0]!.message).toMatch(/region of cluster "laptop" \(id c-1\) is unknown/);
  });

  it('reports retention that does not keep the declared history', () => {
    const v = checkProduct(rules, { ...product, historyMode: { lastNDays: 30 } }, { ...facts, topics: { 'users.profiles.v1': { ...facts.topics['users.profiles.v1']!, configs: { 'cleanup.policy': 'delete', 'retention.ms': '86400000', 'min.insync.replicas': '2' } } } });
    expect(v.map((x) => [x.ruleId, x.path])).toEqual([['retention-matches-history', 'outputPorts.0.topic']]);
    expect(v[0]!.message).toMatch(/retention.ms ≥ 2592000000/);
  });

  it('holds gold products to replication 3 and min.insync.replicas 2', () => {
    const weak = { ...facts, topics: { 'users.profiles.v1': { replicationFactor: 1, configs: { 'cleanup.policy': 'compact' }, source: 'live' as const } } };
    expect(checkProduct(rules, product, weak)).toEqual([]);
    expect(checkProduct(rules, { ...product, tier: 'gold' }, weak).map((x) => x.message)).toEqual([
      'topic "users.profiles.v1" has replication factor 1; a gold product needs ≥ 3',
      'topic "users.profiles.v1" has min.insync.replicas=1 (default); a gold product needs ≥ 2',
    ]);
  });

  it('requires an owner contact', () => {
    expect(checkProduct(rules, { ...product, owner: { team: '', email: '' } }, facts).map((x) => x.path)).toEqual(['owner.team', 'owner.email']);
  });

  it('skips disabled rules and keeps the severity the file gives', () => {
    const relaxed = structuredClone(rules);
    for (const r of relaxed.rules) if (r.id === 'pii-classified') r.severity = 'warning';
    for (const r of relaxed.rules) if (r.id === 'owner-contact') r.enabled = false;
    const v = checkProduct(relaxed, { ...product, owner: { team: '', email: '' }, classification: { piiFields: [], dataRegion: '' } }, facts);
    expect(v.map((x) => [x.ruleId, x.severity])).toEqual([['pii-classified', 'warning'], ['pii-classified', 'warning']]);
  });
});

describe('the rules file', () => {
  it('is created from the defaults on first read', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tributary-rules-'));
    const file = loadRules(dir);
    expect(file.created).toBe(true);
    expect(readFileSync(path.join(dir, 'policies.json'), 'utf8')).toBe(DEFAULT_RULES_TEXT);
    expect(file.rules.rules.map((r) => r.id)).toEqual(['pii-classified', 'data-region', 'retention-matches-history', 'owner-contact', 'tier-replication']);
    expect(loadRules(dir).created).toBe(false);
  });

  it('refuses a malformed file naming the line, instead of falling back to the defaults', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tributary-rules-'));
    writeFileSync(path.join(dir, 'policies.json'), '{\n  "version": 1,\n  "rules": [,]\n}\n');
    expect(() => loadRules(dir)).toThrow(/malformed — line 3, column \d+: not valid JSON/);
  });

  it('refuses rules with wrong fields, naming each field', () => {
    const bad = JSON.parse(DEFAULT_RULES_TEXT);
    bad.rules[4].params.minReplicationFactor = 'three';
    bad.rules[0].severity = 'fatal';
    bad.rules.push({ id: 'no-such-rule', severity: 'error', params: {} });
    const parsed = parseRules(JSON.stringify(bad));
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['rules.0.severity', 'rules.4.params.minReplicationFactor', 'rules.5.id']));
    if (!parsed.ok) expect(parsed.problems.find((p) => p.path === 'rules.5.id')!.message).toMatch(/unknown rule id; the rules are pii-classified/);
  });

  it('saves valid rules and leaves the file alone when they are invalid', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tributary-rules-'));
    loadRules(dir);
    const edited = DEFAULT_RULES_TEXT.replace('"minReplicationFactor": 3', '"minReplicationFactor": 2');
    expect(saveRules(dir, edited).rules.rules.find((r) => r.id === 'tier-replication')).toMatchObject({ params: { minReplicationFactor: 2 } });
    expect(() => saveRules(dir, '{"version": 2, "rules": []}')).toThrow(/not saved: version/);
    expect(readFileSync(path.join(dir, 'policies.json'), 'utf8')).toBe(edited);
  });
});
