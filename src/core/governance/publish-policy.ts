// The governance rules at publish: facts read live (existing topics' configs and replication from the cluster,
// a topic the publish creates from its provision, schemas from the provision or the registry), and the
// error-level violations returned as publish problems — warnings never block.
import { TributaryError, type FieldProblem } from '../errors.ts';
import { historyConfigs, type ProductInput } from '../products/descriptor.ts';
import type { PortProvision, ProductEnv } from '../products/publish.ts';
import { checkProduct, type PolicyFacts, type PolicyViolation } from './policy-check.ts';
import type { PolicyRules } from './policy-rules.ts';

type Draft = import('zod').output<typeof ProductInput>;

/** What the products room hands planWrite when the engine has a rules file (none in scripts and tests without one). */
export interface PublishPolicy {
  profileName: string;
  /** Read at each plan, so an edit of the rules applies to the next publish; throws Invalid for a malformed file. */
  rules: () => PolicyRules;
}

export async function publishFacts(env: ProductEnv, policy: PublishPolicy, draft: Draft, provision: PortProvision[], liveConfigs: Map<string, Record<string, string>>): Promise<PolicyFacts> {
  const facts: PolicyFacts = { profileId: env.profileId, profileName: policy.profileName, clusterId: null, topics: {}, schemas: {} };
  facts.clusterId = (await env.admin.describeCluster().catch(() => null))?.clusterId ?? null;
  const existing = draft.outputPorts.map((p) => p.topic).filter((t) => liveConfigs.has(t));
  const metadata = existing.length ? await env.admin.fetchTopicMetadata({ topics: existing }).catch(() => ({ topics: [] })) : { topics: [] };
  for (const port of draft.outputPorts) {
    const prov = provision.find((p) => p.topic === port.topic);
    const live = liveConfigs.get(port.topic);
    if (live) {
      const meta = metadata.topics.find((t) => t.name === port.topic);
      facts.topics[port.topic] = { replicationFactor: meta?.partitions[0]?.replicas.length ?? null, configs: live, source: 'live' };
    } else if (prov?.createTopic) {
      facts.topics[port.topic] = { replicationFactor: prov.createTopic.replicationFactor ?? null, configs: { ...prov.createTopic.configs, ...historyConfigs(draft.historyMode) }, source: 'provision' };
    }
    if (!port.schemaSubject) continue;
    if (prov?.schema) {
      facts.schemas[port.schemaSubject] = { format: port.format, schema: prov.schema.schema };
    } else if (env.registry) {
      const latest = await env.registry.getVersion(port.schemaSubject, 'latest').catch((e: unknown) => {
        if (e instanceof TributaryError) return null;
        throw e;
      });
      if (latest) facts.schemas[port.schemaSubject] = { format: latest.schemaType, schema: latest.schema };
    }
  }
  return facts;
}

/** Every violation of the draft (errors and warnings), with facts read live. */
export async function publishViolations(env: ProductEnv, policy: PublishPolicy, draft: Draft, provision: PortProvision[], liveConfigs: Map<string, Record<string, string>>): Promise<PolicyViolation[]> {
  const rules = policy.rules();
  return checkProduct(rules, draft, await publishFacts(env, policy, draft, provision, liveConfigs));
}

/** The error-level violations as publish problems. Retention is left to planWrite's own history check, which says the same. */
export async function publishPolicyProblems(env: ProductEnv, policy: PublishPolicy, draft: Draft, provision: PortProvision[], liveConfigs: Map<string, Record<string, string>>): Promise<FieldProblem[]> {
  const violations = await publishViolations(env, policy, draft, provision, liveConfigs);
  return violations.filter((v) => v.severity === 'error' && v.ruleId !== 'retention-matches-history').map((v) => ({ path: v.path ?? '(policy)', message: `policy ${v.ruleId}: ${v.message}` }));
}
