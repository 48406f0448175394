// Signs Tributary's webhook bodies and checks them on the receiving side: HMAC-SHA256 over "<timestamp>.<body>"
// with the shared secret. Exported for users' receivers as much as for our own sender and tests.
//
// A receiver (Node, any framework that gives the raw body; parse JSON only after verifying):
//
//   import { createServer } from 'node:http';
//   import { verifySignature } from './signature.ts';
//   const seen = new Set<string>();                       // use a store that outlives the process in production
//   createServer((req, res) => {
//     const chunks: Buffer[] = [];
//     req.on('data', (c) => chunks.push(c)).on('end', () => {
//       const body = Buffer.concat(chunks);
//       const check = verifySignature(process.env.WEBHOOK_SECRET!, req.headers, body, { toleranceSeconds: 300 });
//       if (!check.ok) return res.writeHead(401).end(check.reason);
//       if (!seen.has(check.deliveryId)) { seen.add(check.deliveryId); handle(JSON.parse(body.toString('utf8'))); }
//       res.writeHead(204).end();                          // answer 2xx for a duplicate too, or it is retried
//     });
//   }).listen(8080);
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'x-tributary-signature';
export const timestampHeader = 'x-tributary-timestamp';
export const deliveryHeader = 'x-tributary-delivery';
export const eventHeader = 'x-tributary-event';

const prefix = 'sha256=';

/** The X-Tributary-Signature value for a body sent at `timestamp` (unix seconds): "sha256=<hex>". */
export function signPayload(secret: string, timestamp: number, body: string | Uint8Array): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return prefix + hmac.digest('hex');
}

export type SignatureCheck = { ok: true; deliveryId: string; eventType: string; timestamp: number } | { ok: false; reason: string };

/** Node's IncomingHttpHeaders (lower-case keys), a fetch Headers object, or a plain record. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks a received webhook: the signature must match the raw body byte for byte (compared in constant time)
 * and the timestamp must lie within `toleranceSeconds` of now, so a captured request cannot be replayed later.
 */
export function verifySignature(
  secret: string,
  headers: HeaderSource,
  body: string | Uint8Array,
  opts: { toleranceSeconds: number; now?: () => Date },
): SignatureCheck {
  const signature = header(headers, signatureHeader);
  const stamp = header(headers, timestampHeader);
  if (!signature) return { ok: false, reason: 'missing X-Tributary-Signature header' };
  if (!stamp || !/^\d{1,12}$/.test(stamp)) return { ok: false, reason: 'missing or malformed X-Tributary-Timestamp header' };
  const timestamp = Number(stamp);
  const nowSeconds = Math.floor((opts.now?.() ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > opts.toleranceSeconds) {
    return { ok: false, reason: `timestamp ${timestamp} is ${nowSeconds - timestamp}s from now, outside the ${opts.toleranceSeconds}s tolerance (replayed, or a clock is off)` };
  }
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const received = Buffer.from(signature.trim());
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the secret.
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return { ok: false, reason: 'signature does not match the body: wrong secret, or the body was changed in transit' };
  }
  return { ok: true, deliveryId: header(headers, deliveryHeader) ?? '', eventType: header(headers, eventHeader) ?? '', timestamp };
}
