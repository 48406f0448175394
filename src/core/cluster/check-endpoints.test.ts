// "Test connection" names what failed for each HTTP endpoint: DNS, refused, 401, a wrong path, an HTML page.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryStandin } from '../../../scripts/mesh/registry-standin/server.ts';
import { createEngine, type Engine } from '../engine.ts';
import { createInProcessApi } from '../in-process-api.ts';
import type { Api } from '../contract.ts';

let registry: Awaited<ReturnType<typeof startRegistryStandin>>;
let htmlServer: http.Server;
let htmlUrl: string;
let engine: Engine;
let api: Api;

beforeAll(async () => {
  registry = await startRegistryStandin({ port: 0, auth: { username: 'reader', password: 'right' } });
  htmlServer = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome to nginx</body></html>'));
  await new Promise<void>((resolve) => htmlServer.listen(0, '127.0.0.1', resolve));
  htmlUrl = `http://127.0.0.1:${(htmlServer.address() as { port: number }).port}`;
  engine = createEngine({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-check-')), host: 'web', version: 't' });
  api = createInProcessApi(engine.handlers);
  await api['vault.unlock']({ passphrase: 'test passphrase' });
});
afterAll(async () => {
  engine.close();
  await registry.close();
  htmlServer.close();
});

async function registryCheck(registryUrl: string, password?: string) {
  const profile = await api['profiles.save']({ name: `p-${Math.random()}`, bootstrap: '127.0.0.1:9', registryUrl, registryUsername: password ? 'reader' : '', secrets: password ? { registryPassword: password } : {} });
  const checks = await api['profiles.test']({ id: profile.id });
  return checks.find((c) => c.endpoint === 'registry')!;
}

describe('test connection for the schema registry', () => {
  it('passes with the right basic-auth password', async () => {
    expect(await registryCheck(registry.url, 'right')).toMatchObject({ ok: true, detail: '0 subject(s)' });
  });

  it('names a 401 as AuthFailed and points at the credentials', async () => {
    expect(await registryCheck(registry.url, 'wrong')).toMatchObject({ ok: false, errorKind: 'AuthFailed', detail: expect.stringContaining('401 Unauthorized — check the credentials') });
  });

  it('names a host that does not resolve', async () => {
    expect(await registryCheck('http://registry.nonexistent.invalid:8081')).toMatchObject({ ok: false, errorKind: 'Unreachable', detail: expect.stringMatching(/DNS lookup failed|could not be reached/) });
  });

  it('says a URL that serves a web page is not the API', async () => {
    expect(await registryCheck(htmlUrl)).toMatchObject({ ok: false, errorKind: 'Invalid', detail: expect.stringContaining('instead of JSON') });
  });
});
