// Evaluates the governance rules against one product: pure, from the descriptor and the facts about its topics
// and schemas (read from the latest snapshot, or live at publish). Each violation names the rule, how severe it
// is and what to change.
import { describeHistory, historyMismatches, type ProductInput } from '../products/descriptor.ts';
import type { PolicyRule, PolicyRules } from './policy-rules.ts';
import { schemaFieldPaths } from './schema-field-paths.ts';

type Draft = import('zod').output<typeof ProductInput>;
/** What the rules read of a descriptor (a draft at publish, a folded descriptor otherwise). */
export type PolicyDescriptor = Pick<Draft, 'id' | 'owner' | 'tags' | 'tier' | 'outputPorts' | 'historyMode' | 'classification'>;

export interface TopicFacts {
  replicationFactor: number | null;
  configs: Record<string, string | null>;
  /** Where the facts come from: the snapshot, the live cluster, or a topic the publish is about to create. */
  source: 'snapshot' | 'live' | 'provision';
}

export interface PolicyFacts {
  profileId: string;
  profileName: string;
  clusterId: string | null;
  /** Per port topic; absent when neither the snapshot nor the cluster knows it. */
  topics: Record<string, TopicFacts>;
  /** Latest value schema per subject; absent when it is not known. */
  schemas: Record<string, { format: string; schema: string }>;
}

export interface PolicyViolation {
  ruleId: string;
  severity: 'error' | 'warning';
  productId: string;
  message: string;
  /** The descriptor field to change, e.g. classification.piiFields or outputPorts.0.topic. */
  path?: string;
}

export function checkProduct(rules: PolicyRules, descriptor: PolicyDescriptor, facts: PolicyFacts): PolicyViolation[] {
  return rules.rules.filter((r) => r.enabled).flatMap((rule) => {
    const found: Array<{ message: string; path?: string }> = check(rule, descriptor, facts);
    return found.map((v) => ({ ruleId: rule.id, severity: rule.severity, productId: descriptor.id, message: v.message, ...(v.path ? { path: v.path } : {}) }));
  });
}

function check(rule: PolicyRule, d: PolicyDescriptor, facts: PolicyFacts): Array<{ message: string; path?: string }> {
  switch (rule.id) {
    case 'owner-contact': {
      const out: Array<{ message: string; path?: string }> = [];
      if (!d.owner?.team?.trim()) out.push({ message: 'the product names no owning team', path: 'owner.team' });
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.owner?.email ?? '')) out.push({ message: 'the product has no contact e-mail address for its owner', path: 'owner.email' });
      return out;
    }
    case 'pii-classified':
      return piiUnclassified(rule.params, d, facts);
    case 'data-region':
      return regionMismatch(rule.params, d, facts);
    case 'retention-matches-history':
      return d.outputPorts.flatMap((p, i) => {
        const t = facts.topics[p.topic];
        if (!t) return [];
        return historyMismatches(d.historyMode, t.configs).map((m) => ({ message: `topic "${p.topic}" does not keep ${describeHistory(d.historyMode)}: ${m}`, path: `outputPorts.${i}.topic` }));
      });
    case 'tier-replication': {
      if (d.tier !== rule.params.tier) return [];
      const { minReplicationFactor, minInsyncReplicas } = rule.params;
      return d.outputPorts.flatMap((p, i) => {
        const t = facts.topics[p.topic];
        if (!t) return [];
        const out: Array<{ message: string; path?: string }> = [];
        const path = `outputPorts.${i}.topic`;
        if (t.replicationFactor === null) out.push({ message: `topic "${p.topic}" is created with the cluster's default replication factor; a ${d.tier} product states replicationFactor ≥ ${minReplicationFactor}`, path });
        else if (t.replicationFactor < minReplicationFactor) out.push({ message: `topic "${p.topic}" has replication factor ${t.replicationFactor}; a ${d.tier} product needs ≥ ${minReplicationFactor}`, path });
        const isr = Number(t.configs['min.insync.replicas'] ?? '1');
        if (isr < minInsyncReplicas) out.push({ message: `topic "${p.topic}" has min.insync.replicas=${t.configs['min.insync.replicas'] ?? '1 (default)'}; a ${d.tier} product needs ≥ ${minInsyncReplicas}`, path });
        return out;
      });
    }
  }
}

/** camelCase and kebab-case to snake_case, lower-cased: "ipAddress" → "ip_address". */
function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toLowerCase();
}

function piiUnclassified(params: Extract<PolicyRule, { id: 'pii-classified' }>['params'], d: PolicyDescriptor, facts: PolicyFacts) {
  const looks = params.fieldPatterns.map((p) => new RegExp(p, 'i'));
  const ignored = params.ignorePatterns.map((p) => new RegExp(p, 'i'));
  const classified = new Set(d.classification.piiFields.map((f) => f.toLowerCase()));
  const out: Array<{ message: string; path?: string }> = [];
  for (const port of d.outputPorts) {
    const schema = port.schemaSubject ? facts.schemas[port.schemaSubject] : undefined;
    if (!schema) continue;
    let fields;
    try {
      fields = schemaFieldPaths(schema.format, schema.schema);
    } catch {
      continue; // a schema the registry accepted but we cannot read: the schema pages say so
    }
    for (const f of fields) {
      const name = snake(f.name);
      if (!looks.some((r) => r.test(name)) || ignored.some((r) => r.test(name))) continue;
      const withoutRoot = f.path.split('.').slice(1).join('.');
      if ([f.name, f.path, withoutRoot].some((x) => classified.has(x.toLowerCase()))) continue;
      out.push({ message: `field "${withoutRoot || f.name}" of ${port.schemaSubject} looks like personal data but is not listed in classification.piiFields`, path: 'classification.piiFields' });
    }
  }
  return out;
}

function regionMismatch(params: Extract<PolicyRule, { id: 'data-region' }>['params'], d: PolicyDescriptor, facts: PolicyFacts) {
  const tagged = d.tags.filter((t) => /^region:/i.test(t)).map((t) => t.slice('region:'.length).trim());
  const declared = [...new Set([d.classification.dataRegion.trim(), ...tagged].filter(Boolean).map((r) => r.toLowerCase()))];
  if (declared.length === 0) return [];
  if (declared.length > 1) return [{ message: `the product declares more than one data region (${declared.join(', ')}); keep one`, path: 'classification.dataRegion' }];
  const want = declared[0]!;
  const actual = params.profiles[facts.profileName] ?? params.profiles[facts.profileId] ?? (facts.clusterId ? params.clusters[facts.clusterId] : undefined);
  if (!actual) {
    return [{ message: `the product must stay in region "${want}", but the region of cluster "${facts.profileName}"${facts.clusterId ? ` (id ${facts.clusterId})` : ''} is unknown — map the profile or cluster id to a region in the data-region rule`, path: 'classification.dataRegion' }];
  }
  if (actual.toLowerCase() !== want) return [{ message: `the product must stay in region "${want}", but cluster "${facts.profileName}" is in "${actual}"`, path: 'classification.dataRegion' }];
  return [];
}
