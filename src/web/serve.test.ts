import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { contentSecurityPolicy } from '../core/content-security-policy.ts';
import { startWebHost, type WebHost } from './serve.ts';

let host: WebHost;
let dataDir: string;
let own: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-web-'));
  const staticDir = path.join(dataDir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Tributary</title>');
  fs.writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1)');
  host = await startWebHost({ port: 0, dataDir, staticDir });
  own = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const cookie = () => `tributary_token_${host.port}=${host.token}`;

/** A raw HTTP request, so the test controls Host and Origin the way a browser on another site would send them. */
function get(target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: target, method, headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(options: { token?: string; origin?: string; headers?: Record<string, string>; path?: string } = {}): WebSocket {
  const query = options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`;
  return new WebSocket(`ws://127.0.0.1:${host.port}${options.path ?? '/api'}${query}`, { origin: options.origin ?? own, headers: options.headers });
}
function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}
function refusal(ws: WebSocket): Promise<string> {
  return new Promise((resolve) => {
    ws.once('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
    ws.once('close', (code) => resolve(`close ${code}`));
  });
}

describe('the launcher URL and the token cookie', () => {
  it('prints a loopback URL that carries the token as a query parameter', () => {
    expect(host.url).toBe(`${own}/?token=${host.token}`);
  });

  it('listens on 127.0.0.1 only, not on the machine’s other addresses', async () => {
    const others = Object.values(os.networkInterfaces()).flat().filter((a) => a && !a.internal && a.family === 'IPv4');
    for (const other of others) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect({ host: other!.address, port: host.port }, () => (socket.destroy(), resolve('connected')));
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(outcome, `port ${host.port} on ${other!.address}`).not.toBe('connected');
    }
    const loopback = await get('/', { cookie: cookie() });
    expect(loopback.status).toBe(200);
  });

  it('trades the launcher token for an HttpOnly SameSite=Strict cookie and a redirect to the token-free page', async () => {
    const res = await get(`/?token=${host.token}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(res.headers['set-cookie']).toEqual([`tributary_token_${host.port}=${host.token}; HttpOnly; SameSite=Strict; Path=/`]);
  });

  it('keeps the path and other query parameters through the redirect, but never sends the browser to another host', async () => {
    expect((await get(`/app.js?x=1&token=${host.token}`)).headers.location).toBe('/app.js?x=1');
    expect((await get(`/a/..//evil.example/?token=${host.token}`)).headers.location).toBe('/evil.example/');
  });

  it('serves the renderer to a request with the cookie, with the shared CSP and the other security headers', async () => {
    const res = await get('/', { cookie: `other=1; ${cookie()}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Tributary</title>');
    expect(res.headers).toMatchObject({
      'content-security-policy': contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
  });

  it('refuses a request without the token, or with a wrong one, with 401 and a plain-text reason', async () => {
    const attempts: Array<Record<string, string>> = [{}, { cookie: `tributary_token_${host.port}=nope` }, { cookie: `tributary_token_${host.port + 1}=${host.token}` }];
    for (const headers of attempts) {
      const res = await get('/app.js', headers);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toContain('open the URL the Tributary web host printed');
      expect(res.body).not.toContain('console.log');
    }
    expect((await get('/?token=wrong')).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin even with the right cookie', async () => {
    const rebound = await get('/', { cookie: cookie(), host: `attacker.example:${host.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('Host header');
    expect((await get('/', { cookie: cookie(), host: `127.0.0.1:${host.port + 1}` })).status).toBe(403);
    const foreign = await get('/', { cookie: cookie(), origin: 'http://attacker.example' });
    expect(foreign.status).toBe(403);
    expect((await get('/', { cookie: cookie(), host: `localhost:${host.port}`, origin: `http://localhost:${host.port}` })).status).toBe(200);
  });

  it('answers only GET: a POST with the right cookie is refused with 405', async () => {
    expect((await get('/', { cookie: cookie() }, 'POST')).status).toBe(405);
  });

  it('answers a malformed path with 400 and keeps serving', async () => {
    expect((await get('/%E0%A4%A', { cookie: cookie() })).status).toBe(400);
    expect((await get('/a%00b', { cookie: cookie() })).status).toBe(400);
    expect((await get('/app.js/inside', { cookie: cookie() })).body).toContain('<title>Tributary</title>');
    expect((await get('/..%2f..%2fpackage.json', { cookie: cookie() })).body).not.toContain('"name"');
    expect((await get('/app.js', { cookie: cookie() })).body).toBe('console.log(1)');
  });

  it('carries the same CSP as the renderer page’s meta tag', () => {
    const html = fs.readFileSync(path.resolve(import.meta.dirname, '../renderer/index.html'), 'utf8');
    expect(html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1]).toBe(contentSecurityPolicy);
  });
});

describe('the API WebSocket', () => {
  it('answers a call over the WebSocket with the engine result', async () => {
    const ws = connect({ token: host.token });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ id: 1, method: 'app.info', input: {} }));
    expect(await nextMessage(ws)).toMatchObject({ id: 1, type: 'result', value: { host: 'web' } });
    ws.send(JSON.stringify({ id: 2, method: 'profiles.save', input: { name: '', bootstrap: 'x' } }));
    expect(await nextMessage(ws)).toMatchObject({ id: 2, type: 'error', error: { kind: 'Invalid' } });
    ws.send('{not json');
    expect(await nextMessage(ws)).toMatchObject({ type: 'error', error: { kind: 'Invalid', message: 'A frame that is not JSON reached the web host' } });
    ws.send('null');
    expect(await nextMessage(ws)).toMatchObject({ type: 'error', error: { kind: 'Invalid', message: expect.stringContaining('JSON object') } });
    ws.send(Buffer.from(JSON.stringify({ id: 3, method: 'app.info', input: {} })), { binary: true });
    expect(await nextMessage(ws)).toMatchObject({ type: 'error', error: { kind: 'Invalid', message: expect.stringContaining('binary frame') } });
    ws.close();
  });

  it('accepts the cookie the launcher URL set, as a browser page sends it', async () => {
    const ws = connect({ token: '', headers: { cookie: cookie() } });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ id: 7, method: 'vault.status', input: {} }));
    expect(await nextMessage(ws)).toMatchObject({ id: 7, type: 'result' });
    ws.close();
  });

  it('closes a socket without the token, or with a wrong one, with code 4401', async () => {
    expect(await refusal(connect())).toBe('close 4401');
    expect(await refusal(connect({ token: 'wrong-token' }))).toBe('close 4401');
    expect(await refusal(connect({ headers: { cookie: `tributary_token_${host.port}=wrong` } }))).toBe('close 4401');
  });

  it('refuses a socket opened from another origin, without an origin, with a foreign Host or on another path', async () => {
    expect(await refusal(connect({ token: host.token, origin: 'http://evil.example' }))).toBe('HTTP 403');
    expect(await refusal(connect({ token: host.token, origin: 'null' }))).toBe('HTTP 403');
    const noOrigin = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    expect(await refusal(noOrigin)).toBe('HTTP 403');
    expect(await refusal(connect({ token: host.token, headers: { host: `rebound.example:${host.port}` } }))).toBe('HTTP 403');
    expect(await refusal(connect({ token: host.token, path: '/other' }))).toBe('HTTP 403');
  });
});
