// A data product's descriptor: what the mesh registry topic holds per product, validated with zod. Field names
// follow the Open Data Product Standard (id, name, version, domain, status, tags, outputPorts) and the Open
// Data Contract Standard (SLA, classification) where they fit; the rest is what a Kafka product needs.
import { z } from 'zod';
import type { FieldProblem } from '../errors.ts';

/** Product ids are record keys on the registry topic and appear in URLs, so they stay plain. */
export const ProductId = z
  .string()
  .min(1, 'a product needs an id')
  .max(128)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'ids are lower-case letters, digits, ".", "_" and "-", e.g. trading.orders');

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
export const SemVer = z.string().regex(SEMVER, 'the version is semantic: MAJOR.MINOR.PATCH, e.g. 1.0.0');

/** The names Kafka accepts for a topic. */
export const TopicName = z
  .string()
  .min(1, 'a port needs a topic')
  .max(249)
  .regex(/^[A-Za-z0-9._-]+$/, 'topic names are letters, digits, ".", "_" and "-"')
  .refine((t) => t !== '.' && t !== '..', 'a topic cannot be named "." or ".."');

export const PortFormat = z.enum(['AVRO', 'JSON', 'PROTOBUF']);
export type PortFormat = z.infer<typeof PortFormat>;

export const OutputPort = z.object({
  topic: TopicName,
  /** What the record key holds, e.g. "orderId" or "accountId:symbol". */
  key: z.string().max(500).default(''),
  /** The value schema's subject; '' for a schemaless port. */
  schemaSubject: z.string().max(1000).default(''),
  format: PortFormat.default('AVRO'),
});
export type OutputPort = z.infer<typeof OutputPort>;

export const Tier = z.enum(['gold', 'silver', 'bronze']);
export const ProductStatus = z.enum(['draft', 'published', 'deprecated', 'retired']);
export type ProductStatus = z.infer<typeof ProductStatus>;

/** How much history the port's topics keep: every event, the last N days, or the latest value per key. */
export const HistoryMode = z.union([z.literal('all'), z.literal('compacted'), z.object({ lastNDays: z.number().int().min(1).max(36_500) }).strict()]);
export type HistoryMode = z.infer<typeof HistoryMode>;

export const Sla = z.object({
  /** The newest record is at most this old in normal operation. */
  freshnessSeconds: z.number().int().min(0).max(31_536_000),
  /** Percent of time the port is readable, e.g. 99.9. */
  availability: z.number().min(0).max(100),
  /** When the owning team answers, e.g. "24x7" or "Mon–Fri 09:00–17:00 CET". */
  supportHours: z.string().max(200).default(''),
});

export const Deprecation = z.object({
  sunset: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'the sunset is a date, e.g. 2026-12-31'),
  replacement: z.string().max(128).default(''),
  reason: z.string().min(1, 'say why the product is deprecated').max(5000),
});

const Timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T/, 'an ISO-8601 timestamp');

/** What an author writes: everything but the fields the registry maintains. */
export const ProductInput = z.object({
  id: ProductId,
  name: z.string().trim().min(1, 'a product needs a name').max(200),
  version: SemVer.default('1.0.0'),
  domain: z.string().trim().min(1, 'a product belongs to a domain').max(100),
  owner: z.object({
    team: z.string().trim().min(1, 'name the owning team').max(200),
    email: z.email('the owner contact is an e-mail address'),
  }),
  /** Markdown, stored as text and rendered as text-with-markup only by a sanitising renderer. */
  description: z.string().max(100_000).default(''),
  tags: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  tier: Tier.default('bronze'),
  sla: Sla.default({ freshnessSeconds: 3600, availability: 99, supportHours: '' }),
  outputPorts: z.array(OutputPort).min(1, 'a product has at least one output port').max(50),
  historyMode: HistoryMode.default('all'),
  classification: z.object({ piiFields: z.array(z.string().max(500)).max(1000).default([]), dataRegion: z.string().max(100).default('') }).default({ piiFields: [], dataRegion: '' }),
  /** Applications (client ids or consumer groups) the owner declares, beside what lineage infers. */
  producers: z.array(z.string().max(500)).max(500).default([]),
  consumers: z.array(z.string().max(500)).max(500).default([]),
  deprecation: Deprecation.optional(),
});
export type ProductInput = z.input<typeof ProductInput>;

