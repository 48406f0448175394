import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from './serve.ts';

let host: WebHost;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-web-'));
  const staticDir = path.join(dataDir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Tributary</title>');
  host = await startWebHost({ port: 0, dataDir, staticDir });
});
afterAll(async () => {
  await host.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function connect(token: string, origin = `http://127.0.0.1:${host.port}`): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${token}`, { origin });
}
function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('web host', () => {
  it('prints a loopback URL that carries the token in its fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
  });

  it('serves the renderer and refuses paths outside it', async () => {
    expect(await (await fetch(`http://127.0.0.1:${host.port}/`)).text()).toContain('<title>Tributary</title>');
    const escape = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fpackage.json`);
    expect(await escape.text()).not.toContain('"name"');
  });

  it('answers a call over the WebSocket with the engine result', async () => {
    const ws = connect(host.token);
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ id: 1, method: 'app.info', input: {} }));
    expect(await nextMessage(ws)).toMatchObject({ id: 1, type: 'result', value: { host: 'web' } });
    ws.send(JSON.stringify({ id: 2, method: 'profiles.save', input: { name: '', bootstrap: 'x' } }));
    expect(await nextMessage(ws)).toMatchObject({ id: 2, type: 'error', error: { kind: 'Invalid' } });
    ws.send('{not json');
    expect(await nextMessage(ws)).toMatchObject({ type: 'error', error: { kind: 'Invalid', message: 'A frame that is not JSON reached the web host' } });
    ws.close();
  });

  it('closes a socket that presents the wrong token with code 4401', async () => {
    const ws = connect('wrong-token');
    const code = await new Promise((resolve) => ws.once('close', resolve));
    expect(code).toBe(4401);
  });

  it('refuses a socket opened from another origin', async () => {
    const ws = connect(host.token, 'http://evil.example');
    const error = await new Promise<Error>((resolve) => ws.once('error', resolve));
    expect(error.message).toContain('403');
  });
});
