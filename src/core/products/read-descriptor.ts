// The fold's check of a product record: the ProductDescriptor schema's answer without zod's general walk for
// a descriptor already in the form Tributary writes. Anything else goes through zod, so its problems are zod's.
import { z } from 'zod';
import { validateDescriptor, type ProductDescriptor, type Validation } from './descriptor.ts';

// The same patterns as the schema's (descriptor.ts), and zod's own for z.email().
const PRODUCT_ID = /^[a-z0-9][a-z0-9._-]*$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const TOPIC = /^[A-Za-z0-9._-]+$/;
const ISO_START = /^\d{4}-\d{2}-\d{2}T/;
const EMAIL = z.regexes.email;
const TIERS = new Set(['gold', 'silver', 'bronze']);
const STATUSES = new Set(['draft', 'published', 'deprecated', 'retired']);
const FORMATS = new Set(['AVRO', 'JSON', 'PROTOBUF']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
/** A string the schema trims: only one that is trimmed already passes, so the checks see what zod's would. */
const trimmed = (v: unknown, min: number, max: number): v is string => text(v, min, max) && v.trim() === v;
const int = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const texts = (v: unknown, maxItems: number, check: (item: unknown) => boolean): v is string[] => Array.isArray(v) && v.length <= maxItems && v.every(check);

type Port = ProductDescriptor['outputPorts'][number];

function port(v: unknown): Port | null {
  if (!isRecord(v)) return null;
  const { topic, key, schemaSubject, format } = v;
  if (!(text(topic, 1, 249) && TOPIC.test(topic) && topic !== '.' && topic !== '..' && text(key, 0, 500) && text(schemaSubject, 0, 1000) && typeof format === 'string' && FORMATS.has(format))) return null;
  return { topic, key, schemaSubject, format: format as Port['format'] };
}

function historyMode(v: unknown): ProductDescriptor['historyMode'] | null {
  if (v === 'all' || v === 'compacted') return v;
  // The object form is strict in the schema: one key and nothing else.
  if (isRecord(v) && Object.keys(v).length === 1 && int(v.lastNDays, 1, 36_500)) return { lastNDays: v.lastNDays };
  return null;
}

/**
 * The descriptor when every field is present and valid as written (defaults filled, names trimmed, no
 * deprecation), built in the schema's key order with unknown keys left out — what zod returns for it; null
 * for anything else.
 */
function canonical(json: unknown): ProductDescriptor | null {
  if (!isRecord(json)) return null;
  const { id, name, version, domain, owner, description, tags, tier, sla, outputPorts, historyMode: history, classification, producers, consumers, deprecation, status, createdAt, updatedAt, updatedBy, revision } = json;
  if (!(text(id, 1, 128) && PRODUCT_ID.test(id) && trimmed(name, 1, 200) && typeof version === 'string' && SEMVER.test(version) && trimmed(domain, 1, 100))) return null;
  if (!(isRecord(owner) && trimmed(owner.team, 1, 200) && typeof owner.email === 'string' && EMAIL.test(owner.email))) return null;
  if (!(text(description, 0, 100_000) && texts(tags, 100, (t) => trimmed(t, 1, 100)) && typeof tier === 'string' && TIERS.has(tier))) return null;
  if (!(isRecord(sla) && int(sla.freshnessSeconds, 0, 31_536_000) && typeof sla.availability === 'number' && sla.availability >= 0 && sla.availability <= 100 && text(sla.supportHours, 0, 200))) return null;
  if (!(Array.isArray(outputPorts) && outputPorts.length >= 1 && outputPorts.length <= 50)) return null;
  const ports: Port[] = [];
  for (const p of outputPorts) {
    const checked = port(p);
    if (!checked) return null;
    ports.push(checked);
  }
  const mode = historyMode(history);
  if (mode === null) return null;
  if (!(isRecord(classification) && texts(classification.piiFields, 1000, (f) => text(f, 0, 500)) && text(classification.dataRegion, 0, 100))) return null;
  if (!(texts(producers, 500, (p) => text(p, 0, 500)) && texts(consumers, 500, (c) => text(c, 0, 500)))) return null;
  if (deprecation !== undefined) return null;
  if (!(typeof status === 'string' && STATUSES.has(status) && typeof createdAt === 'string' && ISO_START.test(createdAt) && typeof updatedAt === 'string' && ISO_START.test(updatedAt) && text(updatedBy, 0, 200) && int(revision, 1, Number.MAX_SAFE_INTEGER))) return null;
  return {
    id,
    name,
    version,
    domain,
    owner: { team: owner.team, email: owner.email },
    description,
    tags: tags.slice(),
    tier: tier as ProductDescriptor['tier'],
    sla: { freshnessSeconds: sla.freshnessSeconds, availability: sla.availability, supportHours: sla.supportHours },
    outputPorts: ports,
    historyMode: mode,
    classification: { piiFields: classification.piiFields.slice(), dataRegion: classification.dataRegion },
    producers: producers.slice(),
    consumers: consumers.slice(),
    status: status as ProductDescriptor['status'],
    createdAt,
    updatedAt,
    updatedBy,
    revision,
  };
}

/**
 * validateDescriptor's answer for a parsed JSON value. A first fold reads every product of the log, and zod's
 * walk was a tenth of it (50k descriptors: ~0.5 s); a record this does not vouch for goes through zod.
 */
export function readDescriptor(json: unknown): Validation<ProductDescriptor> {
  const value = canonical(json);
  return value ? { ok: true, value } : validateDescriptor(json);
}
