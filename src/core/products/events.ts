// Events on the mesh's event topic: one per change to a product or an access request, in the order they
// happened. The type is open (other rooms add lifecycle steps); the known ones are listed for readers.
import { z } from 'zod';

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

export function newEvent(type: KnownEventType, productId: string, actor: string, details: Record<string, unknown> = {}, reason?: string): ProductEvent {
  return { id: crypto.randomUUID(), type, productId, actor, at: new Date().toISOString(), ...(reason ? { reason } : {}), details };
}
