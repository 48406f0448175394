// Connection security against a real broker of its own (SASL/SCRAM, SSL, mTLS listeners with a throwaway CA),
// through the engine's API as the renderer uses it: saved profiles, secrets in the vault, test and sync.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../../scripts/mesh/harness.ts';
import type { SecureKafkaEndpoints } from '../../../scripts/mesh/secure-broker.ts';
import type { Api, In } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { TributaryError } from '../errors.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { createKafka, plaintext } from './kafka-client.ts';

const topic = `it-secure-${Date.now().toString(36)}.orders`;
let broker: RunningBroker;
let secure: SecureKafkaEndpoints;
let engine: Engine;
let api: Api;
let dataDir: string;

beforeAll(async () => {
  broker = await startBroker({ secure: true, log: (line) => console.log(`[secure broker] ${line}`) });
  secure = broker.secure!;
  const admin = createKafka(plaintext(broker.bootstrap)).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
  await admin.disconnect();

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-secure-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  await api['vault.unlock']({ passphrase: 'correct horse battery' });
});

afterAll(async () => {
  engine?.close();
  await broker?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

type SecurityInput = NonNullable<In<'profiles.save'>['security']>;
type SecretsInput = NonNullable<In<'profiles.save'>['secrets']>;

async function saveProfile(name: string, bootstrap: string, security: Partial<SecurityInput>, secrets: SecretsInput = {}) {
  return api['profiles.save']({ name, bootstrap, security: { protocol: 'PLAINTEXT', ...security } as SecurityInput, secrets });
}

async function kafkaCheck(profileId: string) {
  const checks = await api['profiles.test']({ id: profileId });
  return checks.find((c) => c.endpoint === 'kafka')!;
}

async function syncFailure(profileId: string): Promise<TributaryError> {
  const outcome = await api['catalog.sync']({ profileId }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(TributaryError);
  return outcome as TributaryError;
}

async function expectSyncSeesTopic(profileId: string) {
  const snapshot = await api['catalog.sync']({ profileId });
  expect(snapshot.brokerCount).toBe(1);
  const { topics } = await api['catalog.topics']({ profileId, filter: topic });
  expect(topics).toEqual([expect.objectContaining({ name: topic, partitions: 2 })]);
}

describe('SASL/SCRAM', () => {
  it('syncs with SCRAM-SHA-512 and the right password', async () => {
    const p = await saveProfile('scram-512', secure.saslBootstrap, { protocol: 'SASL_PLAINTEXT', saslMechanism: 'scram-sha-512', username: 'alice' }, { saslPassword: secure.users.alice.password });
    expect(await kafkaCheck(p.id)).toMatchObject({ ok: true, detail: expect.stringContaining("user 'alice' via SCRAM-SHA-512") });
    await expectSyncSeesTopic(p.id);
  });

  it('syncs with SCRAM-SHA-256 too', async () => {
    const p = await saveProfile('scram-256', secure.saslBootstrap, { protocol: 'SASL_PLAINTEXT', saslMechanism: 'scram-sha-256', username: 'admin' }, { saslPassword: secure.users.admin.password });
    expect(await kafkaCheck(p.id)).toMatchObject({ ok: true });
    await expectSyncSeesTopic(p.id);
  });

  it('refuses a wrong password as AuthFailed, naming the user and the broker', async () => {
    const p = await saveProfile('scram-wrong', secure.saslBootstrap, { protocol: 'SASL_PLAINTEXT', saslMechanism: 'scram-sha-512', username: 'alice' }, { saslPassword: 'not-alice-secret' });
    const check = await kafkaCheck(p.id);
    expect(check).toMatchObject({ ok: false, errorKind: 'AuthFailed' });
    expect(check.detail).toContain("'alice'");
    const failure = await syncFailure(p.id);
    expect(failure.kind).toBe('AuthFailed');
    expect(failure.message).toContain("user 'alice'");
    expect(failure.message).toContain(secure.saslBootstrap);
    expect(failure.message).toMatch(/check the username and password/);
    expect(await api['catalog.snapshots']({ profileId: p.id })).toEqual([]);
  });
});

describe('TLS', () => {
  it('syncs over SSL when the profile holds the CA', async () => {
    const p = await saveProfile('ssl-ca', secure.sslBootstrap, { protocol: 'SSL', caPem: secure.caPem });
    expect(await kafkaCheck(p.id)).toMatchObject({ ok: true });
    await expectSyncSeesTopic(p.id);
  });

  it('fails over SSL without the CA as TlsFailed', async () => {
    const p = await saveProfile('ssl-no-ca', secure.sslBootstrap, { protocol: 'SSL' });
    expect(await kafkaCheck(p.id)).toMatchObject({ ok: false, errorKind: 'TlsFailed' });
    const failure = await syncFailure(p.id);
    expect(failure.kind).toBe('TlsFailed');
    expect(failure.message).toContain(secure.sslBootstrap);
    expect(failure.message).toMatch(/certificate/);
  });

  it('syncs over mTLS with the client certificate and key', async () => {
    const p = await saveProfile('mtls', secure.mtlsBootstrap, { protocol: 'SSL', caPem: secure.caPem, clientCertPem: secure.clientCertPem }, { clientKeyPem: secure.clientKeyPem });
    expect(p.secretsSet.clientKeyPem).toBe(true);
    expect(await kafkaCheck(p.id)).toMatchObject({ ok: true });
    await expectSyncSeesTopic(p.id);
  });

  it('says the mTLS listener needs a client certificate when the profile has none', async () => {
    const p = await saveProfile('mtls-no-cert', secure.mtlsBootstrap, { protocol: 'SSL', caPem: secure.caPem });
    const failure = await syncFailure(p.id);
    expect(failure.kind).toBe('TlsFailed');
    expect(failure.message).toMatch(/client certificate/);
  });
});

describe('a profile whose security protocol does not match the listener', () => {
  it('tells the user to check the protocol when a SASL profile points at the PLAINTEXT port', async () => {
    const p = await saveProfile('sasl-at-plain', broker.bootstrap, { protocol: 'SASL_PLAINTEXT', saslMechanism: 'scram-sha-512', username: 'alice' }, { saslPassword: secure.users.alice.password });
    const check = await kafkaCheck(p.id);
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/security protocol/);
    const failure = await syncFailure(p.id);
    expect(failure.message).toContain(broker.bootstrap);
    expect(failure.message).toMatch(/check the profile's security protocol/);
  });

  it('tells the user to check the protocol when a PLAINTEXT profile points at the SASL port', async () => {
    const p = await saveProfile('plain-at-sasl', secure.saslBootstrap, { protocol: 'PLAINTEXT' });
    const check = await kafkaCheck(p.id);
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/security protocol/);
    const failure = await syncFailure(p.id);
    expect(failure.message).toContain(secure.saslBootstrap);
    expect(failure.message).toMatch(/check the profile's security protocol/i);
  });

  it('tells the user to check the protocol when an SSL profile points at the PLAINTEXT port', async () => {
    const p = await saveProfile('ssl-at-plain', broker.bootstrap, { protocol: 'SSL', caPem: secure.caPem });
    const failure = await syncFailure(p.id);
    expect(failure.kind).toBe('TlsFailed');
    expect(failure.message).toMatch(/check the profile's security protocol/);
  });
});
