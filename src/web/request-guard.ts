// Decides whether a request reached the web host from this run's own page: the Host header names the loopback
// port (a DNS-rebound name is refused), any Origin is that same origin, and the run's token comes along — in
// the launcher URL's ?token= once, then in an HttpOnly SameSite=Strict cookie the host set in return.
import crypto from 'node:crypto';
import type http from 'node:http';

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/** Cookies are shared by every port of a host, so the name carries the port: two hosts never overwrite each other's. */
export function tokenCookieName(port: number): string {
  return `tributary_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function sameToken(presented: string | null | undefined, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function cookieValue(req: http.IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** Host and Origin: what a page on another site (or a rebound DNS name pointing here) cannot forge in a browser. */
export function checkSite(req: http.IncomingMessage, port: number, options: { originRequired: boolean }): Verdict {
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return { ok: false, status: 403, reason: `Refused: the Host header must be 127.0.0.1:${port} or localhost:${port}, not "${host.slice(0, 100)}"` };
  }
  const origin = req.headers.origin;
  if (origin === undefined ? options.originRequired : !ownOrigins(port).includes(origin)) {
    return { ok: false, status: 403, reason: `Refused: requests must come from the Tributary page itself (origin ${ownOrigins(port)[0]}), not "${(origin ?? 'none').slice(0, 100)}"` };
  }
  return { ok: true };
}

/** The token, from the URL's ?token= or from the cookie; either one matching is enough. */
export function checkToken(req: http.IncomingMessage, url: URL, port: number, token: string): Verdict {
  if (sameToken(url.searchParams.get('token'), token) || sameToken(cookieValue(req, tokenCookieName(port)), token)) return { ok: true };
  return { ok: false, status: 401, reason: "Refused: this request does not carry this run's token — open the URL the Tributary web host printed when it started" };
}

/** The request target as a URL on this host, or null when it is not one (absolute-form targets of other hosts too). */
export function requestUrl(req: http.IncomingMessage): URL | null {
  const target = req.url ?? '/';
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://127.0.0.1');
  } catch {
    return null;
  }
}
