import { describe, expect, it } from 'vitest';
import { openCache } from '../cache/open-cache.ts';
import { ProfileInput } from '../contract.ts';
import { createEngine } from '../engine.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { ProfileStore } from './profiles.ts';
import { Vault } from './vault.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function setup() {
  const { db } = openCache(':memory:');
  const profile = new ProfileStore(db).save(ProfileInput.parse({ name: 'p', bootstrap: 'b:9092' }));
  return { db, profile };
}

describe('passphrase vault', () => {
  it('stores only ciphertext and gives the secret back after unlocking', () => {
    const { db, profile } = setup();
    const vault = new Vault(db);
    expect(vault.state()).toBe('uninitialised');
    vault.unlock('correct horse battery');
    vault.set(profile.id, 'saslPassword', 's3cret-pa55');
    const stored = db.prepare('SELECT sealed FROM secrets').pluck().get() as Buffer;
    expect(stored.includes(Buffer.from('s3cret-pa55'))).toBe(false);
    const again = new Vault(db);
    expect(again.state()).toBe('locked');
    expect(() => again.get(profile.id, 'saslPassword', 'the SASL password')).toThrow(/The vault is locked — unlock it/);
    again.unlock('correct horse battery');
    expect(again.get(profile.id, 'saslPassword', 'the SASL password')).toBe('s3cret-pa55');
  });

  it('refuses a wrong passphrase by name and a short first one', () => {
    const { db } = setup();
    expect(() => new Vault(db).unlock('short')).toThrow(/at least 8 characters/);
    new Vault(db).unlock('the right passphrase');
    expect(() => new Vault(db).unlock('the wrong passphrase')).toThrow(/passphrase is wrong/);
  });

  it('uses the OS keychain when the face provides one', () => {
    const { db, profile } = setup();
    const sealed: string[] = [];
    const vault = new Vault(db, { osCipher: { encrypt: (s) => (sealed.push(s), Buffer.from(s).reverse()), decrypt: (b) => Buffer.from(b).reverse().toString() } });
    expect(vault.state()).toBe('ready');
    vault.set(profile.id, 'registryPassword', 'pw');
    expect(vault.get(profile.id, 'registryPassword', 'x')).toBe('pw');
    expect(vault.kind).toBe('os-keychain');
  });
});

describe('profiles with secrets through the API', () => {
  it('refuses to save a secret while the vault is locked, leaving no half-saved profile', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-vault-'));
    const engine = createEngine({ dataDir: dir, host: 'web', version: 't' });
    const api = createInProcessApi(engine.handlers);
    const attempt = api['profiles.save']({ name: 'secure', bootstrap: 'b:9093', security: { protocol: 'SASL_SSL', saslMechanism: 'scram-sha-512', username: 'alice' }, secrets: { saslPassword: 'pw' } });
    await expect(attempt).rejects.toThrow(/Set a vault passphrase first/);
    expect(await api['profiles.list']({})).toEqual([]);
    await api['vault.unlock']({ passphrase: 'a long passphrase' });
    const saved = await api['profiles.save']({ name: 'secure', bootstrap: 'b:9093', security: { protocol: 'SASL_SSL', saslMechanism: 'scram-sha-512', username: 'alice' }, secrets: { saslPassword: 'pw' } });
    expect(saved.secretsSet).toMatchObject({ saslPassword: true, registryPassword: false });
    expect(JSON.stringify(saved)).not.toContain('"pw"');
    const exported = (await api['profiles.export']({})).json;
    expect(exported).toContain('alice');
    expect(exported).not.toContain('"pw"');
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says SASL needs a username', async () => {
    const engine = createEngine({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-vault-')), host: 'web', version: 't' });
    const api = createInProcessApi(engine.handlers);
    await expect(api['profiles.save']({ name: 'x', bootstrap: 'b:9093', security: { protocol: 'SASL_PLAINTEXT' } })).rejects.toMatchObject({ fields: [{ path: 'security.username', message: 'SASL needs a username' }] });
    engine.close();
  });
});

describe('profile import/export', () => {
  it('round-trips profiles without secrets and skips clashes with the reason', () => {
    const { db } = setup();
    const store = new ProfileStore(db);
    store.save(ProfileInput.parse({ name: 'staging', bootstrap: 's:9092', label: 'staging', registryUrl: 'http://r:8081', registryUsername: 'bob' }));
    const json = store.exportAll();
    const other = new ProfileStore(openCache(':memory:').db);
    expect(other.importAll(json)).toEqual({ imported: ['p', 'staging'], skipped: [] });
    expect(other.list().find((p) => p.name === 'staging')).toMatchObject({ registryUsername: 'bob', label: 'staging' });
    expect(other.importAll(json).skipped.map((s) => s.reason)).toEqual([expect.stringContaining('already exists'), expect.stringContaining('already exists')]);
    expect(() => other.importAll('{"hello": 1}')).toThrow(/not a Tributary profiles export/);
    expect(() => other.importAll('nope')).toThrow(/not JSON/);
  });
});
