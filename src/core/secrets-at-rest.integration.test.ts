// Secrets at rest: a full run with SASL/SCRAM and mTLS profiles against a secure broker of its own (save with
// the passphrase vault, test, sync, browse, export profiles, messages, lineage and a product's YAML, read the
// audit log), then every file Tributary wrote under its data folder — the cache with its -wal and -shm, the
// exports, the captured console log — is scanned for the password, the private key and the vault passphrase.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../scripts/mesh/harness.ts';
import type { SecureKafkaEndpoints } from '../../scripts/mesh/secure-broker.ts';
import type { Api } from './contract.ts';
import { createKafka, plaintext } from './cluster/kafka-client.ts';
import { createEngine, type Engine } from './engine.ts';
import { createInProcessApi } from './in-process-api.ts';

const run = Date.now().toString(36);
const topic = `it-secrets-${run}.orders`;
const VAULT_PASSPHRASE = `vault passphrase ${run} ✓`;
const REGISTRY_PASSWORD = `registry-pw-${run}-Zq`;
const CONNECT_PASSWORD = `connect-pw-${run}-Xv`;
const KSQLDB_PASSWORD = `ksqldb-pw-${run}-Wk`;

let broker: RunningBroker;
let secure: SecureKafkaEndpoints;
let engine: Engine | null = null;
let api: Api;
let dataDir: string;
const consoleLines: string[] = [];
const restoreConsole: Array<() => void> = [];

/** Everything printed while the engine runs goes to a log file in the data folder, which the scan reads too. */
function captureConsole(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      consoleLines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restoreConsole.push(() => (stream.write = write as typeof stream.write));
  }
}

beforeAll(async () => {
  broker = await startBroker({ secure: true, log: (line) => console.log(`[secure broker] ${line}`) });
  secure = broker.secure!;
  const kafka = createKafka(plaintext(broker.bootstrap));
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ key: `order-${i}`, value: JSON.stringify({ id: i, amount: i * 10 }), headers: { source: 'secrets-test' } })) });
  await producer.disconnect();

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-secrets-'));
  captureConsole();
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
}, 240_000);

