// One wording for a request to an HTTP endpoint of the profile (schema registry, Connect, ksqlDB) that failed
// before any answer: DNS, refused, no answer in time, connection reset, a port fetch refuses, TLS, or what the
// network layer said — each naming the endpoint, its URL and what to check.
import { TributaryError } from '../errors.ts';

export interface Endpoint {
  /** How a sentence names it: "the schema registry", "ksqlDB". */
  who: string;
  url: string;
  timeoutSeconds: number;
}

const capitalised = (who: string) => (who.startsWith('the ') ? `The ${who.slice(4)}` : who);

export function explainNetworkError(error: unknown, { who, url, timeoutSeconds }: Endpoint): TributaryError {
  if (error instanceof TributaryError) return error;
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code ?? e.name ?? '';
  const detail = e.cause?.message ?? e.message ?? String(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new TributaryError('Unreachable', `Cannot resolve the host of ${who} at ${url} (DNS lookup failed) — check the URL`);
  if (code === 'ECONNREFUSED') return new TributaryError('Unreachable', `Connection refused by ${who} at ${url} — is it running, and is the port right?`);
  if (code === 'TimeoutError') return new TributaryError('Unreachable', `No answer from ${who} at ${url} within ${timeoutSeconds} s — is the address right?`);
  if (code === 'ECONNRESET' || code === 'ERR_HTTP2_STREAM_CANCEL' || code === 'ERR_HTTP2_SESSION_ERROR') return new TributaryError('Unreachable', `${capitalised(who)} at ${url} closed the connection (${detail})`);
  if (/bad port/i.test(detail)) return new TributaryError('Invalid', `The port in ${url} is one browsers and fetch refuse to use (a reserved port) — run ${who} on another port`);
  if (/CERT|SSL|TLS/i.test(code + detail)) return new TributaryError('TlsFailed', `TLS with ${who} at ${url} failed (${detail}) — check its certificate or the CA`);
  return new TributaryError('Unreachable', `${capitalised(who)} at ${url} could not be reached: ${detail}`);
}