export const ProductDescriptor = ProductInput.extend({
  status: ProductStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** Who wrote this revision (the "actor" of the change). */
  updatedBy: z.string().max(200).default(''),
  /** Starts at 1 and rises by one with every change; an edit names the revision it started from. */
  revision: z.number().int().min(1),
});
export type ProductDescriptor = z.output<typeof ProductDescriptor>;

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** Every problem zod finds, each with the path a form can put it beside ("outputPorts.0.topic"). */
export function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(descriptor)', message: i.message }));
}

export function validateDescriptor(raw: unknown): Validation<ProductDescriptor> {
  const parsed = ProductDescriptor.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: problemsOf(parsed.error) };
}

export function validateProductInput(raw: unknown): Validation<z.output<typeof ProductInput>> {
  const parsed = ProductInput.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  const problems = samePortTwice(parsed.data.outputPorts);
  return problems.length ? { ok: false, problems } : { ok: true, value: parsed.data };
}

function samePortTwice(ports: OutputPort[]): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  ports.forEach((p, i) => {
    if (seen.has(p.topic)) problems.push({ path: `outputPorts.${i}.topic`, message: `topic "${p.topic}" is already another port of this product` });
    seen.add(p.topic);
  });
  return problems;
}

/** The topic configs a history mode asks for (what Tributary sets on a topic it creates, and checks on one it publishes). */
export function historyConfigs(mode: HistoryMode): Record<string, string> {
  if (mode === 'all') return { 'cleanup.policy': 'delete', 'retention.ms': '-1' };
  if (mode === 'compacted') return { 'cleanup.policy': 'compact' };
  return { 'cleanup.policy': 'delete', 'retention.ms': String(mode.lastNDays * 86_400_000) };
}

export function describeHistory(mode: HistoryMode): string {
  if (mode === 'all') return 'full history';
  if (mode === 'compacted') return 'compacted snapshot (latest value per key)';
  return `last ${mode.lastNDays} day${mode.lastNDays === 1 ? '' : 's'}`;
}

/** Problems with a topic's actual configs for the product's history mode; empty when they fit. */
export function historyMismatches(mode: HistoryMode, configs: Record<string, string | null | undefined>): string[] {
  const policy = (configs['cleanup.policy'] ?? 'delete').split(',').map((s) => s.trim());
  const retention = configs['retention.ms'] ?? '604800000';
  const problems: string[] = [];
  if (mode === 'compacted') {
    if (!policy.includes('compact')) problems.push(`cleanup.policy is "${policy.join(',')}" but a compacted product needs "compact"`);
  } else if (mode === 'all') {
    if (policy.includes('compact') || retention !== '-1') problems.push(`a full-history product needs cleanup.policy=delete and retention.ms=-1; the topic has cleanup.policy=${policy.join(',')}, retention.ms=${retention}`);
  } else {
    const wanted = mode.lastNDays * 86_400_000;
    if (retention !== '-1' && Number(retention) < wanted) problems.push(`keeping ${mode.lastNDays} days needs retention.ms ≥ ${wanted}; the topic has retention.ms=${retention}`);
  }
  return problems;
}

/** The next version for a bump of the given kind (pre-release and build parts are dropped). */
export function bumpVersion(version: string, kind: 'major' | 'minor' | 'patch'): string {
  const m = SEMVER.exec(version);
  if (!m) return '1.0.0';
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (kind === 'major') return `${major + 1}.0.0`;
  if (kind === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** Negative, zero or positive as a is older, equal or newer than b (ignoring pre-release order details). */
export function compareVersions(a: string, b: string): number {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  if (!pa || !pb) return a.localeCompare(b);
  for (let i = 1; i <= 3; i++) if (Number(pa[i]) !== Number(pb[i])) return Number(pa[i]) - Number(pb[i]);
  return 0;
}