afterAll(async () => {
  for (const restore of restoreConsole) restore();
  engine?.close();
  await broker?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The private part of the client key: the whole PEM body, its first line, the DER, and the EC scalar d. */
function keyMaterial(pem: string): Array<[string, Buffer]> {
  const body = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
  const der = Buffer.from(body.join(''), 'base64');
  const jwk = crypto.createPrivateKey(pem).export({ format: 'jwk' }) as { d: string };
  const d = Buffer.from(jwk.d, 'base64url');
  return [
    ['client key PEM body', Buffer.from(body.join(''))],
    ['client key PEM body, first line', Buffer.from(body[0]!)],
    ['client key PEM body, as written (with line breaks)', Buffer.from(body.join('\n'))],
    ['client key DER', der],
    ['client key private scalar', d],
    ['client key private scalar, base64', Buffer.from(d.toString('base64').replace(/=+$/, ''))],
    ['client key private scalar, base64url', Buffer.from(jwk.d)],
    ['client key private scalar, hex', Buffer.from(d.toString('hex'))],
  ];
}

/** A secret as raw text, UTF-16, hex and base64 at each of the three alignments it can land on inside a longer value. */
function encodings(name: string, secret: string): Array<[string, Buffer]> {
  const raw = Buffer.from(secret, 'utf8');
  const out: Array<[string, Buffer]> = [
    [name, raw],
    [`${name}, UTF-16LE`, Buffer.from(secret, 'utf16le')],
    [`${name}, hex`, Buffer.from(raw.toString('hex'))],
  ];
  for (let shift = 0; shift < 3; shift++) {
    // Only the characters that depend on the secret's bytes alone: drop the ones shared with its neighbours.
    const encoded = Buffer.concat([Buffer.alloc(shift), raw]).toString('base64');
    const start = Math.ceil((shift * 4) / 3);
    const end = Math.floor(((shift + raw.length) * 4) / 3);
    const core = encoded.slice(start, end);
    out.push([`${name}, base64 (offset ${shift})`, Buffer.from(core)], [`${name}, base64url (offset ${shift})`, Buffer.from(core.replaceAll('+', '-').replaceAll('/', '_'))]);
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function scan(needles: Array<[string, Buffer]>): { files: string[]; bytes: number; found: string[] } {
  const files = filesUnder(dataDir);
  let bytes = 0;
  const found: string[] = [];
  for (const file of files) {
    const content = fs.readFileSync(file);
    bytes += content.length;
    for (const [name, needle] of needles) if (content.includes(needle)) found.push(`${name} in ${path.relative(dataDir, file)}`);
  }
  return { files: files.map((f) => path.relative(dataDir, f)), bytes, found };
}

describe('secrets at rest after a full run with SASL/SCRAM and mTLS profiles', () => {
  it('leaves no password, private key or vault passphrase in any file Tributary wrote', async () => {
    await api['vault.unlock']({ passphrase: VAULT_PASSPHRASE });
    const alice = secure.users.alice;
    const scram = await api['profiles.save']({
      name: 'secrets scram',
      bootstrap: secure.saslBootstrap,
      security: { protocol: 'SASL_PLAINTEXT', saslMechanism: 'scram-sha-512', username: alice.username, caPem: '', clientCertPem: '', rejectUnauthorized: true },
      registryUsername: 'registry-user',
      connectUsername: 'connect-user',
      ksqldbUsername: 'ksqldb-user',
      secrets: { saslPassword: alice.password, registryPassword: REGISTRY_PASSWORD, connectPassword: CONNECT_PASSWORD, ksqldbPassword: KSQLDB_PASSWORD },
    });
    const mtls = await api['profiles.save']({
      name: 'secrets mtls',
      bootstrap: secure.mtlsBootstrap,
      security: { protocol: 'SSL', saslMechanism: 'plain', username: '', caPem: secure.caPem, clientCertPem: secure.clientCertPem, rejectUnauthorized: true },
      secrets: { clientKeyPem: secure.clientKeyPem },
    });
    expect(scram.secretsSet).toMatchObject({ saslPassword: true, registryPassword: true, connectPassword: true, ksqldbPassword: true });
    expect(mtls.secretsSet.clientKeyPem).toBe(true);

    const exportsDir = path.join(dataDir, 'exports');
    fs.mkdirSync(exportsDir);
    const save = (name: string, text: string) => fs.writeFileSync(path.join(exportsDir, name), text);

    for (const profile of [scram, mtls]) {
      const kafka = (await api['profiles.test']({ id: profile.id })).find((c) => c.endpoint === 'kafka');
      expect(kafka, profile.name).toMatchObject({ ok: true });
      const snapshot = await api['catalog.sync']({ profileId: profile.id });
      expect(snapshot.topicCount).toBeGreaterThan(0);

      const progress: unknown[] = [];
      const end = await api['messages.browse']({ profileId: profile.id, browseId: `secrets-${profile.id}`, topic, start: { from: 'beginning' }, limit: 100 }, { onProgress: (p) => progress.push(p) });
      expect(end.matched).toBe(5);
      const exported = await api['messages.export']({ profileId: profile.id, topic, ranges: [{ partition: 0, first: '0', last: '4' }], format: 'jsonl' });
      expect(exported.count).toBe(5);
      save(`${profile.id}-${exported.fileName}`, exported.text);
      save(`${profile.id}-browse.json`, JSON.stringify(progress));
      const lineage = await api['lineage.export']({ profileId: profile.id, format: 'graphml' });
      save(`${profile.id}-${lineage.fileName}`, lineage.text);
    }
    const profilesExport = await api['profiles.export']({});
    save('profiles.json', profilesExport.json);
    save('profiles-list.json', JSON.stringify(await api['profiles.list']({})));
    save('audit.json', JSON.stringify(await api['audit.list']({ limit: 500, q: '' })));
    save('app-info.json', JSON.stringify(await api['app.info']({})));

    const needles = [
      ...encodings('SASL password', alice.password),
      ...encodings('registry password', REGISTRY_PASSWORD),
      ...encodings('Connect password', CONNECT_PASSWORD),
      ...encodings('ksqlDB password', KSQLDB_PASSWORD),
      ...encodings('vault passphrase', VAULT_PASSPHRASE),
      ...keyMaterial(secure.clientKeyPem),
    ];
    // Prove the scan can see a secret where one is: a canary file holding the password base64-encoded mid-text.
    fs.writeFileSync(path.join(dataDir, 'canary.txt'), `prefix-${Buffer.from(`xx${alice.password}yy`).toString('base64')}-suffix`);
    expect(scan(needles).found).toEqual(expect.arrayContaining([expect.stringMatching(/^SASL password, base64 \(offset 2\) in canary\.txt$/)]));
    fs.rmSync(path.join(dataDir, 'canary.txt'));

    // While the engine runs: the cache, its -wal and -shm, the exports and the console log so far.
    fs.mkdirSync(path.join(dataDir, 'logs'));
    fs.writeFileSync(path.join(dataDir, 'logs', 'console.log'), consoleLines.join(''));
    const open = scan(needles);
    expect(open.files).toEqual(expect.arrayContaining(['tributary.db', 'tributary.db-wal', 'exports/profiles.json', 'logs/console.log']));
    expect(open.found).toEqual([]);

    // After it closes and checkpoints the WAL into the main file.
    engine!.close();
    engine = null;
    fs.writeFileSync(path.join(dataDir, 'logs', 'console.log'), consoleLines.join(''));
    const closed = scan(needles);
    console.log(`[secrets at rest] scanned ${closed.files.length} files (${(closed.bytes / 1024).toFixed(0)} KiB: ${closed.files.join(', ')}) for ${needles.length} encodings of 6 secrets: ${closed.found.length} found`);
    expect(closed.found).toEqual([]);
  }, 180_000);
});
