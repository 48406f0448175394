// Delivers one lifecycle event to a user's webhook: a signed JSON POST, retried with exponential backoff and
// jitter on network errors, timeouts, 408, 429 and 5xx, with every attempt recorded for the delivery log.
// Retries are safe because every attempt carries the same X-Tributary-Delivery id for the receiver to de-duplicate.
import { z } from 'zod';
import { TributaryError } from '../../errors.ts';
import type { Attempt, DeliveryResult } from './delivery.ts';
import { signPayload } from './signature.ts';

/** The webhook's stored settings, as the contract takes them; the secret travels as a write-only vault secret. */
export const WebhookSettingsInput = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), 'must be an http:// or https:// URL'),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  maxAttempts: z.number().int().min(1).max(20).optional(),
  backoffMs: z.number().int().min(0).max(600_000).optional(),
});

export interface WebhookSettings {
  url: string;
  /** HMAC key shared with the receiver, already read from the vault. */
  secret: string;
  /** Per attempt, headers and body together. Default 10 s. */
  timeoutMs?: number;
  /** Default 5. */
  maxAttempts?: number;
  /** First retry waits about this long, doubling each time. Default 1 s. */
  backoffMs?: number;
}

export interface WebhookEvent {
  id: string;
  type: string;
  [k: string]: unknown;
}

