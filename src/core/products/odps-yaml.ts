// Import and export of a product as Open Data Product Standard YAML (apiVersion v1.0.0, kind DataProduct),
// with its SLA as ODCS-style slaProperties and what neither standard names (tier, history mode, classification,
// declared producers/consumers, Kafka port details) as customProperties, so other ODPS tools keep them intact.
import YAML from 'yaml';
import type { FieldProblem } from '../errors.ts';
import { ProductInput, problemsOf, type ProductDescriptor, type Validation } from './descriptor.ts';

type Draft = import('zod').output<typeof ProductInput>;

const STATUS_TO_ODPS: Record<ProductDescriptor['status'], string> = { draft: 'draft', published: 'active', deprecated: 'deprecated', retired: 'retired' };

interface CustomProperty {
  property: string;
  value: unknown;
}

const customs = (entries: Array<[string, unknown]>): CustomProperty[] => entries.filter(([, v]) => v !== undefined).map(([property, value]) => ({ property, value }));

/** The ODPS document for a product (a draft, or a folded descriptor with its status and revision). */
export function toOdps(product: Draft | ProductDescriptor): Record<string, unknown> {
  const status = 'status' in product ? STATUS_TO_ODPS[product.status] : 'draft';
  return {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: product.id,
    name: product.name,
    version: product.version,
    status,
    domain: product.domain,
    tags: product.tags,
    description: { purpose: product.description },
    team: { name: product.owner.team, members: [{ username: product.owner.email, role: 'owner' }] },
    support: [{ channel: 'email', url: `mailto:${product.owner.email}` }],
    outputPorts: product.outputPorts.map((p) => ({
      name: p.topic,
      type: 'topic',
      version: product.version,
      customProperties: customs([
        ['key', p.key],
        ['schemaSubject', p.schemaSubject],
        ['format', p.format],
      ]),
    })),
    slaProperties: [
      { property: 'freshness', value: product.sla.freshnessSeconds, unit: 's' },
      { property: 'availability', value: product.sla.availability, unit: '%' },
      { property: 'supportHours', value: product.sla.supportHours },
    ],
    customProperties: customs([
      ['tier', product.tier],
      ['historyMode', product.historyMode],
      ['piiFields', product.classification.piiFields],
      ['dataRegion', product.classification.dataRegion],
      ['producers', product.producers],
      ['consumers', product.consumers],
      ['deprecation', product.deprecation],
      ...('revision' in product
        ? ([
            ['tributaryStatus', product.status],
            ['revision', product.revision],
            ['createdAt', product.createdAt],
            ['updatedAt', product.updatedAt],
            ['updatedBy', product.updatedBy],
          ] as Array<[string, unknown]>)
        : []),
    ]),
  };
}

export function exportYaml(product: Draft | ProductDescriptor): string {
  return `# Open Data Product Standard (ODPS) descriptor, exported by Tributary\n${YAML.stringify(toOdps(product), { lineWidth: 0 })}`;
}

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const customMap = (v: unknown): Map<string, unknown> => new Map(asArray(v).map((c) => [String(asRecord(c).property), asRecord(c).value]));

/**
 * Reads ODPS YAML into a product draft. Every problem is listed with its path in the draft's terms, so a
 * descriptor written by hand says all that is wrong at once.
 */
export function importYaml(text: string): Validation<Draft> {
  let doc: unknown;
  try {
    doc = YAML.parse(text, { maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problems: [{ path: '(yaml)', message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` }] };
  }
  const d = asRecord(doc);
  const problems: FieldProblem[] = [];
  if (d.kind !== undefined && d.kind !== 'DataProduct') problems.push({ path: 'kind', message: `kind is "${String(d.kind)}"; an ODPS product is kind: DataProduct` });
  const team = asRecord(d.team);
  const members = asArray(team.members).map(asRecord);
  const ownerMember = members.find((m) => m.role === 'owner') ?? members[0];
  const supportMail = asArray(d.support).map(asRecord).map((s) => String(s.url ?? '')).find((u) => u.startsWith('mailto:'));
  const email = ownerMember?.username ?? ownerMember?.email ?? supportMail?.slice('mailto:'.length);
  const sla = new Map(asArray(d.slaProperties).map(asRecord).map((s) => [String(s.property), s]));
  const custom = customMap(d.customProperties);
  const description = asRecord(d.description);
  const draft = {
    id: d.id,
    name: d.name,
    version: d.version === undefined ? undefined : String(d.version),
    domain: d.domain,
    owner: { team: team.name, email },
    description: typeof d.description === 'string' ? d.description : (description.purpose ?? ''),
    tags: d.tags,
    tier: custom.get('tier'),
    sla: {
      freshnessSeconds: sla.get('freshness')?.value ?? 3600,
      availability: sla.get('availability')?.value ?? 99,
      supportHours: sla.get('supportHours')?.value ?? '',
    },
    outputPorts: asArray(d.outputPorts).map((raw) => {
      const p = asRecord(raw);
      const c = customMap(p.customProperties);
      return { topic: p.name, key: c.get('key'), schemaSubject: c.get('schemaSubject'), format: c.get('format') };
    }),
    historyMode: custom.get('historyMode'),
    classification: { piiFields: custom.get('piiFields'), dataRegion: custom.get('dataRegion') },
    producers: custom.get('producers'),
    consumers: custom.get('consumers'),
    deprecation: custom.get('deprecation'),
  };
  const parsed = ProductInput.safeParse(dropUndefined(draft));
  if (!parsed.success) problems.push(...problemsOf(parsed.error));
  return problems.length || !parsed.success ? { ok: false, problems } : { ok: true, value: parsed.data };
}

function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, dropUndefined(v)]));
}
