// The governance room: a proposed schema checked by the registry and by the semantic diff side by side, the
// editable policy rules, and the policy check of every product against the newest snapshot (with its report).
import type { Out } from '../contract.ts';
import { httpEndpoint } from '../cluster/connection.ts';
import { createSchemaRegistryClient, type SchemaType } from '../cluster/schema-registry.ts';
import type { EngineContext, RoomHandlers } from '../engine-context.ts';
import { TributaryError } from '../errors.ts';
import { ProductStore } from '../products/product-store.ts';
import { checkProduct, type PolicyViolation } from './policy-check.ts';
import { factsFromSnapshot } from './policy-facts.ts';
import { loadRules, saveRules, type RulesFile } from './policy-rules.ts';
import { formatReport } from './report.ts';
import { diffSchemas } from './schema-diff.ts';

type Calls = 'governance.diffSchema' | 'governance.rules' | 'governance.saveRules' | 'governance.check' | 'governance.report';

function rulesOut(file: RulesFile): Out<'governance.rules'> {
  return { path: file.path, text: file.text, created: file.created, rules: file.rules.rules.map((r) => ({ id: r.id, description: r.description, severity: r.severity, enabled: r.enabled, params: r.params as Record<string, unknown> })) };
}

export function governanceHandlers(ctx: EngineContext): RoomHandlers<Calls> {
  const products = new ProductStore(ctx.db);

  /** The subject's version from the cache (newest snapshot), when the registry cannot be asked. */
  function cachedVersion(profileId: string, subject: string, version: number | 'latest') {
    const row = ctx.db
      .prepare(
        `SELECT version, schema_type, schema FROM schema_versions WHERE profile_id = ? AND subject = ?
           AND (? = 'latest' OR version = ?) ORDER BY version DESC LIMIT 1`,
      )
      .get(profileId, subject, String(version), version === 'latest' ? -1 : version) as { version: number; schema_type: string; schema: string } | undefined;
    return row ? { version: row.version, schemaType: row.schema_type, schema: row.schema } : null;
  }

  function check(profileId: string, productId?: string) {
    const rules = loadRules(ctx.options.dataDir).rules;
    const profile = ctx.profiles.get(profileId);
    const snapshot = ctx.snapshots.latest(profileId);
    const list = productId ? [products.get(profileId, productId)] : products.list(profileId);
    const facts = factsFromSnapshot(
      ctx.db,
      profile,
      snapshot,
      list.flatMap((d) => d.outputPorts.map((p) => p.topic)),
      list.flatMap((d) => d.outputPorts.map((p) => p.schemaSubject).filter(Boolean)),
    );
    const violations: PolicyViolation[] = [];
    const rows = list.map((d) => {
      const found = d.status === 'retired' ? [] : checkProduct(rules, d, facts);
      violations.push(...found);
      return { productId: d.id, name: d.name, domain: d.domain, ownerTeam: d.owner.team, tier: d.tier, status: d.status, errors: found.filter((v) => v.severity === 'error').length, warnings: found.filter((v) => v.severity === 'warning').length };
    });
    return { snapshot, products: rows, violations };
  }

  return {
    'governance.diffSchema': async ({ profileId, subject, format, proposed, againstVersion }) => {
      const profile = ctx.profiles.get(profileId);
      let registryUnavailable: string | null = profile.registryUrl ? null : 'the profile names no schema registry';
      const client = profile.registryUrl ? (() => {
        const endpoint = httpEndpoint(profile, ctx.vault, 'registry');
        return createSchemaRegistryClient({ url: endpoint.url, ...(endpoint.auth ? { auth: endpoint.auth } : {}) });
      })() : null;

      let current: { version: number; schemaType: string; schema: string; source: 'registry' | 'cache' } | null = null;
      if (client) {
        try {
          const v = await client.getVersion(subject, againstVersion);
          current = { version: v.version, schemaType: v.schemaType, schema: v.schema, source: 'registry' };
        } catch (err) {
          if (!(err instanceof TributaryError)) throw err;
          if (err.kind !== 'NotFound') registryUnavailable = err.message;
        }
      }
      if (!current && registryUnavailable) {
        const cached = cachedVersion(profileId, subject, againstVersion);
        if (cached) current = { ...cached, source: 'cache' };
      }
      const kind = format ?? (current?.schemaType as SchemaType | undefined) ?? 'AVRO';
      if (kind !== 'AVRO' && kind !== 'JSON') throw new TributaryError('Invalid', `Subject "${subject}" holds ${kind} schemas; Tributary's semantic diff covers Avro and JSON Schema — the registry's compatibility check still applies when you register`);
      if (current && format && current.schemaType !== format) throw new TributaryError('Invalid', `Subject "${subject}" holds ${current.schemaType} schemas, not ${format}; pick ${current.schemaType} or another subject`);

      // Checks the proposal parses even for a subject without versions (a diff with itself has no changes).
      const diff = diffSchemas(kind, current?.schema ?? proposed, proposed);

      let registry: Out<'governance.diffSchema'>['registry'] = null;
      if (client && current?.source === 'registry') {
        try {
          const [verdict, level] = await Promise.all([client.testCompatibility(subject, { schema: proposed, schemaType: kind }, againstVersion), client.getSubjectCompatibility(subject)]);
          registry = { isCompatible: verdict.isCompatible, messages: verdict.messages, level: level.level };
        } catch (err) {
          if (!(err instanceof TributaryError)) throw err;
          registryUnavailable = err.message;
        }
      } else if (client && !current && !registryUnavailable) {
        registryUnavailable = `subject "${subject}" has no version in the registry yet, so there is nothing to check compatibility against`;
      }
      return {
        subject,
        format: kind,
        current: current ? { version: current.version, schema: current.schema, source: current.source } : null,
        proposed,
        registry,
        registryUnavailable: registry ? null : registryUnavailable,
        diff,
      };
    },
    'governance.rules': async () => rulesOut(loadRules(ctx.options.dataDir)),
    'governance.saveRules': async ({ text }) => rulesOut(saveRules(ctx.options.dataDir, text)),
    'governance.check': async ({ profileId, productId }) => check(profileId, productId),
    'governance.report': async ({ profileId, format }) => {
      const profile = ctx.profiles.get(profileId);
      return formatReport(format, profile.name, check(profileId), new Date().toISOString());
    },
  };
}