export interface WebhookOptions {
  /** Waits between attempts; tests pass a fake so backoff costs no time. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** In [0, 1); drives the jitter. */
  random?: () => number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_BACKOFF_MS = 1_000;
/** No single wait, computed or asked for with Retry-After, exceeds this. */
export const MAX_WAIT_MS = 60_000;
const SNIPPET_BYTES = 300;
const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/i;
const HEADER_SAFE = /^[\x21-\x7e]{1,200}$/;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends `event` to the webhook; resolves with the delivery state and every attempt. Throws only Invalid for bad settings. */
export async function deliverWebhook(settings: WebhookSettings, event: WebhookEvent, opts: WebhookOptions = {}): Promise<DeliveryResult> {
  const { url, timeoutMs, maxAttempts, backoffMs } = validate(settings, event);
  const body = serialize(event);
  const now = opts.now ?? (() => new Date());
  const sleep = opts.sleep ?? realSleep;
  const random = opts.random ?? Math.random;
  const warnings = plainHttpWarning(url);
  const shown = withoutCredentials(url);
  const attempts: Attempt[] = [];

  for (let n = 1; n <= maxAttempts; n++) {
    const outcome = await attempt(url, shown, settings.secret, event, body, timeoutMs, now);
    attempts.push({ attempt: n, ...outcome.record });
    const result = (state: DeliveryResult['state'], detail: string): DeliveryResult => ({
      channel: 'webhook',
      target: shown,
      state,
      attempts,
      detail,
      ...(warnings.length ? { warnings } : {}),
    });
    if (outcome.record.outcome === 'delivered') {
      return result('delivered', `Delivered to ${shown} on attempt ${n} of ${maxAttempts} (HTTP ${outcome.record.status})`);
    }
    if (!outcome.retry) {
      return result('failed', `${outcome.record.detail}; not retried: ${outcome.whyFinal}`);
    }
    if (n === maxAttempts) {
      return result('failed', `Gave up after ${n} attempt${n === 1 ? '' : 's'}; the last: ${outcome.record.detail}. Check that the receiver at ${shown} is up and answers 2xx`);
    }
    await sleep(waitBefore(n + 1, backoffMs, outcome.retryAfterMs, random));
  }
  throw new TributaryError('Internal', 'webhook delivery ended without a result'); // unreachable: maxAttempts >= 1
}

type AttemptOutcome =
  | { record: Omit<Attempt, 'attempt'>; retry: true; retryAfterMs?: number }
  | { record: Omit<Attempt, 'attempt'>; retry: false; whyFinal?: string };

async function attempt(url: URL, shown: string, secret: string, event: WebhookEvent, body: string, timeoutMs: number, now: () => Date): Promise<AttemptOutcome> {
  const startedAt = now();
  const started = performance.now();
  // Signed per attempt, so a late retry is not refused as stale by the receiver's timestamp tolerance.
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const record = (outcome: Attempt['outcome'], detail: string, status?: number): Omit<Attempt, 'attempt'> => ({
    at: startedAt.toISOString(),
    outcome,
    ...(status === undefined ? {} : { status }),
    detail,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const response = await fetch(shown, {
      method: 'POST',
      body,
      // A redirected POST would lose its body or change method; the user should point at the final URL instead.
      redirect: 'manual',
      signal: controller.signal,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Tributary-Webhook/1',
        'X-Tributary-Event': event.type,
        'X-Tributary-Delivery': event.id,
        'X-Tributary-Timestamp': String(timestamp),
        'X-Tributary-Signature': signPayload(secret, timestamp, body),
        ...basicAuth(url),
      },
    });
    const snippet = await readSnippet(response);
    const status = response.status;
    const said = `${shown} answered ${status}${response.statusText ? ` ${response.statusText}` : ''}${snippet ? `: ${snippet}` : ''}`;
    if (status >= 200 && status < 300) return { record: record('delivered', said, status), retry: false };
    if (status === 408 || status === 429 || status >= 500) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
      return { record: record('http-error', said, status), retry: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    }
    if (status >= 300 && status < 400) {
      const to = response.headers.get('location');
      return { record: record('http-error', said, status), retry: false, whyFinal: `the receiver redirects${to ? ` to ${to}` : ''}; set the webhook URL to the final address` };
    }
    return { record: record('http-error', said, status), retry: false, whyFinal: `a ${status} means the receiver refused this request; check its URL, secret and logs` };
  } catch (err) {
    if (controller.signal.aborted) {
      return { record: record('timeout', `${shown} did not answer within ${formatMs(timeoutMs)}`), retry: true };
    }
    const { code, message } = networkCause(err);
    if (TLS_CODES.test(code) || TLS_CODES.test(message)) {
      return {
        record: record('network-error', `TLS with ${url.host} failed (${code || message})`),
        retry: false,
        whyFinal: "a certificate problem does not fix itself; check the receiver's certificate or use its trusted name",
      };
    }
    const what = code === 'ECONNREFUSED' ? 'refused the connection' : code === 'ENOTFOUND' ? 'could not be found in DNS' : `could not be reached (${code || message})`;
    return { record: record('network-error', `${url.host} ${what}`), retry: true };
  } finally {
    clearTimeout(timer);
  }
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so many senders do not retry in step. */
function waitBefore(nextAttempt: number, backoffMs: number, retryAfterMs: number | undefined, random: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_WAIT_MS);
  const step = Math.min(backoffMs * 2 ** (nextAttempt - 2), MAX_WAIT_MS);
  return Math.round(step / 2 + random() * (step / 2));
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** The first few hundred bytes of the answer, enough to show a receiver's error message in the log. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < SNIPPET_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size >= SNIPPET_BYTES) await reader.cancel().catch(() => {});
  const text = Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > SNIPPET_BYTES ? `${text.slice(0, SNIPPET_BYTES)}…` : text;
}

function networkCause(err: unknown): { code: string; message: string } {
  const e = err as { message?: string; cause?: { code?: string; message?: string; errors?: { code?: string }[] } };
  // undici reports the socket error as `cause`; for a host with several addresses it is an AggregateError.
  const code = e?.cause?.code ?? e?.cause?.errors?.[0]?.code ?? '';
  return { code, message: e?.cause?.message || e?.message || String(err) };
}

function validate(settings: WebhookSettings, event: WebhookEvent): { url: URL; timeoutMs: number; maxAttempts: number; backoffMs: number } {
  const parsed = WebhookSettingsInput.safeParse({ url: settings.url, timeoutMs: settings.timeoutMs, maxAttempts: settings.maxAttempts, backoffMs: settings.backoffMs });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new TributaryError('Invalid', `Webhook settings are invalid: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, { fields });
  }
  if (!settings.secret) {
    throw new TributaryError('Invalid', 'The webhook has no signing secret — set one in the notification settings so receivers can verify deliveries', { fields: [{ path: 'secret', message: 'required' }] });
  }
  if (!HEADER_SAFE.test(event.id) || !HEADER_SAFE.test(event.type)) {
    throw new TributaryError('Invalid', `A webhook event needs an id and a type of visible ASCII without spaces (got id '${event.id}', type '${event.type}')`);
  }
  return {
    url: new URL(parsed.data.url),
    timeoutMs: parsed.data.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxAttempts: parsed.data.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    backoffMs: parsed.data.backoffMs ?? DEFAULT_BACKOFF_MS,
  };
}

function serialize(event: WebhookEvent): string {
  try {
    return JSON.stringify(event);
  } catch (err) {
    throw new TributaryError('Invalid', `The webhook event ${event.id} cannot be written as JSON: ${(err as Error).message}`);
  }
}

/** Plain http leaves the machine unencrypted unless it goes to loopback; allowed (a lab receiver), but flagged. */
function plainHttpWarning(url: URL): string[] {
  if (url.protocol !== 'http:') return [];
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
  return loopback ? [] : [`${url.host} is reached over plain http: the event and its signature travel unencrypted; use https`];
}

/** fetch refuses a URL with user:password in it; a receiver behind basic auth gets it as a header instead. */
function basicAuth(url: URL): Record<string, string> {
  if (!url.username && !url.password) return {};
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { Authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
}

/** The URL as the delivery log shows it: user:password in a URL is a secret and stays out of the log. */
function withoutCredentials(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s` : `${ms} ms`;
}
