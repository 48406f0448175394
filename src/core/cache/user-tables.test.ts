import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../engine.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { userTablesCopyPath } from './user-tables.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function engineIn(dataDir: string) {
  const engine = createEngine({ dataDir, host: 'web', version: 'test' });
  return { api: createInProcessApi(engine.handlers), close: () => engine.close() };
}

describe('what the user typed in, after the cache is damaged beyond reading', () => {
  it('comes back from the copy beside the cache: profiles, the vault and its sealed secrets', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-user-tables-'));
    dirs.push(dataDir);
    const first = engineIn(dataDir);
    await first.api['vault.unlock']({ passphrase: 'correct horse battery staple' });
    const saved = await first.api['profiles.save']({ name: 'prod', bootstrap: 'kafka-1:9092', registryUrl: 'http://registry:8081', registryUsername: 'svc', secrets: { registryPassword: 's3cret' } });
    await first.api['profiles.save']({ name: 'staging', bootstrap: 'kafka-2:9092' });
    first.close();
    const copy = userTablesCopyPath(path.join(dataDir, 'tributary.db'));
    expect(fs.statSync(copy).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(copy, 'utf8')).not.toContain('s3cret'); // sealed, as in the cache

    // the whole cache overwritten: nothing in it can be read, not even its schema
    const cache = path.join(dataDir, 'tributary.db');
    fs.writeFileSync(cache, Buffer.alloc(fs.statSync(cache).size, 0x5a));

    const second = engineIn(dataDir);
    const info = await second.api['app.info']({});
    expect(info.cacheNotice).toMatch(/was damaged .* sync your clusters again to refill it\. Your 2 connection profiles were recovered, with their saved secrets\.$/);
    const profiles = await second.api['profiles.list']({});
    expect(profiles.map((p) => p.name).sort()).toEqual(['prod', 'staging']);
    const prod = profiles.find((p) => p.id === saved.id)!;
    expect(prod).toMatchObject({ bootstrap: 'kafka-1:9092', registryUrl: 'http://registry:8081', registryUsername: 'svc' });
    expect(prod.secretsSet.registryPassword).toBe(true);
    second.close();
  });
});
