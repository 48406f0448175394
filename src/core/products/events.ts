// Events on the mesh's event topic: one per change to a product or an access request, in the order they
// happened. The type is open (other rooms add lifecycle steps); the known ones are listed for readers.
import { z } from 'zod';
import type { FieldProblem } from '../errors.ts';
import { problemsOf } from './descriptor.ts';

export const knownEventTypes = [
  'created',
  'published',
  'updated',
  'schema-changed',
  'unpublished',
  'deprecated',
  'retired',
  'access-requested',
  'access-granted',
  'access-denied',
  // lifecycle (src/core/lifecycle)
  'consumer-notified',
  'notification-failed',
  'access-restricted',
  'signoff-requested',
  'signoff-decided',
  'signoff-overridden',
  'new-version',
  'keys-forgotten',
] as const;
export type KnownEventType = (typeof knownEventTypes)[number];

export const ProductEvent = z.object({
  /** Unique per event, so a re-fold or a duplicate write never counts one twice. */
  id: z.string().min(1).max(100),
  type: z.string().regex(/^[a-z][a-z-]{0,63}$/, 'event types are lower-case words joined by "-"'),
  productId: z.string().min(1).max(128),
  actor: z.string().max(200),
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T/, 'an ISO-8601 timestamp'),
  reason: z.string().max(5000).optional(),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type ProductEvent = z.output<typeof ProductEvent>;

const EVENT_TYPE = /^[a-z][a-z-]{0,63}$/;
const ISO_START = /^\d{4}-\d{2}-\d{2}T/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;

/**
 * The ProductEvent schema's answer for a parsed JSON value. A fold reads every event of the log, and zod's
 * general walk cost as much as parsing the JSON; this checks the same rules directly, and only a record that
 * fails them (or holds a "__proto__" key, which zod's copy would drop) goes through zod for its problems.
 */
export function readEvent(json: unknown): { ok: true; value: ProductEvent } | { ok: false; problems: FieldProblem[] } {
  if (isRecord(json)) {
    const { id, type, productId, actor, at, reason, details } = json;
    if (
      text(id, 1, 100) &&
      typeof type === 'string' &&
      EVENT_TYPE.test(type) &&
      text(productId, 1, 128) &&
      text(actor, 0, 200) &&
      typeof at === 'string' &&
      ISO_START.test(at) &&
      (reason === undefined || text(reason, 0, 5000)) &&
      (details === undefined || (isRecord(details) && !Object.hasOwn(details, '__proto__')))
    ) {
      return { ok: true, value: { id, type, productId, actor, at, ...(reason !== undefined ? { reason } : {}), details: details ?? {} } };
    }
  }
  const parsed = ProductEvent.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: problemsOf(parsed.error) };
}

export function newEvent(type: KnownEventType, productId: string, actor: string, details: Record<string, unknown> = {}, reason?: string): ProductEvent {
  return { id: crypto.randomUUID(), type, productId, actor, at: new Date().toISOString(), ...(reason ? { reason } : {}), details };
}
